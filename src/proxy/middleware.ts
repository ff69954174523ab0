import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { errorResponse } from './errors.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import { MemoryStore, StoreUnavailableError, type Store } from './store/index.ts';
import { unmetered, upstreamAllowance, type Spend } from './allowance.ts';

const REQUEST_ID = /^[\w.:-]{8,64}$/;

/**
 * Gives every request an id (the caller's `X-Request-Id` if it is sane), answers with it, and logs one line
 * per request: method, route, status and time. Never the query or the body, which can hold personal data.
 */
export function requestLog(log: Logger, metrics: Metrics): MiddlewareHandler {
  const count = metrics.counter('viewing_http_requests_total', 'Requests answered, by route and status.');
  return async (c, next) => {
    const given = c.req.header('x-request-id');
    const id = given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    const started = performance.now();
    await next();
    c.header('X-Request-Id', id);
    const matched = routePath(c, -1);
    const route = matched && matched !== '*' && matched !== '/*' ? matched : 'unmatched';
    count({ route, status: String(c.res.status) });
    log.info('request', {
      requestId: id,
      method: c.req.method,
      route,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  };
}

/** Headers that keep API answers from being sniffed, framed or leaking the page's address. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    // Photos are shown on the agency's own pages, another origin than the proxy's.
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    // A page the proxy serves (the manage page) sets its own policy, with a nonce for the widget's script.
    if (
      !c.res.headers.get('content-type')?.startsWith('image/') &&
      !c.res.headers.has('Content-Security-Policy')
    ) {
      c.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    }
  };
}

export interface ClientLimits {
  /** Requests per minute from one address. */
  perIp: number;
  /** Requests per minute from pages of one site. */
  perOrigin: number;
  /** Booking attempts per ten minutes from one address. */
  bookingsPerIp: number;
  /**
   * Upstream calls one address may cause a minute: free-time weeks nobody else had read, and booking
   * attempts. A quarter of agentOS's 50 by default, so no one client can take the agency's whole budget.
   */
  upstreamPerIp: number;
}

export const DEFAULT_CLIENT_LIMITS: ClientLimits = {
  perIp: 300,
  perOrigin: 6_000,
  bookingsPerIp: 10,
  upstreamPerIp: 8,
};

/**
 * Takes a place in the shared store's window, or, while the store cannot be reached, in this process's own:
 * an outage of the store then neither turns every request away nor lifts the limits (each instance holds
 * them alone until the store is back).
 */
function takeOrCountHere(store: Store): Store['take'] {
  const here = new MemoryStore();
  return async (key, limit, windowMs) => {
    try {
      return await store.take(key, limit, windowMs);
    } catch (error) {
      if (error instanceof StoreUnavailableError) return here.take(key, limit, windowMs);
      throw error;
    }
  };
}

/**
 * Per-address and per-site limits, counted in the shared store so that they hold across instances. A visitor
 * never gets near them; a script hammering the proxy is slowed down before it costs the agency's upstream budget.
 * Every API request passes here, those answered from memory too: while the store is out, they are counted here.
 */
export function clientLimits(
  store: Store,
  limits: ClientLimits,
  clientIp: (c: Context) => string | undefined = () => undefined,
): MiddlewareHandler {
  const take = takeOrCountHere(store);
  return async (c, next) => {
    const ip = clientIp(c);
    const origin = c.req.header('origin');
    const checks: [string, number, number][] = [];
    if (ip) checks.push([`rl:ip:${ip}`, limits.perIp, 60_000]);
    if (origin) checks.push([`rl:origin:${origin}`, limits.perOrigin, 60_000]);
    for (const [key, limit, windowMs] of checks) {
      const answer = await take(key, limit, windowMs);
      if (!answer.taken) return tooManyRequests(c, answer.retryAfterMs);
    }
    await next();
  };
}

/** 429 with the Retry-After the limit gives. */
export const tooManyRequests = (c: Context, retryAfterMs: number) => {
  c.header('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  return errorResponse(c, 429, 'rate_limited', 'Too many requests. Please wait a moment and try again.');
};

/**
 * One address's booking attempts (a move to another time books one too), taken by the route once the request
 * has been read and found sound: requests refused as malformed use up nothing, so nobody can spend another
 * visitor's allowance with junk. The answer refuses the attempt, or is undefined when it may go ahead.
 */
export function bookingAllowance(
  store: Store,
  limits: Pick<ClientLimits, 'bookingsPerIp'>,
  clientIp: (c: Context) => string | undefined = () => undefined,
): (c: Context) => Promise<Response | undefined> {
  return async (c) => {
    const ip = clientIp(c);
    if (!ip) return undefined;
    const answer = await store.take(`rl:book:${ip}`, limits.bookingsPerIp, 600_000);
    return answer.taken ? undefined : tooManyRequests(c, answer.retryAfterMs);
  };
}

/** The caller's share of the upstream budget, by address; a caller with no known address is not metered. */
export function clientSpend(
  store: Store,
  limits: Pick<ClientLimits, 'upstreamPerIp'>,
  clientIp: (c: Context) => string | undefined = () => undefined,
): (c: Context) => Spend {
  return (c) => {
    const ip = clientIp(c);
    return ip ? upstreamAllowance(store, ip, limits.upstreamPerIp) : unmetered;
  };
}
