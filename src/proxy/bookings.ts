import type {
  Booking,
  BookingRequest,
  BookingResponse,
  Branch,
  ErrorResponse,
  Property,
  Slot,
} from '../contract/index.ts';
import { UpstreamError, type Backend, type BookOutcome } from '../backends/index.ts';
import type { AttemptContext, StoredAnswer } from './idempotency.ts';
import type { ViewingRequests } from './requests.ts';
import { todayIn } from './today.ts';
import { LockTimeout, withLock } from './lock.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import type { Store } from './store/index.ts';

/** A booked time stays marked this long after its start: past times are never offered anyway. */
const MARK_AFTER_START_MS = 24 * 60 * 60 * 1000;
const ALTERNATIVES = 6;

/** A booking just made (or kept as a request), with what the backend needs to change it later. */
export interface MadeBooking {
  booking: Booking;
  request: BookingRequest;
  property: Property;
  branch: Branch;
  upstream?: Record<string, string>;
}

/** Records a made booking and gives the booking to answer with (links added). */
export type PresentBooking = (made: MadeBooking) => Promise<Booking>;

export interface BookingServiceOptions {
  backend: Backend;
  store: Store;
  log: Logger;
  metrics: Metrics;
  /** Where bookings the upstream cannot take now are kept for later delivery. */
  requests?: ViewingRequests;
  /** Called after every attempt: the property's cached free times are stale whatever happened. */
  invalidate: (propertyId: string) => void;
  now: () => Date;
}

/**
 * One booking per property and time: the proxy remembers every time it booked, so a second visitor is told
 * at once that the time is gone (even where the upstream would take another negotiator then), and bookings
 * of one slot run one at a time across every instance that shares the store.
 */
export class BookingService {
  private readonly counted;

  constructor(private readonly options: BookingServiceOptions) {
    this.counted = options.metrics.counter('viewing_bookings_total', 'Booking attempts, by outcome.');
  }

  /** Free times minus those this proxy has already booked for the property. */
  async withoutBooked(propertyId: string, slots: Slot[]): Promise<Slot[]> {
    const marks = await Promise.all(
      slots.map((slot) => this.options.store.get(this.startKey(propertyId, slot.start))),
    );
    return slots.filter((_, i) => marks[i] === undefined);
  }

  async book(
    request: BookingRequest,
    property: Property,
    branch: Branch,
    present: PresentBooking = async (made) => made.booking,
    attempt: AttemptContext = { resumed: false },
  ): Promise<StoredAnswer> {
    const { backend, log } = this.options;
    let outcome: BookOutcome;
    try {
      outcome = await this.withSlot(property.id, request.slotId, async () => {
        // A retry of an attempt that left no answer: the upstream may hold that booking already.
        const found = attempt.resumed
          ? await backend.findBooking?.({ ...request, property, branch })
          : undefined;
        if (found) {
          log.info('booking_found_after_lost_answer', { propertyId: property.id });
          await this.mark(property.id, request.slotId, found.booking.start);
          return found;
        }
        if (await this.isBooked(property.id, request.slotId)) {
          return { ok: false, code: 'slot_taken', alternatives: await this.alternatives(property, branch) };
        }
        const result = await backend.book({ ...request, property, branch });
        if (result.ok) await this.mark(property.id, request.slotId, result.booking.start);
        return result;
      });
    } catch (error) {
      const unavailable =
        error instanceof LockTimeout ||
        (error instanceof UpstreamError && error.code === 'upstream_unavailable');
      const kept = unavailable ? await this.options.requests?.keep(request, property, branch) : undefined;
      if (kept) {
        // The visitor keeps this time: nobody else is offered it while the request waits.
        await this.mark(property.id, request.slotId, kept.start);
        this.counted({ outcome: 'requested' });
        const booking = await present({ booking: kept, request, property, branch });
        return { status: 201, body: { booking } satisfies BookingResponse };
      }
      if (error instanceof LockTimeout) {
        throw new UpstreamError(
          'upstream_unavailable',
          'Another booking of this time is taking too long.',
          undefined,
          { cause: error },
        );
      }
      throw error;
    } finally {
      this.options.invalidate(property.id);
    }
    this.counted({ outcome: outcome.ok ? 'booked' : outcome.code });
    if (outcome.ok) {
      log.info('booking_made', {
        propertyId: property.id,
        branchId: branch.id,
        reference: outcome.booking.reference,
      });
      const booking = await present({
        booking: outcome.booking,
        request,
        property,
        branch,
        ...(outcome.upstream ? { upstream: outcome.upstream } : {}),
      });
      return { status: 201, body: { booking } satisfies BookingResponse };
    }
    if (outcome.code === 'slot_taken') {
      log.info('booking_slot_taken', { propertyId: property.id });
      const alternatives = await this.withoutBooked(property.id, outcome.alternatives);
      const body: ErrorResponse = {
        error: {
          code: 'slot_taken',
          message: 'That time has just been taken. Please choose another.',
          alternatives,
        },
      };
      return { status: 409, body };
    }
    const body: ErrorResponse = {
      error: {
        code: 'invalid_request',
        message: 'That time is not one of this property’s free times.',
        fields: { slotId: 'is not a free time of this property' },
      },
    };
    return { status: 422, body };
  }

  /**
   * Runs `work` holding the slot's lock, the one every booking of that slot takes (a move to it as well);
   * throws LockTimeout when another holder keeps it too long.
   */
  async withSlot<T>(propertyId: string, slotId: string, work: () => Promise<T>): Promise<T> {
    return withLock(this.options.store, `slot:${propertyId}:${slotId}`, work);
  }

  /** Whether this proxy booked (or keeps a request for) the slot. */
  async isBooked(propertyId: string, slotId: string): Promise<boolean> {
    return (await this.options.store.get(this.slotKey(propertyId, slotId))) !== undefined;
  }

  /** The property's free times changed: cached lists are stale. */
  changed(propertyId: string): void {
    this.options.invalidate(propertyId);
  }

  async alternatives(property: Property, branch: Branch): Promise<Slot[]> {
    const from = todayIn(branch.timeZone, this.options.now());
    try {
      const slots = await this.options.backend.listSlots({ property, branch, from, days: 7 });
      return (await this.withoutBooked(property.id, slots)).slice(0, ALTERNATIVES);
    } catch {
      // The time is taken whether or not other times can be read right now; say so without alternatives.
      return [];
    }
  }

  async mark(propertyId: string, slotId: string, start: string): Promise<void> {
    const ttlMs = Math.max(60_000, Date.parse(start) + MARK_AFTER_START_MS - this.options.now().getTime());
    await this.options.store.set(this.slotKey(propertyId, slotId), start, { ttlMs });
    await this.options.store.set(this.startKey(propertyId, start), slotId, { ttlMs });
  }

  /** Offers a time again after a cancellation or a move; marks another booking set since are left alone. */
  async unmark(propertyId: string, slotId: string, start: string): Promise<void> {
    await this.options.store.deleteIf(this.slotKey(propertyId, slotId), start);
    await this.options.store.deleteIf(this.startKey(propertyId, start), slotId);
  }

  private slotKey(propertyId: string, slotId: string) {
    return `booked:slot:${propertyId}:${slotId}`;
  }

  /** By instant, so two spellings of one time (offsets, ids naming different negotiators) are one time. */
  private startKey(propertyId: string, start: string) {
    return `booked:at:${propertyId}:${Date.parse(start)}`;
  }
}
