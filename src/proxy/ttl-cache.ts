export interface TtlCacheOptions {
  /** How long a loaded value is fresh. */
  ttlMs: number;
  /**
   * How long after that an expired value may still be answered while one reload runs in the background
   * (stale-while-revalidate). 0: an expired value is never answered.
   */
  staleMs?: number;
  now?: () => number;
  maxEntries?: number;
  /** A background reload failed: the stale value stays until the next try. */
  onRefreshError?: (key: string, error: unknown) => void;
}

export type CacheOutcome = 'hit' | 'stale' | 'miss';

/** Loads a value; `background` is true for a refresh of a stale value that nobody waits on. */
export type Loader<V> = (background: boolean) => Promise<V>;

/**
 * A small time-limited cache that also coalesces: while a value is being loaded, every caller asking for the
 * same key waits on that one load instead of starting its own upstream call.
 */
export class TtlCache<V> {
  private readonly values = new Map<string, { value: V; expires: number }>();
  private readonly inFlight = new Map<string, Promise<V>>();
  private readonly ttlMs: number;
  private readonly staleMs: number;
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(private readonly options: TtlCacheOptions) {
    this.ttlMs = options.ttlMs;
    this.staleMs = options.staleMs ?? 0;
    this.now = options.now ?? (() => Date.now());
    this.maxEntries = options.maxEntries ?? 5_000;
  }

  get(key: string, load: Loader<V>): Promise<V> {
    return this.read(key, load).then(({ value }) => value);
  }

  /** Like `get`, and says whether the answer was fresh, stale (a reload started) or loaded for this call. */
  async read(key: string, load: Loader<V>): Promise<{ value: V; outcome: CacheOutcome }> {
    const hit = this.values.get(key);
    const now = this.now();
    if (hit && hit.expires > now) return { value: hit.value, outcome: 'hit' };
    if (hit && hit.expires + this.staleMs > now) {
      if (!this.inFlight.has(key)) {
        this.load(key, () => load(true)).catch((error: unknown) => this.options.onRefreshError?.(key, error));
      }
      return { value: hit.value, outcome: 'stale' };
    }
    return { value: await (this.inFlight.get(key) ?? this.load(key, () => load(false))), outcome: 'miss' };
  }

  /** Whether a fresh value is held for `key`. */
  has(key: string): boolean {
    return this.fresh(key) !== undefined;
  }

  /** The value held for `key` while it is fresh. */
  fresh(key: string): V | undefined {
    const hit = this.values.get(key);
    return hit !== undefined && hit.expires > this.now() ? hit.value : undefined;
  }

  /** Whether a load of `key` is under way. */
  loading(key: string): boolean {
    return this.inFlight.has(key);
  }

  /** A value loaded now: joins a load under way, or starts one whatever is held. */
  reload(key: string, load: () => Promise<V>): Promise<V> {
    return this.inFlight.get(key) ?? this.load(key, load);
  }

  /** Whether `key` is answered without waiting on a new load: a fresh or still-servable value, or one loading. */
  holds(key: string): boolean {
    const hit = this.values.get(key);
    return this.inFlight.has(key) || (hit !== undefined && hit.expires + this.staleMs > this.now());
  }

  /** Drops every entry whose key starts with `prefix`, e.g. all weeks of one property after a booking. */
  invalidate(prefix: string): void {
    for (const key of this.values.keys()) if (key.startsWith(prefix)) this.values.delete(key);
  }

  /**
   * Marks every entry whose key starts with `prefix` as expired but keeps it for the stale window: the next
   * read answers it at once and reloads in the background.
   */
  expire(prefix: string): void {
    const now = this.now();
    for (const [key, entry] of this.values) {
      if (key.startsWith(prefix) && entry.expires > now) entry.expires = now;
    }
  }

  private load(key: string, load: () => Promise<V>): Promise<V> {
    const started = load()
      .then((value) => {
        if (this.values.size >= this.maxEntries) this.evictExpired();
        this.values.set(key, { value, expires: this.now() + this.ttlMs });
        return value;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }

  private evictExpired(): void {
    const now = this.now();
    for (const [key, entry] of this.values) {
      if (entry.expires + this.staleMs <= now) this.values.delete(key);
    }
    // Still full of live entries: forget the oldest rather than grow without bound.
    while (this.values.size >= this.maxEntries) {
      const oldest = this.values.keys().next();
      if (oldest.done) break;
      this.values.delete(oldest.value);
    }
  }
}
