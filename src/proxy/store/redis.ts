import { Redis } from 'ioredis';
import type { Clock, QueuedItem, Store } from './types.ts';

/** Atomic on the server: Lua scripts run alone, so several proxy instances never race each other. */
const SCRIPTS = {
  deleteIf: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`,
  take: `
    local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
    redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
    local used = redis.call('ZCARD', KEYS[1])
    if used < limit then
      redis.call('ZADD', KEYS[1], now, ARGV[4])
      redis.call('PEXPIRE', KEYS[1], window)
      return {1, used + 1, 0}
    end
    local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
    return {0, used, math.max(0, tonumber(oldest[2]) + window - now)}`,
  // KEYS: payload hash, ready zset, attempts hash, order hash, counter.
  enqueue: `
    if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
      redis.call('HSET', KEYS[3], ARGV[1], 0)
      redis.call('ZADD', KEYS[2], 0, ARGV[1])
      redis.call('HSET', KEYS[4], ARGV[1], redis.call('INCR', KEYS[5]))
    end
    return 1`,
  claim: `
    local ready = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
    if #ready == 0 then return nil end
    local best, bestSeq = nil, nil
    for _, id in ipairs(ready) do
      local seq = tonumber(redis.call('HGET', KEYS[4], id))
      if bestSeq == nil or seq < bestSeq then best, bestSeq = id, seq end
    end
    redis.call('ZADD', KEYS[2], tonumber(ARGV[1]) + tonumber(ARGV[2]), best)
    local attempts = redis.call('HINCRBY', KEYS[3], best, 1)
    return {best, redis.call('HGET', KEYS[1], best), attempts}`,
  release: `if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1]) end return 1`,
  complete: `
    redis.call('HDEL', KEYS[1], ARGV[1]); redis.call('ZREM', KEYS[2], ARGV[1])
    redis.call('HDEL', KEYS[3], ARGV[1]); redis.call('HDEL', KEYS[4], ARGV[1]); return 1`,
};

/** Shared state for several proxy instances: cache, locks, idempotency, budgets and queued requests. */
export class RedisStore implements Store {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly now: Clock;

  constructor(url: string, options: { prefix?: string; now?: Clock } = {}) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2 });
    this.prefix = options.prefix ?? 'viewing:';
    this.now = options.now ?? (() => Date.now());
  }

  private k(key: string) {
    return this.prefix + key;
  }

  /** The keys of one queue, in the order the scripts take them: payload, ready, attempts, order, counter. */
  private q(queue: string): [string, string, string, string, string] {
    const base = `${this.prefix}q:${queue}:`;
    return [`${base}payload`, `${base}ready`, `${base}attempts`, `${base}order`, `${base}counter`];
  }

  async get(key: string) {
    return (await this.redis.get(this.k(key))) ?? undefined;
  }

  async set(key: string, value: string, options: { ttlMs?: number } = {}) {
    if (options.ttlMs) await this.redis.set(this.k(key), value, 'PX', Math.max(1, Math.round(options.ttlMs)));
    else await this.redis.set(this.k(key), value);
  }

  async setIfAbsent(key: string, value: string, options: { ttlMs?: number } = {}) {
    const answer = options.ttlMs
      ? await this.redis.set(this.k(key), value, 'PX', Math.max(1, Math.round(options.ttlMs)), 'NX')
      : await this.redis.set(this.k(key), value, 'NX');
    return answer === 'OK';
  }

  async deleteIf(key: string, expected: string) {
    return Number(await this.redis.eval(SCRIPTS.deleteIf, 1, this.k(key), expected)) === 1;
  }

  async delete(key: string) {
    await this.redis.del(this.k(key));
  }

  async take(key: string, limit: number, windowMs: number) {
    const now = this.now();
    const member = `${now}:${Math.random().toString(36).slice(2)}`;
    const answer: unknown = await this.redis.eval(
      SCRIPTS.take,
      1,
      this.k(`w:${key}`),
      now,
      windowMs,
      limit,
      member,
    );
    const [taken, used, retryAfterMs] = Array.isArray(answer) ? answer.map(Number) : [0, limit, windowMs];
    return { taken: taken === 1, used: used ?? limit, retryAfterMs: retryAfterMs ?? windowMs };
  }

  async enqueue(queue: string, id: string, payload: string) {
    await this.redis.eval(SCRIPTS.enqueue, 5, ...this.q(queue), id, payload);
  }

  async claim(queue: string, leaseMs: number): Promise<QueuedItem | undefined> {
    const answer: unknown = await this.redis.eval(
      SCRIPTS.claim,
      4,
      ...this.q(queue).slice(0, 4),
      this.now(),
      leaseMs,
    );
    if (!Array.isArray(answer)) return undefined;
    const [id, body, count] = answer;
    if (typeof id !== 'string' || typeof body !== 'string') return undefined;
    return { id, payload: body, attempts: Number(count) };
  }

  async release(queue: string, id: string, delayMs: number) {
    await this.redis.eval(SCRIPTS.release, 2, ...this.q(queue).slice(0, 2), id, this.now() + delayMs);
  }

  async complete(queue: string, id: string) {
    await this.redis.eval(SCRIPTS.complete, 4, ...this.q(queue).slice(0, 4), id);
  }

  async size(queue: string) {
    return this.redis.hlen(this.q(queue)[0]);
  }

  async ping() {
    try {
      return (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close() {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
