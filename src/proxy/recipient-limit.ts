import { createHash } from 'node:crypto';
import type { Store } from './store/index.ts';

export interface RecipientLimit {
  /** Bookings one e-mail address may be given in the window. */
  limit: number;
  windowMs: number;
}

/** Enough for a visitor who is shown a taken time or two; too few to fill an inbox. */
export const DEFAULT_RECIPIENT_LIMIT: RecipientLimit = { limit: 10, windowMs: 60 * 60_000 };

/**
 * One mailbox however the address is written: case and a `+tag` make no difference. Kept as a digest, so the
 * store's keys hold no visitor's address.
 */
function mailbox(email: string): string {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at).replace(/\+.*$/, '');
  return createHash('sha256')
    .update(`${local}${address.slice(at)}`)
    .digest('base64url');
}

/**
 * Every booking makes the agency's system write to the address the form was given, which nothing proves is the
 * visitor's own: without a cap per address, the form would send the agency's messages to anyone, as often as
 * a script likes. Counted in the shared store, so the cap holds across instances.
 */
export async function takeRecipientPlace(
  store: Store,
  email: string,
  { limit, windowMs }: RecipientLimit,
): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
  const answer = await store.take(`rl:recipient:${mailbox(email)}`, limit, windowMs);
  return answer.taken ? { ok: true } : { ok: false, retryAfterMs: answer.retryAfterMs };
}
