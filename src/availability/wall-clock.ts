import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';
import { WEEKDAYS, type Weekday } from './rules.ts';

export const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Far enough from midnight that no clock change on the day itself lies between. */
const SIX_HOURS_MS = 6 * 60 * MINUTE_MS;

/** A calendar date as the epoch ms of its UTC midnight: plain-date arithmetic no clock change can disturb. */
export const dateMs = (date: string): number => Date.parse(`${date}T00:00:00Z`);
export const dateOf = (utcMidnightMs: number): string => new Date(utcMidnightMs).toISOString().slice(0, 10);
export const addDays = (date: string, days: number): string => dateOf(dateMs(date) + days * DAY_MS);
export const daysBetween = (from: string, to: string): number =>
  Math.round((dateMs(to) - dateMs(from)) / DAY_MS);

/** Today's date on the wall calendar of `timeZone`. */
export const todayIn = (timeZone: string, now: Date): string => formatInTimeZone(now, timeZone, 'yyyy-MM-dd');

/**
 * One calendar day in a zone: turns the branch's wall-clock minutes into instants. A day with a clock change
 * has a wall-clock hour that never happens (spring forward) or happens twice (fall back); the three
 * functions say what each means for a viewing.
 */
export interface ZoneDay {
  date: string;
  weekday: Weekday;
  /** When the clock first shows `minute` (0–1440); undefined when it skips that time. */
  startAt(minute: number): number | undefined;
  /** When a period opening at `minute` opens: its first showing; for a skipped time, no earlier than the jump. */
  openAt(minute: number): number;
  /** When a period closing at `minute` closes: its last showing; for a skipped time, no later than the jump. */
  closeAt(minute: number): number;
  /** The zone's UTC offset at an instant of this day, in ms. */
  offsetAt(instant: number): number;
  /** On a day without a clock change, its one offset as written in ISO 8601 (`+01:00`). */
  steadyOffset?: string;
}

/**
 * `days` consecutive days from `from`. One zone look-up per day: a day exactly 24 hours long has one offset
 * throughout, and only the two change days a year pay for per-time look-ups.
 */
export function zoneDays(timeZone: string, from: string, days: number): ZoneDay[] {
  const first = dateMs(from);
  const midnights: number[] = [];
  for (let k = 0; k <= days; k++) {
    midnights.push(fromZonedTime(`${dateOf(first + k * DAY_MS)}T00:00:00`, timeZone).getTime());
  }
  const result: ZoneDay[] = [];
  for (let k = 0; k < days; k++) {
    const utcMidnight = first + k * DAY_MS;
    const midnight = midnights[k] ?? Number.NaN;
    const next = midnights[k + 1] ?? Number.NaN;
    const date = dateOf(utcMidnight);
    const weekday = WEEKDAYS[new Date(utcMidnight).getUTCDay()] ?? 'sunday';
    result.push(
      next - midnight === DAY_MS
        ? steadyDay(date, weekday, midnight, utcMidnight - midnight)
        : changeDay(date, weekday, timeZone, utcMidnight, midnight, next),
    );
  }
  return result;
}

function steadyDay(date: string, weekday: Weekday, midnight: number, offset: number): ZoneDay {
  const at = (minute: number) => midnight + minute * MINUTE_MS;
  return {
    date,
    weekday,
    startAt: at,
    openAt: at,
    closeAt: at,
    offsetAt: () => offset,
    steadyOffset: offsetText(offset),
  };
}

function changeDay(
  date: string,
  weekday: Weekday,
  timeZone: string,
  utcMidnight: number,
  midnight: number,
  nextMidnight: number,
): ZoneDay {
  const offsetAt = (instant: number) => offsetOf(timeZone, instant);
  const before = offsetAt(midnight - SIX_HOURS_MS);
  const after = offsetAt(nextMidnight + SIX_HOURS_MS);
  /** The instants the wall clock shows `minute` under each offset, and whether it really does. */
  const readings = (minute: number) => {
    const wall = utcMidnight + minute * MINUTE_MS;
    const early = wall - Math.max(before, after);
    const late = wall - Math.min(before, after);
    const offsetOfEarly = before > after ? before : after;
    const offsetOfLate = before > after ? after : before;
    return {
      early,
      late,
      earlyReal: offsetAt(early) === offsetOfEarly,
      lateReal: offsetAt(late) === offsetOfLate,
    };
  };
  return {
    date,
    weekday,
    startAt(minute) {
      const r = readings(minute);
      if (r.earlyReal) return r.early;
      return r.lateReal ? r.late : undefined;
    },
    openAt(minute) {
      const r = readings(minute);
      return r.earlyReal ? r.early : r.late;
    },
    closeAt(minute) {
      const r = readings(minute);
      return r.lateReal ? r.late : r.early;
    },
    offsetAt,
  };
}

/**
 * The zone's UTC offset at an instant, in ms. Not date-fns-tz's `getTimezoneOffset`: that one reads its date
 * as a wall-clock time, so around a clock change it answers for the wrong side.
 */
export function offsetOf(timeZone: string, instant: number): number {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(formatInTimeZone(instant, timeZone, 'xxx'));
  if (!match) throw new RangeError(`No UTC offset for ${timeZone}`);
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return (match[1] === '-' ? -minutes : minutes) * MINUTE_MS;
}

const pad = (n: number) => String(n).padStart(2, '0');

function offsetText(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / MINUTE_MS);
  return `${offsetMs < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** ISO 8601 with the given offset, `2026-03-29T09:00:00+01:00`. */
export function isoWithOffset(instant: number, offsetMs: number): string {
  return `${new Date(instant + offsetMs).toISOString().slice(0, 19)}${offsetText(offsetMs)}`;
}

/** `HH:mm:ss` for every minute of a day: slot times are looked up, not formatted, since there are thousands. */
export const CLOCK: readonly string[] = Array.from(
  { length: 24 * 60 },
  (_, minute) => `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}:00`,
);
