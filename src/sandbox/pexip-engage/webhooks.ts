import { createRandom } from '../shared/random.ts';

export type WebhookFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * Pexip Engage documents no signature for webhooks, and no custom headers: a webhook configuration is a URL.
 * The agency protects its receiver with a secret of its own choosing at the end of that URL. A header is
 * kept as an option for a receiver behind a gateway that adds one.
 */
export const DEFAULT_SECRET_HEADER = 'X-Webhook-Secret';

export interface WebhookOptions {
  /** The receiver, e.g. `https://agency.example/api/v1/webhooks/pexip-engage`. */
  url: string;
  /** The agency's shared secret. */
  secret: string;
  /**
   * Where the secret travels: `path` (default) posts to `<url>/<secret>`, the URL a real webhook
   * configuration would hold; `header` posts to `url` with the secret in `secretHeader`.
   */
  secretIn?: 'path' | 'header';
  /** With `secretIn: 'header'`; default `X-Webhook-Secret`. */
  secretHeader?: string;
  /** How deliveries are sent; a test passes the receiver's own handler to stay in memory. */
  fetch?: WebhookFetch;
  /** Attempts per event, the first included, on a non-2xx answer or a network error. Default 3. */
  maxAttempts?: number;
  /** Waits before the second, third… attempt; the last repeats. Default `[2000, 10000]`. */
  retryDelaysMs?: readonly number[];
  /**
   * Share of delivered events sent a second time, as Pexip does when it missed the acknowledgement.
   * Drawn from a seeded stream, so the same events are duplicated in every run. Default 0.05: Best guess,
   * Pexip says only that an event id is unique and deliveries are retried.
   */
  duplicateRate?: number;
  /** `webhookConfigurationId` in every envelope. */
  configurationId?: string;
}

export interface WebhookAttempt {
  eventId: string;
  eventType: string;
  appointmentId: string;
  /** 1 for the first try of an event; a duplicate counts on from the delivery it repeats. */
  attempt: number;
  duplicate: boolean;
  /** The receiver's status, or absent when it could not be reached. */
  status?: number;
  error?: string;
}

export interface WebhookEvent {
  id: string;
  eventType: string;
  appointmentId: string;
  /** The JSON envelope, already serialised. */
  body: string;
}

export interface WebhookSender {
  configure(options: WebhookOptions | undefined): void;
  /** Starts delivering in the background; every event goes its own way, so a retried one can arrive late. */
  send(event: WebhookEvent): void;
  attempts(): WebhookAttempt[];
  /** Resolves once every delivery, retries and duplicates included, has finished. */
  settled(): Promise<void>;
  /** A fresh event id, uuid-shaped, from a seeded stream. */
  nextId(): string;
}

export function createWebhookSender(initial: WebhookOptions | undefined): WebhookSender {
  let options = initial;
  const ids = createRandom('pexip:webhook-ids');
  const duplicates = createRandom('pexip:webhook-duplicates');
  const attempts: WebhookAttempt[] = [];
  const pending = new Set<Promise<void>>();

  const post = async (target: WebhookOptions, event: WebhookEvent, attempt: number, duplicate: boolean) => {
    const record: WebhookAttempt = {
      eventId: event.id,
      eventType: event.eventType,
      appointmentId: event.appointmentId,
      attempt,
      duplicate,
    };
    const inHeader = target.secretIn === 'header';
    const url = inHeader
      ? target.url
      : `${target.url.replace(/\/+$/, '')}/${encodeURIComponent(target.secret)}`;
    try {
      const response = await (target.fetch ?? fetch)(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          // Best guess: the user agent Pexip's deliveries carry is not published.
          'user-agent': 'PexipEngage-Webhooks/1.0 (sandbox)',
          ...(inHeader ? { [target.secretHeader ?? DEFAULT_SECRET_HEADER]: target.secret } : {}),
        },
        body: event.body,
      });
      await response.body?.cancel();
      record.status = response.status;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    attempts.push(record);
    return record.status !== undefined && record.status >= 200 && record.status < 300;
  };

  const deliver = async (target: WebhookOptions, event: WebhookEvent) => {
    const maxAttempts = target.maxAttempts ?? 3;
    const delays = target.retryDelaysMs ?? [2_000, 10_000];
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (await post(target, event, attempt, false)) {
        if (duplicates.chance(target.duplicateRate ?? 0.05)) await post(target, event, attempt + 1, true);
        return;
      }
      if (attempt < maxAttempts) {
        const wait = delays[Math.min(attempt - 1, delays.length - 1)] ?? 0;
        // Unref'd: a retry waiting its turn must not keep a finished test run or demo alive.
        await new Promise((resolve) => setTimeout(resolve, wait).unref());
      }
    }
  };

  return {
    configure: (next) => {
      options = next;
    },
    send(event) {
      if (!options) return;
      const delivery = deliver(options, event).finally(() => pending.delete(delivery));
      pending.add(delivery);
    },
    attempts: () => structuredClone(attempts),
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    nextId() {
      const hex = Array.from({ length: 32 }, () => Math.floor(ids.next() * 16).toString(16));
      hex[12] = '4';
      hex[16] = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
      const text = hex.join('');
      return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
    },
  };
}
