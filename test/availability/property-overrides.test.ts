import { describe, expect, it } from 'vitest';
import { agent, ask, busy, clock, property, rules } from './fixtures.ts';

describe('a property’s own rules', () => {
  it('uses the property’s viewing length and buffer instead of the branch’s', () => {
    const times = ask({
      property: property({ viewingMinutes: 60, bufferMinutes: 30 }),
      busy: [busy('amy', '2026-11-23T11:00:00Z', '2026-11-23T11:15:00Z')],
    });
    // Hourly viewings; 10:00 would end as the appointment starts, with no time to get there.
    expect(clock(times)).toEqual(['09:00']);
    expect(times[0]?.end).toBe('2026-11-23T10:00:00+00:00');
  });

  it('is shown only by the agents it names, and is not free when only others are', () => {
    const times = ask({
      agents: [agent('amy'), agent('ben'), agent('cara')],
      property: property({ agentIds: ['ben'] }),
      busy: [busy('ben', '2026-11-23T09:00:00Z', '2026-11-23T10:00:00Z')],
    });
    expect(clock(times)).toEqual(['10:00', '10:30', '11:00', '11:30']);
    expect(times.every((time) => time.agentIds.join() === 'ben')).toBe(true);
  });

  it('adds its closed days to the branch’s', () => {
    const times = ask({
      rules: rules({ closedDates: ['2026-11-24'] }),
      property: property({ closedDates: ['2026-11-23'] }),
      days: 3,
    });
    expect(new Set(times.map((time) => time.start.slice(0, 10)))).toEqual(new Set(['2026-11-25']));
  });

  it('replaces the opening hours, e.g. a tenant who allows Saturday mornings only', () => {
    const times = ask({
      property: property({ openingHours: { saturday: [{ from: '10:00', to: '11:00' }] } }),
      days: 7,
    });
    expect(times.map((time) => time.start)).toEqual([
      '2026-11-28T10:00:00+00:00',
      '2026-11-28T10:30:00+00:00',
    ]);
  });

  it('can ask for more notice than the branch', () => {
    const times = ask({ property: property({ minimumNoticeMinutes: 24 * 60 }), days: 2 });
    expect(times[0]?.start).toBe('2026-11-24T09:00:00+00:00');
  });
});
