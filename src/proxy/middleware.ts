import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { errorResponse } from './errors.ts';
import type { Logger } from './log.ts';
import { ANSWER_BUCKETS, type Metrics } from './metrics.ts';
import { MemoryStore, StoreUnavailableError, type Store } from './store/index.ts';
import { unmetered, upstreamAllowance, type Spend } from './allowance.ts';

const REQUEST_ID = /^[\w.:-]{8,64}$/;

/**
 * Gives every request an id (the caller's `X-Request-Id` if it is sane), answers with it, and logs one line
 * per request: method, route, status and time. Never the query or the body, which can hold personal data.
 */
export function requestLog(log: Logger, metrics: Metrics): MiddlewareHandler {
  const answered = metrics.histogram(
    'viewing_http_request_duration_seconds',
    'Requests answered, by route, method and status, and how long each took.',
    ['route', 'method', 'status'],
    ANSWER_BUCKETS,
  );
  return async (c, next) => {
    const given = c.req.header('x-request-id');
    const id = given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    const started = performance.now();
    // Before the answer is made, so that it goes in with the answer's own headers (see `securityHeaders`).
    c.header('X-Request-Id', id);
    await next();
    const matched = routePath(c, -1);
    const route = matched && matched !== '*' && matched !== '/*' ? matched : 'unmatched';
    const status = c.res.status;
    const { method } = c.req;
    const ms = performance.now() - started;
    answered({ route, method, status: String(status) }, ms / 1000);
    log.info('request', { requestId: id, method, route, status, ms: Math.round(ms) });
  };
}

const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Frame-Options', 'DENY'],
  // Photos are shown on the agency's own pages, another origin than the proxy's.
  ['Cross-Origin-Resource-Policy', 'cross-origin'],
  // The API's; a page the proxy serves (the manage and staff pages) or a picture sets its own over it.
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
];

/**
 * Headers that keep API answers from being sniffed, framed or leaking the page's address. Set before the
 * answer is made, so that it is made with them: set on it afterwards, each is a change to a finished answer's
 * headers, which under load costs more than the rest of answering from memory.
 */
export function securityHeaders(): MiddlewareHandler {
  return (c, next) => {
    for (const [name, value] of SECURITY_HEADERS) c.header(name, value);
    return next();
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

/** A limit is handed out in this many shares per window, so the shared store is asked once per share. */
const SHARES_PER_WINDOW = 20;
/** Keys whose shares this process remembers; past that, lapsed ones are forgotten. */
const MAX_HELD_KEYS = 10_000;

/** What this process holds of one key's window: a share being spent, or a refusal until a time. */
interface Held {
  left: number;
  /** When the share's place in the shared window lapses; what is left of it then is not spent. */
  until: number;
  blockedUntil: number;
  taking?: Promise<void>;
}

/**
 * Rolling-window limits counted in the shared store a share at a time. Each place taken in the store stands
 * for a twentieth of the limit, spent here without asking the store again: at one place per request, the
 * store's round trip (and, in memory, its walk over every hit in the window) costs more than the rest of a
 * cached answer. Every instance spends only shares it took, so the limit holds across instances, loosely:
 * a share is counted from when it was taken, so up to one more share can pass in a window that rolls on
 * mid-share, and a share that lapses unspent leaves the others that much less. A limit that is not a whole
 * number of shares is rounded down to one. Limits under forty take one place per request, exactly as counted
 * before. Once the store refuses, this process refuses too until the time the store gave, without asking.
 */
class SharedWindows {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly take: Store['take'],
    private readonly now: () => number,
  ) {}

  /**
   * Undefined when the request may go ahead; else how long until it may be tried again. Answered at once when
   * this process holds the answer (nearly always), and only else after asking the store.
   */
  admit(key: string, limit: number, windowMs: number): number | undefined | Promise<number | undefined> {
    const held = this.entry(key);
    const now = this.now();
    if (held.blockedUntil > now) return held.blockedUntil - now;
    if (held.left > 0 && held.until > now) {
      held.left--;
      return undefined;
    }
    const share = Math.max(1, Math.floor(limit / SHARES_PER_WINDOW));
    // Requests that arrive while a share is being taken wait for it, rather than each take one.
    held.taking ??= this.takeShare(held, key, Math.floor(limit / share), share, windowMs).finally(() => {
      held.taking = undefined;
    });
    return held.taking.then(() => this.admit(key, limit, windowMs));
  }

  private async takeShare(held: Held, key: string, places: number, share: number, windowMs: number) {
    const answer = await this.take(key, places, windowMs);
    const now = this.now();
    if (answer.taken) {
      held.left = share;
      held.until = now + windowMs;
    } else {
      held.left = 0;
      held.blockedUntil = now + answer.retryAfterMs;
    }
  }

  private entry(key: string): Held {
    let held = this.held.get(key);
    if (held) return held;
    if (this.held.size >= MAX_HELD_KEYS) this.forgetLapsed();
    held = { left: 0, until: 0, blockedUntil: 0 };
    this.held.set(key, held);
    return held;
  }

  /**
   * Makes room: drops every key whose share and refusal have both lapsed, and if that is not a tenth of them,
   * the oldest tenth, so that the next keys do not each walk the map again. Forgetting loses at most an unspent
   * part of a share, or a refusal the store gives again when asked: it never lets anyone past a limit.
   */
  private forgetLapsed(): void {
    const now = this.now();
    for (const [key, held] of this.held) {
      if (!held.taking && held.until <= now && held.blockedUntil <= now) this.held.delete(key);
    }
    for (const key of this.held.keys()) {
      if (this.held.size < MAX_HELD_KEYS * 0.9) break;
      this.held.delete(key);
    }
  }
}

/**
 * Per-address and per-site limits, counted in the shared store so that they hold across instances (see
 * `SharedWindows` for how closely). A visitor never gets near them; a script hammering the proxy is slowed
 * down before it costs the agency's upstream budget. Every API request passes here, those answered from memory
 * too: while the store is out, they are counted here.
 */
export function clientLimits(
  store: Store,
  limits: ClientLimits,
  clientIp: (c: Context) => string | undefined = () => undefined,
  now: () => number = Date.now,
): MiddlewareHandler {
  const windows = new SharedWindows(takeOrCountHere(store), now);
  return async (c, next) => {
    const ip = clientIp(c);
    const origin = c.req.header('origin');
    // Answered at once nearly always; awaited only when the store has to be asked.
    let retryAfterMs = ip ? windows.admit(`rl:ip:${ip}`, limits.perIp, 60_000) : undefined;
    if (retryAfterMs instanceof Promise) retryAfterMs = await retryAfterMs;
    if (retryAfterMs === undefined && origin) {
      retryAfterMs = windows.admit(`rl:origin:${origin}`, limits.perOrigin, 60_000);
      if (retryAfterMs instanceof Promise) retryAfterMs = await retryAfterMs;
    }
    if (retryAfterMs !== undefined) return tooManyRequests(c, retryAfterMs);
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
