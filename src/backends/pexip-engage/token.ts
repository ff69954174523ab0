import { fetchWithTimeout, parseUpstream, readJson, type FetchLike } from '../http.ts';
import { UpstreamError } from '../types.ts';
import { OAuthError, TokenResponse } from './schemas.ts';

const SYSTEM = 'Pexip Engage';
/** Renew this long before expiry, so no call leaves with a token that dies on the way. */
const RENEW_BEFORE_MS = 60_000;
/** …but never more than this share of a short lifetime, or a 60-second token would be renewed every call. */
const RENEW_SHARE = 0.2;

export interface TokenSourceOptions {
  /** `{authUrl}/realms/{enterprise}/protocol/openid-connect/token`. */
  tokenUrl: URL;
  clientId: string;
  clientSecret: string;
  /** Space-separated; the client's default scopes when absent. */
  scope?: string;
  fetch: FetchLike;
  timeoutMs: number;
  now: () => Date;
}

interface Held {
  value: string;
  renewAt: number;
  /** What the realm says it granted, when it says. */
  scopes: string[] | undefined;
}

/**
 * OAuth2 client-credentials tokens for the Engage API: one token shared by every call, renewed shortly
 * before it expires, and fetched once however many calls are waiting for it.
 */
export class TokenSource {
  private held: Held | undefined;
  private pending: Promise<Held> | undefined;

  constructor(private readonly options: TokenSourceOptions) {}

  async get(): Promise<string> {
    const held = this.held;
    if (held && this.options.now().getTime() < held.renewAt) return held.value;
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    this.held = await this.pending;
    return this.held.value;
  }

  /** The scopes of the current token as the realm stated them, or undefined when it did not. */
  async scopes(): Promise<string[] | undefined> {
    await this.get();
    return this.held?.scopes;
  }

  /** The API refused `token` (revoked, or the realm restarted): the next `get()` fetches a new one. */
  invalidate(token: string): void {
    if (this.held?.value === token) this.held = undefined;
  }

  private async fetchToken(): Promise<Held> {
    const { tokenUrl, clientId, clientSecret, scope } = this.options;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });
    if (scope) body.set('scope', scope);
    const requestedAt = this.options.now().getTime();
    const response = await fetchWithTimeout(
      SYSTEM,
      this.options.fetch,
      tokenUrl,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: body.toString(),
      },
      this.options.timeoutMs,
    );
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      let detail = '';
      try {
        const error = OAuthError.safeParse(JSON.parse(text));
        if (error.success) {
          detail = `: ${error.data.error}${error.data.error_description ? ` (${error.data.error_description})` : ''}`;
        }
      } catch {
        // A gateway in front of the realm answers in HTML or plain text; the status says enough.
      }
      // Wrong credentials are the agency's configuration, not a passing outage: say so plainly.
      throw new UpstreamError(
        response.status >= 500 || response.status === 429 ? 'upstream_unavailable' : 'upstream_error',
        `${SYSTEM} refused the API client credentials (${response.status}${detail})`,
        response.status,
      );
    }
    const token = parseUpstream(SYSTEM, 'token', TokenResponse, await readJson(SYSTEM, response));
    const lifetimeMs = token.expires_in * 1000;
    // Counted from when we asked, not when the answer came: the server's clock started before ours stopped.
    const renewAt = requestedAt + lifetimeMs - Math.min(RENEW_BEFORE_MS, lifetimeMs * RENEW_SHARE);
    const scopes = token.scope ? token.scope.split(/\s+/).filter(Boolean) : undefined;
    return { value: token.access_token, renewAt, scopes };
  }
}
