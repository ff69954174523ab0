import { OffsetDateTime } from '../contract/index.ts';

/** One viewing as the visitor's calendar should hold it; every change of the viewing is a new version. */
export interface CalendarEvent {
  /** Stable across every change of the same viewing, e.g. `<reference>@viewing-widget`. */
  uid: string;
  /** 0 for the first version, raised by one on every change (reschedule, cancel). */
  sequence: number;
  /** `tentative`: asked for, not yet agreed (a home whose owner agrees each viewing). */
  status: 'confirmed' | 'tentative' | 'cancelled';
  /** ISO 8601 with offset, e.g. 2026-11-24T10:30:00+00:00 */
  start: string;
  end: string;
  /** IANA zone of the branch, e.g. Europe/London or America/Los_Angeles: times are written in it (TZID + VTIMEZONE). */
  timeZone: string;
  summary: string;
  description?: string;
  location?: string;
  /** The visitor's manage link. */
  url?: string;
  organizer?: CalendarPerson;
  attendee?: CalendarPerson;
  /** DTSTAMP */
  stamp: Date;
}

export interface CalendarPerson {
  name: string;
  email: string;
}

/**
 * The event's start and end as epoch ms. The proxy builds events from parsed bookings, so a bad time here is a
 * bug, thrown rather than returned.
 */
export function instantsOf(event: CalendarEvent): { start: number; end: number } {
  const start = instant(event.start, 'start');
  const end = instant(event.end, 'end');
  if (end <= start) throw new RangeError(`Calendar event ${event.uid} ends before it starts`);
  return { start, end };
}

function instant(iso: string, name: string): number {
  // Without an offset, Date.parse would read the time in the server's own zone.
  if (!OffsetDateTime.safeParse(iso).success) {
    throw new RangeError(`Calendar event ${name} must be ISO 8601 with an offset, got ${iso}`);
  }
  return Date.parse(iso);
}

/** `20261124T103000Z`: the UTC form both iCalendar and Google's links use. */
export function utcBasic(instant: number): string {
  return new Date(instant)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}
