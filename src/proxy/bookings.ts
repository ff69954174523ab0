import type { Booking, Branch, Property, Slot } from '../contract/index.ts';
import { UpstreamError, type Backend, type BookOutcome } from '../backends/index.ts';
import type { AttemptContext } from './idempotency.ts';
import type { ViewingRequests } from './requests.ts';
import { todayIn } from './today.ts';
import type { FreeTimes } from './free-times.ts';
import { TAKEN, type SlotLedger } from './ledger.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import type { OpenHouses } from './open-houses.ts';
import type { CheckedBookingRequest } from './questions.ts';
import { unmetered, UPSTREAM_COST, type Spend } from './allowance.ts';

const ALTERNATIVES = 6;

/** A booking just made (or kept as a request), with what the backend needs to change it later. */
export interface MadeBooking {
  booking: Booking;
  request: CheckedBookingRequest;
  property: Property;
  branch: Branch;
  upstream?: Record<string, string>;
}

export interface BookingServiceOptions {
  backend: Backend;
  log: Logger;
  metrics: Metrics;
  /** Where bookings the upstream cannot take now are kept for later delivery. */
  requests?: ViewingRequests;
  /** One booking per home and time: its lock, the times held, and who is told of a change. */
  ledger: SlotLedger;
  /** Where alternatives to a taken time are read: the same cached, coalesced free times visitors see. */
  freeTimes: FreeTimes;
  /** Times that hold several visitors: each booking takes one place. */
  openHouses?: OpenHouses;
  now: () => Date;
}

/** What became of a visitor's booking, for the route to answer. */
export type BookingResult =
  /**
   * Booked upstream, or kept as a request the branch will confirm (`made.booking.status` says which); the
   * caller records it for the visitor.
   */
  | { kind: 'booked'; made: MadeBooking }
  /** Someone else has the time; other free times to offer instead. */
  | { kind: 'taken'; alternatives: Slot[] }
  /** Not a time this home was offered: malformed, already begun, or unknown to the upstream. */
  | { kind: 'not_free' };

const NOT_FREE: BookingResult = { kind: 'not_free' };

/**
 * A visitor's booking: checked, claimed through the ledger (one booking per home and time, across every
 * instance), kept as a request when the upstream cannot be reached, and answered with alternatives when the
 * time is gone (even where the upstream would take another negotiator then).
 */
export class BookingService {
  private readonly counted;

  constructor(private readonly options: BookingServiceOptions) {
    this.counted = options.metrics.counter('viewing_bookings_total', 'Booking attempts, by outcome.', [
      'outcome',
    ]);
  }

  async book(
    request: CheckedBookingRequest,
    property: Property,
    branch: Branch,
    attempt: AttemptContext = { resumed: false },
    spend: Spend = unmetered,
    /** Who a reservation of this time is for (a waiting visitor offered it): their claim passes it. */
    holder?: string,
  ): Promise<BookingResult> {
    const { backend, log, ledger } = this.options;
    // A slot id the backend did not make, whose end is not after its start, or that has begun, is the caller's
    // mistake: it is refused before any lock, upstream call or kept request, whatever state the upstream is in.
    const times = backend.slotTimes(request.slotId, branch);
    if (
      !times ||
      !(Date.parse(times.end) > Date.parse(times.start)) ||
      Date.parse(times.start) <= this.options.now().getTime()
    )
      return NOT_FREE;
    // Only a time the upstream last offered is worth an upstream call, or a place kept while it is busy: a forged
    // or long-gone time is answered as taken at once. A retry of an attempt that left no answer is exempt, since
    // that attempt may have taken the time for this very visitor.
    // A reserved time was picked by the proxy itself from such a read.
    if (!attempt.resumed && !holder && !(await this.offered(property, branch, request.slotId, spend))) {
      return this.taken(TAKEN, property, branch, request.slotId, spend);
    }
    const places = this.placesOf(property, branch, request.slotId);
    let outcome: BookOutcome;
    // Whether the upstream was asked: a time answered as taken from this proxy's own marks changed nothing.
    let asked = false;
    try {
      outcome = await ledger.claim(
        property.id,
        request.slotId,
        async (joining) => {
          // Paid only when the upstream is about to be asked: a time this proxy knows is taken costs nothing.
          await spend(UPSTREAM_COST.booking);
          asked = true;
          // A retry of an attempt that left no answer: the upstream may hold that booking already.
          const found = attempt.resumed
            ? await backend.findBooking?.({ ...request, property, branch })
            : undefined;
          if (found) {
            log.info('booking_found_after_lost_answer', { propertyId: property.id });
            return found;
          }
          if (await ledger.isHeld(property.id, request.slotId, holder)) return TAKEN;
          return backend.book({ ...request, property, branch, ...(joining ? { joining } : {}) });
        },
        // Our own earlier attempt may have marked the time: a resumed one looks upstream first.
        { checkFirst: !attempt.resumed, places, ...(holder ? { holder } : {}) },
      );
    } catch (error) {
      // Only an upstream that cannot be reached makes a request worth keeping; nothing else is its fault.
      const unavailable = error instanceof UpstreamError && error.code === 'upstream_unavailable';
      const kept = unavailable ? await this.options.requests?.keep(request, property, branch) : undefined;
      if (kept) {
        // The visitor keeps this time: nobody else is offered it while the request waits.
        await ledger.hold(property.id, request.slotId, kept.start);
        this.counted({ outcome: 'requested' });
        return { kind: 'booked', made: { booking: kept, request, property, branch } };
      }
      throw error;
    } finally {
      if (asked) ledger.changed(property.id);
    }
    if (outcome.ok) {
      this.counted({ outcome: 'booked' });
      log.info('booking_made', {
        propertyId: property.id,
        branchId: branch.id,
        reference: outcome.booking.reference,
      });
      return {
        kind: 'booked',
        made: {
          booking: outcome.booking,
          request,
          property,
          branch,
          ...(outcome.upstream ? { upstream: outcome.upstream } : {}),
        },
      };
    }
    if (outcome.code === 'slot_taken') return this.taken(outcome, property, branch, request.slotId, spend);
    this.counted({ outcome: outcome.code });
    return NOT_FREE;
  }

  /**
   * Whether the upstream's last read offered this time (see FreeTimes.offered), or it is an open time with a
   * place left: the upstream stops listing one once its agent is busy with the first viewer.
   */
  async offered(
    property: Property,
    branch: Branch,
    slotId: string,
    spend: Spend = unmetered,
  ): Promise<boolean> {
    const { openHouses, ledger, freeTimes } = this.options;
    return (
      (openHouses !== undefined && (await ledger.isOpen(property.id, slotId))) ||
      freeTimes.offered(property, branch, slotId, spend)
    );
  }

  /** How many visitors the home's time `slotId` holds: 1, unless it is an open house (or not a time at all). */
  placesOf(property: Property, branch: Branch, slotId: string): number {
    const start = this.options.openHouses && this.options.backend.slotTimes(slotId, branch)?.start;
    return start ? (this.options.openHouses?.placesAt(property, start) ?? 1) : 1;
  }

  private async taken(
    outcome: Extract<BookOutcome, { code: 'slot_taken' }>,
    property: Property,
    branch: Branch,
    slotId: string,
    spend: Spend,
  ): Promise<BookingResult> {
    this.counted({ outcome: 'slot_taken' });
    this.options.log.info('booking_slot_taken', { propertyId: property.id });
    return {
      kind: 'taken',
      alternatives: await this.alternativesTo(outcome, property, branch, slotId, spend),
    };
  }

  /**
   * Other times to offer instead of a taken one: those the upstream gave with its refusal, else the week's
   * free times as visitors see them (cached and read once for everyone refused at the same moment). The taken
   * time itself is never among them, even while the booking that took it is still in flight and unmarked.
   */
  async alternativesTo(
    outcome: Extract<BookOutcome, { code: 'slot_taken' }>,
    property: Property,
    branch: Branch,
    takenSlotId: string,
    spend: Spend = unmetered,
  ): Promise<Slot[]> {
    const taken = this.options.backend.slotTimes(takenSlotId, branch)?.start;
    const others = (slots: Slot[]) =>
      slots.filter(
        (slot) =>
          slot.id !== takenSlotId && (taken === undefined || Date.parse(slot.start) !== Date.parse(taken)),
      );
    const given = others(await this.options.ledger.withoutHeld(property.id, outcome.alternatives));
    if (given.length > 0) return given.slice(0, ALTERNATIVES);
    try {
      return others(await this.upcoming(property, branch, spend)).slice(0, ALTERNATIVES);
    } catch {
      // The time is taken whether or not other times can be read right now; say so without alternatives.
      return [];
    }
  }

  /**
   * The home's free times for `days` from today, as visitors see them (cached, and read once for everyone asking
   * at once).
   */
  async upcoming(property: Property, branch: Branch, spend: Spend = unmetered, days = 7): Promise<Slot[]> {
    const from = todayIn(branch.timeZone, this.options.now());
    return (await this.options.freeTimes.get(property, branch, from, days, spend)).answer.slots;
  }
}
