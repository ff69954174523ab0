import type { Appointment, SeedListing } from './model.ts';

/**
 * Our records in ActuallyCare's wire spelling (snake_case, nulls for what is not set). Pure functions, one
 * per shape, so the routes never build JSON by hand.
 */

export function wireListing(listing: SeedListing, now: Date) {
  const listed = new Date(now.getTime() - listing.listedDaysAgo * 86_400_000).toISOString();
  return {
    id: listing.id,
    mls_number: listing.mlsNumber,
    address: listing.address,
    city: listing.city,
    state: listing.state,
    zip_code: listing.zipCode,
    list_price: listing.listPrice,
    property_type: listing.propertyType,
    bedrooms: listing.bedrooms,
    bathrooms: listing.bathrooms,
    square_feet: listing.squareFeet,
    status: listing.status,
    listing_agent_id: listing.listingAgentId,
    listing_date: listed.slice(0, 10),
    description: listing.description,
    created_at: listed,
    updated_at: listed,
  };
}

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
