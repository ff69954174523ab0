export interface RateLimitOptions {
  /** Requests allowed per client address in each window. */
  limit: number;
  windowMs: number;
}

/** ActuallyCare's documented limit: 500 requests per IP per 15 minutes. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 500, windowMs: 15 * 60_000 };

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window starts over: `RateLimit-Reset`, and `Retry-After` when refused. */
  resetSeconds: number;
}

export interface RateLimiter {
  hit(address: string): RateDecision;
}

/**
 * 500 per address per 15 minutes is published. Best guess: how the window runs, a fixed window per client
 * address that starts with its first request, as Express's rate limiter (which ActuallyCare's headers and
 * error code look like) counts; refused requests count too.
 */
export function createRateLimiter(options: RateLimitOptions, clock: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { startedAt: number; hits: number }>();
  return {
    hit(address) {
      const now = clock();
      let window = windows.get(address);
      if (!window || now - window.startedAt >= options.windowMs) {
        window = { startedAt: now, hits: 0 };
        windows.set(address, window);
      }
      window.hits++;
      return {
        allowed: window.hits <= options.limit,
        limit: options.limit,
        remaining: Math.max(0, options.limit - window.hits),
        resetSeconds: Math.max(1, Math.ceil((window.startedAt + options.windowMs - now) / 1000)),
      };
    },
  };
}
