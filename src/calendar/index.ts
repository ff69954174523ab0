/**
 * Calendar entries for a booked viewing: the `.ics` file sent with each confirmation, reschedule and
 * cancellation, and the "add to Google Calendar" and "add to Outlook" links. Pure, and for the proxy only.
 */
export type { CalendarEvent, CalendarPerson } from './event.ts';
export { icsFile } from './ics.ts';
export { googleCalendarUrl, outlookCalendarUrl } from './links.ts';
