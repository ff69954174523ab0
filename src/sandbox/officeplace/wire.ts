import type { CalendarAppointment, SeedAgent } from './model.ts';

/** UTC instants as the Connector writes them: `2026-11-24T10:00:00Z`, no milliseconds. */
const utc = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** One row of a calendar preview: enough to know when someone is busy, not the whole message. */
export function wirePreview(appointment: CalendarAppointment, organizer: SeedAgent | undefined) {
  return {
    appointmentId: appointment.appointmentId,
    subject: appointment.subject,
    startTime: utc(appointment.start),
    endTime: utc(appointment.end),
    timeZone: appointment.timeZone,
    isAllDay: appointment.isAllDay,
    showAs: appointment.showAs,
    isCancelled: appointment.isCancelled,
    location: appointment.location,
    organizer: organizer ? { name: organizer.displayName, email: organizer.email } : null,
  };
}

export function wireAppointment(appointment: CalendarAppointment, organizer: SeedAgent | undefined) {
  return {
    ...wirePreview(appointment, organizer),
    body: appointment.body,
    createdDateTime: utc(appointment.createdAt),
    lastModifiedDateTime: utc(appointment.lastModifiedAt),
  };
}
