import { describe, expect, it, vi } from 'vitest';
import { RateBudget, type SharedWindow } from '../../src/backends/budget.ts';
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

/** The upstream's own count: a call counts from when it arrives, for one window. */
function busiestWindow(arrivals: number[], windowMs: number): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while ((sorted[j] ?? 0) - (sorted[i] ?? 0) >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

/** A store that can lose everything at once, as a Redis restarted without its data does. */
function losableStore(): SharedWindow & { lose(): void } {
  let store = new MemoryStore();
  return {
    lose: () => (store = new MemoryStore()),
    take: (key, limit, windowMs) => store.take(key, limit, windowMs),
    renew: (key, place, windowMs) => store.renew(key, place, windowMs),
    get: (key) => store.get(key),
    set: (key, value, options) => store.set(key, value, options),
    setIfAbsent: (key, value, options) => store.setIfAbsent(key, value, options),
  };
}

/** Options for budgets of several instances sharing one losable store, on the faked clock. */
function sharedBudget(limit: number, windowMs: number, maxWaitMs = 10_000) {
  const window = losableStore();
  const options = {
    limit,
    windowMs,
    now: () => Date.now(),
    shared: { window, key: 'budget:agentos:harbour' },
    maxWaitMs: { booking: maxWaitMs },
  };
  return { window, options };
}

describe('RateBudget shared by instances whose calls reach the upstream late', () => {
  it('never lets the upstream see more than the limit, counting another instance’s calls from when they ended', async () => {
    vi.useFakeTimers();
    try {
      const { options } = sharedBudget(4, 1_000);
      const a = new RateBudget(options);
      const b = new RateBudget(options);
      const arrivals: number[] = [];
      // Instance a's calls are let through at once but reach the upstream 300 ms later (a slow connection).
      const slow = Array.from({ length: 4 }, () =>
        a.run('booking', async () => {
          await new Promise((resolve) => setTimeout(resolve, 300));
          arrivals.push(Date.now());
        }),
      );
      await vi.advanceTimersByTimeAsync(10);
      const quick = Array.from({ length: 4 }, () => b.run('booking', async () => arrivals.push(Date.now())));
      await vi.advanceTimersByTimeAsync(2_000);
      await Promise.all([...slow, ...quick]);
      expect(arrivals).toHaveLength(8);
      expect(busiestWindow(arrivals, 1_000)).toBeLessThanOrEqual(4);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps 2 calls of agentOS’s 50 free in every minute across two instances under mixed slow and quick calls', async () => {
    vi.useFakeTimers();
    try {
      const { options } = sharedBudget(48, 60_000, 600_000);
      const instances = [new RateBudget(options), new RateBudget(options)];
      // A fixed sequence, so the test is the same on every run: calls take 0-4 s and arrive at any point in it.
      let seed = 7;
      const random = () => ((seed = (seed * 16_807) % 2_147_483_647) - 1) / 2_147_483_646;
      const arrivals: number[] = [];
      const calls = Array.from({ length: 300 }, (_, n) => {
        const duration = Math.floor(random() * 4_000);
        const arrivesAfter = Math.floor(random() * duration);
        return instances[n % 2]!.run('booking', async () => {
          await new Promise((resolve) => setTimeout(resolve, arrivesAfter));
          arrivals.push(Date.now());
          await new Promise((resolve) => setTimeout(resolve, duration - arrivesAfter));
        });
      });
      await vi.advanceTimersByTimeAsync(8 * 60_000);
      await Promise.all(calls);
      expect(arrivals).toHaveLength(300);
      expect(busiestWindow(arrivals, 60_000)).toBeLessThanOrEqual(48);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('RateBudget whose shared store lost its data', () => {
  it('takes the last window as full: no instance calls until a window has passed, one started since included', async () => {
    vi.useFakeTimers();
    try {
      const { window, options } = sharedBudget(4, 1_000);
      const lost = vi.fn();
      const a = new RateBudget({ ...options, onWindowLost: lost });
      const arrivals: number[] = [];
      const call = async () => void arrivals.push(Date.now());
      // A first start on an empty store begins at once.
      await Promise.all(Array.from({ length: 4 }, () => a.run('booking', call)));
      expect(arrivals).toEqual([0, 0, 0, 0].map((n) => n + arrivals[0]!));
      const start = arrivals[0]!;

      await vi.advanceTimersByTimeAsync(100);
      window.lose();
      const later = new RateBudget(options);
      const after = [a.run('booking', call), a.run('booking', call)];
      await vi.advanceTimersByTimeAsync(10);
      after.push(later.run('booking', call));
      await vi.advanceTimersByTimeAsync(2_000);
      await Promise.all(after);

      expect(lost).toHaveBeenCalledTimes(1);
      expect(a.windowsLost).toBe(1);
      const resumed = arrivals.slice(4);
      expect(resumed).toHaveLength(3);
      for (const at of resumed) expect(at - start).toBeGreaterThanOrEqual(1_100);
      expect(busiestWindow(arrivals, 1_000)).toBeLessThanOrEqual(4);
    } finally {
      vi.useRealTimers();
    }
  });
});
