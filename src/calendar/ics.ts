import { contentLine, fold, paramValue, raw, text } from './content-line.ts';
import { instantsOf, utcBasic, type CalendarEvent, type CalendarPerson } from './event.ts';
import { localBasic, vtimezone } from './vtimezone.ts';
import { isRepeatedWallTime, offsetAt, zoneHistory, type OffsetChange } from './zone-history.ts';

const PRODID = '-//viewing-widget//Viewing booking//EN';

/**
 * The `.ics` file for one version of a viewing. A later version (reschedule, cancellation) keeps the `uid`
 * and raises `sequence`, so the visitor's calendar replaces the entry instead of adding a second one.
 *
 * @example
 * icsFile({
 *   uid: 'VW-1042@viewing-widget', sequence: 0, status: 'confirmed',
 *   start: '2026-11-24T10:30:00+00:00', end: '2026-11-24T11:00:00+00:00', timeZone: 'Europe/London',
 *   summary: 'Viewing: 12 Mill Lane', stamp: new Date(),
 * });
 */
export function icsFile(event: CalendarEvent): string {
  if (!Number.isInteger(event.sequence) || event.sequence < 0) {
    throw new RangeError(`Calendar event ${event.uid} has sequence ${event.sequence}`);
  }
  const { start, end } = instantsOf(event);
  const history = zoneHistory(event.timeZone, start, end);
  const { method, organizer, attendee } = scheduling(event);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    contentLine('PRODID', PRODID),
    'CALSCALE:GREGORIAN',
    ...(method ? [contentLine('METHOD', method)] : []),
    ...vtimezone(event.timeZone, history),
    'BEGIN:VEVENT',
    contentLine('UID', text(event.uid)),
    contentLine('SEQUENCE', String(event.sequence)),
    contentLine('DTSTAMP', utcBasic(event.stamp.getTime())),
    dateTime('DTSTART', start, event.timeZone, history),
    dateTime('DTEND', end, event.timeZone, history),
    contentLine('SUMMARY', text(event.summary)),
    ...(event.description ? [contentLine('DESCRIPTION', text(event.description))] : []),
    ...(event.location ? [contentLine('LOCATION', text(event.location))] : []),
    ...(event.url ? [contentLine('URL', raw(event.url))] : []),
    contentLine('STATUS', event.status.toUpperCase()),
    ...(organizer ? [calAddress('ORGANIZER', organizer)] : []),
    ...(attendee
      ? // The visitor booked the viewing themselves: it is accepted already, and a reply would go nowhere.
        [calAddress('ATTENDEE', attendee, { ROLE: 'REQ-PARTICIPANT', PARTSTAT: 'ACCEPTED', RSVP: 'FALSE' })]
      : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}

type Method = 'REQUEST' | 'CANCEL' | 'PUBLISH';

/**
 * METHOD, and who may be named with it. RFC 5546 lets REQUEST and CANCEL through only with an ORGANIZER and at
 * least one ATTENDEE, and PUBLISH only with an ORGANIZER and no ATTENDEE (§3.2.1), so:
 * - organizer and attendee: REQUEST, or CANCEL with STATUS:CANCELLED;
 * - organizer only: PUBLISH, whose STATUS may be CANCELLED, so a cancellation still replaces the entry;
 * - no organizer: no METHOD at all. The file is then a plain RFC 5545 calendar, which calendars import like
 *   PUBLISH but which asks for no ORGANIZER; the attendee is left out too, since RFC 5545 wants an ORGANIZER
 *   on any event that names attendees.
 */
function scheduling(event: CalendarEvent): {
  method?: Method;
  organizer?: CalendarPerson;
  attendee?: CalendarPerson;
} {
  const { organizer, attendee } = event;
  if (!organizer) return {};
  if (!attendee) return { method: 'PUBLISH', organizer };
  return { method: event.status === 'cancelled' ? 'CANCEL' : 'REQUEST', organizer, attendee };
}

/**
 * DTSTART/DTEND in the branch's wall-clock time, with TZID. A time in the hour the clock repeats in autumn is
 * written in UTC instead: readers disagree on which of its two showings a local time means, UTC has one.
 */
function dateTime(name: string, instant: number, timeZone: string, history: readonly OffsetChange[]): string {
  if (isRepeatedWallTime(history, instant)) return contentLine(name, utcBasic(instant));
  return contentLine(name, localBasic(instant, offsetAt(history, instant)), { TZID: raw(timeZone) });
}

function calAddress(name: string, person: CalendarPerson, params: Record<string, string> = {}): string {
  return contentLine(name, `mailto:${raw(person.email)}`, { CN: paramValue(person.name), ...params });
}
