export interface RateLimitOptions {
  /** Requests one API client may make within any `windowMs`. */
  limit: number;
  windowMs: number;
}

/**
 * Pexip Engage publishes no figure; this is a Best guess in line with similar SaaS APIs, and low enough that
 * a proxy calling once per visitor would hit it.
 */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 100, windowMs: 60_000 };

export type RateDecision =
  { outcome: 'allowed'; remaining: number } | { outcome: 'limited'; retryAfterSeconds: number };

export interface RateLimiter {
  check(clientId: string): RateDecision;
  readonly limit: number;
}

/**
 * A rolling window per API client. Refused requests do not fill it, and `Retry-After` says exactly when
 * the oldest counted request leaves the window.
 */
export function createRateLimiter(options: RateLimitOptions, clock: () => number = Date.now): RateLimiter {
  const served = new Map<string, number[]>();
  return {
    limit: options.limit,
    check(clientId) {
      const now = clock();
      const times = (served.get(clientId) ?? []).filter((at) => at > now - options.windowMs);
      served.set(clientId, times);
      const oldest = times[0];
      if (times.length >= options.limit && oldest !== undefined) {
        return {
          outcome: 'limited',
          retryAfterSeconds: Math.max(1, Math.ceil((oldest + options.windowMs - now) / 1000)),
        };
      }
      times.push(now);
      return { outcome: 'allowed', remaining: options.limit - times.length };
    },
  };
}
