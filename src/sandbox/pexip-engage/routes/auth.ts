import type { Context, Hono } from 'hono';
import type { AppEnv, EmulatorContext } from '../context.ts';
import { TokenRequest } from '../request-schemas.ts';

/**
 * The realm's OAuth2 token endpoint. It is Keycloak, not the Engage API, so it answers errors the OAuth2
 * way (`{error, error_description}`, RFC 6749 §5.2) rather than with the API's `{errors:[...]}`.
 */
export function registerAuthRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  app.post('/realms/:realm/protocol/openid-connect/token', async (c) => {
    if (c.req.param('realm') !== context.enterprise) {
      return c.json({ error: 'Realm does not exist' }, 404);
    }
    if (!/^application\/x-www-form-urlencoded\b/i.test(c.req.header('content-type') ?? '')) {
      return oauthError(c, 400, 'invalid_request', 'The body must be application/x-www-form-urlencoded.');
    }
    const form = Object.fromEntries(new URLSearchParams(await c.req.text()));
    // Keycloak takes the client's credentials from HTTP Basic (client_secret_basic) as well as the form.
    const basic = /^Basic\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (basic) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) {
        form.client_id ??= decodeURIComponent(decoded.slice(0, colon));
        form.client_secret ??= decodeURIComponent(decoded.slice(colon + 1));
      }
    }
    if (form.grant_type !== 'client_credentials') {
      return oauthError(
        c,
        400,
        'unsupported_grant_type',
        'Only the client_credentials grant is enabled for API clients.',
      );
    }
    const request = TokenRequest.safeParse(form);
    if (!request.success)
      return oauthError(c, 401, 'invalid_client', 'Invalid client or Invalid client credentials');
    const { client_id, client_secret, scope } = request.data;
    const outcome = context.tokens.grant(client_id, client_secret, scope);
    if (!outcome.ok) {
      return outcome.error === 'invalid_scope'
        ? oauthError(c, 400, 'invalid_scope', 'Invalid scopes: ' + (scope ?? ''))
        : oauthError(c, 401, 'invalid_client', 'Invalid client or Invalid client credentials');
    }
    c.header('Cache-Control', 'no-store');
    c.header('Pragma', 'no-cache');
    return c.json({
      access_token: outcome.token.accessToken,
      expires_in: context.tokens.lifetimeSeconds,
      refresh_expires_in: 0,
      token_type: 'Bearer',
      'not-before-policy': 0,
      scope: outcome.token.scopes.join(' '),
    });
  });
}

const oauthError = (c: Context, status: 400 | 401, error: string, description: string) =>
  c.json({ error, error_description: description }, status);
