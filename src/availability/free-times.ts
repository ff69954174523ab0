import { BusyCursor, indexBusyTimes } from './busy-index.ts';
import {
  minutesOf,
  type AgentRules,
  type BusyTime,
  type Period,
  type PropertyRules,
  type ViewingRules,
  type Weekday,
  type WeeklyHours,
} from './rules.ts';
import {
  CLOCK,
  MINUTE_MS,
  addDays,
  daysBetween,
  isoWithOffset,
  todayIn,
  zoneDays,
  type ZoneDay,
} from './wall-clock.ts';

export interface FreeTimesQuery {
  /** The branch's IANA zone: opening hours, closed dates and `from` are its wall clock and calendar. */
  timeZone: string;
  rules: ViewingRules;
  /** The branch's agents, in the order bookings should prefer them. */
  agents: readonly AgentRules[];
  property?: PropertyRules;
  /** Every agent's appointments that may touch the window; anything else is ignored. */
  busy: readonly BusyTime[];
  /** First day, `YYYY-MM-DD`, in the branch's zone. */
  from: string;
  days: number;
  now: Date;
}

/** A time a visitor can book, and who could show the property then. */
export interface FreeTime {
  /** ISO 8601 with the branch's UTC offset at that moment, e.g. `2026-03-29T09:00:00+01:00`. */
  start: string;
  end: string;
  /** Agents free for the whole viewing and its buffers, in the order the branch lists them. */
  agentIds: string[];
}

/** `[from, to)` in minutes since midnight, sorted, never overlapping. */
type Minutes = readonly (readonly [number, number])[];

function normalise(periods: readonly Period[]): Minutes {
  const sorted = periods
    .map((p): [number, number] => [minutesOf(p.from), minutesOf(p.to)])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of sorted) {
    const last = merged.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

function intersect(a: Minutes, b: Minutes): Minutes {
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [aFrom, aTo] = a[i] ?? [0, 0];
    const [bFrom, bTo] = b[j] ?? [0, 0];
    const from = Math.max(aFrom, bFrom);
    const to = Math.min(aTo, bTo);
    if (from < to) out.push([from, to]);
    if (aTo < bTo) i++;
    else j++;
  }
  return out;
}

function mapWeekdays(shape: (day: Weekday) => Minutes): Record<Weekday, Minutes> {
  return {
    sunday: shape('sunday'),
    monday: shape('monday'),
    tuesday: shape('tuesday'),
    wednesday: shape('wednesday'),
    thursday: shape('thursday'),
    friday: shape('friday'),
    saturday: shape('saturday'),
  };
}

const byWeekday = (hours: WeeklyHours) => mapWeekdays((day) => normalise(hours[day]));

/** A `[start, end)` stretch of one day as instants. */
type Window = readonly [number, number];

/** One eligible agent during the walk through the days. */
interface Member {
  id: string;
  daysOff: ReadonlySet<string>;
  /** Their hours within the opening hours, per weekday. */
  hours: Record<Weekday, Minutes>;
  cursor: BusyCursor;
  /** The current day's stretches of work. */
  windows: readonly Window[];
}

function fitsIn(windows: readonly Window[], start: number, end: number): boolean {
  for (const [open, close] of windows) if (open <= start && end <= close) return true;
  return false;
}

/** The slot's ISO times. On a steady day they are the wall clock itself, with no date arithmetic. */
function times(day: ZoneDay, minute: number, start: number, end: number): { start: string; end: string } {
  const endMinute = minute + (end - start) / MINUTE_MS;
  if (day.steadyOffset !== undefined && endMinute < CLOCK.length) {
    return {
      start: `${day.date}T${CLOCK[minute]}${day.steadyOffset}`,
      end: `${day.date}T${CLOCK[endMinute]}${day.steadyOffset}`,
    };
  }
  return {
    start: isoWithOffset(start, day.offsetAt(start)),
    end: isoWithOffset(end, day.offsetAt(end)),
  };
}

/**
 * Free viewing times: the branch's opening hours (or the property's own), less closed days, each agent's
 * working hours and days off, and their appointments widened by the buffer. A time is free when at least
 * one eligible agent is free for the whole viewing and both buffers. Starts are wall-clock times on a grid
 * from the start of each open period, so a 09:00 opening gives 09:00 on a clock-change day too; a time the
 * clock skips is never offered, and a time it shows twice is offered once, at its first showing.
 */
export function findFreeTimes(query: FreeTimesQuery): FreeTime[] {
  const { rules, property, timeZone, now } = query;
  const viewing = (property?.viewingMinutes ?? rules.viewingMinutes) * MINUTE_MS;
  const buffer = (property?.bufferMinutes ?? rules.bufferMinutes) * MINUTE_MS;
  const step = property?.slotStepMinutes ?? rules.slotStepMinutes ?? viewing / MINUTE_MS;
  const earliest = now.getTime() + (property?.minimumNoticeMinutes ?? rules.minimumNoticeMinutes) * MINUTE_MS;
  const closed = new Set([...rules.closedDates, ...(property?.closedDates ?? [])]);
  const wanted = property?.agentIds && new Set(property.agentIds);
  const agents = wanted ? query.agents.filter((agent) => wanted.has(agent.id)) : query.agents;

  // Days already gone hold nothing bookable, so the walk starts at today at the earliest.
  const today = todayIn(timeZone, now);
  const first = query.from < today ? today : query.from;
  const lastDay = addDays(today, rules.maxDaysAhead);
  const days = Math.min(query.days - daysBetween(query.from, first), daysBetween(first, lastDay) + 1);
  if (days <= 0 || agents.length === 0) return [];

  const opening = byWeekday(property?.openingHours ?? rules.openingHours);
  const index = indexBusyTimes(query.busy);
  const team = agents.map((agent): Member => {
    const own = agent.hours && byWeekday(agent.hours);
    return {
      id: agent.id,
      daysOff: new Set(agent.daysOff),
      hours: own ? mapWeekdays((day) => intersect(opening[day], own[day])) : opening,
      cursor: new BusyCursor(index.get(agent.id)),
      windows: [],
    };
  });

  const found: FreeTime[] = [];
  for (const day of zoneDays(timeZone, first, days)) {
    const periods = opening[day.weekday];
    if (periods.length === 0 || closed.has(day.date)) continue;
    for (const member of team) {
      member.windows = member.daysOff.has(day.date)
        ? []
        : member.hours[day.weekday].map(([from, to]): Window => [day.openAt(from), day.closeAt(to)]);
    }
    for (const [from, to] of periods) {
      const closes = day.closeAt(to);
      for (let minute = from; minute < to; minute += step) {
        const start = day.startAt(minute);
        if (start === undefined || start < earliest) continue;
        const end = start + viewing;
        // Starts only move forward through a day, even across a clock change, so nothing later fits either.
        if (end > closes) break;
        const agentIds: string[] = [];
        for (const member of team) {
          if (fitsIn(member.windows, start, end) && !member.cursor.overlaps(start - buffer, end + buffer)) {
            agentIds.push(member.id);
          }
        }
        if (agentIds.length > 0) found.push({ ...times(day, minute, start, end), agentIds });
      }
    }
  }
  return found;
}
