import { z } from 'zod';
import {
  AgentRules,
  PropertyRules,
  ViewingRules,
  findFreeTimes,
  type BusyTime,
  type FreeTime,
} from '../../src/availability/index.ts';

/** Monday 23 November 2026, 07:00 in London (GMT): the week every rule test books into. */
export const MONDAY = '2026-11-23';
export const MONDAY_7AM = new Date('2026-11-23T07:00:00Z');

const weekday = [{ from: '09:00', to: '12:00' }];
export const WEEKDAYS_9_TO_12 = {
  monday: weekday,
  tuesday: weekday,
  wednesday: weekday,
  thursday: weekday,
  friday: weekday,
};

export const rules = (overrides: z.input<typeof ViewingRules> | Record<string, unknown> = {}) =>
  ViewingRules.parse({ openingHours: WEEKDAYS_9_TO_12, minimumNoticeMinutes: 0, ...overrides });

export const agent = (id: string, overrides: Partial<z.input<typeof AgentRules>> = {}) =>
  AgentRules.parse({ id, ...overrides });

export const property = (overrides: z.input<typeof PropertyRules>) => PropertyRules.parse(overrides);

export const busy = (agentId: string, start: string, end: string): BusyTime => ({
  agentId,
  start: new Date(start),
  end: new Date(end),
});

export interface Ask {
  timeZone?: string;
  rules?: ViewingRules;
  agents?: AgentRules[];
  property?: PropertyRules;
  busy?: BusyTime[];
  from?: string;
  days?: number;
  now?: Date;
}

export const ask = (query: Ask = {}): FreeTime[] =>
  findFreeTimes({
    timeZone: query.timeZone ?? 'Europe/London',
    rules: query.rules ?? rules(),
    agents: query.agents ?? [agent('amy')],
    busy: query.busy ?? [],
    from: query.from ?? MONDAY,
    days: query.days ?? 1,
    now: query.now ?? MONDAY_7AM,
    ...(query.property ? { property: query.property } : {}),
  });

/** Wall-clock start times, `09:00`, as a visitor reads them. */
export const clock = (times: readonly FreeTime[]) => times.map((time) => time.start.slice(11, 16));
