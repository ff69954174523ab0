import { createHash } from 'node:crypto';

export interface Client {
  clientId: string;
  clientSecret: string;
}

export type TokenCheck = { ok: true; tenantId: string } | { ok: false; reason: 'unknown' | 'expired' };

export interface Tokens {
  issue(tenantId: string, clientId: string): { accessToken: string; refreshToken: string; expiresIn: number };
  check(token: string): TokenCheck;
  /** Every token issued so far stops working, as when an admin rotates the client secret. */
  revokeAll(): void;
}

/** Bearer tokens that expire on the emulator's clock, so a test can move time past their lifetime. */
export function createTokens(lifetimeSeconds: number, now: () => Date): Tokens {
  const issued = new Map<string, { tenantId: string; expiresAt: number }>();
  let count = 0;
  return {
    issue(tenantId, clientId) {
      // Opaque to the caller, as real tokens are; unique per issue and the same in every run.
      const accessToken = createHash('sha256')
        .update(`${tenantId}|${clientId}|${++count}`)
        .digest('base64url');
      issued.set(accessToken, { tenantId, expiresAt: now().getTime() + lifetimeSeconds * 1000 });
      // Best guess: the reference shows a refresh token but documents no call that takes it, so it is handed
      // out and never accepted anywhere; a client gets a new token with its credentials instead.
      const refreshToken = createHash('sha256').update(`refresh|${accessToken}`).digest('base64url');
      return { accessToken, refreshToken, expiresIn: lifetimeSeconds };
    },
    check(token) {
      const entry = issued.get(token);
      if (!entry) return { ok: false, reason: 'unknown' };
      if (now().getTime() >= entry.expiresAt) return { ok: false, reason: 'expired' };
      return { ok: true, tenantId: entry.tenantId };
    },
    revokeAll: () => issued.clear(),
  };
}
