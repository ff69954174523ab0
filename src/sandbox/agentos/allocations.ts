import { fromZonedTime } from 'date-fns-tz';
import type { FreeAllocation, SeedStaff } from './model.ts';
import { hash32 } from '../shared/random.ts';

export const SLOT_MINUTES = 30;
/** agentOS offers nothing that starts within the next hour: nobody could get there in time. */
export const LEAD_TIME_MS = 60 * 60 * 1000;
/** The share of allocations, in percent, already taken by appointments booked inside agentOS. */
const BUSY_PERCENT = 25;

/** A calendar date `YYYY-MM-DD`, checked to exist (no 31 February). */
export function isCalendarDate(date: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = new Date(Date.UTC(year, month - 1, day));
  return utc.getUTCFullYear() === year && utc.getUTCMonth() === month - 1 && utc.getUTCDate() === day;
}

/**
 * Calendar arithmetic on plain dates, done in UTC so that a clock change in the company's zone can never
 * turn "the next day" into the same day twice.
 */
export function addDays(date: string, days: number): string {
  const utc = new Date(`${date}T00:00:00Z`);
  utc.setUTCDate(utc.getUTCDate() + days);
  return utc.toISOString().slice(0, 10);
}

/** 0 is Sunday, matching the order of `SeedStaff.hours`. */
const weekdayOf = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const timeOf = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;

/**
 * Whether a slot was already taken inside agentOS before the emulator started. Hashing the staff id with
 * the local start keeps the same slots busy in every run and in every emulator, without storing them.
 */
export function isSeededBusy(staffId: string, localStart: string): boolean {
  return hash32(`${staffId}|${localStart}`) % 100 < BUSY_PERCENT;
}

export interface AllocationQuery {
  staff: readonly SeedStaff[];
  /** First calendar day, `YYYY-MM-DD`, in the company's zone. */
  from: string;
  days: number;
  now: Date;
  timeZone: string;
  /** Booked through the API since the emulator started. */
  isBooked: (staffId: string, localStart: string) => boolean;
}

/** Free allocations over whole local days, sorted by start and then staff id, as agentOS lists them. */
export function freeAllocations(query: AllocationQuery): FreeAllocation[] {
  const earliest = query.now.getTime() + LEAD_TIME_MS;
  const found: FreeAllocation[] = [];
  for (let offset = 0; offset < query.days; offset++) {
    const date = addDays(query.from, offset);
    const weekday = weekdayOf(date);
    for (const person of query.staff) {
      for (const period of person.hours[weekday] ?? []) {
        const first = Math.ceil(minutesOf(period.from) / SLOT_MINUTES) * SLOT_MINUTES;
        for (let minute = first; minute + SLOT_MINUTES <= minutesOf(period.to); minute += SLOT_MINUTES) {
          const start = `${date}T${timeOf(minute)}`;
          // The wall clock is what staff work to; the instant is only for "is it far enough ahead".
          if (fromZonedTime(start, query.timeZone).getTime() < earliest) continue;
          if (isSeededBusy(person.id, start) || query.isBooked(person.id, start)) continue;
          found.push({
            start,
            end: `${date}T${timeOf(minute + SLOT_MINUTES)}`,
            staffId: person.id,
            staffName: person.name,
          });
        }
      }
    }
  }
  return found.sort((a, b) =>
    a.start === b.start ? compare(a.staffId, b.staffId) : compare(a.start, b.start),
  );
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A local date-time as agentOS writes it (`2026-11-24T10:30:00`), from the shapes a client may post back
 * (`10:30`, `10:30:00.000`). Anything carrying a zone is refused: allocations are wall-clock times.
 */
export function normaliseLocalDateTime(value: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.0+)?)?$/.exec(value);
  if (!match || !isCalendarDate(match[1] ?? '')) return undefined;
  return `${match[1]}T${match[2]}:${match[3]}:${match[4] ?? '00'}`;
}

export interface NegotiatorFilter {
  branchId?: string;
  /** true: lettings negotiators; false: sales; absent: everyone. Staff in both departments always count. */
  lettings?: boolean;
}

export function negotiators(staff: readonly SeedStaff[], filter: NegotiatorFilter): SeedStaff[] {
  return staff.filter(
    (person) =>
      (filter.branchId === undefined || person.branchId === filter.branchId) &&
      (filter.lettings === undefined ||
        person.department === 'both' ||
        person.department === (filter.lettings ? 'lettings' : 'sales')),
  );
}
