import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './context.ts';

const TYPES: Partial<Record<number, string>> = {
  400: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
  401: 'https://tools.ietf.org/html/rfc9110#section-15.5.2',
  403: 'https://tools.ietf.org/html/rfc9110#section-15.5.4',
  404: 'https://tools.ietf.org/html/rfc9110#section-15.5.5',
  409: 'https://tools.ietf.org/html/rfc9110#section-15.5.10',
  429: 'https://tools.ietf.org/html/rfc6585#section-4',
  500: 'https://tools.ietf.org/html/rfc9110#section-15.6.1',
};

const TITLES: Partial<Record<number, string>> = {
  400: 'One or more validation errors occurred.',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'An error occurred while processing your request.',
};

/**
 * Best guess: the Connector's error format is not published; an ASP.NET Core API answers RFC 7807 problems
 * unless told otherwise. Settled by an error example in the API Reference or the Postman collection.
 *
 * An RFC 7807 problem, as ASP.NET Core writes them: `type`, `title`, `status`, `detail`, a `traceId`, and for
 * validation failures `errors` with a list of messages per field.
 */
export function problem(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  detail: string,
  extra: { errors?: Record<string, string[]>; [key: string]: unknown } = {},
): Response {
  c.header('Content-Type', 'application/problem+json; charset=utf-8');
  const traceId = c.get('traceId');
  return c.body(
    JSON.stringify({
      type: TYPES[status],
      title: TITLES[status] ?? 'Error',
      status,
      detail,
      ...extra,
      traceId,
    }),
    status,
  );
}

/** A validation problem naming each bad field. */
export const invalid = (c: Context<AppEnv>, errors: Record<string, string[]>) =>
  problem(c, 400, 'See the errors for the fields that are not valid.', { errors });
