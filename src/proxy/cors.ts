import type { MiddlewareHandler } from 'hono';
import { errorResponse } from './errors.ts';

export interface OriginPolicy {
  /** Exact origins, e.g. `https://www.agency.example`. */
  allowedOrigins: readonly string[];
  /** The sandbox accepts any `http://localhost:*` or `http://127.0.0.1:*` page. */
  allowLocalhost: boolean;
}

const LOCALHOST = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/** The proxy's own origin is only worked out when the listed ones do not settle it: parsing a URL costs. */
export function isAllowedOrigin(origin: string, policy: OriginPolicy, ownOrigin: () => string): boolean {
  return (
    policy.allowedOrigins.includes(origin) ||
    (policy.allowLocalhost && LOCALHOST.test(origin)) ||
    origin === ownOrigin()
  );
}

/**
 * CORS for the widget's pages, and a refusal for everyone else's: a page on a site that is not on the list
 * cannot read availability or book through the agency's proxy. Requests with no Origin (servers, curl) pass.
 */
export function originGuard(policy: OriginPolicy): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (!origin) return next();
    if (!isAllowedOrigin(origin, policy, () => new URL(c.req.url).origin)) {
      return errorResponse(
        c,
        403,
        'forbidden_origin',
        `Pages on ${origin} may not use this booking service.`,
      );
    }
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Vary', 'Origin', { append: true });
    if (c.req.method === 'OPTIONS') {
      c.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      c.header('Access-Control-Allow-Headers', 'Content-Type, Idempotency-Key');
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    await next();
  };
}
