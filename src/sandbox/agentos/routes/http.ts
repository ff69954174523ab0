import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Paging } from '../request-schemas.ts';

/** ASP.NET Web API's error body: a single `Message`. */
export const message = (c: Context, status: ContentfulStatusCode, text: string) =>
  c.json({ Message: text }, status);

export const invalid = (c: Context, text: string) => message(c, 400, text);

/** `Count` is the total before paging, so a client knows when to stop asking. */
export function page<T>(items: readonly T[], paging: Paging) {
  return { Count: items.length, Data: items.slice(paging.offset, paging.offset + paging.count) };
}

/** The request body as JSON; not JSON at all is the caller's 400, worded by the route. */
export async function jsonBody(c: Context): Promise<{ ok: true; value: unknown } | { ok: false }> {
  try {
    return { ok: true, value: JSON.parse(await c.req.text()) };
  } catch {
    return { ok: false };
  }
}
