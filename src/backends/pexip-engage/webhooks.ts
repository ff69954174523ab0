import { createHash, timingSafeEqual } from 'node:crypto';
import { systemClock, type Clock } from '../../clock.ts';
import { SeenEvents } from '../seen-events.ts';
import type { WebhookDelivery, WebhookOutcome } from '../types.ts';
import { WebhookEnvelope } from './schemas.ts';

/**
 * Pexip documents no webhook signature and no custom headers, only the URL it posts to. The agency puts a
 * secret of its own choosing at the end of that URL (`/v1/webhooks/pexip-engage/<secret>`), and the proxy
 * accepts a delivery only when it matches. Where a gateway can add a header, this one carries it instead.
 */
export const WEBHOOK_SECRET_HEADER = 'x-webhook-secret';

/**
 * How old an appointment update may be and still be acted on. Pexip delivers within moments and retries soon;
 * an older update is a replay (the secret is static and travels with every delivery) or too late to matter,
 * since cached free times expire on their own. Far shorter than event ids are remembered, so a replayed event
 * is refused either as a duplicate or as too old.
 */
export const WEBHOOK_MAX_AGE_MS = 60 * 60_000;
/** Pexip's clock and ours are never quite together: an update this far "ahead" is still believed. */
const CLOCK_SKEW_MS = 60_000;

/** Event types that cannot change anyone's free time: a completed meeting is in the past. */
const NO_EFFECT = new Set(['COMPLETE']);

export interface WebhookReceiverOptions {
  /** Absent: no delivery is ever accepted. */
  secret: string | undefined;
  /** Which events were acted on and each appointment's latest update. Default: this process's memory only. */
  seen?: SeenEvents;
  /** The properties whose free times depend on an office's agents, or undefined before the first sync. */
  propertiesOf: (officeId: string) => readonly string[] | undefined;
  now?: Clock;
}

/**
 * Authenticates Appointment webhooks and turns them into cache refreshes. Deliveries come up to three times
 * and in any order, so each event id is acted on once, and an update older than one already seen for the
 * same appointment, or older than {@link WEBHOOK_MAX_AGE_MS}, is ignored.
 */
export class WebhookReceiver {
  private readonly seen: SeenEvents;
  private readonly now: Clock;

  constructor(private readonly options: WebhookReceiverOptions) {
    this.seen = options.seen ?? new SeenEvents({ namespace: 'pexip-engage' });
    this.now = options.now ?? systemClock;
  }

  async receive(delivery: WebhookDelivery): Promise<WebhookOutcome> {
    // Both are compared, whichever is given, so the answer takes as long either way.
    const inPath = this.authentic(delivery.pathSecret ?? null);
    const inHeader = this.authentic(delivery.headers.get(WEBHOOK_SECRET_HEADER));
    if (!inPath && !inHeader) {
      return {
        kind: 'rejected',
        status: 401,
        message: `The webhook secret (at the end of the URL, or in the ${WEBHOOK_SECRET_HEADER} header) is missing or wrong.`,
      };
    }
    let json: unknown;
    try {
      json = JSON.parse(delivery.rawBody);
    } catch {
      return { kind: 'rejected', status: 400, message: 'The webhook body is not JSON.' };
    }
    const parsed = WebhookEnvelope.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'unknown shape';
      return {
        kind: 'rejected',
        status: 400,
        message: `The webhook body is not an Appointment event (${where}).`,
      };
    }
    const { id, entity, data } = parsed.data;
    if (entity !== 'Appointment') return { kind: 'ignored', reason: `entity ${entity}` };
    const { appointment, previousAppointment } = data;
    const updatedAt = Date.parse(appointment.updatedAt);
    const age = this.now().getTime() - updatedAt;
    // Acknowledged, not refused: a late but genuine delivery must not be sent again and again.
    if (!(age <= WEBHOOK_MAX_AGE_MS)) return { kind: 'ignored', reason: 'too old' };
    if (age < -CLOCK_SKEW_MS) return { kind: 'ignored', reason: 'from the future' };
    if (!(await this.seen.first(id))) return { kind: 'ignored', reason: 'duplicate' };

    if (!(await this.seen.newest(appointment.id, updatedAt))) {
      return { kind: 'ignored', reason: 'stale' };
    }
    if (NO_EFFECT.has(data.eventType)) return { kind: 'ignored', reason: `event ${data.eventType}` };

    // Agents are shared by all of an office's listings, so any change in their agenda (a viewing of another
    // listing, a valuation) can free or take a time of every listing there, the old office's on a move.
    const offices = [appointment.office?.id, previousAppointment?.office?.id].filter(
      (office) => office != null,
    );
    const listings = [appointment.listing?.id, previousAppointment?.listing?.id].filter(
      (listing) => listing != null,
    );
    const ids = new Set<string>(listings);
    for (const office of offices) {
      const properties = this.options.propertiesOf(office);
      if (!properties) return { kind: 'refresh', propertyIds: 'all' };
      for (const property of properties) ids.add(property);
    }
    if (offices.length === 0) return { kind: 'refresh', propertyIds: 'all' };
    return { kind: 'refresh', propertyIds: [...ids] };
  }

  /** Compared as SHA-256 digests, so neither the secret's length nor its content leaks through timing. */
  private authentic(given: string | null): boolean {
    const expected = this.options.secret;
    if (!expected || given === null) return false;
    const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
    return timingSafeEqual(digest(given), digest(expected));
  }
}
