import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv, EmulatorContext } from './context.ts';
import type { FieldProblem, Paging } from './request-schemas.ts';

/**
 * The error codes this emulator answers. Published: `RATE_LIMIT_EXCEEDED` (rate limits page) and class-style
 * codes such as `UnauthorizedError` for a bad key (errors page). Best guess: `VALIDATION_ERROR`, `NOT_FOUND`,
 * `FORBIDDEN`, `VERSION_CONFLICT` and `INTERNAL_ERROR`; no code list is published.
 */
export type ErrorCode =
  | 'UnauthorizedError'
  | 'FORBIDDEN'
  | 'VALIDATION_ERROR'
  | 'NOT_FOUND'
  | 'VERSION_CONFLICT'
  | 'RATE_LIMIT_EXCEEDED'
  | 'INTERNAL_ERROR';

/** `{success, data, message?, timestamp}` around every answer. */
export function ok(
  context: EmulatorContext,
  c: Context<AppEnv>,
  data: unknown,
  status: ContentfulStatusCode = 200,
  message?: string,
): Response {
  return c.json(
    { success: true, data, ...(message ? { message } : {}), timestamp: context.now().toISOString() },
    status,
  );
}

/**
 * `{success:false, error:{code, message, details}, correlationId, timestamp}` (errors page, where `errorId`
 * and `correlationId` are optional). Best guess: that only 5xx carry an `errorId`, and that validation
 * `details` are a list of `{field, message}`.
 */
export function fail(
  context: EmulatorContext,
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  code: ErrorCode,
  message: string,
  details: FieldProblem[] | Record<string, unknown> | null = null,
): Response {
  return c.json(
    {
      success: false,
      error: { code, message, details },
      ...(status >= 500 ? { errorId: context.nextId('error') } : {}),
      correlationId: c.get('correlationId'),
      timestamp: context.now().toISOString(),
    },
    status,
  );
}

/** One page of a list under `data.<name>`, with `data.meta` saying where it is. */
export function page<T>(name: string, items: readonly T[], paging: Paging) {
  const total = items.length;
  const totalPages = Math.ceil(total / paging.limit);
  const offset = (paging.page - 1) * paging.limit;
  return {
    [name]: items.slice(offset, offset + paging.limit),
    meta: { page: paging.page, limit: paging.limit, total, totalPages, hasMore: paging.page < totalPages },
  };
}
