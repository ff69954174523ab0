import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv, EmulatorContext } from './context.ts';
import type { FieldProblem, Paging } from './request-schemas.ts';

/** ActuallyCare's error codes, as its API reference lists them. */
export type ErrorCode =
  | 'UNAUTHORIZED'
  | 'VALIDATION_ERROR'
  | 'NOT_FOUND'
  | 'APPOINTMENT_CONFLICT'
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

/** `{success:false, error:{code, message, details}, correlationId, timestamp}`; 5xx also carry an errorId. */
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
