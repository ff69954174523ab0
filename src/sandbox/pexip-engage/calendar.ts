import { addDays, format, parseISO } from 'date-fns';
import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';

/**
 * Wall-clock arithmetic for offices in their own zones. Employees work to the local clock, so working hours
 * are turned into instants per day with the zone's offset on that day: a clock change moves the instants,
 * never the hours on the office wall.
 */

/** The calendar date `YYYY-MM-DD` at `instant` in `timeZone`. */
export const localDate = (instant: Date, timeZone: string): string =>
  formatInTimeZone(instant, timeZone, 'yyyy-MM-dd');

export const plusDays = (date: string, days: number): string =>
  format(addDays(parseISO(date), days), 'yyyy-MM-dd');

/** 0 is Sunday, matching the order of working hours. */
export const weekdayOf = (date: string): number => parseISO(date).getDay();

/** `HH:mm` as minutes after midnight. */
export const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;

/** The instant at which an office's wall clock shows `minutes` past midnight on `date`. */
export const instantAt = (date: string, minutes: number, timeZone: string): Date =>
  fromZonedTime(`${date}T${clock(minutes)}`, timeZone);

export const MINUTE_MS = 60_000;
