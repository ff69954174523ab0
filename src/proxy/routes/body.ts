import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { errorResponse, invalidRequest } from '../errors.ts';

/** Refuses a request body over `maxBytes` before it is read. */
export const limitBody = (maxBytes: number): MiddlewareHandler =>
  bodyLimit({
    maxSize: maxBytes,
    onError: (c) => errorResponse(c, 413, 'payload_too_large', 'The request is too large.'),
  });

type Parsed<T> = { ok: true; data: T } | { ok: false; response: Response };

/** The JSON body parsed with `schema`; an empty body counts as `{}` where every field is optional. */
export async function readBody<T>(c: Context, schema: z.ZodType<T>, what: string): Promise<Parsed<T>> {
  const text = await c.req.text();
  let json: unknown = {};
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      return {
        ok: false,
        response: errorResponse(c, 422, 'invalid_request', `The body must be a JSON ${what}.`, {
          fields: { '(body)': 'must be JSON' },
        }),
      };
    }
  }
  const parsed = schema.safeParse(json);
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, response: invalidRequest(c, parsed.error, what) };
}

/**
 * A handler that first reads the body with `schema` and answers what is wrong with it, or else hands it to
 * `use` with whatever the handler around it passes on (the viewing, the member of staff).
 */
export const withBody =
  <T, Rest extends unknown[]>(
    schema: z.ZodType<T>,
    what: string,
    use: (c: Context, body: T, ...rest: Rest) => Promise<Response>,
  ) =>
  async (c: Context, ...rest: Rest): Promise<Response> => {
    const body = await readBody(c, schema, what);
    return body.ok ? use(c, body.data, ...rest) : body.response;
  };
