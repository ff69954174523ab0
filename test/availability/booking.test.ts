import { describe, expect, it } from 'vitest';
import { parseSlotTimesText, recheck, slotTimesText, type FreeTime } from '../../src/availability/index.ts';

const at = (hour: string, agentIds = ['amy']): FreeTime => ({
  start: `2026-11-23T${hour}:00+00:00`,
  end: `2026-11-23T${hour.slice(0, 2)}:30:00+00:00`,
  agentIds,
});

describe('re-checking a slot before booking', () => {
  it('finds the agents still free at the wanted time', () => {
    const live = [at('09:00'), at('10:00', ['ben', 'amy'])];
    expect(recheck(live, { start: at('10:00').start, end: at('10:00').end })).toMatchObject({
      free: true,
      agentIds: ['ben', 'amy'],
    });
  });

  it('offers the other free times, not the taken one, when nobody is free then any more', () => {
    const live = [at('09:00'), at('11:00'), at('12:00')];
    const outcome = recheck(live, { start: at('10:00').start, end: at('10:00').end }, 2);
    expect(outcome).toEqual({ free: false, alternatives: [at('09:00'), at('11:00')] });
  });

  it('does not accept the right start with a different length', () => {
    const live = [at('09:00')];
    expect(recheck(live, { start: at('09:00').start, end: '2026-11-23T10:00:00+00:00' }).free).toBe(false);
  });
});

describe('the times a slot id carries', () => {
  it('reads back exactly what it wrote', () => {
    const times = { start: at('09:00').start, end: at('09:00').end };
    expect(parseSlotTimesText(slotTimesText(times))).toEqual(times);
  });

  it.each([
    ['garbage', 'not a slot'],
    ['missing end', '2026-11-23T09:00:00+00:00|'],
    ['no offset', '2026-11-23T09:00:00|2026-11-23T09:30:00'],
    ['end before start', '2026-11-23T09:30:00+00:00|2026-11-23T09:00:00+00:00'],
    ['extra part', '2026-11-23T09:00:00+00:00|2026-11-23T09:30:00+00:00|x'],
  ])('refuses %s', (_, text) => {
    expect(parseSlotTimesText(text)).toBeUndefined();
  });
});
