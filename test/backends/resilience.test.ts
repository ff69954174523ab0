import { describe, expect, it, vi } from 'vitest';
import { BudgetExhaustedError, RateBudget } from '../../src/backends/budget.ts';
import { CircuitBreaker, CircuitOpenError, retryRead } from '../../src/backends/resilience.ts';
import { UpstreamError } from '../../src/backends/types.ts';
import { guest, propertyWithSlots, startHarness } from '../proxy/harness.ts';

const unavailable = () => new UpstreamError('upstream_unavailable', 'agentOS could not be reached');

describe('CircuitBreaker', () => {
  it('stops calling after five failures in a row, and after the pause lets a trial call through', async () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failures: 5, openMs: 30_000, now: () => now });
    const failing = vi.fn(async () => {
      throw unavailable();
    });
    for (let i = 0; i < 5; i++)
      await expect(breaker.run('agentOS', failing, () => false)).rejects.toThrow(UpstreamError);
    expect(breaker.state).toBe('open');
    await expect(breaker.run('agentOS', failing, () => false)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(failing).toHaveBeenCalledTimes(5);

    now = 30_001;
    expect(breaker.state).toBe('half-open');
    const healthy = vi.fn(async () => 'ok');
    expect(await breaker.run('agentOS', healthy, () => false)).toBe('ok');
    expect(breaker.state).toBe('closed');
    // After the pause one failed trial is enough to open it again.
    for (let i = 0; i < 5; i++)
      await expect(breaker.run('agentOS', failing, () => false)).rejects.toThrow(UpstreamError);
    now = 60_002;
    await expect(breaker.run('agentOS', failing, () => false)).rejects.toThrow(UpstreamError);
    expect(breaker.state).toBe('open');
  });

  it('after the pause lets one trial call through; the calls made meanwhile wait for it and go on once it succeeded', async () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failures: 2, openMs: 30_000, now: () => now });
    const failing = async () => {
      throw unavailable();
    };
    for (let i = 0; i < 2; i++) await expect(breaker.run('agentOS', failing, () => false)).rejects.toThrow();
    now = 30_001;

    let recover: () => void = () => {};
    const recovered = new Promise<void>((resolve) => (recover = resolve));
    const upstream = vi.fn(async () => {
      await recovered;
      return 'free times';
    });
    const calls = Array.from({ length: 10 }, () => breaker.run('agentOS', upstream, () => false));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(upstream).toHaveBeenCalledTimes(1);
    expect(breaker.state).toBe('half-open');
    recover();
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 10 }, () => 'free times'));
    expect(upstream).toHaveBeenCalledTimes(10);
    expect(breaker.state).toBe('closed');
  });

  it('opens again when its one trial call fails, failing the calls that waited for it without calling, and lets the next trial through after another pause', async () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failures: 2, openMs: 30_000, now: () => now });
    const failing = vi.fn(async () => {
      throw unavailable();
    });
    for (let i = 0; i < 2; i++) await expect(breaker.run('agentOS', failing, () => false)).rejects.toThrow();
    now = 30_001;
    const trials = await Promise.allSettled(
      Array.from({ length: 10 }, () => breaker.run('agentOS', failing, () => false)),
    );
    expect(failing).toHaveBeenCalledTimes(3);
    expect(
      trials.filter((t) => t.status === 'rejected' && t.reason instanceof CircuitOpenError),
    ).toHaveLength(9);
    expect(breaker.state).toBe('open');

    now = 60_002;
    expect(breaker.state).toBe('half-open');
    expect(
      await breaker.run(
        'agentOS',
        async () => 'ok',
        () => false,
      ),
    ).toBe('ok');
    expect(breaker.state).toBe('closed');
  });

  it('stays half-open when its trial call only waited out the rate budget, so the next call is the trial', async () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failures: 2, openMs: 30_000, now: () => now });
    for (let i = 0; i < 2; i++)
      await expect(
        breaker.run(
          'agentOS',
          async () => 503,
          (status) => status >= 500,
        ),
      ).resolves.toBe(503);
    now = 30_001;
    const refused = async (): Promise<number> => {
      throw new BudgetExhaustedError();
    };
    await expect(breaker.run('agentOS', refused, () => false)).rejects.toBeInstanceOf(BudgetExhaustedError);
    expect(breaker.state).toBe('half-open');
    expect(
      await breaker.run(
        'agentOS',
        async () => 200,
        (status) => status >= 500,
      ),
    ).toBe(200);
    expect(breaker.state).toBe('closed');
  });

  it('counts 5xx answers as failures but not the caller’s own 4xx mistakes', async () => {
    const breaker = new CircuitBreaker({ failures: 2 });
    await breaker.run(
      'agentOS',
      async () => 400,
      (status) => status >= 500,
    );
    await breaker.run(
      'agentOS',
      async () => 404,
      (status) => status >= 500,
    );
    expect(breaker.state).toBe('closed');
    await breaker.run(
      'agentOS',
      async () => 502,
      (status) => status >= 500,
    );
    await breaker.run(
      'agentOS',
      async () => 503,
      (status) => status >= 500,
    );
    expect(breaker.state).toBe('open');
  });

  it('stays closed when calls only waited out the rate budget, since none of them reached the upstream', async () => {
    const breaker = new CircuitBreaker({ failures: 2 });
    const refused = async (): Promise<number> => {
      throw new BudgetExhaustedError();
    };
    for (let i = 0; i < 5; i++)
      await expect(breaker.run('agentOS', refused, () => false)).rejects.toBeInstanceOf(BudgetExhaustedError);
    expect(breaker.state).toBe('closed');
  });
});

describe('retryRead', () => {
  it('tries an unavailable read again after a jittered pause, and gives up after two retries', async () => {
    const pauses: number[] = [];
    const sleep = async (ms: number) => void pauses.push(ms);
    let calls = 0;
    const flaky = async () => {
      if (++calls < 3) throw unavailable();
      return 'free times';
    };
    expect(await retryRead(flaky, { sleep, random: () => 0.5, baseMs: 100 })).toBe('free times');
    expect(pauses).toEqual([50, 150]);
    const down = vi.fn(async () => {
      throw unavailable();
    });
    await expect(retryRead(down, { sleep })).rejects.toThrow(UpstreamError);
    expect(down).toHaveBeenCalledTimes(3);
  });

  it('does not retry an answer it could not parse, nor a 429', async () => {
    const malformed = vi.fn(async () => {
      throw new UpstreamError('upstream_error', 'agentOS sent an unexpected page');
    });
    await expect(retryRead(malformed, { sleep: async () => {} })).rejects.toThrow(UpstreamError);
    expect(malformed).toHaveBeenCalledTimes(1);
    const limited = vi.fn(async () => {
      throw new UpstreamError('upstream_unavailable', 'rate limited', 429);
    });
    await expect(retryRead(limited, { sleep: async () => {} })).rejects.toThrow(UpstreamError);
    expect(limited).toHaveBeenCalledTimes(1);
  });

  it('does not wait for the rate budget again after a read has waited as long as it may', async () => {
    vi.useFakeTimers();
    try {
      const budget = new RateBudget({ limit: 1, windowMs: 60_000, maxWaitMs: { slots: 1_000 } });
      await budget.run('slots', async () => 'the one call this minute');
      const read = vi.fn(async () => 'free times');
      const started = Date.now();
      const refused = retryRead(() => budget.run('slots', read), { sleep: async () => {} }).then(
        () => undefined,
        (error: unknown) => ({ error, afterMs: Date.now() - started }),
      );
      await vi.advanceTimersByTimeAsync(5_000);
      // One wait, not three: the visitor hears "busy" (or has their booking kept) after a second.
      expect(await refused).toMatchObject({ error: expect.any(BudgetExhaustedError) });
      expect((await refused)?.afterMs).toBeLessThan(1_500);
      expect(budget.refused).toBe(1);
      expect(read).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('agentOS calls under faults', () => {
  it('recovers a free-time read from one dropped connection', async () => {
    let dropNext = 0;
    const harness = await startHarness({
      intercept: async (_, answer) => {
        if (dropNext > 0) {
          dropNext--;
          throw new TypeError('fetch failed');
        }
        return answer();
      },
    });
    const { property } = await propertyWithSlots(harness);
    dropNext = 1;
    const read = await harness.call(`/v1/slots?propertyId=${property.id}&from=2026-11-30&days=7`);
    expect(read.status).toBe(200);
    harness.stop();
  });

  it('never sends a booking twice when its diary post is dropped', async () => {
    let posts = 0;
    const harness = await startHarness({
      intercept: async (request, answer) => {
        if (request.method === 'POST') {
          posts++;
          throw new TypeError('fetch failed');
        }
        return answer();
      },
    });
    const { property, slots } = await propertyWithSlots(harness);
    await harness.book({
      propertyId: property.id,
      slotId: slots[0]!.id,
      guest,
      consent: { marketing: false },
    });
    expect(posts).toBe(1);
    expect(harness.emulator.diary()).toHaveLength(0);
    harness.stop();
  });
});
