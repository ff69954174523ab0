import { z } from 'zod';
import { UpstreamError, type Backend } from '../../backends/index.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { QueuedItem, Store } from '../store/index.ts';
import { heldBooking, type LoggedMessage, type ViewingRecord, type ViewingRecords } from './record.ts';
import type { VisitorText } from './texts.ts';
import { backoffMs, QueueWorker, readPayload } from './worker.ts';

const QUEUE = 'viewing-messages';
/** About a day of retries (the wait grows to ten minutes); then the message is logged as failed. */
const GIVE_UP_AFTER = 150;
/** How long a sent message is remembered, against a second send after a crash. */
const SENT_TTL_MS = 60 * 24 * 60 * 60_000;

/** The agency's system said no to this message itself (not "busy" or "down"): sending it again cannot help. */
const refused = (error: unknown) =>
  error instanceof UpstreamError &&
  error.status !== undefined &&
  error.status >= 400 &&
  error.status < 500 &&
  ![408, 425, 429].includes(error.status);

const Queued = z.object({
  recordId: z.string(),
  kind: z.enum(['confirmation', 'rescheduled', 'cancelled', 'reminder']),
  /** The record's sequence when the message was written: a later change makes it outdated. */
  sequence: z.number().int(),
  dueAt: z.string(),
  subject: z.string(),
  body: z.string(),
});

export interface OutboxOptions {
  backend: Backend;
  store: Store;
  records: ViewingRecords;
  log: Logger;
  metrics: Metrics;
  now: () => Date;
}

/**
 * Messages to visitors, each sent once. A message is queued under `<record>:<kind>:<sequence>`, so queueing it
 * again is a no-op; it is remembered as sent before it leaves the queue. Texts are written when queued, so the
 * visitor is told what was true at that change; one outdated by a later change is dropped unsent, as is a
 * reminder for a viewing that was cancelled, moved, or has begun.
 *
 * Through the backend's `sendMessage` where it has one; otherwise (and when sending keeps failing) the message
 * goes into the record's log, so staff can see what the visitor would have been told.
 */
export class VisitorOutbox {
  readonly worker: QueueWorker;
  private readonly counted;

  constructor(private readonly options: OutboxOptions) {
    this.worker = new QueueWorker(options.store, QUEUE, (item) => this.deliver(item));
    this.counted = options.metrics.counter(
      'viewing_messages_total',
      'Messages to visitors, by kind and outcome (sent, logged, skipped, failed).',
      ['kind', 'outcome'],
    );
  }

  async enqueue(record: ViewingRecord, message: VisitorText, dueAt?: Date) {
    const queued: z.infer<typeof Queued> = {
      recordId: record.id,
      kind: message.kind,
      sequence: record.sequence,
      dueAt: (dueAt ?? this.options.now()).toISOString(),
      subject: message.subject,
      body: message.body,
    };
    await this.options.store.enqueue(
      QUEUE,
      `${record.id}:${message.kind}:${record.sequence}`,
      JSON.stringify(queued),
    );
  }

  private async deliver(item: QueuedItem): Promise<boolean> {
    const { store, backend, records, log, now } = this.options;
    const done = async (outcome: string, kind = 'unknown') => {
      await store.complete(QUEUE, item.id);
      this.counted({ kind, outcome });
      return true;
    };
    const queued = readPayload(item, Queued, log, 'message_unreadable');
    if (!queued) return done('skipped');
    const { kind } = queued;
    if (await store.get(`manage:sent:${item.id}`)) return done('skipped', kind);
    const record = await records.get(queued.recordId);
    if (!record || queued.sequence < record.sequence) return done('skipped', kind);
    if (kind === 'reminder') {
      const at = now().getTime();
      if (record.booking.status !== 'confirmed' || at >= Date.parse(record.booking.start)) {
        return done('skipped', kind);
      }
      const wait = Date.parse(queued.dueAt) - at;
      if (wait > 0) {
        await store.release(QUEUE, item.id, wait);
        return false;
      }
    }

    let delivery: LoggedMessage['delivery'] = 'logged';
    // Kept as a request, the viewing is not in the agency's system yet, so nothing can be sent through it: the
    // message goes into the record's log for staff, and the request's outcome, once known, is told afresh.
    if (backend.sendMessage && record.booking.status !== 'requested') {
      try {
        await backend.sendMessage(heldBooking(record), {
          kind,
          subject: queued.subject,
          body: queued.body,
        });
        delivery = 'sent';
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (item.attempts < GIVE_UP_AFTER && !refused(error)) {
          log.warn('message_failed', { recordId: record.id, kind, attempts: item.attempts, message });
          await store.release(QUEUE, item.id, backoffMs(item.attempts));
          return false;
        }
        log.error('message_abandoned', { recordId: record.id, kind, attempts: item.attempts, message });
        delivery = 'failed';
      }
    }
    await store.set(`manage:sent:${item.id}`, delivery, { ttlMs: SENT_TTL_MS });
    const logged: LoggedMessage = {
      id: item.id,
      kind,
      subject: queued.subject,
      body: queued.body,
      at: now().toISOString(),
      delivery,
    };
    await records.change(record.id, async (current) => ({
      record: { ...current, messages: [...current.messages.filter((m) => m.id !== item.id), logged] },
      result: undefined,
    }));
    log.info('message_delivered', { recordId: record.id, kind, delivery });
    return done(delivery, kind);
  }
}
