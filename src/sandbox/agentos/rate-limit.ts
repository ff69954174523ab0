export interface RateLimitOptions {
  /** Requests allowed per key within any `windowMs`. */
  limit: number;
  windowMs: number;
  /** How long a key that ignored a 429 stays blocked. */
  blockMs: number;
  /** The clock the window runs on, in ms; the real clock by default. */
  clock?: () => number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 50, windowMs: 60_000, blockMs: 300_000 };

export type RateDecision =
  { outcome: 'allowed' } | { outcome: 'limited'; retryAfterSeconds: number } | { outcome: 'blocked' };

export interface RateLimiter {
  check(key: string): RateDecision;
}

interface KeyState {
  /** Times of the requests that were served, oldest first. */
  served: number[];
  lastLimitedAt?: number;
  blockedUntil?: number;
}

/**
 * agentOS's limit: a rolling window per key, and a load-balancer block for keys that keep calling after a
 * 429. Only served requests fill the window, so a client that waits `windowMs` after a 429 is welcome again.
 */
export function createRateLimiter(
  options: RateLimitOptions,
  clock: () => number = options.clock ?? Date.now,
): RateLimiter {
  const keys = new Map<string, KeyState>();
  return {
    check(key) {
      const now = clock();
      const state = keys.get(key) ?? { served: [] };
      keys.set(key, state);

      if (state.blockedUntil !== undefined && now < state.blockedUntil) return { outcome: 'blocked' };
      if (state.lastLimitedAt !== undefined && now - state.lastLimitedAt < options.windowMs) {
        state.blockedUntil = now + options.blockMs;
        state.lastLimitedAt = undefined;
        return { outcome: 'blocked' };
      }

      while (state.served.length > 0 && (state.served[0] ?? now) <= now - options.windowMs)
        state.served.shift();
      if (state.served.length >= options.limit) {
        state.lastLimitedAt = now;
        return { outcome: 'limited', retryAfterSeconds: Math.ceil(options.windowMs / 1000) };
      }
      state.served.push(now);
      return { outcome: 'allowed' };
    },
  };
}
