import { createHmac, timingSafeEqual } from 'node:crypto';

/** A working day and a bit: staff sign in once a shift. */
export const SESSION_MS = 8 * 60 * 60_000;
/** Keeps these MACs apart from manage links and form tokens, which the same secret signs. */
const DOMAIN = 'viewing-widget staff session\n';
const VERSION = 's1';

export type SessionCheck = { ok: true; keyId: string; expiresAt: Date } | { ok: false };

/**
 * Staff session tokens: `s1.<expiry seconds>.<key id>.<HMAC-SHA256>`, all base64url-safe. The token names the
 * key it was made with (by its id, never the key) and when it stops working; nothing else is kept anywhere.
 */
export class StaffSessions {
  constructor(private readonly secret: string) {}

  sign(keyId: string, expiresAt: Date): string {
    const payload = `${VERSION}.${Math.ceil(expiresAt.getTime() / 1000)}.${keyId}`;
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  verify(token: string, now: Date): SessionCheck {
    const parts = token.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) return { ok: false };
    const [, expiry = '', keyId = '', mac = ''] = parts;
    if (!/^\d{1,12}$/.test(expiry) || !/^[\w-]{1,64}$/.test(keyId) || !/^[\w-]{43}$/.test(mac)) {
      return { ok: false };
    }
    const expected = this.mac(`${VERSION}.${expiry}.${keyId}`);
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false };
    const expiresAt = new Date(Number(expiry) * 1000);
    if (expiresAt.getTime() <= now.getTime()) return { ok: false };
    return { ok: true, keyId, expiresAt };
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.secret).update(DOMAIN).update(payload).digest();
  }
}
