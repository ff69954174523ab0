import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Booking, Branch, Property } from '../contract/index.ts';
import { CheckedBookingRequest } from './questions.ts';
import { UpstreamError, type Backend, type BookInput, type BookOutcome } from '../backends/index.ts';
import type { CatalogCache } from './catalog.ts';
import type { SlotLedger } from './ledger.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import type { Store } from './store/index.ts';
import type { Clock } from '../clock.ts';

const QUEUE = 'viewing-requests';
/** A worker that dies mid-delivery gives the request back after this long. */
const LEASE_MS = 2 * 60_000;
/** Waits between delivery attempts: 15 s, 30 s, 1 min… up to 10 minutes. */
const backoffMs = (attempts: number) => Math.min(10 * 60_000, 15_000 * 2 ** Math.max(0, attempts - 1));
/** How long the outcome of a request is kept for the visitor's reference. */
const OUTCOME_TTL_MS = 30 * 24 * 60 * 60_000;

const Queued = z.object({
  reference: z.string(),
  request: CheckedBookingRequest,
  start: z.string(),
  end: z.string(),
  receivedAt: z.string(),
});
type Queued = z.infer<typeof Queued>;

export const RequestOutcome = z.object({
  /** `withdrawn`: the visitor cancelled it before it was delivered. */
  status: z.enum(['pending', 'confirmed', 'unavailable', 'withdrawn']),
  /** The upstream's own reference once delivered. */
  upstreamReference: z.string().optional(),
  /** What the backend needs to change the delivered booking later. */
  upstream: z.record(z.string(), z.string()).optional(),
});
export type RequestOutcome = z.infer<typeof RequestOutcome>;

export interface ViewingRequestsOptions {
  backend: Backend;
  catalog: CatalogCache;
  store: Store;
  log: Logger;
  metrics: Metrics;
  /** One booking per home and time: delivery and withdrawal hold the time's lock, and a delivery holds it. */
  ledger: SlotLedger;
  /**
   * Told the outcome of every request that was delivered or refused, before it leaves the queue (and again
   * after a crash in between, so it must take the same outcome twice calmly).
   */
  settled?: (reference: string, outcome: RequestOutcome) => Promise<void>;
  now: Clock;
}

/**
 * When the upstream cannot take a booking (down, timing out, out of budget), the visitor's request is kept
 * durably in the store and they are told honestly that the branch will confirm. A worker delivers it once
 * the upstream recovers: exactly once, because a delivered request is marked before it leaves the queue, a
 * leased one is invisible to other workers, and a booking the upstream made without its answer reaching us
 * is found and kept rather than made again.
 */
export class ViewingRequests {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<number> | undefined;
  private readonly counted;
  constructor(private readonly options: ViewingRequestsOptions) {
    this.counted = options.metrics.counter(
      'viewing_requests_total',
      'Viewing requests kept or delivered, by outcome.',
      ['outcome'],
    );
  }

  /** Keeps the request; undefined when the backend cannot tell the slot's times from its id. */
  async keep(
    request: CheckedBookingRequest,
    property: Property,
    branch: Branch,
  ): Promise<Booking | undefined> {
    const times = this.options.backend.slotTimes?.(request.slotId, branch);
    if (!times) return undefined;
    const reference = `REQ-${randomBytes(5).toString('hex').toUpperCase()}`;
    const queued: Queued = { reference, request, ...times, receivedAt: this.options.now().toISOString() };
    await this.options.store.set(
      `request:${reference}`,
      JSON.stringify({ status: 'pending' } satisfies RequestOutcome),
      {
        ttlMs: OUTCOME_TTL_MS,
      },
    );
    await this.options.store.enqueue(QUEUE, reference, JSON.stringify(queued));
    this.counted({ outcome: 'kept' });
    this.options.log.info('viewing_request_kept', { reference, propertyId: property.id });
    return {
      reference,
      propertyId: property.id,
      branchId: branch.id,
      ...times,
      timeZone: branch.timeZone,
      status: 'requested',
    };
  }

  async outcome(reference: string): Promise<RequestOutcome | undefined> {
    const raw = await this.options.store.get(`request:${reference}`);
    return raw === undefined ? undefined : RequestOutcome.parse(JSON.parse(raw));
  }

  size(): Promise<number> {
    return this.options.store.size(QUEUE);
  }

  /**
   * Takes back a request the visitor cancelled before it was delivered. False when it has been delivered
   * already: it is a booking now, and has to be cancelled as one.
   */
  async withdraw(reference: string, propertyId: string, slotId: string): Promise<boolean> {
    const { store } = this.options;
    // The slot's lock is the one delivery holds while it books: withdrawn and delivered never both happen.
    return this.options.ledger.withSlot(propertyId, slotId, async () => {
      if ((await this.outcome(reference))?.status === 'confirmed') return false;
      const withdrawn: RequestOutcome = { status: 'withdrawn' };
      await store.set(`request:${reference}`, JSON.stringify(withdrawn), { ttlMs: OUTCOME_TTL_MS });
      await store.complete(QUEUE, reference);
      this.counted({ outcome: 'withdrawn' });
      return true;
    });
  }

  /** Delivers every request that is due; resolves with how many left the queue. */
  deliverDue(): Promise<number> {
    this.running ??= this.drain().finally(() => (this.running = undefined));
    return this.running;
  }

  start(intervalMs = 15_000): void {
    this.timer ??= setInterval(() => void this.deliverDue().catch(() => undefined), intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async drain(): Promise<number> {
    let done = 0;
    for (;;) {
      const item = await this.options.store.claim(QUEUE, LEASE_MS);
      if (!item) return done;
      if (await this.deliver(item.id, item.payload, item.attempts)) done++;
    }
  }

  /** True when the request left the queue (delivered or refused for good). */
  private async deliver(reference: string, payload: string, attempts: number): Promise<boolean> {
    const { store, catalog, log } = this.options;
    const finish = async (outcome: RequestOutcome) => {
      await store.set(`request:${reference}`, JSON.stringify(outcome), { ttlMs: OUTCOME_TTL_MS });
      await this.options.settled?.(reference, outcome);
      await store.complete(QUEUE, reference);
      this.counted({ outcome: outcome.status });
      return true;
    };
    // Delivered before a crash that came between the mark and the queue's acknowledgement, or withdrawn.
    const known = await this.outcome(reference);
    if (known?.status === 'confirmed' || known?.status === 'withdrawn') {
      if (known.status === 'confirmed') await this.options.settled?.(reference, known);
      await store.complete(QUEUE, reference);
      return true;
    }
    const parsed = Queued.safeParse(JSON.parse(payload));
    if (!parsed.success) {
      log.error('viewing_request_unreadable', { reference });
      return finish({ status: 'unavailable' });
    }
    const { request, start } = parsed.data;
    const property = catalog.property(request.propertyId);
    const branch = property && catalog.branch(property.branchId);
    if (!property || !branch) return finish({ status: 'unavailable' });
    try {
      const result = await this.options.ledger.withSlot(property.id, request.slotId, async () =>
        (await this.outcome(reference))?.status === 'withdrawn'
          ? undefined
          : this.bookOnce({ ...request, property, branch }),
      );
      this.options.ledger.changed(property.id);
      if (!result) {
        await store.complete(QUEUE, reference);
        return true;
      }
      if (result.ok) {
        // Marked with the time the request was kept under, the one a later cancellation gives back.
        await this.options.ledger.hold(property.id, request.slotId, start);
        log.info(result.found ? 'viewing_request_found_upstream' : 'viewing_request_delivered', {
          reference,
          upstreamReference: result.booking.reference,
          attempts,
        });
        return finish({
          status: 'confirmed',
          upstreamReference: result.booking.reference,
          ...(result.upstream ? { upstream: result.upstream } : {}),
        });
      }
      // The time went while the upstream was away: the branch has to offer the visitor another one.
      log.warn('viewing_request_unavailable', { reference, reason: result.code });
      return finish({ status: 'unavailable' });
    } catch (error) {
      const retryable = error instanceof UpstreamError ? error.code === 'upstream_unavailable' : true;
      log.warn('viewing_request_delivery_failed', {
        reference,
        attempts,
        message: error instanceof Error ? error.message : String(error),
      });
      if (!retryable && attempts >= 5) return finish({ status: 'unavailable' });
      await store.release(QUEUE, reference, backoffMs(attempts));
      return false;
    }
  }

  /**
   * Books a kept request unless the upstream holds it already. Every request here follows an attempt whose
   * answer never came (the visitor's own booking, or an earlier delivery), and a timeout or a dropped
   * connection can come after the upstream booked: booking blindly would give the visitor a second
   * negotiator at the same time, or the upstream's "taken" for a time they hold themselves. So the upstream is
   * asked first, and asked again when it calls the time taken, since a slow upstream may have committed the
   * earlier attempt only after the first look. Every backend answers `findBooking` (the interface requires
   * it); one that cannot recognise the visitor's booking finds nothing, and the request is booked as before.
   */
  private async bookOnce(input: BookInput): Promise<Delivery> {
    const { backend } = this.options;
    const held = await backend.findBooking(input);
    if (held) return { ...held, found: true };
    const result = await backend.book(input);
    if (result.ok) return { ...result, found: false };
    if (result.code !== 'slot_taken') return result;
    const holder = await backend.findBooking(input);
    return holder ? { ...holder, found: true } : result;
  }
}

/** A booking outcome, and whether the booking was one the upstream already held for the visitor. */
type Delivery =
  (Extract<BookOutcome, { ok: true }> & { found: boolean }) | Extract<BookOutcome, { ok: false }>;
