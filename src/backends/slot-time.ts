import { addDays, format, parseISO } from 'date-fns';
import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';

/** A branch's wall-clock time (`2026-11-24T10:30:00`) as ISO 8601 with that zone's offset then. */
export function localToOffset(local: string, timeZone: string): string {
  return formatInTimeZone(fromZonedTime(local, timeZone), timeZone, "yyyy-MM-dd'T'HH:mm:ssxxx");
}

/** An instant as ISO 8601 with the zone's offset at that moment: how visitors and staff read a time. */
export function inZone(instant: string | Date, timeZone: string): string {
  return formatInTimeZone(new Date(instant), timeZone, "yyyy-MM-dd'T'HH:mm:ssxxx");
}

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addIsoDays(date: string, days: number): string {
  return format(addDays(parseISO(date), days), 'yyyy-MM-dd');
}

/** Base64url without padding, so slot ids travel in URLs and JSON unchanged. */
export function encodeOpaque(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

export function decodeOpaque(id: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) return undefined;
  return Buffer.from(id, 'base64url').toString('utf8');
}
