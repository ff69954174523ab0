import { describe, expect, it } from 'vitest';
import { MONDAY, MONDAY_7AM, agent, ask, busy, clock, rules } from './fixtures.ts';

describe('opening hours and viewing length', () => {
  it('offers a viewing every half hour from opening until the last one that ends by closing', () => {
    const times = ask();
    expect(clock(times)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30']);
    expect(times[0]).toEqual({
      start: '2026-11-23T09:00:00+00:00',
      end: '2026-11-23T09:30:00+00:00',
      agentIds: ['amy'],
    });
    expect(times.at(-1)?.end).toBe('2026-11-23T12:00:00+00:00');
  });

  it('gives longer viewings fewer starts and never lets one run past closing', () => {
    const times = ask({ rules: rules({ viewingMinutes: 45 }) });
    expect(clock(times)).toEqual(['09:00', '09:45', '10:30', '11:15']);
    expect(times.at(-1)?.end).toBe('2026-11-23T12:00:00+00:00');
  });

  it('starts viewings on a finer step when the branch sets one', () => {
    const times = ask({ rules: rules({ viewingMinutes: 60, slotStepMinutes: 30 }) });
    expect(clock(times)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00']);
  });

  it('offers both halves of a split day and nothing over lunch', () => {
    const split = [
      { from: '13:30', to: '15:00' },
      { from: '09:00', to: '10:00' },
    ];
    const times = ask({ rules: rules({ openingHours: { monday: split } }) });
    expect(clock(times)).toEqual(['09:00', '09:30', '13:30', '14:00', '14:30']);
  });

  it('offers nothing on a weekday the branch does not open', () => {
    // 28 November 2026 is a Saturday.
    expect(ask({ from: '2026-11-28', days: 2 })).toEqual([]);
  });
});

describe('closed days', () => {
  it('skips bank holidays and one-off closures and opens again the day after', () => {
    const times = ask({
      rules: rules({ closedDates: ['2026-11-23', '2026-11-25'] }),
      days: 3,
    });
    expect(new Set(times.map((time) => time.start.slice(0, 10)))).toEqual(new Set(['2026-11-24']));
  });
});

describe('existing appointments and buffers', () => {
  it('takes the time of an appointment out of the free times', () => {
    const times = ask({ busy: [busy('amy', '2026-11-23T10:00:00Z', '2026-11-23T11:00:00Z')] });
    expect(clock(times)).toEqual(['09:00', '09:30', '11:00', '11:30']);
  });

  it('keeps the buffer clear before and after every appointment', () => {
    const times = ask({
      rules: rules({ bufferMinutes: 15 }),
      busy: [busy('amy', '2026-11-23T10:00:00Z', '2026-11-23T10:30:00Z')],
    });
    // 09:30 would end at 10:00 with no travel time; 10:30 would start as the appointment ends.
    expect(clock(times)).toEqual(['09:00', '11:00', '11:30']);
  });

  it('keeps a time free while one agent is still free then, and names only the free ones', () => {
    const times = ask({
      agents: [agent('amy'), agent('ben')],
      busy: [busy('amy', '2026-11-23T09:00:00Z', '2026-11-23T09:30:00Z')],
    });
    expect(times[0]).toMatchObject({ start: '2026-11-23T09:00:00+00:00', agentIds: ['ben'] });
    expect(times[1]?.agentIds).toEqual(['amy', 'ben']);
  });

  it('takes a time away only when every agent is busy then', () => {
    const times = ask({
      agents: [agent('amy'), agent('ben')],
      busy: [
        busy('amy', '2026-11-23T09:00:00Z', '2026-11-23T09:30:00Z'),
        busy('ben', '2026-11-23T09:15:00Z', '2026-11-23T09:45:00Z'),
      ],
    });
    expect(times[0]).toMatchObject({ start: '2026-11-23T09:30:00+00:00', agentIds: ['amy'] });
  });

  it('respects appointments that overlap each other, come unsorted, or began the day before', () => {
    const times = ask({
      busy: [
        busy('amy', '2026-11-23T10:45:00Z', '2026-11-23T11:15:00Z'),
        busy('amy', '2026-11-22T18:00:00Z', '2026-11-23T09:30:00Z'),
        busy('amy', '2026-11-23T10:00:00Z', '2026-11-23T11:00:00Z'),
      ],
    });
    expect(clock(times)).toEqual(['09:30', '11:30']);
  });

  it('ignores appointments of people who are not the branch’s agents', () => {
    const times = ask({ busy: [busy('someone-else', '2026-11-23T09:00:00Z', '2026-11-23T12:00:00Z')] });
    expect(times).toHaveLength(6);
  });
});

describe('notice and how far ahead', () => {
  it('offers nothing that starts within the minimum notice', () => {
    const times = ask({ rules: rules({ minimumNoticeMinutes: 120 }), now: new Date('2026-11-23T08:10:00Z') });
    expect(clock(times)[0]).toBe('10:30');
  });

  it('offers nothing in the past, even when asked from an earlier day', () => {
    const times = ask({ from: '2026-11-20', days: 4, now: new Date('2026-11-23T10:05:00Z') });
    expect(times[0]?.start).toBe('2026-11-23T10:30:00+00:00');
  });

  it('offers nothing beyond the days-ahead limit', () => {
    const times = ask({ rules: rules({ maxDaysAhead: 2 }), days: 7 });
    expect(times.at(-1)?.start.slice(0, 10)).toBe('2026-11-25');
    expect(ask({ rules: rules({ maxDaysAhead: 2 }), from: '2026-11-26', days: 3 })).toEqual([]);
  });
});

describe('agents’ own hours', () => {
  it('offers an agent only within both their hours and the opening hours', () => {
    const late = agent('amy', { hours: { monday: [{ from: '10:00', to: '14:00' }] } });
    expect(clock(ask({ agents: [late] }))).toEqual(['10:00', '10:30', '11:00', '11:30']);
  });

  it('offers nothing with an agent on their day off, and the others as usual', () => {
    const times = ask({
      agents: [
        agent('amy', { daysOff: [MONDAY] }),
        agent('ben', { hours: { tuesday: [{ from: '09:00', to: '12:00' }] } }),
      ],
      days: 2,
      now: MONDAY_7AM,
    });
    expect(times.every((time) => time.start.startsWith('2026-11-24'))).toBe(true);
    expect(times[0]?.agentIds).toEqual(['amy', 'ben']);
  });
});
