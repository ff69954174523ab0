import { describe, expect, it } from 'vitest';
import { BudgetExhaustedError, RateBudget, type SharedWindow } from '../../src/backends/budget.ts';
import { MemoryStore } from '../../src/proxy/store/index.ts';

describe('a rate budget shared through the store', () => {
  it('lets a booking that came while a picture was being refused go at once, not at its deadline', async () => {
    let used = 0;
    let refuse: ((answer: { taken: boolean; retryAfterMs: number }) => void) | undefined;
    const full = { taken: false, retryAfterMs: 60_000 };
    const store = new MemoryStore();
    const window: SharedWindow = {
      get: (key) => store.get(key),
      set: (key, value) => store.set(key, value),
      setIfAbsent: (key, value) => store.setIfAbsent(key, value),
      renew: async () => undefined,
      take: (_key, limit) => {
        if (used < limit) {
          used++;
          return Promise.resolve({ taken: true, retryAfterMs: 0 });
        }
        // The first refusal is on its way while a booking arrives; later ones come at once.
        if (refuse) return Promise.resolve(full);
        return new Promise((resolve) => (refuse = resolve));
      },
    };
    // Pictures may fill half of the window (2 of 4); a booking all of it.
    const budget = new RateBudget({
      limit: 4,
      windowMs: 60_000,
      maxWaitMs: { booking: 2_000, photo: 2_000 },
      shared: { window, key: 'budget:test' },
    });
    await budget.run('photo', async () => 'first picture');
    await budget.run('photo', async () => 'second picture');
    const third = budget.run('photo', async () => 'third picture').catch((error: unknown) => error);
    await expect.poll(() => refuse).toBeDefined();

    const started = performance.now();
    const booking = budget.run('booking', async () => 'booked').catch((error: unknown) => error);
    refuse?.(full);
    expect(await booking).toBe('booked');
    expect(performance.now() - started).toBeLessThan(500);
    expect(await third).toBeInstanceOf(BudgetExhaustedError);
  });
});
