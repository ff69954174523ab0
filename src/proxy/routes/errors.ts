import type { Hono } from 'hono';
import { UpstreamError } from '../../backends/index.ts';
import { AllowanceSpent } from '../allowance.ts';
import { errorResponse } from '../errors.ts';
import type { Logger } from '../log.ts';
import { tooManyRequests } from '../middleware.ts';
import { StoreUnavailableError } from '../store/index.ts';

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
