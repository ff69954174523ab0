import type { MiddlewareHandler } from 'hono';
import type { AppEnv, EmulatorContext } from '../context.ts';
import { readAll } from '../request-schemas.ts';
import { message } from './http.ts';

export const DENIED = 'Authorization has been denied for this request.';
export const RATE_LIMITED = (seconds: number) => `Rate limit exceeded. Wait ${seconds} seconds.`;

/** The key travels as an `api_key` header or query parameter; either is enough. */
export function requireApiKey(context: EmulatorContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('api_key') ?? readAll(new URL(c.req.url), 'api_key')[0];
    if (key === undefined || !context.apiKeys.has(key)) return message(c, 401, DENIED);
    // A key without this tier is refused the same way: agentOS does not say which of the two it was.
    const tier = new URL(c.req.url).pathname.split('/')[2] ?? '';
    const granted = context.tiers.get(key);
    if (granted && ![...granted].some((one) => one === tier)) return message(c, 401, DENIED);
    c.set('apiKey', key);
    await next();
  };
}

/**
 * agentOS counts every request a key makes, whatever its outcome, and the load balancer (not the API) turns
 * a key that ignores a 429 away with a bare 403.
 */
export function rateLimit(context: EmulatorContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const decision = context.limiter?.check(c.get('apiKey')) ?? { outcome: 'allowed' };
    if (decision.outcome === 'blocked') return message(c, 403, 'Forbidden');
    if (decision.outcome === 'limited') {
      // Best guess: the Retry-After header; agentOS documents only the 60-second wait.
      c.header('Retry-After', String(decision.retryAfterSeconds));
      return message(c, 429, RATE_LIMITED(decision.retryAfterSeconds));
    }
    await next();
  };
}

/** A short name the key does not belong to is a company that does not exist. */
export function requireCompany(context: EmulatorContext): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.param('shortName') !== context.shortName) return message(c, 404, 'Company not found.');
    await next();
  };
}
