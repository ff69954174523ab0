import type { MiddlewareHandler } from 'hono';
import type { AppEnv, EmulatorContext } from '../context.ts';
import { problem } from '../problem.ts';

/** A tenant the Connector does not host does not exist, whoever asks (Best guess: 404; not published). */
export function requireTenant(context: EmulatorContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.param('tenantId') !== context.seed.tenant.tenantId) return problem(c, 404, 'Tenant not found.');
    await next();
  };
}

/**
 * The documented 60 requests a minute, counted per tenant, token calls included: they are requests like any
 * other. Best guess: how it is counted (per tenant, rolling) and the answer past it (429 with Retry-After)
 * are not published.
 */
export function rateLimit(context: EmulatorContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const decision = context.limiter?.check(context.seed.tenant.tenantId) ?? { allowed: true };
    if (!decision.allowed) {
      c.header('Retry-After', String(decision.retryAfterSeconds));
      return problem(
        c,
        429,
        `Rate limit of requests per minute exceeded. Retry after ${decision.retryAfterSeconds} seconds.`,
      );
    }
    await next();
  };
}

/**
 * Every appointment call carries a bearer token for this tenant and, as the guide insists, the tenant id
 * again in a `tenantId` header; a mismatch between the two is refused before anything is read. A missing or
 * expired token is 401, as the Authentication Guide says. Best guess: a token of another tenant is 403 and a
 * missing or different `tenantId` header 400; neither is published.
 */
export function requireBearer(context: EmulatorContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    if (!match?.[1]) {
      c.header('WWW-Authenticate', 'Bearer');
      return problem(c, 401, 'A bearer token is required.');
    }
    const token = context.tokens.check(match[1]);
    if (!token.ok) {
      const description = token.reason === 'expired' ? 'The token expired' : 'The token is not valid';
      c.header('WWW-Authenticate', `Bearer error="invalid_token", error_description="${description}"`);
      return problem(c, 401, `${description}.`);
    }
    const tenantId = c.req.param('tenantId');
    if (token.tenantId !== tenantId) return problem(c, 403, 'The token was not issued for this tenant.');
    if (c.req.header('tenantId') !== tenantId) {
      return problem(c, 400, 'The tenantId header is required and must match the tenant in the path.', {
        errors: { tenantId: ['The tenantId header must match the tenant in the path.'] },
      });
    }
    await next();
  };
}
