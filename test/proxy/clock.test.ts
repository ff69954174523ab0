import { describe, expect, it } from 'vitest';
import { clockFromEnvironment, systemClock } from '../../src/clock.ts';

describe('the clock VIEWING_NOW sets', () => {
  it('starts at the instant given and runs on at the real pace', async () => {
    const now = clockFromEnvironment('2027-10-31T00:30:00Z');
    const first = now().getTime();
    expect(first - Date.parse('2027-10-31T00:30:00Z')).toBeLessThan(1_000);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(now().getTime() - first).toBeGreaterThanOrEqual(25);
  });

  it('is the system clock when the variable is not set', () => {
    expect(clockFromEnvironment(undefined)).toBe(systemClock);
    expect(clockFromEnvironment('')).toBe(systemClock);
  });

  it('refuses a value that is not an instant with its offset, naming the variable', () => {
    for (const value of ['tomorrow', '2027-10-31', '2027-10-31T01:30', '2027-13-40T00:00:00Z'])
      expect(() => clockFromEnvironment(value)).toThrow(/VIEWING_NOW must be an ISO 8601 instant/);
  });
});
