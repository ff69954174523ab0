import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AgentRules, PropertyRules, ViewingRules, listedOnce } from '../../src/availability/index.ts';

const problems = (result: { success: boolean; error?: z.ZodError }) =>
  (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);

describe('viewing rules in a config file', () => {
  it('fills in the usual defaults so a branch needs only its opening hours', () => {
    const parsed = ViewingRules.parse({ openingHours: { monday: [{ from: '09:00', to: '17:30' }] } });
    expect(parsed).toMatchObject({
      viewingMinutes: 30,
      bufferMinutes: 0,
      minimumNoticeMinutes: 120,
      maxDaysAhead: 28,
      closedDates: [],
    });
    expect(parsed.openingHours.sunday).toEqual([]);
  });

  it('names a misspelt weekday instead of quietly closing that day', () => {
    const result = ViewingRules.safeParse({ openingHours: { munday: [{ from: '09:00', to: '17:00' }] } });
    expect(result.success).toBe(false);
    expect(problems(result).join()).toMatch(/munday/);
  });

  it('names the period that ends before it starts, and a time that is not a time', () => {
    const result = ViewingRules.safeParse({
      openingHours: { monday: [{ from: '17:00', to: '09:00' }], tuesday: [{ from: '9am', to: '17:00' }] },
    });
    expect(problems(result)).toEqual([
      'openingHours.monday.0.to: must end after it starts',
      'openingHours.tuesday.0.from: must be a time such as 09:00 or 17:30',
    ]);
  });

  it('refuses a closed date that does not exist and a viewing too short to be real', () => {
    const result = ViewingRules.safeParse({
      openingHours: {},
      closedDates: ['2026-02-30'],
      viewingMinutes: 2,
    });
    expect(problems(result).map((line) => line.split(':')[0])).toEqual(['closedDates.0', 'viewingMinutes']);
  });

  it('lets a period close at midnight', () => {
    expect(
      ViewingRules.safeParse({ openingHours: { friday: [{ from: '18:00', to: '24:00' }] } }).success,
    ).toBe(true);
  });

  it('refuses a property that lists no agents at all rather than one nobody can show', () => {
    expect(PropertyRules.safeParse({ agentIds: [] }).success).toBe(false);
  });

  it('names an agent listed twice in a branch', () => {
    const Team = z.array(AgentRules).superRefine(listedOnce((agent) => agent.id, 'id'));
    expect(problems(Team.safeParse([{ id: 'amy' }, { id: 'ben' }, { id: 'amy' }]))).toEqual([
      '2.id: amy is listed twice',
    ]);
  });
});
