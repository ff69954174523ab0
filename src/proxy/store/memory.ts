import { Listeners } from './listeners.ts';
import type { Clock, QueuedItem, Store, Taken } from './types.ts';

interface Entry {
  value: string;
  expires: number;
}

interface Window {
  /** Oldest first. */
  hits: Array<{ at: number; place: string }>;
  windowMs: number;
}

interface Job {
  payload: string;
  attempts: number;
  readyAt: number;
  seq: number;
}

export interface MemoryStoreOptions {
  /**
   * Most rate-limit windows held at once; past it the least recently used is forgotten (its caller starts a fresh
   * window). Window keys carry what callers send (addresses, origins), so without a bound they grow with them.
   */
  maxWindows?: number;
}

/** Entries looked at for expiry on each write: more than a write adds, so the sweep always catches up. */
const SWEEP_PER_WRITE = 4;

/**
 * Looks at the next few entries of a map, going round, and drops those `gone` says are done with. A map's
 * iterator sees entries added after it started and skips deleted ones, so no entry is missed for long.
 */
function sweeper<V>(map: Map<string, V>, gone: (value: V) => boolean) {
  let cursor: Iterator<[string, V]> | undefined;
  return () => {
    for (let n = 0; n < SWEEP_PER_WRITE; n++) {
      cursor ??= map.entries();
      const next = cursor.next();
      if (next.done) {
        cursor = undefined;
        if (map.size === 0) return;
        continue;
      }
      if (gone(next.value[1])) map.delete(next.value[0]);
    }
  };
}

/**
 * State in this process only: for tests and for a single short-lived process that may lose it. Keys often come
 * from callers (Idempotency-Keys, addresses), so expired values and spent rate-limit windows are swept a few at
 * a time on every write, with no timer, whether or not anyone reads them again.
 */
export class MemoryStore implements Store {
  private readonly values = new Map<string, Entry>();
  private readonly windows = new Map<string, Window>();
  private readonly queues = new Map<string, Map<string, Job>>();
  private seq = 0;
  private readonly maxWindows: number;
  private readonly sweepValues = sweeper(this.values, (entry) => entry.expires <= this.now());
  private readonly sweepWindows = sweeper(
    this.windows,
    ({ hits, windowMs }) => (hits.at(-1)?.at ?? -Infinity) <= this.now() - windowMs,
  );

  constructor(
    private readonly now: Clock = () => Date.now(),
    options: MemoryStoreOptions = {},
  ) {
    this.maxWindows = options.maxWindows ?? 100_000;
  }

  /** How many values and rate-limit windows are held (expired ones not yet swept included). */
  held(): { values: number; windows: number } {
    return { values: this.values.size, windows: this.windows.size };
  }

  private live(key: string): Entry | undefined {
    const entry = this.values.get(key);
    if (entry && entry.expires <= this.now()) {
      this.values.delete(key);
      return undefined;
    }
    return entry;
  }

  async get(key: string) {
    return this.live(key)?.value;
  }

  async set(key: string, value: string, options: { ttlMs?: number } = {}) {
    this.sweepValues();
    this.values.set(key, { value, expires: options.ttlMs ? this.now() + options.ttlMs : Infinity });
  }

  async setIfAbsent(key: string, value: string, options: { ttlMs?: number } = {}) {
    if (this.live(key)) return false;
    await this.set(key, value, options);
    return true;
  }

  async deleteIf(key: string, expected: string) {
    if (this.live(key)?.value !== expected) return false;
    this.values.delete(key);
    return true;
  }

  async delete(key: string) {
    this.values.delete(key);
  }

  async take(key: string, limit: number, windowMs: number): Promise<Taken> {
    this.sweepWindows();
    const now = this.now();
    const hits = (this.windows.get(key)?.hits ?? []).filter((hit) => hit.at > now - windowMs);
    const place = hits.length < limit ? String(this.seq++) : undefined;
    if (place) hits.push({ at: now, place });
    this.keep(key, { hits, windowMs });
    const retryAfterMs = place ? 0 : Math.max(0, (hits[0]?.at ?? now) + windowMs - now);
    return { taken: place !== undefined, used: hits.length, retryAfterMs, ...(place ? { place } : {}) };
  }

  async renew(key: string, place: string, windowMs: number) {
    const now = this.now();
    const hits = (this.windows.get(key)?.hits ?? []).filter((hit) => hit.place !== place);
    hits.push({ at: now, place });
    this.keep(key, { hits, windowMs: Math.max(windowMs, this.windows.get(key)?.windowMs ?? 0) });
  }

  /** Deleted and set again so the map's order is least recently used first: the one forgotten past the cap. */
  private keep(key: string, window: Window) {
    this.windows.delete(key);
    this.windows.set(key, window);
    if (this.windows.size > this.maxWindows) {
      const oldest = this.windows.keys().next();
      if (!oldest.done) this.windows.delete(oldest.value);
    }
  }

  private queue(name: string) {
    let queue = this.queues.get(name);
    if (!queue) this.queues.set(name, (queue = new Map()));
    return queue;
  }

  async enqueue(name: string, id: string, payload: string) {
    const queue = this.queue(name);
    if (!queue.has(id)) queue.set(id, { payload, attempts: 0, readyAt: 0, seq: this.seq++ });
  }

  async claim(name: string, leaseMs: number): Promise<QueuedItem | undefined> {
    const now = this.now();
    let best: [string, Job] | undefined;
    for (const entry of this.queue(name)) {
      if (entry[1].readyAt <= now && (!best || entry[1].seq < best[1].seq)) best = entry;
    }
    if (!best) return undefined;
    const [id, job] = best;
    job.attempts++;
    job.readyAt = now + leaseMs;
    return { id, payload: job.payload, attempts: job.attempts };
  }

  async release(name: string, id: string, delayMs: number) {
    const job = this.queue(name).get(id);
    if (job) job.readyAt = this.now() + delayMs;
  }

  async complete(name: string, id: string) {
    this.queue(name).delete(id);
  }

  async size(name: string) {
    return this.queue(name).size;
  }

  private readonly listeners = new Listeners();

  async publish(channel: string, message: string) {
    this.listeners.tell(channel, message);
  }

  subscribe(channel: string, listener: (message: string) => void) {
    return this.listeners.add(channel, listener);
  }

  async ping() {
    return true;
  }

  async close() {}
}
