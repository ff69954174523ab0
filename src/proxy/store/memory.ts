import type { Clock, QueuedItem, Store } from './types.ts';

interface Entry {
  value: string;
  expires: number;
}

interface Job {
  payload: string;
  attempts: number;
  readyAt: number;
  seq: number;
}

/** State in this process only: for tests and for a single short-lived process that may lose it. */
export class MemoryStore implements Store {
  private readonly values = new Map<string, Entry>();
  private readonly windows = new Map<string, number[]>();
  private readonly queues = new Map<string, Map<string, Job>>();
  private seq = 0;

  constructor(private readonly now: Clock = () => Date.now()) {}

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

  async take(key: string, limit: number, windowMs: number) {
    const now = this.now();
    const hits = (this.windows.get(key) ?? []).filter((at) => at > now - windowMs);
    const taken = hits.length < limit;
    if (taken) hits.push(now);
    this.windows.set(key, hits);
    const retryAfterMs = taken ? 0 : Math.max(0, (hits[0] ?? now) + windowMs - now);
    return { taken, used: hits.length, retryAfterMs };
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

  async ping() {
    return true;
  }

  async close() {}
}
