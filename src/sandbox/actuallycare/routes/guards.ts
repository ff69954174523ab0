import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, EmulatorContext, KeyScopes } from '../context.ts';
import { fail } from '../envelope.ts';

/**
 * Best guess: a caller-supplied `X-Correlation-ID` is echoed back, otherwise one is made. Errors carry a
 * `correlationId` (errors page); where it comes from and that it is echoed in a header are not published.
 */
export function correlate(context: EmulatorContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = c.req.header('x-correlation-id');
    const id = given && /^[\w.:-]{1,100}$/.test(given) ? given : context.nextId('correlation');
    c.set('correlationId', id);
    c.header('X-Correlation-ID', id);
    await next();
  };
}

/**
 * The client's address: the connection's peer when served, else the first `X-Forwarded-For` hop (how the
 * real API sees callers behind its load balancer, and how in-memory tests act as different clients).
 */
function clientAddress(c: Context<AppEnv>): string {
  const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  if (forwarded) return forwarded;
  const env: unknown = c.env;
  if (typeof env === 'object' && env !== null && 'incoming' in env) {
    const incoming: unknown = env.incoming;
    if (typeof incoming === 'object' && incoming !== null && 'socket' in incoming) {
      const socket: unknown = incoming.socket;
      if (typeof socket === 'object' && socket !== null && 'remoteAddress' in socket) {
        const address: unknown = socket.remoteAddress;
        if (typeof address === 'string') return address;
      }
    }
  }
  return '127.0.0.1';
}

/** Counted per address before the key is looked at: the limit protects the API from anyone, keyed or not. */
export function rateLimit(context: EmulatorContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const decision = context.limiter?.hit(clientAddress(c));
    if (decision) {
      c.header('RateLimit-Limit', String(decision.limit));
      c.header('RateLimit-Remaining', String(decision.remaining));
      c.header('RateLimit-Reset', String(decision.resetSeconds));
      if (!decision.allowed) {
        c.header('Retry-After', String(decision.resetSeconds));
        return fail(context, c, 429, 'RATE_LIMIT_EXCEEDED', 'Too many requests, please try again later.', {
          retryAfter: decision.resetSeconds,
        });
      }
    }
    await next();
  };
}

/**
 * `X-API-Key` (the documented form) or `API-Key` ("also works"). A bad key answers the class-style code the
 * errors page says token-layer failures keep (`UnauthorizedError`).
 */
export function requireApiKey(context: EmulatorContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const holder = context.apiKeys.get(c.req.header('x-api-key') ?? c.req.header('api-key') ?? '');
    if (holder === undefined) return fail(context, c, 401, 'UnauthorizedError', 'Authentication required');
    c.set('userId', holder.userId);
    c.set('scopes', holder.scopes);
    await next();
  };
}

/**
 * "A key with no scopes gets 403 on everything": a key lacking the scope a route needs is refused the same
 * way. Best guess: the 403 body's code (`FORBIDDEN`) and the scope values (`read`, `write`) are not published.
 */
export function requireScope(
  context: EmulatorContext,
  resource: keyof KeyScopes,
  action: 'read' | 'write',
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const granted: readonly string[] = c.get('scopes')[resource];
    if (!granted.includes(action)) {
      return fail(context, c, 403, 'FORBIDDEN', `This API key lacks the ${resource}:${action} scope`);
    }
    await next();
  };
}
