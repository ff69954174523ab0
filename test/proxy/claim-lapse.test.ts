import { describe, expect, it, vi } from 'vitest';
import { IdempotencyStore, type AttemptContext, type StoredAnswer } from '../../src/proxy/idempotency.ts';
import { MemoryStore, type Store } from '../../src/proxy/store/index.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const scope = ['booking', 'P-1', '6f9b1c1e-3a44-4c64-9d1a-2f0a8f7d1c55'] as const;
const answer: StoredAnswer = { status: 201, body: { booking: { reference: 'VW-1' } } };

/** The store as one process sees it; `die()` stops everything that process would still write. */
function processView(store: Store) {
  let dead = false;
  const view = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      return (...args: unknown[]) => (dead ? new Promise(() => {}) : method.apply(target, args));
    },
  });
  return { view, die: () => (dead = true) };
}

describe('a claim on an Idempotency-Key', () => {
  it('lapses within seconds of its process dying, and the retry resumes knowing an attempt began', async () => {
    vi.useFakeTimers();
    try {
      const store = new MemoryStore();
      const crashed = processView(store);
      // The proxy's own timings: nothing here is shortened for the test.
      const first = new IdempotencyStore(crashed.view);
      const second = new IdempotencyStore(store);
      void first.run(scope, 'same body', () => new Promise(() => {}));
      await vi.advanceTimersByTimeAsync(1_000);
      crashed.die();

      // At once, the first attempt may still be running somewhere: the retry is told so, not run twice.
      const early = second.run(scope, 'same body', async () => answer);
      await vi.advanceTimersByTimeAsync(10_100);
      expect((await early).kind).toBe('in_progress');
      // Twenty seconds after the crash its claim has lapsed (it was five minutes), and the retry runs, resumed.
      await vi.advanceTimersByTimeAsync(10_000);
      const runs: AttemptContext[] = [];
      const retried = second.run(scope, 'same body', async (run) => {
        runs.push(run);
        return answer;
      });
      await vi.advanceTimersByTimeAsync(500);
      expect(await retried).toMatchObject({ kind: 'answer', answer });
      expect(runs).toEqual([{ resumed: true }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('is renewed for as long as a slow attempt runs, so nobody runs it a second time meanwhile', async () => {
    const store = new MemoryStore();
    const timing = { pendingMs: 300, heartbeatMs: 100, pollMs: 20, waitMs: 100 };
    const first = new IdempotencyStore(store, timing);
    const second = new IdempotencyStore(store, timing);
    let finish = () => {};
    const running = first.run(
      scope,
      'same body',
      () => new Promise((resolve) => (finish = () => resolve(answer))),
    );
    let secondRuns = 0;
    for (let i = 0; i < 6; i++) {
      await sleep(150);
      const outcome = await second.run(scope, 'same body', async () => {
        secondRuns++;
        return answer;
      });
      expect(outcome.kind).toBe('in_progress');
    }
    finish();
    expect(await running).toMatchObject({ kind: 'answer', replayed: false });
    expect(await second.run(scope, 'same body', async () => answer)).toMatchObject({
      kind: 'answer',
      replayed: true,
    });
    expect(secondRuns).toBe(0);
  });
});
