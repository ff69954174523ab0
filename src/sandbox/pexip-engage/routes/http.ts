import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Paging } from '../request-schemas.ts';

/**
 * Pexip's error kinds, by status; `type` groups the codes, `code` names the exact problem. Best guess: the
 * reference shows `type` as a string without listing its values.
 */
const TYPES: Partial<Record<ContentfulStatusCode, string>> = {
  400: 'VALIDATION_ERROR',
  401: 'AUTHENTICATION_ERROR',
  403: 'AUTHORIZATION_ERROR',
  404: 'NOT_FOUND_ERROR',
  422: 'BUSINESS_VALIDATION_ERROR',
  429: 'RATE_LIMIT_ERROR',
  500: 'INTERNAL_ERROR',
};

/**
 * Errors are always `{errors:[{message, code, type, statusCode}]}`; Pexip sends `statusCode` as a string.
 * A code's parameters (`allowedStates` of `APPOINTMENT_STATUS_INVALID`) sit beside them: Best guess, the
 * error-codes page names the parameter but shows no body with it.
 */
export const problem = (
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  parameters: Record<string, unknown> = {},
) =>
  c.json(
    {
      errors: [{ message, code, type: TYPES[status] ?? 'ERROR', statusCode: String(status), ...parameters }],
    },
    status,
  );

export const invalid = (c: Context, message: string) => problem(c, 400, 'VALIDATION_FAILED', message);

/** `meta.totalCount` is the count before paging, so a client knows when to stop asking. */
export function page<T>(items: readonly T[], paging: Paging) {
  return {
    data: items.slice(paging.offset, paging.offset + paging.limit),
    meta: { offset: paging.offset, limit: paging.limit, totalCount: items.length },
  };
}

/** Reads a JSON body, or undefined when it is not JSON. */
export async function jsonBody(c: Context): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const text = await c.req.text();
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
