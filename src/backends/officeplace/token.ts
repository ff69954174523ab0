import type { CallPriority } from '../budget.ts';

/** What a token answer must give, in whichever documented shape it came. */
export interface IssuedToken {
  accessToken: string;
  /** Seconds. */
  expiresIn: number;
}

/** Renew this long before expiry, so no call leaves with a token about to lapse on its way. */
const MARGIN_MS = 60_000;

/**
 * The current bearer token: fetched once, shared by every call, renewed shortly before it expires, and
 * fetched by one caller at a time however many are waiting for it.
 */
export class TokenSource<T extends IssuedToken = IssuedToken> {
  private current: { value: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    /** Fetches a token with the budget priority of the call that needs it. */
    private readonly fetchToken: (priority: CallPriority) => Promise<T>,
    private readonly now: () => number,
  ) {}

  get(priority: CallPriority): Promise<string> {
    if (this.current && this.now() < this.current.renewAt) return Promise.resolve(this.current.value);
    this.pending ??= this.issue(priority)
      .then((token) => token.accessToken)
      .finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** A new token, asked for now and kept for the calls after it; the answer as the Connector gave it. */
  async issue(priority: CallPriority): Promise<T> {
    const token = await this.fetchToken(priority);
    const lifetime = token.expiresIn * 1000;
    // A short-lived token is renewed at nine tenths of its life rather than a minute before its end.
    this.current = {
      value: token.accessToken,
      renewAt: this.now() + lifetime - Math.min(MARGIN_MS, lifetime / 10),
    };
    return token;
  }

  /** The Connector refused `value`: forget it, unless a newer token has already replaced it. */
  invalidate(value: string): void {
    if (this.current?.value === value) this.current = undefined;
  }
}
