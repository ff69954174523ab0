import { randomUUID } from 'node:crypto';
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

/**
 * The call was not made: the window every instance shares could not be read (its store is down or frozen).
 * Like a call that waited out the budget, it says nothing of the upstream's health.
 */
export class BudgetUnreadableError extends UpstreamError {
  constructor(cause: unknown) {
    super('upstream_unavailable', 'The shared rate budget cannot be read.', undefined, { cause });
    this.name = 'BudgetUnreadableError';
  }
}

/**
 * Higher runs first when the budget is short: a visitor booking matters more than a background sync. A
 * picture is read once a day and then served from memory, while a background sync (the catalog, or fresher
 * free times that can still be answered from cache) recurs: pictures go first, or on a busy site they would
 * never load at all.
 */
export type CallPriority = 'booking' | 'slots' | 'message' | 'sync' | 'photo';

/** A message to a visitor (or feedback) is a write that can wait a minute: it goes after visitors' reads. */
const RANK: Record<CallPriority, number> = { booking: 0, slots: 1, message: 2, photo: 3, sync: 4 };

/**
 * The share of a window each kind of call may fill. The last quarter is kept for bookings (and moves): a visitor
 * at the last step of the flow is never left waiting behind free-time reads, however many clients read. Pictures
 * and background syncs never take the places visitors' reads need either.
 */
const SHARE: Record<CallPriority, number> = { booking: 1, slots: 0.75, message: 0.75, sync: 0.7, photo: 0.5 };

/** How long a call may wait for budget before the visitor gets a clear "busy" answer instead. */
const DEFAULT_MAX_WAIT_MS: Record<CallPriority, number> = {
  booking: 30_000,
  slots: 10_000,
  // The outbox tries again later: a message that found no place is not lost.
  message: 60_000,
  sync: Infinity,
  photo: 90_000,
};

/**
 * A rolling-window counter kept outside this process (the proxy's store satisfies it), so that every proxy
 * instance using one upstream key spends one budget between them.
 */
export interface SharedWindow {
  take(
    key: string,
    limit: number,
    windowMs: number,
  ): Promise<{ taken: boolean; retryAfterMs: number; place?: string }>;
  /** Counts a place taken earlier from now: a call counts from when it ended. */
  renew(key: string, place: string, windowMs: number): Promise<void>;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttlMs?: number }): Promise<void>;
  setIfAbsent(key: string, value: string, options?: { ttlMs?: number }): Promise<boolean>;
}

export interface RateBudgetOptions {
  /** Calls allowed in any rolling window. Set below the upstream's own limit to leave a margin. */
  limit: number;
  windowMs: number;
  now?: () => number;
  maxWaitMs?: Partial<Record<CallPriority, number>>;
  /** Count calls in a shared window under this key instead of in this process alone. */
  shared?: { window: SharedWindow; key: string };
  /** Told when the shared window was found lost (its store came back empty) and every call waits a window. */
  onWindowLost?: () => void;
}

interface Place {
  granted: number;
  /** When the call ended; until then the place is held whatever the window says. */
  ended?: number;
  /** Its place in the shared window, and whether the window counts it from its end yet. */
  shared?: { place: string; renewed: boolean };
}

interface Waiter {
  rank: number;
  /** The most calls the window may hold for this waiter to go. */
  cap: number;
  seq: number;
  deadline: number;
  grant: (place: Place) => void;
  reject: (error: Error) => void;
}

/** What metrics hear from a budget: each call's wait for it, and each call's answer and time. */
export interface BudgetMeter {
  waited(seconds: number): void;
  /** `status` is the answer's class (`2xx`, `4xx`, `5xx`) or `unreachable`. */
  called(status: string, seconds: number): void;
}

/**
 * Keeps calls to one upstream key under its rolling-window limit by queueing them, highest priority first,
 * and pauses everything during an upstream back-off (429 / Retry-After) so no call is wasted on a refusal.
 */
export class RateBudget {
  /**
   * This process's calls in the window. A place is held from the grant until a window after the call ended,
   * not after it was granted: a call granted at 0 may reach the upstream at 2 (a busy event loop, a slow
   * connection), and the upstream counts it from then. Counting from the grant would let the next call in at
   * 60 while the upstream still sees this one, one over its limit.
   */
  private readonly places: Place[] = [];
  private readonly queue: Waiter[] = [];
  private pausedUntil = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  /** Hears how long each call waited for budget, and (from `callUpstream`) how each call went; for metrics. */
  meter?: BudgetMeter;
  /** Calls let through since start, and calls refused for waiting too long; for metrics. */
  granted = 0;
  refused = 0;
  /** Times the shared window was found lost and a whole window waited out; for metrics. */
  windowsLost = 0;
  /** The shared window's mark as this process last saw it; see `checkWindow`. */
  private mark: string | undefined;
  private readonly now: () => number;
  private readonly maxWait: Record<CallPriority, number>;

  constructor(private readonly options: RateBudgetOptions) {
    this.now = options.now ?? (() => Date.now());
    this.maxWait = { ...DEFAULT_MAX_WAIT_MS, ...options.maxWaitMs };
  }

  /** Runs `call` once the budget allows, or rejects with `upstream_unavailable` after the priority's wait. */
  async run<T>(priority: CallPriority, call: () => Promise<T>): Promise<T> {
    const asked = performance.now();
    const place = await new Promise<Place>((grant, reject) => {
      const deadline = this.now() + this.maxWait[priority];
      const cap = Math.max(1, Math.floor(this.options.limit * SHARE[priority]));
      this.queue.push({ rank: RANK[priority], cap, seq: this.seq++, deadline, grant, reject });
      this.queue.sort((a, b) => a.rank - b.rank || a.seq - b.seq);
      this.pump();
    });
    this.meter?.waited((performance.now() - asked) / 1000);
    try {
      return await call();
    } finally {
      place.ended = this.now();
      this.renew(place);
      // The place now frees a window after the end, not the grant: waiters may need a later wake-up.
      if (this.queue.length > 0) this.pump();
    }
  }

  /**
   * Every instance counts a call from when it ended, as this one does: the upstream counted it from when it
   * arrived, which may be well after the grant the window first counted. Until the window says so, or if it
   * cannot be told, this process keeps counting the place itself.
   */
  private renew(place: Place): void {
    const shared = this.options.shared;
    const held = place.shared;
    if (!shared || !held) return;
    shared.window.renew(shared.key, held.place, this.options.windowMs).then(
      () => {
        held.renewed = true;
      },
      () => undefined,
    );
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
  /** A call came while the shared pump was between questions to the store: it goes round once more. */
  private pumpAgain = false;

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
    this.timer = undefined;
    const target = Math.min(at, ...this.queue.map((w) => w.deadline));
    // Nothing to wait for but running calls: the end of one pumps again.
    if (!Number.isFinite(target)) return;
    const delay = Math.max(1, target - this.now() + 1);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, delay);
    this.timer.unref?.();
  }

  /** The shared window's version of the pump: one place at a time, asked of the store. */
  private async pumpShared(shared: NonNullable<RateBudgetOptions['shared']>): Promise<void> {
    // The pump in progress may be about to stop for a waiter it was refused (a picture past its share); a
    // booking that came meanwhile, now at the head, must not wait for that waiter's wake-up.
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    this.pumpAgain = false;
    try {
      while (this.queue.length > 0) {
        const now = this.now();
        this.expire(now);
        if (this.queue.length === 0) break;
        const [pausedThere] = await Promise.all([
          shared.window.get(`${shared.key}:paused`),
          this.checkWindow(shared, now),
        ]);
        const paused = Math.max(this.pausedUntil, Number(pausedThere ?? 0));
        if (now < paused) {
          this.wakeAt(paused);
          break;
        }
        // The store counts a call from its end once told so; until then it frees the place a window after its
        // grant, and this process leaves room for its own calls the upstream still counts beyond that.
        this.prune();
        const horizon = now - this.options.windowMs;
        const overdue = this.places.filter((p) => p.granted <= horizon && !p.shared?.renewed);
        const cap = (this.queue[0]?.cap ?? this.options.limit) - overdue.length;
        if (cap <= 0) {
          this.wakeAt(Math.min(...overdue.map((p) => this.freesAt(p))));
          break;
        }
        const taken = await shared.window.take(shared.key, cap, this.options.windowMs);
        if (!taken.taken) {
          this.wakeAt(now + taken.retryAfterMs);
          break;
        }
        const waiter = this.queue.shift();
        if (!waiter) break;
        const place: Place = {
          granted: now,
          ...(taken.place ? { shared: { place: taken.place, renewed: false } } : {}),
        };
        this.places.push(place);
        this.granted++;
        waiter.grant(place);
      }
    } catch (error) {
      // The store is unreachable: fail the waiting calls rather than call the upstream uncounted.
      for (const waiter of this.queue.splice(0)) {
        this.refused++;
        waiter.reject(new BudgetUnreadableError(error));
      }
    } finally {
      this.pumping = false;
      if (this.pumpAgain) void this.pumpShared(shared);
    }
  }

  /**
   * The shared window carries a mark that lives as long as the store's data. A mark other than the one this
   * process saw means the store lost its data (a Redis restarted without it, flushed, or failed over to a
   * replica that lagged), and the count of calls every instance made in the last window with it. The upstream
   * still counts them, so the window is taken as full: no call goes until a whole window has passed, and the
   * pause is written back for every instance, including any started since. A process that never saw a mark
   * (the first start on an empty store) cannot tell a loss from a first start and begins a fresh window.
   */
  private async checkWindow(shared: NonNullable<RateBudgetOptions['shared']>, now: number): Promise<void> {
    const key = `${shared.key}:mark`;
    let mark = await shared.window.get(key);
    if (mark !== undefined && mark === this.mark) return;
    if (mark === undefined) {
      const mine = randomUUID();
      mark = (await shared.window.setIfAbsent(key, mine)) ? mine : await shared.window.get(key);
    }
    const lost = this.mark !== undefined;
    this.mark = mark;
    if (!lost) return;
    this.windowsLost++;
    this.options.onWindowLost?.();
    this.pausedUntil = Math.max(this.pausedUntil, now + this.options.windowMs);
    await shared.window.set(`${shared.key}:paused`, String(this.pausedUntil), {
      ttlMs: this.pausedUntil - now,
    });
  }

  /** Calls made in the current window; for metrics and tests. */
  used(): number {
    this.prune();
    return this.places.length;
  }

  /** When a place stops counting: a window after its call ended (a call still running holds it). */
  private freesAt(place: Place): number {
    return (place.ended ?? Infinity) + this.options.windowMs;
  }

  private prune(): void {
    const now = this.now();
    for (let i = this.places.length - 1; i >= 0; i--) {
      const place = this.places[i];
      if (place && this.freesAt(place) <= now) this.places.splice(i, 1);
    }
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
      head && now >= this.pausedUntil && this.places.length < head.cap;
      head = this.queue[0]
    ) {
      this.queue.shift();
      const place: Place = { granted: now };
      this.places.push(place);
      this.granted++;
      head.grant(place);
    }
    const head = this.queue[0];
    if (!head) return;
    // The head may go once enough places have freed to bring the window under its cap. Calls still running
    // free theirs later; their end wakes the pump again.
    const frees = this.places.map((p) => this.freesAt(p)).sort((a, b) => a - b);
    const nextFree = this.places.length < head.cap ? now : (frees[this.places.length - head.cap] ?? now);
    this.wakeAt(Math.max(nextFree, this.pausedUntil));
  }
}
