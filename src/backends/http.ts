import type { z } from 'zod';
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
