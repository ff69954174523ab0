import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { silentLogger, type Logger } from '../log.ts';
import { Listeners } from './listeners.ts';
import type { Clock, QueuedItem, Store } from './types.ts';
import { StoreUnavailableError } from './unavailable.ts';

/** Atomic on the server: Lua scripts run alone, so several proxy instances never race each other. */
const SCRIPTS = {
  deleteIf: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`,
  // KEYS: the key, this call's own marker. ARGV: value, ttl in ms (0: none), how long the marker lasts.
  setIfAbsent: `
    local set
    if ARGV[2] == '0' then set = redis.call('SET', KEYS[1], ARGV[1], 'NX')
    else set = redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') end
    if not set then return 0 end
    redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
    return 1`,
  // Takes back what one setIfAbsent set, found by its marker: another caller's equal value is left alone.
  undoSetIfAbsent: `
    if redis.call('DEL', KEYS[2]) == 1 and redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
    return 1`,
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
  // Counts a place from now; PEXPIRE only ever lengthens the window's life, as `now` is its newest member.
  renew: `
    redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return 1`,
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

export interface RedisStoreOptions {
  /** Put before every key, so several proxies (or tests) can share one Redis. Default `viewing:`. */
  prefix?: string;
  now?: Clock;
  /**
   * How long one command may take before its caller gets `StoreUnavailableError`: far longer than a healthy
   * Redis takes (a millisecond or two), and the longest a frozen Redis holds a request up. Only the calls
   * already sent wait that long; later ones fail at once until Redis answers again. Default 1500 ms.
   */
  timeoutMs?: number;
  /** Told once when Redis stops answering and once when it is back: never per call. */
  log?: Logger;
}

const DEFAULT_REDIS_TIMEOUT_MS = 1_500;
/** While Redis is not answering, it is asked this often whether it is back. */
const PROBE_MS = 250;
/** How long a setIfAbsent's marker lasts: long enough for its undo, sent right behind it, to find it. */
const MARKER_MS = 60_000;
/** Replies that mean "not now" rather than a mistake in the command: loading, a replica, out of memory, busy. */
const NOT_NOW = /^(LOADING|BUSY|READONLY|MISCONF|OOM|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|NOREPLICAS)\b/;

/**
 * What a Redis keeps across a restart, as it says of itself: an append-only file (all but the last second, with
 * the default fsync), snapshots only (what changed since the last one is lost), nothing, or unknown (its
 * CONFIG command is not allowed, as on some managed services, and INFO shows no append-only file).
 */
export type RedisPersistence = 'aof' | 'rdb' | 'none' | 'unknown';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Shared state for several proxy instances: cache, locks, idempotency, budgets and queued requests.
 *
 * Redis that is down, restarting or frozen never hangs a caller: every command gives up after `timeoutMs`,
 * and from the first one that does, every call fails at once (`StoreUnavailableError`) until Redis answers a
 * ping or reconnects. A command that gave up may still run later (a frozen Redis reads it when it wakes);
 * a command its caller was told failed is never resent after a reconnect, and a `setIfAbsent` (a lock, a
 * claim, a "seen" mark) is taken back right behind it, so no lock or claim outlives a failure it reported.
 */
export class RedisStore implements Store {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly now: Clock;
  private readonly log: Logger;
  /** When Redis stopped answering; undefined while it answers. */
  private downSince: number | undefined;
  /** Why this Redis may not be used at all (see `refuse`); every call fails with it. */
  private refusal: string | undefined;
  private probe: ReturnType<typeof setInterval> | undefined;
  private closing = false;

  constructor(url: string, options: RedisStoreOptions = {}) {
    this.redis = new Redis(url, {
      commandTimeout: options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS,
      // A lost connection fails the commands on it at once instead of keeping them for a reconnect…
      maxRetriesPerRequest: 0,
      // …and a command its caller already took as failed is never sent again after one.
      autoResendUnfulfilledCommands: false,
      // A restarted Redis is used again within a second.
      retryStrategy: (times) => Math.min(times * 100, 1_000),
    });
    this.prefix = options.prefix ?? 'viewing:';
    this.now = options.now ?? (() => Date.now());
    this.log = options.log ?? silentLogger;
    // A connection Redis closed is simply made again (commands wait for it, briefly); one that cannot be made
    // is an outage. Without a listener ioredis would also print every failed attempt; it is logged once, below.
    this.redis.on('error', (error: unknown) => this.wentDown(error));
    this.redis.on('ready', () => this.cameBack());
  }

  private wentDown(error: unknown): void {
    if (this.closing || this.downSince !== undefined) return;
    this.downSince = Date.now();
    this.log.warn('store_unreachable', { store: 'redis', message: messageOf(error) });
    // A frozen Redis keeps its connection: only an answer tells that it is back. A closed connection is
    // reopened by ioredis, whose `ready` says so.
    this.probe = setInterval(() => {
      if (this.redis.status === 'ready')
        this.redis.ping().then(
          () => this.cameBack(),
          () => undefined,
        );
    }, PROBE_MS);
    this.probe.unref?.();
  }

  private cameBack(): void {
    if (this.downSince === undefined) return;
    this.log.info('store_reachable', { store: 'redis', downMs: Date.now() - this.downSince });
    this.downSince = undefined;
    clearInterval(this.probe);
    this.probe = undefined;
  }

  /**
   * Runs one call to Redis; trouble reaching it becomes `StoreUnavailableError`. A reply Redis gave to a
   * command it could not run (a script's bug) is a bug here too, and passes as it is.
   */
  private async run<T>(call: (redis: Redis) => Promise<T>, refusable = true): Promise<T> {
    if (refusable && this.refusal !== undefined) throw new StoreUnavailableError(this.refusal);
    if (this.downSince !== undefined) throw new StoreUnavailableError('Redis is not answering.');
    try {
      return await call(this.redis);
    } catch (error) {
      if (error instanceof Error && error.name === 'ReplyError') {
        if (!NOT_NOW.test(error.message)) throw error;
        throw new StoreUnavailableError(`Redis refused: ${error.message}`, { cause: error });
      }
      this.wentDown(error);
      throw new StoreUnavailableError(`Redis did not answer: ${messageOf(error)}`, { cause: error });
    }
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
    return (await this.run((redis) => redis.get(this.k(key)))) ?? undefined;
  }

  async set(key: string, value: string, options: { ttlMs?: number } = {}) {
    const ttlMs = options.ttlMs;
    await this.run((redis) =>
      ttlMs
        ? redis.set(this.k(key), value, 'PX', Math.max(1, Math.round(ttlMs)))
        : redis.set(this.k(key), value),
    );
  }

  async setIfAbsent(key: string, value: string, options: { ttlMs?: number } = {}) {
    const marker = `${this.prefix}set-by:${randomBytes(12).toString('base64url')}`;
    const ttlMs = options.ttlMs ? Math.max(1, Math.round(options.ttlMs)) : 0;
    let sent = false;
    try {
      const answer = await this.run((redis) => {
        sent = true;
        return redis.eval(SCRIPTS.setIfAbsent, 2, this.k(key), marker, value, ttlMs, MARKER_MS);
      });
      return Number(answer) === 1;
    } catch (error) {
      // Sent and unanswered, it may still run. Its caller takes it as not set (a lock not held, a claim not
      // made), so it is undone right behind it on the same connection, where Redis runs it next.
      if (sent && error instanceof StoreUnavailableError) {
        this.redis.eval(SCRIPTS.undoSetIfAbsent, 2, this.k(key), marker, value).catch(() => undefined);
      }
      throw error;
    }
  }

  async deleteIf(key: string, expected: string) {
    return Number(await this.run((redis) => redis.eval(SCRIPTS.deleteIf, 1, this.k(key), expected))) === 1;
  }

  async delete(key: string) {
    await this.run((redis) => redis.del(this.k(key)));
  }

  async take(key: string, limit: number, windowMs: number) {
    const now = this.now();
    const member = `${now}:${Math.random().toString(36).slice(2)}`;
    const answer: unknown = await this.run((redis) =>
      redis.eval(SCRIPTS.take, 1, this.k(`w:${key}`), now, windowMs, limit, member),
    );
    const [taken, used, retryAfterMs] = Array.isArray(answer) ? answer.map(Number) : [0, limit, windowMs];
    return {
      taken: taken === 1,
      used: used ?? limit,
      retryAfterMs: retryAfterMs ?? windowMs,
      ...(taken === 1 ? { place: member } : {}),
    };
  }

  async renew(key: string, place: string, windowMs: number) {
    await this.run((redis) => redis.eval(SCRIPTS.renew, 1, this.k(`w:${key}`), this.now(), windowMs, place));
  }

  async enqueue(queue: string, id: string, payload: string) {
    await this.run((redis) => redis.eval(SCRIPTS.enqueue, 5, ...this.q(queue), id, payload));
  }

  async claim(queue: string, leaseMs: number): Promise<QueuedItem | undefined> {
    const answer: unknown = await this.run((redis) =>
      redis.eval(SCRIPTS.claim, 4, ...this.q(queue).slice(0, 4), this.now(), leaseMs),
    );
    if (!Array.isArray(answer)) return undefined;
    const [id, body, count] = answer;
    if (typeof id !== 'string' || typeof body !== 'string') return undefined;
    return { id, payload: body, attempts: Number(count) };
  }

  async release(queue: string, id: string, delayMs: number) {
    await this.run((redis) =>
      redis.eval(SCRIPTS.release, 2, ...this.q(queue).slice(0, 2), id, this.now() + delayMs),
    );
  }

  async complete(queue: string, id: string) {
    await this.run((redis) => redis.eval(SCRIPTS.complete, 4, ...this.q(queue).slice(0, 4), id));
  }

  async size(queue: string) {
    return this.run((redis) => redis.hlen(this.q(queue)[0]));
  }

  /** A second connection, made on the first `subscribe`: one that subscribes can send nothing else. */
  private subscriber: Redis | undefined;
  private readonly listeners = new Listeners();

  async publish(channel: string, message: string) {
    await this.run((redis) => redis.publish(this.k(`ch:${channel}`), message));
  }

  subscribe(channel: string, listener: (message: string) => void) {
    const name = this.k(`ch:${channel}`);
    if (!this.subscriber) {
      const subscriber = this.redis.duplicate({
        // It only waits for messages: no command of its own should time out, and it resubscribes after a
        // reconnect by itself.
        commandTimeout: undefined,
      });
      // Its outages are the main connection's too, and told there.
      subscriber.on('error', () => undefined);
      subscriber.on('message', (from: string, message: string) => this.listeners.tell(from, message));
      this.subscriber = subscriber;
    }
    const subscriber = this.subscriber;
    const fresh = !this.listeners.has(name);
    const stop = this.listeners.add(name, listener);
    if (fresh) subscriber.subscribe(name).catch(() => undefined);
    return () => {
      stop();
      if (!this.listeners.has(name) && !this.closing) subscriber.unsubscribe(name).catch(() => undefined);
    };
  }

  /** What this Redis keeps across a restart; rejects with `StoreUnavailableError` while it does not answer. */
  async persistence(): Promise<RedisPersistence> {
    return this.run(async (redis) => {
      try {
        const [, appendonly] = (await redis.config('GET', 'appendonly')) as string[];
        if (appendonly === 'yes') return 'aof';
        const [, save] = (await redis.config('GET', 'save')) as string[];
        return save?.trim() ? 'rdb' : 'none';
      } catch (error) {
        if (!(error instanceof Error && error.name === 'ReplyError') || NOT_NOW.test(error.message))
          throw error;
        // CONFIG is renamed or not allowed: INFO still says whether the append-only file is on.
        return /^aof_enabled:1\s*$/m.test(await redis.info('persistence')) ? 'aof' : 'unknown';
      }
    }, false);
  }

  /**
   * Until `allow`, every call but `persistence` fails with `StoreUnavailableError(reason)`: for a Redis not
   * known to be fit for use.
   */
  refuse(reason: string): void {
    this.refusal = reason;
  }

  allow(): void {
    this.refusal = undefined;
  }

  async ping() {
    if (this.refusal !== undefined || this.downSince !== undefined) return false;
    try {
      return (await this.run((redis) => redis.ping())) === 'PONG';
    } catch {
      return false;
    }
  }

  async close() {
    this.closing = true;
    clearInterval(this.probe);
    this.probe = undefined;
    this.subscriber?.disconnect();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
