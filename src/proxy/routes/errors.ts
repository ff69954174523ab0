import type { Context, Hono } from 'hono';
import type { ErrorResponse } from '../../contract/index.ts';
import { UpstreamError } from '../../backends/index.ts';
import { AllowanceSpent } from '../allowance.ts';
import { errorResponse } from '../errors.ts';
import { LockTimeout } from '../lock.ts';
import type { Logger } from '../log.ts';
import type { Refusal, RefusalCode } from '../manage/service.ts';
import { tooManyRequests } from '../middleware.ts';
import { StoreUnavailableError } from '../store/index.ts';

/** How a refused change to a viewing is answered, whoever asked for it. */
const REFUSAL_STATUS = {
  invalid_token: 404,
  not_found: 404,
  link_expired: 410,
  booking_in_progress: 409,
  not_changeable: 409,
  change_window_closed: 409,
  slot_taken: 409,
  feedback_not_open: 409,
  feedback_given: 409,
  invalid_request: 422,
} as const satisfies Record<RefusalCode, number>;

export type RefusalStatus = (typeof REFUSAL_STATUS)[RefusalCode];

/** The status a refusal is answered with; `overrides` for a route whose callers see some refusals otherwise. */
export const statusOf = (
  refusal: Refusal,
  overrides: Partial<Record<RefusalCode, RefusalStatus>> = {},
): RefusalStatus => overrides[refusal.error.code] ?? REFUSAL_STATUS[refusal.error.code];

/** A refused change as its answer: the refusal's own words, with the status its code maps to. */
export const refusalAnswer = (
  c: Context,
  refusal: Refusal,
  overrides?: Partial<Record<RefusalCode, RefusalStatus>>,
): Response => c.json({ error: refusal.error } satisfies ErrorResponse, statusOf(refusal, overrides));

/**
 * What a change to a viewing that threw is answered with, when it is one a caller can act on: another change
 * holds the viewing's lock (try again shortly), or the upstream did not answer (nothing was changed). The
 * words are the route's, for the person who reads them; undefined for any other error.
 */
export function changeTrouble(
  c: Context,
  error: unknown,
  words: { locked: string; unreachable: string },
): Response | undefined {
  if (error instanceof LockTimeout) {
    c.header('Retry-After', '5');
    return errorResponse(c, 409, 'booking_in_progress', words.locked);
  }
  if (error instanceof UpstreamError) {
    return errorResponse(c, error.code === 'upstream_unavailable' ? 503 : 502, error.code, words.unreachable);
  }
  return undefined;
}

/** Runs a change's `work`, answering the trouble `changeTrouble` knows with `words`; any other error is thrown on. */
export async function answeringTrouble(
  c: Context,
  words: { locked: string; unreachable: string },
  work: () => Promise<Response>,
): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    const answer = changeTrouble(c, error, words);
    if (answer) return answer;
    throw error;
  }
}

/**
 * What a caller is told when no route matches or a route throws: a client's mistake is a 4xx, the upstream's
 * trouble a 502/503, the store's a 503 to try again; only a fault of the proxy's own is a 500.
 */
export function answerErrors(app: Hono, log: Logger): void {
  app.notFound((c) =>
    errorResponse(c, 404, 'not_found', `There is no ${c.req.method} ${new URL(c.req.url).pathname} here.`),
  );

  app.onError((error, c) => {
    if (error instanceof AllowanceSpent) {
      // The request log line beside this one names the route; the path itself can hold a manage token.
      log.warn('client_allowance_spent', { method: c.req.method });
      return tooManyRequests(c, error.retryAfterMs);
    }
    // The store says once that it stopped answering; each request only needs its answer. A budget shared
    // through the store cannot be read either, and the upstream is not to blame for that.
    if (
      error instanceof StoreUnavailableError ||
      (error instanceof UpstreamError && error.cause instanceof StoreUnavailableError)
    ) {
      c.header('Retry-After', '5');
      const change = c.req.method === 'POST' ? ', so this is not confirmed yet' : '';
      return errorResponse(
        c,
        503,
        'store_unavailable',
        `The booking service cannot reach its records for a moment${change}. Please try again in a few seconds.`,
      );
    }
    if (error instanceof UpstreamError) {
      log.warn('upstream_failed', { code: error.code, status: error.status, message: error.message });
      // After a failed booking call we cannot promise nothing was booked; a retry re-checks the slot live.
      const booking = c.req.method === 'POST' ? ', so your viewing is not confirmed yet' : '';
      const message =
        error.code === 'upstream_unavailable'
          ? `The agency’s booking system is not answering right now${booking}. Please try again in a minute.`
          : `The agency’s booking system gave an answer we could not use${booking}. Please try again later.`;
      return errorResponse(c, error.code === 'upstream_unavailable' ? 503 : 502, error.code, message);
    }
    log.error('unhandled', { message: error instanceof Error ? error.message : String(error) });
    return errorResponse(c, 500, 'internal', 'Something went wrong on our side. Please try again.');
  });
}
