import type { FreeTime } from './free-times.ts';

/** The two instants a slot id carries, each with the branch's offset, as `FreeTime` writes them. */
export interface SlotTimes {
  start: string;
  end: string;
}

const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

/** The text a slot id carries: systems without slot ids of their own book by time. */
export const slotTimesText = (times: SlotTimes): string => `${times.start}|${times.end}`;

export function parseSlotTimesText(text: string): SlotTimes | undefined {
  const [start, end, ...rest] = text.split('|');
  if (rest.length > 0 || !start || !end || !OFFSET_DATE_TIME.test(start) || !OFFSET_DATE_TIME.test(end)) {
    return undefined;
  }
  return Date.parse(start) < Date.parse(end) ? { start, end } : undefined;
}

/** How many other free times a visitor is offered when theirs was taken. */
export const ALTERNATIVES = 6;

export type Recheck =
  { free: true; agentIds: string[]; alternatives: FreeTime[] } | { free: false; alternatives: FreeTime[] };

/**
 * Looks a wanted time up in free times computed from live data. Either way the caller gets alternatives:
 * when every agent free now turns out to be taken a moment later, the visitor still needs other choices.
 */
export function recheck(live: readonly FreeTime[], wanted: SlotTimes, alternatives = ALTERNATIVES): Recheck {
  const others = live.filter((time) => time.start !== wanted.start).slice(0, alternatives);
  const match = live.find((time) => time.start === wanted.start && time.end === wanted.end);
  return match
    ? { free: true, agentIds: match.agentIds, alternatives: others }
    : { free: false, alternatives: others };
}
