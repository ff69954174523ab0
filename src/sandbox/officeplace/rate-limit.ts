export interface RateLimitOptions {
  /** Requests allowed per tenant in any rolling window. */
  limit: number;
  windowMs: number;
}

/** OfficePlace's documented limit: 60 requests a minute. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 60, windowMs: 60_000 };

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  check(tenantId: string): RateDecision;
}

/** A rolling window per tenant. Refused requests are not counted, so waiting out Retry-After is enough. */
export function createRateLimiter(options: RateLimitOptions, clock: () => number = Date.now): RateLimiter {
  const served = new Map<string, number[]>();
  return {
    check(tenantId) {
      const now = clock();
      const times = (served.get(tenantId) ?? []).filter((at) => at > now - options.windowMs);
      served.set(tenantId, times);
      if (times.length >= options.limit) {
        const oldest = times[0] ?? now;
        return {
          allowed: false,
          retryAfterSeconds: Math.max(1, Math.ceil((oldest + options.windowMs - now) / 1000)),
        };
      }
      times.push(now);
      return { allowed: true };
    },
  };
}
