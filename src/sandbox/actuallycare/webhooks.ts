import { createHmac } from 'node:crypto';
import { uuidFor } from '../shared/ids.ts';
import type { ChosenShapes } from './context.ts';
import type { Appointment } from './model.ts';
import { wireAppointment } from './wire.ts';

export type WebhookEvent =
  'appointment.created' | 'appointment.updated' | 'appointment.cancelled' | 'appointment.deleted';

export interface WebhookOptions {
  /** Where deliveries are posted, e.g. the proxy's `/v1/webhooks/actuallycare`. */
  url: string;
  /** The signing secret the agency copied from ActuallyCare's settings into the proxy's config. */
  secret: string;
  /** How deliveries are sent; the global fetch by default, the proxy's app in tests. */
  fetch?: (request: Request) => Promise<Response>;
}

export interface SignedWebhook {
  body: string;
  headers: Record<string, string>;
}

/**
 * A delivery as ActuallyCare sends it: the event in `X-Webhook-Event`, a time in `X-Webhook-Timestamp`, and
 * `X-Webhook-Signature: sha256=` + the hex HMAC-SHA256 of the raw body (all published), so the receiver must
 * check the bytes it got, not a re-serialised copy.
 *
 * Best guess, all of the body: its envelope is not published. `{id, event, data, timestamp}` with the full
 * appointment record either under `data.appointment` (`nested`) or as `data` itself (`flat`); the timestamp
 * header as unix seconds.
 */
export function signWebhook(
  secret: string,
  event: WebhookEvent,
  appointment: Appointment,
  at: Date,
  eventId: string,
  shape: ChosenShapes['webhookPayload'] = 'nested',
): SignedWebhook {
  const record = wireAppointment(appointment);
  const body = JSON.stringify({
    id: eventId,
    event,
    data: shape === 'flat' ? record : { appointment: record },
    timestamp: at.toISOString(),
  });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-webhook-event': event,
      'x-webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'x-webhook-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    },
  };
}

export interface WebhookDelivery {
  event: WebhookEvent;
  appointmentId: string;
  /** The receiver's status, or `failed` when it could not be reached. */
  status: number | 'failed';
}

export interface WebhookSender {
  /** Where deliveries go from now on; `undefined` stops them. */
  configure(options: WebhookOptions | undefined): void;
  /** The signing secret of the current subscription, if any. */
  secret(): string | undefined;
  send(event: WebhookEvent, appointment: Appointment): Promise<void>;
  /** Resolves once every delivery started so far has been answered. */
  settled(): Promise<void>;
  deliveries(): WebhookDelivery[];
  nextEventId(): string;
}

/**
 * Posts each change to the subscriber, one attempt each (ActuallyCare makes up to 4; retries are not emulated); without a
 * subscriber it only counts event ids.
 */
export function createWebhookSender(
  initial: WebhookOptions | undefined,
  now: () => Date,
  shape: ChosenShapes['webhookPayload'] = 'nested',
): WebhookSender {
  let options = initial;
  const deliveries: WebhookDelivery[] = [];
  const pending = new Set<Promise<void>>();
  let events = 0;
  const nextEventId = () => `evt_${uuidFor(`actuallycare:event:${++events}`).replaceAll('-', '')}`;
  return {
    nextEventId,
    configure: (next) => {
      options = next;
    },
    secret: () => options?.secret,
    send(event, appointment) {
      const target = options;
      if (!target) return Promise.resolve();
      const signed = signWebhook(target.secret, event, appointment, now(), nextEventId(), shape);
      const post = target.fetch ?? ((request: Request) => fetch(request));
      const delivery = post(
        new Request(target.url, { method: 'POST', headers: signed.headers, body: signed.body }),
      )
        .then(
          async (response) => {
            await response.body?.cancel();
            deliveries.push({ event, appointmentId: appointment.id, status: response.status });
          },
          () => {
            deliveries.push({ event, appointmentId: appointment.id, status: 'failed' });
          },
        )
        .finally(() => pending.delete(delivery));
      pending.add(delivery);
      return delivery;
    },
    settled: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    deliveries: () => [...deliveries],
  };
}
