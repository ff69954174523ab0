import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A working day and a bit: staff sign in once a shift. */
export const SESSION_MS = 8 * 60 * 60_000;
/** Keeps these MACs apart from manage links and form tokens, which the same secret signs. */
const DOMAIN = 'viewing-widget staff session\n';
const VERSION = 's2';

export type SessionCheck = { ok: true; keyId: string; sessionId: string; expiresAt: Date } | { ok: false };

/**
 * Staff session tokens: `s2.<expiry seconds>.<key id>.<session id>.<HMAC-SHA256>`, all base64url-safe. The
 * token names the key it was made with (by its id, never the key), when it stops working, and itself by a
 * random id, which signing out puts on a list of ended sessions until the token would have expired anyway.
 */
export class StaffSessions {
  constructor(private readonly secret: string) {}

  sign(keyId: string, expiresAt: Date): string {
    const sessionId = randomBytes(16).toString('base64url');
    const payload = `${VERSION}.${Math.ceil(expiresAt.getTime() / 1000)}.${keyId}.${sessionId}`;
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  verify(token: string, now: Date): SessionCheck {
    const parts = token.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) return { ok: false };
    const [, expiry = '', keyId = '', sessionId = '', mac = ''] = parts;
    if (
      !/^\d{1,12}$/.test(expiry) ||
      !/^[\w-]{1,64}$/.test(keyId) ||
      !/^[\w-]{22}$/.test(sessionId) ||
      !/^[\w-]{43}$/.test(mac)
    ) {
      return { ok: false };
    }
    const expected = this.mac(`${VERSION}.${expiry}.${keyId}.${sessionId}`);
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false };
    const expiresAt = new Date(Number(expiry) * 1000);
    if (expiresAt.getTime() <= now.getTime()) return { ok: false };
    return { ok: true, keyId, sessionId, expiresAt };
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.secret).update(DOMAIN).update(payload).digest();
  }
}
