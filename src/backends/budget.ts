import { UpstreamError } from './types.ts';

/** Higher runs first when the budget is short: a visitor booking matters more than a background sync. */
export type CallPriority = 'booking' | 'slots' | 'sync' | 'photo';

const RANK: Record<CallPriority, number> = { booking: 0, slots: 1, sync: 2, photo: 3 };

/** How long a call may wait for budget before the visitor gets a clear "busy" answer instead. */
const DEFAULT_MAX_WAIT_MS: Record<CallPriority, number> = {
  booking: 30_000,
  slots: 10_000,
  sync: Infinity,
  photo: 90_000,
};

export interface RateBudgetOptions {
  /** Calls allowed in any rolling window. Set below the upstream's own limit to leave a margin. */
  limit: number;
  windowMs: number;
  now?: () => number;
  maxWaitMs?: Partial<Record<CallPriority, number>>;
}

interface Waiter {
  rank: number;
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
    this.now = options.now ?? Date.now;
    this.maxWait = { ...DEFAULT_MAX_WAIT_MS, ...options.maxWaitMs };
  }

  /** Runs `call` once the budget allows, or rejects with `upstream_unavailable` after the priority's wait. */
  async run<T>(priority: CallPriority, call: () => Promise<T>): Promise<T> {
    await new Promise<void>((grant, reject) => {
      const deadline = this.now() + this.maxWait[priority];
      this.queue.push({ rank: RANK[priority], seq: this.seq++, deadline, grant, reject });
      this.queue.sort((a, b) => a.rank - b.rank || a.seq - b.seq);
      this.pump();
    });
    return call();
  }

  /** The upstream refused us: send nothing until it said we may. */
  backOff(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
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
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const now = this.now();
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const waiter = this.queue[i];
      if (waiter && waiter.deadline <= now) {
        this.queue.splice(i, 1);
        this.refused++;
        waiter.reject(
          new UpstreamError('upstream_unavailable', 'The booking system is busy; try again shortly.'),
        );
      }
    }
    this.prune();
    while (this.queue.length > 0 && now >= this.pausedUntil && this.sent.length < this.options.limit) {
      const waiter = this.queue.shift();
      if (!waiter) break;
      this.sent.push(now);
      this.granted++;
      waiter.grant();
    }
    if (this.queue.length === 0) return;
    const oldest = this.sent[0] ?? now;
    const nextFree = this.sent.length < this.options.limit ? now : oldest + this.options.windowMs;
    const nextDeadline = Math.min(...this.queue.map((w) => w.deadline));
    const wakeAt = Math.min(Math.max(nextFree, this.pausedUntil), nextDeadline);
    this.timer = setTimeout(() => this.pump(), Math.max(1, wakeAt - now + 1));
    this.timer.unref?.();
  }
}
