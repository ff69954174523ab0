import { describe, expect, it, vi } from 'vitest';
import { RateBudget } from '../../src/backends/budget.ts';
import { UpstreamError } from '../../src/backends/types.ts';
import { MemoryStore } from '../../src/proxy/store/index.ts';

describe('RateBudget', () => {
  it('never lets more calls through in a window than the limit, and lets the rest through as the window rolls', async () => {
    vi.useFakeTimers();
    try {
      const budget = new RateBudget({
        limit: 3,
        windowMs: 1_000,
        now: () => Date.now(),
        maxWaitMs: { booking: 10_000 },
      });
      const started: number[] = [];
      const calls = Array.from({ length: 5 }, () =>
        budget.run('booking', async () => started.push(Date.now())),
      );
      await vi.advanceTimersByTimeAsync(0);
      expect(started).toHaveLength(3);
      await vi.advanceTimersByTimeAsync(1_001);
      await Promise.all(calls);
      expect(started).toHaveLength(5);
      expect(started[3]! - started[0]!).toBeGreaterThanOrEqual(1_000);
    } finally {
      vi.useRealTimers();
    }
  });

  it.each([
    ['in this process', undefined],
    ['shared through the store', 'shared'],
  ] as const)(
    'counts a slow call from when it ended, so the upstream never sees one over its limit (%s)',
    async (_label, mode) => {
      vi.useFakeTimers();
      try {
        const store = new MemoryStore();
        const budget = new RateBudget({
          limit: 1,
          windowMs: 1_000,
          now: () => Date.now(),
          maxWaitMs: { slots: 10_000 },
          ...(mode ? { shared: { window: store, key: 'budget:test' } } : {}),
        });
        const started: number[] = [];
        // The first call reaches the upstream late: it ends 400 ms after it was let through.
        const slow = budget.run('slots', async () => {
          started.push(Date.now());
          await new Promise((resolve) => setTimeout(resolve, 400));
        });
        const next = budget.run('slots', async () => started.push(Date.now()));
        await vi.advanceTimersByTimeAsync(1_100);
        expect(started).toHaveLength(1);
        await vi.advanceTimersByTimeAsync(400);
        await Promise.all([slow, next]);
        expect(started[1]! - started[0]!).toBeGreaterThanOrEqual(1_400);
      } finally {
        vi.useRealTimers();
      }
    },
  );

  it('serves a waiting booking before waiting background syncs', async () => {
    vi.useFakeTimers();
    try {
      const budget = new RateBudget({ limit: 1, windowMs: 1_000, now: () => Date.now() });
      const order: string[] = [];
      const first = budget.run('sync', async () => order.push('sync-1'));
      const sync = budget.run('sync', async () => order.push('sync-2'));
      const booking = budget.run('booking', async () => order.push('booking'));
      await vi.advanceTimersByTimeAsync(2_100);
      await Promise.all([first, sync, booking]);
      expect(order).toEqual(['sync-1', 'booking', 'sync-2']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('makes no call during a back-off and tells a visitor who cannot wait that the system is busy', async () => {
    vi.useFakeTimers();
    try {
      const budget = new RateBudget({
        limit: 10,
        windowMs: 1_000,
        now: () => Date.now(),
        maxWaitMs: { slots: 500 },
      });
      budget.backOff(60_000);
      const call = vi.fn(async () => 'ok');
      const attempt = budget.run('slots', call);
      const outcome = expect(attempt).rejects.toBeInstanceOf(UpstreamError);
      await vi.advanceTimersByTimeAsync(600);
      await outcome;
      expect(call).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('RateBudget shared through a store', () => {
  it('keeps two proxy instances on one key under the limit together', async () => {
    const store = new MemoryStore();
    const shared = { window: store, key: 'budget:agentos:harbour' };
    const a = new RateBudget({ limit: 4, windowMs: 60_000, shared, maxWaitMs: { booking: 200 } });
    const b = new RateBudget({ limit: 4, windowMs: 60_000, shared, maxWaitMs: { booking: 200 } });
    let calls = 0;
    const attempts = [a, b, a, b, a, b, a, b].map((budget) =>
      budget.run('booking', async () => ++calls).catch((error: unknown) => error),
    );
    const results = await Promise.all(attempts);
    expect(calls).toBe(4);
    expect(results.filter((r) => r instanceof UpstreamError)).toHaveLength(4);
  });

  it('makes every instance wait out a 429 that one of them received', async () => {
    const store = new MemoryStore();
    const shared = { window: store, key: 'budget:agentos:harbour' };
    const a = new RateBudget({ limit: 50, windowMs: 60_000, shared });
    const b = new RateBudget({ limit: 50, windowMs: 60_000, shared, maxWaitMs: { slots: 150 } });
    a.backOff(60_000);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const call = vi.fn(async () => 'ok');
    await expect(b.run('slots', call)).rejects.toBeInstanceOf(UpstreamError);
    expect(call).not.toHaveBeenCalled();
  });
});

describe('RateBudget shares', () => {
  it('keeps half the window free of pictures, so a visitor’s free-time read goes at once', async () => {
    vi.useFakeTimers();
    try {
      const budget = new RateBudget({ limit: 10, windowMs: 60_000, now: () => Date.now() });
      let pictures = 0;
      for (let i = 0; i < 8; i++) void budget.run('photo', async () => ++pictures);
      await vi.advanceTimersByTimeAsync(0);
      expect(pictures).toBe(5);
      // With the clock stopped, the read can only finish if a place was left for it.
      expect(await budget.run('slots', async () => 'free times')).toBe('free times');
      expect(budget.used()).toBe(6);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the last quarter of the window for bookings, however many free-time reads wait', async () => {
    vi.useFakeTimers();
    try {
      const budget = new RateBudget({ limit: 48, windowMs: 60_000, now: () => Date.now() });
      let reads = 0;
      let refused = 0;
      const waiting = Array.from({ length: 100 }, () =>
        budget.run('slots', async () => ++reads).catch(() => ++refused),
      );
      await vi.advanceTimersByTimeAsync(0);
      expect(reads).toBe(36);
      // With the clock stopped, each booking call can only finish if a place was kept for it.
      for (let i = 0; i < 12; i++) expect(await budget.run('booking', async () => 'booked')).toBe('booked');
      expect(budget.used()).toBe(48);
      await vi.advanceTimersByTimeAsync(10_001);
      await Promise.all(waiting);
      expect([reads, refused]).toEqual([36, 64]);
    } finally {
      vi.useRealTimers();
    }
  });
});
