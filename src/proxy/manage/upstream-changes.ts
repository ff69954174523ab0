import { z } from 'zod';
import { Branch, Consent, Guest, Property } from '../../contract/index.ts';
import { UpstreamError, type Backend, type HeldBooking } from '../../backends/index.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { QueuedItem, Store } from '../store/index.ts';
import { heldBooking, type ViewingRecords } from './record.ts';
import { backoffMs, QueueWorker, readPayload } from './worker.ts';

const QUEUE = 'viewing-upstream-changes';
/** Feedback and consent are retried for most of a day (then dropped, logged); a cancellation until it is done. */
const GIVE_UP_AFTER = 100;

const Held = z.object({
  reference: z.string(),
  property: Property,
  branch: Branch,
  start: z.string(),
  end: z.string(),
  guest: Guest,
  consent: Consent,
  upstream: z.record(z.string(), z.string()).optional(),
});

/**
 * A change the upstream has to hear about. A cancellation carries the booking as it was (a reschedule has
 * replaced it in the record by then); feedback and consent are read from the record when sent, so a retry
 * sends what is true then.
 */
const Change = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cancel'), held: Held, reason: z.string().optional() }),
  z.object({ kind: z.literal('feedback'), recordId: z.string() }),
  /** `at` names the consent change; an older one is not sent once a newer one exists. */
  z.object({ kind: z.literal('consent'), recordId: z.string(), at: z.string() }),
]);
export type UpstreamChange = z.infer<typeof Change>;

export interface UpstreamChangesOptions {
  backend: Backend;
  store: Store;
  records: ViewingRecords;
  log: Logger;
  metrics: Metrics;
}

/**
 * Tells the upstream about cancellations, feedback and consent. Each is tried at once; when the upstream
 * cannot take it, it waits in a durable queue and is retried, so a visitor's cancellation is never lost and a
 * moved viewing never stays booked twice.
 */
export class UpstreamChanges {
  readonly worker: QueueWorker;
  private readonly counted;

  constructor(private readonly options: UpstreamChangesOptions) {
    this.worker = new QueueWorker(options.store, QUEUE, (item) => this.retry(item));
    this.counted = options.metrics.counter(
      'viewing_upstream_changes_total',
      'Cancellations, feedback and consent passed to the upstream, by kind and outcome.',
      ['kind', 'outcome'],
    );
  }

  static cancel(held: HeldBooking, reason?: string): UpstreamChange {
    return { kind: 'cancel', held, ...(reason ? { reason } : {}) };
  }

  /** Sends the change now, or keeps it for later: `queued` when the upstream could not take it yet. */
  async send(id: string, change: UpstreamChange): Promise<'done' | 'queued'> {
    try {
      await this.perform(change);
      this.counted({ kind: change.kind, outcome: 'done' });
      return 'done';
    } catch (error) {
      this.options.log.warn('upstream_change_queued', {
        kind: change.kind,
        message: error instanceof Error ? error.message : String(error),
      });
      await this.options.store.enqueue(QUEUE, id, JSON.stringify(change));
      this.counted({ kind: change.kind, outcome: 'queued' });
      return 'queued';
    }
  }

  /** Drops a change still waiting for the upstream (a cancellation of a viewing since reinstated). */
  async withdraw(id: string): Promise<void> {
    await this.options.store.complete(QUEUE, id);
  }

  private async perform(change: UpstreamChange): Promise<void> {
    const { backend, records } = this.options;
    if (change.kind === 'cancel') {
      if (!backend.setCancelled) throw new Error(`${backend.name} cannot cancel bookings`);
      await backend.setCancelled(change.held, true, change.reason);
      return;
    }
    const record = await records.get(change.recordId);
    if (!record) return;
    if (change.kind === 'feedback') {
      if (!record.feedback || !backend.sendFeedback) return;
      const { at: _at, ...feedback } = record.feedback;
      await backend.sendFeedback(heldBooking(record), feedback);
      return;
    }
    if (record.consent.at !== change.at || !backend.setConsent) return;
    await backend.setConsent(heldBooking(record), {
      marketing: record.consent.marketing,
      wording: record.consent.wording,
    });
  }

  private async retry(item: QueuedItem): Promise<boolean> {
    const { store, log } = this.options;
    const change = readPayload(item, Change, log, 'upstream_change_unreadable');
    if (!change) {
      await store.complete(QUEUE, item.id);
      return true;
    }
    try {
      await this.perform(change);
      this.counted({ kind: change.kind, outcome: 'done' });
      log.info('upstream_change_delivered', { kind: change.kind, attempts: item.attempts });
      await store.complete(QUEUE, item.id);
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const lasting = !(error instanceof UpstreamError && error.code === 'upstream_unavailable');
      if (change.kind !== 'cancel' && lasting && item.attempts >= GIVE_UP_AFTER) {
        log.error('upstream_change_abandoned', { kind: change.kind, attempts: item.attempts, message });
        this.counted({ kind: change.kind, outcome: 'abandoned' });
        await store.complete(QUEUE, item.id);
        return true;
      }
      // Someone has to look at a cancellation the upstream keeps refusing; say so now and then.
      const fields = { kind: change.kind, attempts: item.attempts, message };
      if (item.attempts % 10 === 0) log.error('upstream_change_failed', fields);
      else log.warn('upstream_change_failed', fields);
      await store.release(QUEUE, item.id, backoffMs(item.attempts));
      return false;
    }
  }
}
