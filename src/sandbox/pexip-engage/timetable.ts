import { MINUTE_MS, instantAt, localDate, minutesOf, plusDays, weekdayOf } from './calendar.ts';
import type { Appointment, SeedEmployee, SeedSubject } from './model.ts';

/**
 * Nothing is offered that starts sooner than this (`earliestPossible` in the answer is documented; Best
 * guess: its value, an agency setting in Pexip): nobody gets there in time.
 */
export const EARLIEST_POSSIBLE_MINUTES = 120;
/** Nor further ahead than this (`latestPossible`; Best guess: its value). */
export const LATEST_POSSIBLE_DAYS = 42;

export interface BookableWindow {
  earliest: Date;
  latest: Date;
}

export function bookableWindow(now: Date): BookableWindow {
  return {
    earliest: new Date(now.getTime() + EARLIEST_POSSIBLE_MINUTES * MINUTE_MS),
    latest: new Date(now.getTime() + LATEST_POSSIBLE_DAYS * 24 * 60 * MINUTE_MS),
  };
}

export interface FreeTimeQuery {
  /** Already narrowed to the office, the subject and any `employee-id` filter. */
  employees: readonly SeedEmployee[];
  subject: SeedSubject;
  timeZone: string;
  /** Times starting in `[from, to)` are returned. */
  from: Date;
  to: Date;
  now: Date;
  /** The employee's appointments that take up time. */
  busy: (employeeId: string) => readonly Appointment[];
}

/** One bookable time and every employee free then, as the timetable groups them. */
export interface FreeTime {
  start: Date;
  end: Date;
  employeeIds: string[];
}

/**
 * Working hours minus appointments: for each local day, each employee and each working period, every start
 * on the subject's granularity whose meeting (plus the subject's trailing buffer) fits in the period and
 * overlaps none of the employee's appointments (plus theirs).
 */
export function freeTimes(query: FreeTimeQuery): FreeTime[] {
  const { earliest, latest } = bookableWindow(query.now);
  const { subject, timeZone } = query;
  const byStart = new Map<number, FreeTime>();
  const lastDate = localDate(query.to, timeZone);
  for (let date = localDate(query.from, timeZone); date <= lastDate; date = plusDays(date, 1)) {
    const weekday = weekdayOf(date);
    for (const employee of query.employees) {
      const busy = query.busy(employee.id).map((appointment) => ({
        start: Date.parse(appointment.start),
        end: Date.parse(appointment.end) + appointment.trailingBufferTime * MINUTE_MS,
      }));
      for (const period of employee.hours[weekday] ?? []) {
        const close = minutesOf(period.to);
        const first = Math.ceil(minutesOf(period.from) / subject.granularity) * subject.granularity;
        for (let minute = first; minute + subject.duration <= close; minute += subject.granularity) {
          const start = instantAt(date, minute, timeZone);
          if (start < query.from || start >= query.to || start < earliest || start > latest) continue;
          const end = instantAt(date, minute + subject.duration, timeZone);
          const blockedUntil = end.getTime() + subject.trailingBufferTime * MINUTE_MS;
          if (busy.some((taken) => taken.start < blockedUntil && start.getTime() < taken.end)) continue;
          const slot = byStart.get(start.getTime()) ?? { start, end, employeeIds: [] };
          slot.employeeIds.push(employee.id);
          byStart.set(start.getTime(), slot);
        }
      }
    }
  }
  return [...byStart.values()]
    .map((slot) => ({ ...slot, employeeIds: slot.employeeIds.sort() }))
    .sort((a, b) => a.start.getTime() - b.start.getTime());
}
