import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { errorResponse } from '../errors.ts';
import type { Logger } from '../log.ts';
import { manageSecret } from '../manage/token.ts';
import type { Store } from '../store/index.ts';
import { StaffKeys, type StaffKey, type StaffMemberSession } from './keys.ts';
import { SESSION_MS, StaffSessions } from './session.ts';

export const SESSION_COOKIE = 'viewing_staff';
/**
 * Wrong keys allowed from one address in the window; then every wrong key from it is refused unread until the
 * window is out. A right key or a live session is never held off: the lockout slows guessing, and must not be
 * a way to lock staff out of their diary.
 */
const MAX_FAILURES = 10;
const FAILURE_WINDOW_MS = 15 * 60_000;

const LOCAL_HOST = /^(localhost|127\.0\.0\.1|\[::1\])$/;

export interface StaffGateOptions {
  keys: readonly StaffKey[];
  store: Store;
  /** The manage-link secret, if configured; else the one kept in the store. */
  secret?: string;
  clientIp?: (c: Context) => string | undefined;
  log: Logger;
  now: () => Date;
}

export type Authenticated =
  | {
      ok: true;
      member: StaffMemberSession;
      /** When the session ends; none for a bearer key. */ expiresAt?: Date;
    }
  | { ok: false; response: Response };

/**
 * Who may use the staff routes: a bearer key (for scripts) or a session cookie from signing in with one
 * (for the page). Failed keys are counted per address in the shared store, so guessing is slow across
 * every instance. Signing out ends a session in the store too, so a copied cookie dies with it.
 */
export class StaffGate {
  private readyOnce: Promise<{ keys: StaffKeys; sessions: StaffSessions }> | undefined;

  constructor(private readonly options: StaffGateOptions) {}

  private ready() {
    this.readyOnce ??= manageSecret(this.options.store, this.options.secret).then((secret) => ({
      keys: new StaffKeys(this.options.keys, secret),
      sessions: new StaffSessions(secret),
    }));
    this.readyOnce.catch(() => (this.readyOnce = undefined));
    return this.readyOnce;
  }

  /** The member of staff behind this request, or the answer that refuses it. */
  async authenticate(c: Context): Promise<Authenticated> {
    const { keys } = await this.ready();
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer !== undefined) {
      const member = keys.match(bearer);
      if (member) return { ok: true, member };
      return { ok: false, response: (await this.locked(c)) ?? (await this.wrongKey(c)) };
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie) {
      const session = await this.session(cookie);
      if (session) return { ok: true, member: session.member, expiresAt: session.expiresAt };
      deleteCookie(c, SESSION_COOKIE, this.cookieScope(c));
      return {
        ok: false,
        response: errorResponse(
          c,
          401,
          'unauthorized',
          'Your staff session has ended. Please sign in again.',
        ),
      };
    }
    return {
      ok: false,
      response: errorResponse(c, 401, 'unauthorized', 'Sign in with your staff key to see the diary.'),
    };
  }

  /** Checks a key and, when it is right, starts a session in an HttpOnly cookie. */
  async signIn(c: Context, key: string): Promise<Authenticated> {
    const { keys, sessions } = await this.ready();
    const member = keys.match(key);
    if (!member) return { ok: false, response: (await this.locked(c)) ?? (await this.wrongKey(c)) };
    const expiresAt = new Date(this.options.now().getTime() + SESSION_MS);
    setCookie(c, SESSION_COOKIE, sessions.sign(member.keyId, expiresAt), {
      ...this.cookieScope(c),
      httpOnly: true,
      sameSite: 'Strict',
      // Relative, not an Expires date: the browser measures it on its own clock, so a visitor's machine whose
      // clock differs from the proxy's still keeps the session its whole length. The signed value carries the
      // proxy's own end, which the proxy checks on its clock.
      maxAge: SESSION_MS / 1000,
    });
    this.options.log.info('staff_signed_in', { by: member.name });
    return { ok: true, member, expiresAt };
  }

  /** Ends the session in the store, until it would have expired anyway, and clears the browser's cookie. */
  async signOut(c: Context): Promise<void> {
    const cookie = getCookie(c, SESSION_COOKIE);
    const { keys, sessions } = await this.ready();
    const check = cookie ? sessions.verify(cookie, this.options.now()) : undefined;
    if (check?.ok) {
      const ttlMs = check.expiresAt.getTime() - this.options.now().getTime();
      await this.options.store.set(`staff:ended:${check.sessionId}`, '1', { ttlMs: Math.max(1_000, ttlMs) });
      this.options.log.info('staff_signed_out', { by: keys.byId(check.keyId)?.name });
    }
    deleteCookie(c, SESSION_COOKIE, this.cookieScope(c));
  }

  /** The member behind a session cookie that is genuine, unexpired and not signed out of. */
  private async session(cookie: string) {
    const { keys, sessions } = await this.ready();
    const check = sessions.verify(cookie, this.options.now());
    if (!check.ok) return undefined;
    const member = keys.byId(check.keyId);
    if (!member) return undefined;
    if ((await this.options.store.get(`staff:ended:${check.sessionId}`)) !== undefined) return undefined;
    return { member, expiresAt: check.expiresAt };
  }

  /**
   * The cookie goes to the staff routes only (`<base>/staff`), and only over HTTPS, except on a developer's
   * own machine where the demo runs on plain http://localhost.
   */
  private cookieScope(c: Context) {
    const url = new URL(c.req.url);
    const at = url.pathname.lastIndexOf('/staff');
    const path = at >= 0 ? url.pathname.slice(0, at) + '/staff' : '/staff';
    const secure = !(url.protocol === 'http:' && LOCAL_HOST.test(url.hostname));
    return { path, secure };
  }

  private address(c: Context): string {
    return this.options.clientIp?.(c) ?? 'unknown';
  }

  private async locked(c: Context): Promise<Response | undefined> {
    const until = await this.options.store.get(`staff:locked:${this.address(c)}`);
    if (until === undefined) return undefined;
    return this.tooMany(c, Number(until) - this.options.now().getTime());
  }

  private async wrongKey(c: Context): Promise<Response> {
    const address = this.address(c);
    const place = await this.options.store.take(`rl:staff-key:${address}`, MAX_FAILURES, FAILURE_WINDOW_MS);
    this.options.log.warn('staff_key_refused', { locked: !place.taken });
    if (!place.taken) {
      const until = this.options.now().getTime() + place.retryAfterMs;
      await this.options.store.set(`staff:locked:${address}`, String(until), {
        ttlMs: Math.max(1_000, place.retryAfterMs),
      });
      return this.tooMany(c, place.retryAfterMs);
    }
    return errorResponse(
      c,
      401,
      'unauthorized',
      'That staff key is not right. Check it with whoever runs the booking proxy and try again.',
    );
  }

  private tooMany(c: Context, retryAfterMs: number): Response {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    c.header('Retry-After', String(seconds));
    return errorResponse(
      c,
      429,
      'rate_limited',
      `Too many wrong staff keys from this address. Please wait ${Math.ceil(seconds / 60)} minute(s) and try again.`,
    );
  }
}
