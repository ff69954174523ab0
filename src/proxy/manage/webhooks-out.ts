import { createHash, createHmac } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_TIMEOUT_MS, fetchWithTimeout, type FetchLike } from '../../backends/http.ts';
import type {
  ViewingEvent,
  ViewingEventData,
  ViewingEventType,
  WaitlistEvent,
} from '../../contract/events.ts';
import type { Logger } from '../log.ts';
import { answeredQuestion } from '../questions.ts';
import type { Metrics } from '../metrics.ts';
import type { QueuedItem, Store } from '../store/index.ts';
import { shownBooking, type ViewingRecord } from './record.ts';
import { backoffMs, QueueWorker, readPayload } from './worker.ts';

const QUEUE = 'webhooks-out';
/**
 * An event still failing this long after it was queued is given up on, and logged. Counted in time, not tries:
 * an event waiting behind an earlier one of its viewing is claimed and put back every few seconds meanwhile.
 */
const GIVE_UP_AFTER_MS = 26 * 60 * 60_000;
/** How long a delivered (or given up) event is remembered: the next event of its viewing waits for it. */
const DONE_TTL_MS = 90 * 24 * 60 * 60_000;
/** How often an event whose viewing has an earlier one still on its way looks again. */
const WAIT_FOR_EARLIER_MS = 5_000;

export interface WebhookSettings {
  /** Every event goes to each of these. */
  urls: string[];
  /** `whsec_` and the key in base64, as the Standard Webhooks libraries take it. */
  secret: string;
}

export interface WebhooksOutOptions {
  settings: WebhookSettings | undefined;
  store: Store;
  log: Logger;
  metrics: Metrics;
  now: () => Date;
  fetch?: FetchLike;
}

const Queued = z.object({
  url: z.string(),
  /** The webhook-id: the same for every attempt, so a receiver can tell a retry from a new event. */
  messageId: z.string(),
  type: z.string(),
  body: z.string(),
  /** The queue item of the same viewing's event before this one, to this URL: it must be done first. */
  after: z.string().optional(),
  /** When it was queued (ms since 1970). */
  queuedAt: z.number(),
});

/** The key of a URL in the store, without writing the URL (it may carry a token) into key names. */
const urlKey = (url: string) => createHash('sha256').update(url).digest('hex').slice(0, 16);
const lastKey = (url: string, recordId: string) => `webhooks:last:${urlKey(url)}:${recordId}`;
const doneKey = (itemId: string) => `webhooks:done:${itemId}`;

/** The Standard Webhooks signature: HMAC-SHA256 of `id.timestamp.body` with the secret's key, in base64. */
export function signature(secret: string, messageId: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${messageId}.${timestamp}.${body}`).digest('base64')}`;
}

/** The viewing as an event tells it. */
export function eventData(
  record: ViewingRecord,
  extra: Pick<ViewingEventData, 'by' | 'previous' | 'approvalUrl'> = {},
): ViewingEventData {
  return {
    viewingId: record.id,
    booking: shownBooking(record),
    property: record.property,
    branch: record.branch,
    guest: record.guest,
    ...(record.message ? { message: record.message } : {}),
    ...(record.source ? { source: record.source } : {}),
    ...(record.answers ? { answers: record.answers.map(answeredQuestion) } : {}),
    consent: record.consent,
    ...(extra.by ? { by: extra.by } : record.cancelledBy ? { by: record.cancelledBy } : {}),
    ...(record.cancelReason && record.booking.status === 'cancelled'
      ? { cancelReason: record.cancelReason }
      : {}),
    ...(extra.previous ? { previous: extra.previous } : {}),
    ...(extra.approvalUrl ? { approvalUrl: extra.approvalUrl } : {}),
    ...(record.feedback ? { feedback: record.feedback } : {}),
  };
}

/**
 * Events about viewings, POSTed to the agency's URLs with Standard Webhooks signatures. Each event is queued in
 * the store (so a restart loses none) once per URL, and sent at least once: a failed or unanswered send is
 * tried again with a growing wait, for about a day. A viewing's events reach each URL in the order they
 * happened: an event waits until the one before it to that URL is done (delivered, or given up on).
 */
export class WebhooksOut {
  readonly worker: QueueWorker;
  private readonly counted;
  private readonly fetch: FetchLike;

  constructor(private readonly options: WebhooksOutOptions) {
    this.worker = new QueueWorker(options.store, QUEUE, (item) => this.deliver(item));
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.counted = options.metrics.counter(
      'viewing_webhooks_out_total',
      'Events sent to the agency’s URLs, by type and outcome (delivered, retried, abandoned).',
      ['type', 'outcome'],
    );
  }

  /**
   * Queues the event for every URL, and starts sending at once. Called under the viewing's lock, so two
   * events of one viewing are never queued at the same moment and their order is the order they happened.
   */
  async tell(
    type: ViewingEventType,
    record: ViewingRecord,
    extra: Pick<ViewingEventData, 'by' | 'previous' | 'approvalUrl'> = {},
  ): Promise<void> {
    if (!this.options.settings?.urls.length) return;
    const event: ViewingEvent = {
      type,
      timestamp: this.options.now().toISOString(),
      data: eventData(record, extra),
    };
    // One viewing's version and type make one event: queued again (a retried request), it is the same one.
    const messageId = `msg_${record.id}_${record.sequence}_${type.slice('viewing.'.length)}`;
    await this.queue(type, record.id, messageId, JSON.stringify(event));
  }

  /** Queues a waiting-list event: one per place and offered time. */
  async tellWaitlist(event: WaitlistEvent): Promise<void> {
    if (!this.options.settings?.urls.length) return;
    const { reference, offer } = event.data;
    const messageId = `msg_${reference}_${Date.parse(offer.start)}_${event.type.slice('waitlist.'.length)}`;
    await this.queue(event.type, reference, messageId, JSON.stringify(event));
  }

  /** Queues the event for every URL, after the same subject's earlier one, and starts sending at once. */
  private async queue(type: string, subject: string, messageId: string, body: string): Promise<void> {
    const { store, settings } = this.options;
    for (const url of settings?.urls ?? []) {
      const itemId = `${urlKey(url)}:${messageId}`;
      const after = (await store.get(lastKey(url, subject))) ?? undefined;
      if (after === itemId) continue;
      const queued: z.infer<typeof Queued> = {
        url,
        messageId,
        type,
        body,
        queuedAt: this.options.now().getTime(),
        ...(after ? { after } : {}),
      };
      await store.enqueue(QUEUE, itemId, JSON.stringify(queued));
      await store.set(lastKey(url, subject), itemId, { ttlMs: DONE_TTL_MS });
    }
    void this.worker.deliverDue().catch(() => undefined);
  }

  start(intervalMs: number): void {
    this.worker.start(intervalMs);
  }

  stop(): void {
    this.worker.stop();
  }

  private async deliver(item: QueuedItem): Promise<boolean> {
    const { store, log, settings } = this.options;
    const queued = readPayload(item, Queued, log, 'webhook_unreadable');
    if (!queued) {
      await store.complete(QUEUE, item.id);
      return true;
    }
    const { url, messageId, type, body, after, queuedAt } = queued;
    const finish = async (outcome: 'delivered' | 'abandoned' | 'dropped') => {
      await store.set(doneKey(item.id), outcome, { ttlMs: DONE_TTL_MS });
      await store.complete(QUEUE, item.id);
      this.counted({ type, outcome });
      return true;
    };
    // The agency took this URL out of its settings: nothing more goes there.
    if (!settings?.urls.includes(url)) return finish('dropped');
    if (after && !(await store.get(doneKey(after)))) {
      await store.release(QUEUE, item.id, WAIT_FOR_EARLIER_MS);
      return false;
    }
    const timestamp = Math.floor(this.options.now().getTime() / 1000);
    const target = { host: new URL(url).host, type, messageId, attempts: item.attempts };
    let failure: string;
    try {
      const response = await fetchWithTimeout(
        'the webhook receiver',
        this.fetch,
        new URL(url),
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'viewing-proxy',
            'webhook-id': messageId,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signature(settings.secret, messageId, timestamp, body),
          },
          body,
          redirect: 'manual',
        },
        DEFAULT_TIMEOUT_MS,
      );
      await response.body?.cancel();
      if (response.status >= 200 && response.status < 300) return finish('delivered');
      failure = `answered ${response.status}`;
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    if (this.options.now().getTime() - queuedAt >= GIVE_UP_AFTER_MS) {
      log.error('webhook_abandoned', { ...target, failure });
      return finish('abandoned');
    }
    log.warn('webhook_failed', { ...target, failure });
    this.counted({ type, outcome: 'retried' });
    await store.release(QUEUE, item.id, backoffMs(item.attempts));
    return false;
  }
}
