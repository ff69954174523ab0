import { UpstreamError } from './types.ts';

/**
 * The call was not made: it waited for the rate budget as long as its kind may. Trying again at once would
 * only wait again, so a visitor's booking would hang for a multiple of its wait instead of being kept.
 */
export class BudgetExhaustedError extends UpstreamError {
  constructor() {
    super('upstream_unavailable', 'The booking system is busy; try again shortly.');
    this.name = 'BudgetExhaustedError';
  }
}

/** Higher runs first when the budget is short: a visitor booking matters more than a background sync. */
export type CallPriority = 'booking' | 'slots' | 'sync' | 'photo';

const RANK: Record<CallPriority, number> = { booking: 0, slots: 1, sync: 2, photo: 3 };

/**
 * The share of a window each kind of call may fill. Pictures and background syncs never take the last places:
 * those stay for visitors' free-time reads and bookings, which cannot wait long.
 */
const SHARE: Record<CallPriority, number> = { booking: 1, slots: 1, sync: 0.8, photo: 0.5 };

/** How long a call may wait for budget before the visitor gets a clear "busy" answer instead. */
const DEFAULT_MAX_WAIT_MS: Record<CallPriority, number> = {
  booking: 30_000,
  slots: 10_000,
  sync: Infinity,
  photo: 90_000,
};

/**
 * A rolling-window counter kept outside this process (the proxy's store satisfies it), so that every proxy
 * instance using one upstream key spends one budget between them.
 */
export interface SharedWindow {
  take(key: string, limit: number, windowMs: number): Promise<{ taken: boolean; retryAfterMs: number }>;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttlMs?: number }): Promise<void>;
}

export interface RateBudgetOptions {
  /** Calls allowed in any rolling window. Set below the upstream's own limit to leave a margin. */
  limit: number;
  windowMs: number;
  now?: () => number;
  maxWaitMs?: Partial<Record<CallPriority, number>>;
  /** Count calls in a shared window under this key instead of in this process alone. */
  shared?: { window: SharedWindow; key: string };
}

interface Waiter {
  rank: number;
  /** The most calls the window may hold for this waiter to go. */
  cap: number;
  seq: number;
  deadline: number;
  grant: () => void;
  reject: (error: Error) => void;
}

/**
 * Keeps calls to one upstream key under its rolling-window limit by queueing them, highest priority first,
 * and pauses everything during an upstream back-off (429 / Retry-After) so no call is wasted on a refusal.
 */
export class RateBudget {
  private readonly sent: number[] = [];
  private readonly queue: Waiter[] = [];
  private pausedUntil = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  /** Calls let through since start, and calls refused for waiting too long; for metrics. */
  granted = 0;
  refused = 0;
  private readonly now: () => number;
  private readonly maxWait: Record<CallPriority, number>;

  constructor(private readonly options: RateBudgetOptions) {
    this.now = options.now ?? (() => Date.now());
    this.maxWait = { ...DEFAULT_MAX_WAIT_MS, ...options.maxWaitMs };
  }

  /** Runs `call` once the budget allows, or rejects with `upstream_unavailable` after the priority's wait. */
  async run<T>(priority: CallPriority, call: () => Promise<T>): Promise<T> {
    await new Promise<void>((grant, reject) => {
      const deadline = this.now() + this.maxWait[priority];
      const cap = Math.max(1, Math.floor(this.options.limit * SHARE[priority]));
      this.queue.push({ rank: RANK[priority], cap, seq: this.seq++, deadline, grant, reject });
      this.queue.sort((a, b) => a.rank - b.rank || a.seq - b.seq);
      this.pump();
    });
    return call();
  }

  /** The upstream refused us: send nothing until it said we may (every instance, when the window is shared). */
  backOff(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    const shared = this.options.shared;
    if (shared)
      void shared.window
        .set(`${shared.key}:paused`, String(this.pausedUntil), { ttlMs: ms })
        .catch(() => undefined);
    this.pump();
  }

  /** The most calls allowed in one window. */
  get limit(): number {
    return this.options.limit;
  }

  /** Calls waiting for budget now. */
  get waiting(): number {
    return this.queue.length;
  }

  private pumping = false;

  /** Drops waiters past their deadline; they get a clear "busy" instead of waiting on. */
  private expire(now: number): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const waiter = this.queue[i];
      if (waiter && waiter.deadline <= now) {
        this.queue.splice(i, 1);
        this.refused++;
        waiter.reject(new BudgetExhaustedError());
      }
    }
  }

  private wakeAt(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    const nextDeadline = Math.min(...this.queue.map((w) => w.deadline));
    const delay = Math.max(1, Math.min(at, nextDeadline) - this.now() + 1);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, delay);
    this.timer.unref?.();
  }

  /** The shared window's version of the pump: one place at a time, asked of the store. */
  private async pumpShared(shared: NonNullable<RateBudgetOptions['shared']>): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const now = this.now();
        this.expire(now);
        if (this.queue.length === 0) break;
        const paused = Math.max(
          this.pausedUntil,
          Number((await shared.window.get(`${shared.key}:paused`)) ?? 0),
        );
        if (now < paused) {
          this.wakeAt(paused);
          break;
        }
        const place = await shared.window.take(
          shared.key,
          this.queue[0]?.cap ?? this.options.limit,
          this.options.windowMs,
        );
        if (!place.taken) {
          this.wakeAt(now + place.retryAfterMs);
          break;
        }
        const waiter = this.queue.shift();
        if (!waiter) break;
        this.sent.push(now);
        this.granted++;
        waiter.grant();
      }
    } catch (error) {
      // The store is unreachable: fail the waiting calls rather than call the upstream uncounted.
      for (const waiter of this.queue.splice(0)) {
        this.refused++;
        waiter.reject(
          new UpstreamError('upstream_unavailable', 'The shared rate budget cannot be read.', undefined, {
            cause: error,
          }),
        );
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Calls made in the current window; for metrics and tests. */
  used(): number {
    this.prune();
    return this.sent.length;
  }

  private prune(): void {
    const horizon = this.now() - this.options.windowMs;
    while (this.sent.length > 0 && (this.sent[0] ?? 0) <= horizon) this.sent.shift();
  }

  private pump(): void {
    if (this.options.shared) {
      void this.pumpShared(this.options.shared);
      return;
    }
    const now = this.now();
    this.expire(now);
    this.prune();
    for (
      let head = this.queue[0];
      head && now >= this.pausedUntil && this.sent.length < head.cap;
      head = this.queue[0]
    ) {
      this.queue.shift();
      this.sent.push(now);
      this.granted++;
      head.grant();
    }
    const head = this.queue[0];
    if (!head) return;
    // The head may go once enough of the window has rolled off to bring it under its cap.
    const nextFree =
      this.sent.length < head.cap
        ? now
        : (this.sent[this.sent.length - head.cap] ?? now) + this.options.windowMs;
    this.wakeAt(Math.max(nextFree, this.pausedUntil));
  }
}
