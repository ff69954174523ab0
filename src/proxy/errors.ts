import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import type { ApiError, ErrorCode, ErrorResponse } from '../contract/index.ts';

/** Every error leaves the proxy as `{error:{code, message, ...}}`. */
export function errorResponse(
  c: Context,
  status: ContentfulStatusCode,
  code: ErrorCode,
  message: string,
  extra: Omit<ApiError, 'code' | 'message'> = {},
): Response {
  const body: ErrorResponse = { error: { code, message, ...extra } };
  return c.json(body, status);
}

/** zod issues as `{ 'guest.email': 'Enter an email address…' }`, the first message per field. */
export function fieldErrors(error: z.ZodError, prefix = ''): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)';
    fields[path] ??= issue.message;
  }
  return fields;
}

export function invalidRequest(c: Context, error: z.ZodError, what: string, prefix = ''): Response {
  const fields = fieldErrors(error, prefix);
  const count = Object.keys(fields).length;
  return errorResponse(
    c,
    422,
    'invalid_request',
    `The ${what} has ${count === 1 ? 'a problem' : `${count} problems`}: ${Object.entries(fields)
      .map(([field, message]) => `${field}: ${message}`)
      .join('; ')}`,
    { fields },
  );
}

/** A home the catalog does not have: never advertised, or let or sold since. */
export const noSuchHome = (c: Context): Response =>
  errorResponse(c, 404, 'not_found', 'There is no such property, or it is no longer advertised.');
