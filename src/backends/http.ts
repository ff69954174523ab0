import type { z } from 'zod';
import type { CallPriority, RateBudget } from './budget.ts';
import type { CircuitBreaker } from './resilience.ts';
import { UpstreamError } from './types.ts';

/** Every upstream call gives up after this long; a hung upstream must not hang a visitor. */
export const DEFAULT_TIMEOUT_MS = 10_000;

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Parses an upstream body with `schema`; anything unexpected becomes a clear `upstream_error`. */
export function parseUpstream<T extends z.ZodType>(
  system: string,
  what: string,
  schema: T,
  data: unknown,
): z.infer<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'unknown shape';
  throw new UpstreamError('upstream_error', `${system} sent an unexpected ${what} (${where})`, undefined, {
    cause: result.error,
  });
}

/** Reads a JSON body, or fails as the upstream's fault. */
export async function readJson(system: string, response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text === '' ? null : JSON.parse(text);
  } catch (cause) {
    throw new UpstreamError(
      'upstream_error',
      `${system} answered ${response.status} with a body that is not JSON`,
      response.status,
      { cause },
    );
  }
}

/** `fetch` with a timeout; network failures and timeouts become `upstream_unavailable`. */
export async function fetchWithTimeout(
  system: string,
  fetchImpl: FetchLike,
  url: URL,
  init: RequestInit,
  timeoutMs: number,
): Promise<Response> {
  // An explicit timer rather than AbortSignal.timeout(): a Request made from the options only follows our
  // signal weakly, and a collected timeout signal would never fire.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), timeoutMs);
  try {
    return await fetchImpl(url, { ...init, signal: controller.signal });
  } catch (cause) {
    const timedOut = controller.signal.aborted;
    throw new UpstreamError(
      'upstream_unavailable',
      timedOut ? `${system} did not answer within ${timeoutMs} ms` : `${system} could not be reached`,
      undefined,
      { cause },
    );
  } finally {
    clearTimeout(timer);
  }
}

/**
 * How long an upstream asked us to wait: `Retry-After` in seconds or as a date, else `RateLimit-Reset`,
 * else a minute.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number {
  const retryAfter = headers.get('retry-after');
  if (retryAfter && /^\d+$/.test(retryAfter.trim())) return Number(retryAfter) * 1000;
  const date = retryAfter ? Date.parse(retryAfter) : Number.NaN;
  if (Number.isFinite(date)) return Math.max(1000, date - now);
  const reset = Number(headers.get('ratelimit-reset'));
  return Number.isFinite(reset) && reset > 0 ? reset * 1000 : 60_000;
}

/** What every client needs to make one call to its upstream. */
export interface UpstreamLine {
  system: string;
  fetchImpl: FetchLike;
  budget: RateBudget;
  breaker: CircuitBreaker;
  timeoutMs: number;
}

/**
 * One upstream call, the same way for every system: behind the circuit breaker, within the rate budget, with
 * a timeout, and a 429 pausing every later call until the upstream said we may call again.
 */
export function callUpstream(
  line: UpstreamLine,
  priority: CallPriority,
  url: URL,
  init: RequestInit,
): Promise<Response> {
  const call = () =>
    line.budget.run(priority, async () => {
      const started = performance.now();
      const took = () => (performance.now() - started) / 1000;
      let response: Response;
      try {
        response = await fetchWithTimeout(line.system, line.fetchImpl, url, init, line.timeoutMs);
      } catch (error) {
        line.budget.meter?.called('unreachable', took());
        throw error;
      }
      line.budget.meter?.called(`${Math.floor(response.status / 100)}xx`, took());
      if (response.status === 429) line.budget.backOff(retryAfterMs(response.headers));
      return response;
    });
  // A run of 5xx answers or unreachable calls opens the circuit; 4xx answers are our mistakes, not its health.
  return line.breaker.run(line.system, call, (response) => response.status >= 500);
}

/** Query values as the clients hold them; a list repeats the name, undefined leaves it out. */
export type UpstreamQuery = Record<string, string | number | boolean | undefined | readonly string[]>;

/** `url` with the query appended in the one way every upstream reads it. */
export function withQuery(url: URL, query: UpstreamQuery): URL {
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(one));
  }
  return url;
}
