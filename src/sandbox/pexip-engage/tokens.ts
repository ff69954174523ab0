import { createRandom } from '../shared/random.ts';

/** Scopes Pexip Engage grants to API clients; a route answers 403 to a token without its scope. */
export const SCOPES = [
  'engage:offices:readOnly',
  'engage:listings:readOnly',
  'engage:subjects:readOnly',
  'engage:employees:readOnly',
  'engage:availability:readOnly',
  'engage:customers:readOnly',
  'engage:customers:readWrite',
  'engage:appointments:readOnly',
  'engage:appointments:readWrite',
] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiClient {
  clientId: string;
  clientSecret: string;
  /** Scopes the client may be granted; all of them when absent. */
  scopes?: readonly Scope[];
}

export interface IssuedToken {
  accessToken: string;
  clientId: string;
  scopes: readonly string[];
  /** Epoch milliseconds on the emulator's clock. */
  expiresAt: number;
}

export type GrantOutcome =
  { ok: true; token: IssuedToken } | { ok: false; error: 'invalid_client' | 'invalid_scope' };

export interface TokenIssuer {
  grant(clientId: string, clientSecret: string, requestedScope: string | undefined): GrantOutcome;
  /** The token's grant, or undefined when it is unknown, revoked or expired. */
  verify(accessToken: string): IssuedToken | undefined;
  /** Every token stops working at once, as after a key rotation in the realm. */
  revokeAll(): void;
  lifetimeSeconds: number;
}

/**
 * The realm's client-credentials grant, as Keycloak (whose URL shape Pexip's auth server has) runs it: opaque
 * bearer tokens with a fixed lifetime on the emulator's clock, so a test can let one expire.
 */
export function createTokenIssuer(
  clients: readonly ApiClient[],
  lifetimeSeconds: number,
  now: () => Date,
): TokenIssuer {
  const random = createRandom('pexip:tokens');
  const tokens = new Map<string, IssuedToken>();
  const hex = (length: number) =>
    Array.from({ length }, () => Math.floor(random.next() * 16).toString(16)).join('');
  return {
    lifetimeSeconds,
    grant(clientId, clientSecret, requestedScope) {
      const client = clients.find((candidate) => candidate.clientId === clientId);
      if (!client || client.clientSecret !== clientSecret) return { ok: false, error: 'invalid_client' };
      const allowed: readonly string[] = client.scopes ?? SCOPES;
      const requested = requestedScope?.split(' ').filter(Boolean) ?? [];
      if (requested.some((scope) => !allowed.includes(scope))) return { ok: false, error: 'invalid_scope' };
      const token: IssuedToken = {
        accessToken: `sbx.${hex(32)}.${hex(16)}`,
        clientId,
        scopes: requested.length > 0 ? requested : allowed,
        expiresAt: now().getTime() + lifetimeSeconds * 1000,
      };
      tokens.set(token.accessToken, token);
      return { ok: true, token };
    },
    verify(accessToken) {
      const token = tokens.get(accessToken);
      if (!token) return undefined;
      if (token.expiresAt <= now().getTime()) {
        tokens.delete(accessToken);
        return undefined;
      }
      return token;
    },
    revokeAll: () => tokens.clear(),
  };
}
