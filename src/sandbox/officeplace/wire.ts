import type { CalendarAppointment, SeedAgent } from './model.ts';

/** UTC instants as the Connector writes them: `2026-11-24T10:00:00Z`, no milliseconds. */
const utc = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** Exchange's creation stamps, to the millisecond (Graph writes seven decimals). */
const stamp = (iso: string) => new Date(iso).toISOString();

/**
 * One row of a calendar preview (`AppointmentResponseDto`): enough to know when someone is busy, not the
 * whole message.
 *
 * Best guess, field by field: the reference names the DTO but its fields are not published. `appointmentId`
 * is the name the create answer uses; `subject`, `startTime`, `endTime`, `timeZone` and `showAsStatus` mirror
 * `CreateAppointmentDto`; `isAllDay`, `isCancelled`, `location` and `organizer` are the Exchange event's
 * own fields, and so is `createdDateTime`. Settled by the `AppointmentResponseDto` model in the API
 * Reference or the Postman collection.
 */
export function wirePreview(appointment: CalendarAppointment, organizer: SeedAgent | undefined) {
  return {
    appointmentId: appointment.appointmentId,
    subject: appointment.subject,
    startTime: utc(appointment.start),
    endTime: utc(appointment.end),
    timeZone: appointment.timeZone,
    isAllDay: appointment.isAllDay,
    showAsStatus: appointment.showAs,
    isCancelled: appointment.isCancelled,
    location: appointment.location,
    organizer: organizer ? { name: organizer.displayName, email: organizer.email } : null,
    createdDateTime: stamp(appointment.createdAt),
  };
}

/**
 * One appointment read by id, and (Best guess) the PUT's "Updated appointment details": the preview row
 * with the body and Exchange's created/modified stamps. Settled as `wirePreview` is.
 */
export function wireAppointment(appointment: CalendarAppointment, organizer: SeedAgent | undefined) {
  return {
    ...wirePreview(appointment, organizer),
    body: appointment.body,
    lastModifiedDateTime: stamp(appointment.lastModifiedAt),
  };
}
