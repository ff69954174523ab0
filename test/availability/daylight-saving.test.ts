import { describe, expect, it } from 'vitest';
import type { FreeTime } from '../../src/availability/index.ts';
import { agent, ask, busy, clock, rules } from './fixtures.ts';

const nineToFive = [{ from: '09:00', to: '17:00' }];
const everyDay = (periods: { from: string; to: string }[]) => ({
  monday: periods,
  tuesday: periods,
  wednesday: periods,
  thursday: periods,
  friday: periods,
  saturday: periods,
  sunday: periods,
});
const NEW_YEAR = new Date('2026-01-01T00:00:00Z');
const yearAhead = (periods: { from: string; to: string }[]) =>
  rules({ openingHours: everyDay(periods), maxDaysAhead: 366 });

const byDay = (times: readonly FreeTime[]) => {
  const days = new Map<string, FreeTime[]>();
  for (const time of times)
    days.set(time.start.slice(0, 10), [...(days.get(time.start.slice(0, 10)) ?? []), time]);
  return days;
};
const minutesLong = (time: FreeTime) => (Date.parse(time.end) - Date.parse(time.start)) / 60_000;

describe.each([
  {
    zone: 'Europe/London',
    springDay: '2026-03-29',
    fallDay: '2026-10-25',
    winter: '+00:00',
    summer: '+01:00',
    /** Wall-clock starts the clock skips on the spring day, with half-hour viewings. */
    skipped: ['01:00', '01:30'],
    repeated: ['01:00', '01:30'],
  },
  {
    zone: 'America/Los_Angeles',
    springDay: '2026-03-08',
    fallDay: '2026-11-01',
    winter: '-08:00',
    summer: '-07:00',
    skipped: ['02:00', '02:30'],
    repeated: ['01:00', '01:30'],
  },
])('$zone clock changes', ({ zone, springDay, fallDay, winter, summer, skipped, repeated }) => {
  const dayBefore = (day: string) =>
    new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const dayAfter = (day: string) =>
    new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

  it('opens at 09:00 on the wall clock the day before, of, and after the spring change', () => {
    const days = byDay(
      ask({
        timeZone: zone,
        rules: yearAhead(nineToFive),
        from: dayBefore(springDay),
        days: 3,
        now: NEW_YEAR,
      }),
    );
    expect(days.get(dayBefore(springDay))?.[0]?.start).toBe(`${dayBefore(springDay)}T09:00:00${winter}`);
    expect(days.get(springDay)?.[0]?.start).toBe(`${springDay}T09:00:00${summer}`);
    expect(days.get(dayAfter(springDay))?.[0]?.start).toBe(`${dayAfter(springDay)}T09:00:00${summer}`);
    for (const times of days.values()) {
      expect(times).toHaveLength(16);
      expect(times.at(-1)?.start.slice(11, 16)).toBe('16:30');
    }
  });

  it('opens at 09:00 on the wall clock the day before, of, and after the autumn change', () => {
    const days = byDay(
      ask({ timeZone: zone, rules: yearAhead(nineToFive), from: dayBefore(fallDay), days: 3, now: NEW_YEAR }),
    );
    expect(days.get(dayBefore(fallDay))?.[0]?.start).toBe(`${dayBefore(fallDay)}T09:00:00${summer}`);
    expect(days.get(fallDay)?.[0]?.start).toBe(`${fallDay}T09:00:00${winter}`);
    expect(days.get(dayAfter(fallDay))?.[0]?.start).toBe(`${dayAfter(fallDay)}T09:00:00${winter}`);
    for (const times of days.values()) expect(times).toHaveLength(16);
  });

  it('offers no time the clock skips in spring, and every viewing lasts its real half hour', () => {
    const times = ask({
      timeZone: zone,
      rules: yearAhead([{ from: '00:00', to: '04:00' }]),
      from: springDay,
      now: NEW_YEAR,
    });
    for (const start of skipped) expect(clock(times)).not.toContain(start);
    expect(times.map(minutesLong).every((minutes) => minutes === 30)).toBe(true);
    // The viewing just before the jump ends an hour later on the wall clock.
    const beforeJump = times.find((time) => time.start.endsWith(winter) && time.end.endsWith(summer));
    expect(beforeJump).toBeDefined();
  });

  it('offers each wall-clock time once in autumn, at its first showing, and never the same instant twice', () => {
    const times = ask({
      timeZone: zone,
      rules: yearAhead([{ from: '00:00', to: '04:00' }]),
      from: fallDay,
      now: NEW_YEAR,
    });
    const starts = clock(times);
    expect(new Set(starts).size).toBe(starts.length);
    expect(new Set(times.map((time) => Date.parse(time.start))).size).toBe(times.length);
    for (const start of repeated) {
      expect(times.find((time) => time.start.slice(11, 16) === start)?.start.endsWith(summer)).toBe(true);
    }
    expect(starts).toHaveLength(8);
    expect(times.map(minutesLong).every((minutes) => minutes === 30)).toBe(true);
  });

  it('blocks the wall-clock time an appointment stored in UTC falls on after the change', () => {
    // 09:00 local the day after the spring change, written in UTC as upstreams do.
    const nineLocal = new Date(`${dayAfter(springDay)}T09:00:00${summer}`).toISOString();
    const halfPast = new Date(Date.parse(nineLocal) + 30 * 60_000).toISOString();
    const times = ask({
      timeZone: zone,
      rules: yearAhead(nineToFive),
      agents: [agent('amy')],
      busy: [busy('amy', nineLocal, halfPast)],
      from: dayAfter(springDay),
      now: NEW_YEAR,
    });
    expect(clock(times).slice(0, 2)).toEqual(['09:30', '10:00']);
  });
});
