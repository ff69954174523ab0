import type { Appointment, SeedListing } from './model.ts';

/**
 * Our records in ActuallyCare's wire spelling, field for field as the vendor's examples show them: each
 * answer has its own shape, and only the full record (the PUT answer) says whose calendar it is in. Pure
 * functions, one per shape, so the routes never build JSON by hand.
 */

/** A listings row as the listings reference shows it. */
export function wireListing(listing: SeedListing) {
  return {
    id: listing.id,
    mls_number: listing.mlsNumber,
    address: listing.address,
    city: listing.city,
    state: listing.state,
    zip_code: listing.zipCode,
    list_price: listing.listPrice,
    status: listing.status,
    property_type: listing.propertyType,
    bedrooms: listing.bedrooms,
    bathrooms: listing.bathrooms,
    square_feet: listing.squareFeet,
  };
}

/**
 * A listings row as the quickstart's example shows it: `id, address, status, list_price`. Best guess: that
 * `address` is the street line only, as in the reference row (the quickstart does not show a value).
 */
export function wireListingAbbreviated(listing: SeedListing) {
  return { id: listing.id, address: listing.address, status: listing.status, list_price: listing.listPrice };
}

/** A row of `GET /v1/appointments`, as its example: no `user_id`, no `version`. */
export function wireAppointmentRow(appointment: Appointment) {
  return {
    id: appointment.id,
    title: appointment.title,
    appointment_type: appointment.type,
    start_time: appointment.start,
    end_time: appointment.end,
    location: appointment.location,
    client_id: appointment.clientId,
    status: appointment.status,
  };
}

/** `GET /v1/appointments/{id}`, as its example: the row plus `version`. */
export function wireAppointmentFound(appointment: Appointment) {
  return { ...wireAppointmentRow(appointment), version: appointment.version };
}

/** The 201 answer to `POST /v1/appointments`, as its example: no `user_id`, no `client_id`. */
export function wireAppointmentCreated(appointment: Appointment) {
  return {
    id: appointment.id,
    title: appointment.title,
    appointment_type: appointment.type,
    start_time: appointment.start,
    end_time: appointment.end,
    location: appointment.location,
    status: appointment.status,
    version: appointment.version,
  };
}

/** The full record, as the 200 answer to `PUT /v1/appointments/{id}` shows it. */
export function wireAppointment(appointment: Appointment) {
  return {
    id: appointment.id,
    user_id: appointment.userId,
    title: appointment.title,
    description: appointment.description,
    appointment_type: appointment.type,
    start_time: appointment.start,
    end_time: appointment.end,
    location: appointment.location,
    client_id: appointment.clientId,
    listing_id: appointment.listingId,
    escrow_id: appointment.escrowId,
    status: appointment.status,
    attendees: appointment.attendees,
    reminder_sent: appointment.reminderSent,
    notes: appointment.notes,
    version: appointment.version,
    created_at: appointment.createdAt,
    updated_at: appointment.updatedAt,
  };
}
export type WireAppointment = ReturnType<typeof wireAppointment>;
