import ICAL from 'ical.js';
import { expect } from 'vitest';
import type { CalendarEvent } from '../../src/calendar/index.ts';

/** A confirmed half-hour viewing on Tuesday 24 November 2026 at 10:30 in London (GMT). */
export const viewing = (overrides: Partial<CalendarEvent> = {}): CalendarEvent => ({
  uid: 'VW-1042@viewing-widget',
  sequence: 0,
  status: 'confirmed',
  start: '2026-11-24T10:30:00+00:00',
  end: '2026-11-24T11:00:00+00:00',
  timeZone: 'Europe/London',
  summary: 'Viewing: 12 Mill Lane',
  description: 'Ask for Amy at the front door.',
  location: '12 Mill Lane, Oxford OX1 2AB',
  url: 'https://homes.example/viewings/VW-1042?token=abc',
  organizer: { name: 'Mill Lane Estates', email: 'viewings@mill-lane.example' },
  attendee: { name: 'Pat Visitor', email: 'pat@visitor.example' },
  stamp: new Date('2026-11-01T09:00:00Z'),
  ...overrides,
});

/** An instant moved by whole minutes, as ISO 8601 in UTC, which the calendar module accepts like any offset. */
export const minutesAfter = (iso: string, minutes: number): string =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString().replace('.000Z', '+00:00');

/** The file as a calendar program reads it: parsed by ical.js, times resolved through the file's own VTIMEZONE. */
export function readIcs(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vtimezone = calendar.getFirstSubcomponent('vtimezone')!;
  const zone = new ICAL.Timezone(vtimezone);
  const event = calendar.getFirstSubcomponent('vevent')!;
  const value = (name: string) => event.getFirstPropertyValue(name) ?? undefined;
  /** Epoch ms of DTSTART/DTEND: a TZID time through the VTIMEZONE, a UTC time as it stands. */
  const instant = (name: 'dtstart' | 'dtend') => {
    const property = event.getFirstProperty(name)!;
    const time = property.getFirstValue();
    if (!(time instanceof ICAL.Time)) throw new Error(`${name} is not a date-time`);
    const tzid = property.getParameter('tzid');
    if (tzid !== undefined) {
      expect(tzid).toBe(zone.tzid);
      time.zone = zone;
    }
    return time.toUnixTime() * 1000;
  };
  const person = (name: 'organizer' | 'attendee') => {
    const property = event.getFirstProperty(name);
    return property ? { cn: property.getParameter('cn'), address: property.getFirstValue() } : undefined;
  };
  return {
    calendar,
    zone,
    vtimezone,
    method: calendar.getFirstPropertyValue('method') ?? undefined,
    uid: value('uid'),
    sequence: value('sequence'),
    status: value('status'),
    summary: value('summary'),
    description: value('description'),
    location: value('location'),
    url: value('url'),
    start: instant('dtstart'),
    end: instant('dtend'),
    organizer: person('organizer'),
    attendee: person('attendee'),
    /**
     * Epoch ms of a wall-clock time (`2026-03-29T02:00:00`) read through the VTIMEZONE, the way a calendar
     * reads DTSTART;TZID. (Not ical.js's `convertToZone`: going from UTC, it reads the UTC time as a wall-clock
     * time of the zone, so it is an hour out next to each change whatever the VTIMEZONE says.)
     */
    atWallClock(local: string) {
      const time = ICAL.Time.fromDateTimeString(local);
      time.zone = zone;
      return time.toUnixTime() * 1000;
    },
  };
}
