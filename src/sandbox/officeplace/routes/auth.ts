import type { Hono } from 'hono';
import type { AppEnv, EmulatorContext } from '../context.ts';
import { invalid, problem } from '../problem.ts';
import { TokenRequest, parseInput } from '../request-schemas.ts';

/**
 * Client credentials for a bearer token that lives `expiresIn` seconds, answered in the shape the chosen
 * variant documents: the API Reference's `{accessToken, refreshToken, expiresIn}` or the Authentication
 * Guide's `{token, expiresIn, tokenType}`.
 */
export function registerAuthRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  app.post('/:tenantId/authentication/token', async (c) => {
    let json: unknown;
    try {
      json = JSON.parse(await c.req.text());
    } catch {
      return invalid(c, { $: ['The request body must be JSON.'] });
    }
    const input = parseInput(TokenRequest, json);
    if (!input.ok) return invalid(c, input.errors);
    const client = context.clients.find(
      (candidate) =>
        candidate.clientId === input.data.clientId && candidate.clientSecret === input.data.clientSecret,
    );
    if (!client) return problem(c, 401, 'Invalid client credentials.');
    const { accessToken, refreshToken, expiresIn } = context.tokens.issue(
      context.seed.tenant.tenantId,
      client.clientId,
    );
    return context.variants.token === 'guide'
      ? c.json({ token: accessToken, expiresIn, tokenType: 'Bearer' })
      : c.json({ accessToken, refreshToken, expiresIn });
  });
}
