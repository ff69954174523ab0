import { z } from 'zod';

/**
 * The rules an agency writes down for when viewings may happen, as zod schemas (so a config file is parsed,
 * with a message naming the bad field) paired with their types. Times of day are the branch's wall clock.
 */

export const WEEKDAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const TIME_OF_DAY = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** `HH:mm` on a 24-hour clock; `24:00` closes a period at midnight. */
export const TimeOfDay = z.string().regex(TIME_OF_DAY, 'must be a time such as 09:00 or 17:30');

/** Minutes since midnight of a valid `HH:mm`. */
export const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

export const Period = z
  .object({ from: TimeOfDay, to: TimeOfDay })
  // A time that is not a time has its own message already; the order is judged between two real times only.
  .refine(
    (p) => !TIME_OF_DAY.test(p.from) || !TIME_OF_DAY.test(p.to) || minutesOf(p.from) < minutesOf(p.to),
    {
      message: 'must end after it starts',
      path: ['to'],
    },
  );
export type Period = z.infer<typeof Period>;

const DayHours = z.array(Period).default([]);

/**
 * Open periods per weekday; a day left out is closed. Strict, so a misspelt `munday` stops start-up instead
 * of silently closing Mondays.
 */
export const WeeklyHours = z.strictObject({
  monday: DayHours,
  tuesday: DayHours,
  wednesday: DayHours,
  thursday: DayHours,
  friday: DayHours,
  saturday: DayHours,
  sunday: DayHours,
});
export type WeeklyHours = z.infer<typeof WeeklyHours>;

export const IsoDate = z.iso.date('must be a date such as 2026-12-25');

const Minutes = (min: number, max: number) => z.number().int().min(min).max(max);

/** One person who shows properties. Without `hours` they work whenever the branch is open. */
export const AgentRules = z.object({
  /** The booking system's id for this person; free times name agents by it. */
  id: z.string().min(1),
  name: z.string().optional(),
  /** Their own working week, narrowed to the branch's opening hours. */
  hours: WeeklyHours.optional(),
  /** Holidays, training days, sick days. */
  daysOff: z.array(IsoDate).default([]),
});
export type AgentRules = z.infer<typeof AgentRules>;

/** A branch's viewing rules. */
export const ViewingRules = z.object({
  openingHours: WeeklyHours,
  /** Bank holidays and one-off closures. */
  closedDates: z.array(IsoDate).default([]),
  viewingMinutes: Minutes(5, 480).default(30),
  /** Kept free before and after every viewing, for travel between properties. */
  bufferMinutes: Minutes(0, 240).default(0),
  /** Viewings start every this many minutes from the start of an open period; default the viewing length. */
  slotStepMinutes: Minutes(5, 480).optional(),
  /** Nothing starts sooner than this after now: someone has to be able to get there. */
  minimumNoticeMinutes: Minutes(0, 60 * 24 * 14).default(120),
  /** The last day offered, counted from today in the branch's zone. */
  maxDaysAhead: Minutes(1, 366).default(28),
});
export type ViewingRules = z.infer<typeof ViewingRules>;

/** What one property does differently from its branch. Closed dates add to the branch's. */
export const PropertyRules = z.object({
  viewingMinutes: Minutes(5, 480).optional(),
  bufferMinutes: Minutes(0, 240).optional(),
  slotStepMinutes: Minutes(5, 480).optional(),
  minimumNoticeMinutes: Minutes(0, 60 * 24 * 14).optional(),
  /** Replaces the branch's opening hours for this property, e.g. a tenant who allows Saturdays only. */
  openingHours: WeeklyHours.optional(),
  closedDates: z.array(IsoDate).default([]),
  /** Only these agents show it (e.g. the one who holds the keys). */
  agentIds: z.array(z.string().min(1)).min(1).optional(),
});
export type PropertyRules = z.infer<typeof PropertyRules>;

/** A zod check that no two items share an id, e.g. the same agent listed twice in a branch. */
export function listedOnce<T>(idOf: (item: T) => string, field: string) {
  return (items: readonly T[], ctx: z.RefinementCtx): void => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const id = idOf(item);
      if (seen.has(id))
        ctx.addIssue({ code: 'custom', path: [index, field], message: `${id} is listed twice` });
      seen.add(id);
    });
  };
}

/** An agent's appointment, whatever it is for: they cannot show a property then. */
export interface BusyTime {
  agentId: string;
  start: Date;
  end: Date;
}
