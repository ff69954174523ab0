import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookDelivery } from '../types.ts';

/** How old a delivery may be: older ones are replays, or so late that acting on them would do harm. */
export const WEBHOOK_TOLERANCE_MS = 5 * 60_000;
/** Two servers' clocks are never quite together; a delivery this far "ahead" is still believed. */
const CLOCK_SKEW_MS = 60_000;

export type Verdict = { ok: true } | { ok: false; message: string };

/** `X-Webhook-Timestamp` in unix seconds (or milliseconds), or as ISO 8601. */
export function parseWebhookTime(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d{1,16}$/.test(text)) {
    const number = Number(text);
    return number >= 1e12 ? number : number * 1000;
  }
  const parsed = Date.parse(text);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** Whether an instant is recent enough: not older than the tolerance, and not from the future. */
export function freshness(at: number | undefined, now: number, what: string): Verdict {
  if (at === undefined) return { ok: false, message: `${what} is missing or not a time` };
  if (now - at > WEBHOOK_TOLERANCE_MS) return { ok: false, message: `${what} is more than 5 minutes old` };
  if (at - now > CLOCK_SKEW_MS) return { ok: false, message: `${what} is in the future` };
  return { ok: true };
}

/**
 * Checks a delivery came from ActuallyCare and is recent: the signature is an HMAC-SHA256 of the raw body
 * bytes, compared in constant time so a forger learns nothing from how long a refusal takes.
 */
export function verifyDelivery(delivery: WebhookDelivery, secret: string, now: number): Verdict {
  const header = delivery.headers.get('x-webhook-signature')?.trim() ?? '';
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header);
  if (!match?.[1]) return { ok: false, message: 'X-Webhook-Signature is missing or not sha256=<hex>' };
  const expected = createHmac('sha256', secret).update(delivery.rawBody, 'utf8').digest();
  if (!timingSafeEqual(expected, Buffer.from(match[1], 'hex'))) {
    return { ok: false, message: 'X-Webhook-Signature does not match the body' };
  }
  return freshness(parseWebhookTime(delivery.headers.get('x-webhook-timestamp')), now, 'X-Webhook-Timestamp');
}

/**
 * Checks the event's own `timestamp`, the one time the signature covers. `X-Webhook-Timestamp` is outside the
 * signed bytes, so a captured delivery could be sent again under a fresh one: a body that carries its own time
 * must be recent. Best guess: ActuallyCare does not publish the delivery body, so a body without a time is
 * taken, and a replay of it is caught by the memory of events acted on (a day; after that a replay costs one
 * refresh of cached free times, nothing more).
 */
export function signedFreshness(timestamp: string | undefined, now: number): Verdict {
  if (timestamp === undefined) return { ok: true };
  return freshness(parseWebhookTime(timestamp), now, 'The event’s timestamp');
}

/** What names one event across its redeliveries: its id, or, for an event without one, the signed bytes. */
export function eventKey(id: string | undefined, rawBody: string): string {
  return id ?? `sha256:${createHash('sha256').update(rawBody, 'utf8').digest('hex')}`;
}
