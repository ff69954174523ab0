import type { MiddlewareHandler } from 'hono';
import type { AppEnv, EmulatorContext } from '../context.ts';
import type { Scope } from '../tokens.ts';
import { problem } from './http.ts';

/** The path's enterprise must be the one the emulator plays; another one does not exist. */
export function requireEnterprise(context: EmulatorContext): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.param('enterprise') !== context.enterprise) {
      return problem(
        c,
        404,
        'ENTERPRISE_NOT_FOUND',
        `Enterprise ${c.req.param('enterprise')} was not found.`,
      );
    }
    await next();
  };
}

/**
 * A bearer token from the realm's token endpoint, not expired; anything else is a 401 with a challenge.
 * Best guess: the codes of 401, 403 (a missing scope) and 404 (another enterprise) are not published.
 */
export function requireToken(context: EmulatorContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    const token = match?.[1] ? context.tokens.verify(match[1]) : undefined;
    if (!token) {
      c.header('WWW-Authenticate', `Bearer realm="${context.enterprise}", error="invalid_token"`);
      return problem(c, 401, 'UNAUTHORIZED', 'The access token is missing, invalid or expired.');
    }
    c.set('token', token);
    await next();
  };
}

/** Counted per API client after authentication; a refused request does not use up the window. */
export function rateLimit(context: EmulatorContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const limiter = context.limiter;
    if (!limiter) return next();
    const decision = limiter.check(c.get('token').clientId);
    c.header('RateLimit-Limit', String(limiter.limit));
    if (decision.outcome === 'limited') {
      c.header('Retry-After', String(decision.retryAfterSeconds));
      c.header('RateLimit-Remaining', '0');
      return problem(
        c,
        429,
        'TOO_MANY_REQUESTS',
        `Rate limit exceeded. Retry after ${decision.retryAfterSeconds} seconds.`,
      );
    }
    c.header('RateLimit-Remaining', String(decision.remaining));
    await next();
  };
}

/** A read route accepts its readOnly scope or the readWrite one; a write route only readWrite. */
export function requireScope(...accepted: Scope[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const granted = c.get('token').scopes;
    if (!accepted.some((scope) => granted.includes(scope))) {
      return problem(c, 403, 'INSUFFICIENT_SCOPE', `This request needs the scope ${accepted.join(' or ')}.`);
    }
    await next();
  };
}
