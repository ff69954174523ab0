import type { Context } from 'hono';
import { IDEMPOTENCY_HEADER, IdempotencyKey } from '../../contract/index.ts';
import { errorResponse, invalidRequest } from '../errors.ts';
import type { IdempotentOutcome } from '../idempotency.ts';

type KeyRead<K> = { ok: true; key: K } | { ok: false; response: Response };

/**
 * The caller's `Idempotency-Key`, or the 422 a malformed one is answered with. A booking must send one; a move
 * may, and without one is simply made.
 */
export function readIdempotencyKey(c: Context, presence: 'required'): KeyRead<string>;
export function readIdempotencyKey(c: Context, presence: 'optional'): KeyRead<string | undefined>;
export function readIdempotencyKey(
  c: Context,
  presence: 'required' | 'optional',
): KeyRead<string | undefined> {
  const header = c.req.header(IDEMPOTENCY_HEADER);
  if (header === undefined && presence === 'optional') return { ok: true, key: undefined };
  const key = IdempotencyKey.safeParse(header ?? '');
  return key.success
    ? { ok: true, key: key.data }
    : { ok: false, response: invalidRequest(c, key.error, 'Idempotency-Key header', IDEMPOTENCY_HEADER) };
}

/** How the answers about a key, rather than about the request, name what it makes. */
export interface IdempotentWording {
  /** 409 while the first request with the key is still being answered. */
  inProgress: string;
  /** 422 when the key was first sent with another request. */
  mismatch: string;
  /** The kept answer is one visitor's own and no cache may keep it. */
  noStore?: boolean;
}

/** The first answer given for the key (marked when this is a retry), or why there is none to give yet. */
export function idempotentAnswer(
  c: Context,
  outcome: IdempotentOutcome,
  wording: IdempotentWording,
): Response {
  if (outcome.kind === 'in_progress') {
    c.header('Retry-After', '5');
    return errorResponse(c, 409, 'booking_in_progress', wording.inProgress);
  }
  if (outcome.kind === 'mismatch') return errorResponse(c, 422, 'idempotency_conflict', wording.mismatch);
  if (outcome.replayed) c.header('Idempotent-Replayed', 'true');
  if (wording.noStore) c.header('Cache-Control', 'no-store');
  return c.json(outcome.answer.body, outcome.answer.status);
}
