/**
 * The proxy's shared state: idempotent answers, slot locks, rate-limit windows, queued viewing requests and
 * "already done" markers. One interface, three homes: memory (tests, one short-lived process), a SQLite file
 * (the embedded default: survives restarts and crashes) and Redis (several proxy instances share it).
 * Every operation that must be atomic across instances is one call here, never a read followed by a write.
 * A store that cannot answer (Redis down or frozen) rejects with `StoreUnavailableError` within its timeout,
 * never hangs; a `setIfAbsent` that failed that way is not left in force when the store answers again.
 */
export interface Store {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttlMs?: number }): Promise<void>;
  /** Sets only when the key is absent (or expired); true when this call set it. For locks and claims. */
  setIfAbsent(key: string, value: string, options?: { ttlMs?: number }): Promise<boolean>;
  /** Deletes only while the value is still `expected`, so a lock is released by its owner only. */
  deleteIf(key: string, expected: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /**
   * Takes one of `limit` places in the rolling window ending now, if one is free. `retryAfterMs` says when the
   * oldest place frees up when none is.
   */
  take(key: string, limit: number, windowMs: number): Promise<Taken>;
  /**
   * Counts the place `take` gave as `place` from now instead of from when it was taken: a rate-limited call
   * counts from when it ended, since the upstream counted it from when it arrived, which may have been later
   * than the grant. A place the window already let go counts again from now.
   */
  renew(key: string, place: string, windowMs: number): Promise<void>;
  /** Adds work to a durable queue; adding the same id twice keeps the first. */
  enqueue(queue: string, id: string, payload: string): Promise<void>;
  /**
   * Leases the oldest ready item for `leaseMs`; if its worker dies, it becomes ready again when the lease
   * runs out. `attempts` counts the leases so far, this one included.
   */
  claim(queue: string, leaseMs: number): Promise<QueuedItem | undefined>;
  /** Puts a leased item back to be tried again after `delayMs`. */
  release(queue: string, id: string, delayMs: number): Promise<void>;
  /** Removes a finished item. */
  complete(queue: string, id: string): Promise<void>;
  /** Items in the queue, leased or not. */
  size(queue: string): Promise<number>;
  /**
   * Tells every process sharing this store, this one included, `message` on `channel`. Best effort: nothing is
   * kept, and a process that is not listening (or cut off from the store) at the time never hears it.
   */
  publish(channel: string, message: string): Promise<void>;
  /** Hears what any process sharing this store publishes on `channel`; the answer stops listening. */
  subscribe(channel: string, listener: (message: string) => void): () => void;
  /** Answers whether the store can be used right now (for /readyz); false rather than a rejection. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface Taken {
  taken: boolean;
  used: number;
  /** When none was free: when the oldest place frees up. */
  retryAfterMs: number;
  /** The place taken, for `renew`; only when one was. */
  place?: string;
}

export interface QueuedItem {
  id: string;
  payload: string;
  attempts: number;
}

export type Clock = () => number;
