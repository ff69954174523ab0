import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Store } from './store/index.ts';

/** What a booking request answered, kept so the same Idempotency-Key always gets the same answer. */
export interface StoredAnswer {
  status: 200 | 201 | 409 | 422;
  body: unknown;
}

const Record = z.discriminatedUnion('state', [
  z.object({ state: z.literal('pending'), fingerprint: z.string(), owner: z.string() }),
  z.object({
    state: z.literal('done'),
    fingerprint: z.string(),
    answer: z.object({
      status: z.union([z.literal(200), z.literal(201), z.literal(409), z.literal(422)]),
      body: z.unknown(),
    }),
  }),
]);

export interface AttemptContext {
  /**
   * An earlier attempt with this key started and left no answer: it failed, or its process died mid-way,
   * perhaps after the upstream had already acted.
   */
  resumed: boolean;
}

export type IdempotentOutcome =
  | { kind: 'answer'; answer: StoredAnswer; replayed: boolean }
  | { kind: 'mismatch' }
  /** Another attempt with this key is still running (or died, and its claim has not lapsed yet). */
  | { kind: 'in_progress' };

/**
 * Where a key counts: what it is for and the thing it acts on, then the caller's Idempotency-Key, e.g.
 * `['booking', propertyId, key]`. The same header value sent for another home or another change is another key,
 * so it can neither be answered with someone else's answer nor be told apart from a key never used.
 */
export type IdempotencyScope = readonly [purpose: string, subject: string, key: string];

/** A scope as one string; each part escaped so a `:` inside a caller's key cannot reach another scope. */
const scopeId = (scope: IdempotencyScope) => scope.map(encodeURIComponent).join(':');

/**
 * Where the store notes that an attempt under this scope has begun, so a retry after a lost answer looks for
 * what the upstream already did before acting again.
 */
export const attemptedKey = (scope: IdempotencyScope) => `idem-tried:${scopeId(scope)}`;

/** Requests are compared by digest: the store need not hold a second copy of a visitor's details. */
const digest = (fingerprint: string) => createHash('sha256').update(fingerprint).digest('base64url');

export interface IdempotencyOptions {
  /** How long an answer is replayed. */
  ttlMs?: number;
  /**
   * How long a claim lasts once its owner stops renewing it (the process died mid-booking). A live owner renews
   * it every `heartbeatMs` however long the booking takes. After that a retry runs again, knowing an attempt
   * began, so it first asks the upstream for the booking the dead attempt may have made. Default 15 s.
   */
  pendingMs?: number;
  /** How often a running attempt renews its claim. Default a third of `pendingMs`. */
  heartbeatMs?: number;
  /** How often a retry that found the first attempt still running looks again. */
  pollMs?: number;
  /** How long such a retry waits for the first attempt's answer before saying it is still in progress. */
  waitMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Remembers booking answers by Idempotency-Key in the store, so the same key gets the same answer from any
 * instance and after a restart. The first request claims the key; a retry while it is still running waits
 * for its answer rather than booking again. Only definite answers (booked, slot taken, invalid) are kept:
 * when an attempt fails, its claim is dropped and a later retry runs afresh.
 */
export class IdempotencyStore {
  private readonly running = new Map<string, { fingerprint: string; work: Promise<IdempotentOutcome> }>();
  private readonly ttlMs: number;
  private readonly pendingMs: number;
  private readonly heartbeatMs: number;
  private readonly pollMs: number;
  private readonly waitMs: number;

  constructor(
    private readonly store: Store,
    options: IdempotencyOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
    this.pendingMs = options.pendingMs ?? 15_000;
    this.heartbeatMs = options.heartbeatMs ?? this.pendingMs / 3;
    this.pollMs = options.pollMs ?? 100;
    this.waitMs = options.waitMs ?? 10_000;
  }

  async run(
    scope: IdempotencyScope,
    request: string,
    attempt: (run: AttemptContext) => Promise<StoredAnswer>,
  ): Promise<IdempotentOutcome> {
    const key = scopeId(scope);
    const fingerprint = digest(request);
    // Same process, same key: share the promise instead of polling the store, but only with the same request;
    // another request under a running key must not be handed the first one's answer (and its manage link).
    const local = this.running.get(key);
    if (local) {
      if (local.fingerprint !== fingerprint) return { kind: 'mismatch' };
      const outcome = await local.work;
      return outcome.kind === 'answer' ? { ...outcome, replayed: true } : outcome;
    }
    const work = this.claimAndRun(scope, fingerprint, attempt).finally(() => this.running.delete(key));
    this.running.set(key, { fingerprint, work });
    return work;
  }

  private async claimAndRun(
    scope: IdempotencyScope,
    fingerprint: string,
    attempt: (run: AttemptContext) => Promise<StoredAnswer>,
  ): Promise<IdempotentOutcome> {
    const key = scopeId(scope);
    const storeKey = `idem:${key}`;
    const owner = `${process.pid}:${Math.random().toString(36).slice(2)}`;
    const pending = JSON.stringify({ state: 'pending', fingerprint, owner });
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      if (await this.store.setIfAbsent(storeKey, pending, { ttlMs: this.pendingMs })) break;
      const raw = await this.store.get(storeKey);
      if (raw === undefined) continue; // The other attempt failed and let go: try to claim again.
      const record = Record.safeParse(JSON.parse(raw));
      if (!record.success) throw new Error(`unreadable idempotency record for ${key}`);
      if (record.data.fingerprint !== fingerprint) return { kind: 'mismatch' };
      if (record.data.state === 'done') return { kind: 'answer', answer: record.data.answer, replayed: true };
      if (Date.now() > deadline) return { kind: 'in_progress' };
      await sleep(this.pollMs);
    }
    let answer: StoredAnswer;
    // The claim is this process's while it lives: renewed as long as the attempt runs, lapsing soon after a crash.
    const heartbeat = setInterval(() => void this.renew(storeKey, pending), this.heartbeatMs);
    heartbeat.unref?.();
    try {
      // Kept as long as answers are: an earlier attempt with this key that failed or died leaves it behind.
      const first = await this.store.setIfAbsent(attemptedKey(scope), '1', { ttlMs: this.ttlMs });
      answer = await attempt({ resumed: !first });
    } catch (error) {
      await this.store.deleteIf(storeKey, pending);
      throw error;
    } finally {
      clearInterval(heartbeat);
    }
    await this.store.set(storeKey, JSON.stringify({ state: 'done', fingerprint, answer }), {
      ttlMs: this.ttlMs,
    });
    return { kind: 'answer', answer, replayed: false };
  }

  /** Extends the claim while it is still this attempt's; a store that cannot be reached leaves it to lapse. */
  private async renew(storeKey: string, pending: string): Promise<void> {
    try {
      if ((await this.store.get(storeKey)) === pending)
        await this.store.set(storeKey, pending, { ttlMs: this.pendingMs });
    } catch {
      // The next beat tries again; if none gets through, a retry resumes from what the upstream holds.
    }
  }
}
