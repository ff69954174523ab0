import type { Slot } from '../contract/index.ts';
import type { BookOutcome } from '../backends/index.ts';
import { LockTimeout, slotLockKey, withLock } from './lock.ts';
import { OpenTimes } from './open-houses.ts';
import { SlotMarks } from './slot-marks.ts';
import type { Store } from './store/index.ts';

/**
 * How long a claim waits for another claim of the same time to finish before calling the time taken. The
 * holder marks the time the moment the upstream says yes, and waiters see the mark at once; this is only for a
 * holder whose upstream is slow.
 */
const LOCK_WAIT_MS = 1_500;

const reservedKey = (propertyId: string, slotId: string) => `reserved:slot:${propertyId}:${slotId}`;
/** By instant, as the marks are: two spellings of one time are one time. */
const reservedAtKey = (propertyId: string, start: string) => `reserved:at:${propertyId}:${Date.parse(start)}`;

/** The answer for a time someone else holds; the alternatives are read after the lock is let go. */
export const TAKEN = { ok: false, code: 'slot_taken', alternatives: [] } satisfies BookOutcome;

export interface SlotLedgerOptions {
  store: Store;
  now: () => Date;
  /** A home's free times changed: every instance's cached copies, and the caches in front, are stale. */
  changed: (propertyId: string) => void;
  /**
   * A time this proxy held was given back (a cancellation, a move): free again upstream too, before any cached
   * read shows it. The waiting list is offered it.
   */
  released?: (propertyId: string, slot: Slot) => void;
  /** How long a claim waits behind another claim of its time before calling the time taken. */
  lockWaitMs?: number;
}

/**
 * One booking per home and time, for every path that gives a visitor a time or takes it back: a booking, a
 * move, a staff change, a kept request's delivery, a cancellation. The ledger owns the three things that rule
 * needs, so no path spells it out again:
 * - the lock on a time, across every instance sharing the store, held from the last check to the upstream's
 *   answer;
 * - the marks of the times this proxy holds (booked, or kept for a request), which free-time answers leave out
 *   and every claim checks first;
 * - telling everyone (`changed`) when a home's times changed.
 */
export class SlotLedger {
  private readonly marks: SlotMarks;
  private readonly openTimes: OpenTimes;

  constructor(private readonly options: SlotLedgerOptions) {
    this.marks = new SlotMarks(options.store, options.now);
    this.openTimes = new OpenTimes(options.store, options.now, (propertyId, work) =>
      withLock(options.store, `open-home:${propertyId}`, work),
    );
  }

  /**
   * Runs `work` (which asks the upstream) holding the time's lock. A time this proxy holds, or comes to hold
   * while this waits, or that another claim keeps longer than the lock wait, is taken: the visitor hears so at
   * once, never that the upstream is down. A time the upstream gives is marked before the lock is let go.
   * `checkFirst: false` is for a retry whose own earlier attempt may have marked the time.
   *
   * A time with several `places` (an open house) is marked only once the last is taken; until then each
   * claim counts one viewer, and `work` is handed the first viewer's upstream record to book alongside.
   */
  async claim(
    propertyId: string,
    slotId: string,
    work: (joining?: Record<string, string>) => Promise<BookOutcome>,
    {
      checkFirst = true,
      holder,
      places = 1,
    }: { checkFirst?: boolean; holder?: string; places?: number } = {},
  ): Promise<BookOutcome> {
    const held = () => this.isHeld(propertyId, slotId, holder);
    if (checkFirst && (await held())) return TAKEN;
    try {
      return await withLock(
        this.options.store,
        slotLockKey(propertyId, slotId),
        async () => {
          if (checkFirst && (await held())) return TAKEN;
          const open = places > 1 ? await this.openTimes.get(propertyId, slotId) : undefined;
          if (open && open.taken >= places) return TAKEN;
          const outcome = await work(open?.upstream);
          if (outcome.ok) {
            const { start, end } = outcome.booking;
            const taken =
              places > 1
                ? await this.openTimes.join(propertyId, { id: slotId, start, end }, places, outcome.upstream)
                : 1;
            if (taken >= places) await this.hold(propertyId, slotId, start);
            if (holder) await this.unreserve(propertyId, slotId, start, holder);
          }
          return outcome;
        },
        {
          waitMs: this.options.lockWaitMs ?? LOCK_WAIT_MS,
          ...(checkFirst ? { abandonWhen: held } : {}),
        },
      );
    } catch (error) {
      if (error instanceof LockTimeout) return TAKEN;
      throw error;
    }
  }

  /**
   * Runs `work` holding the time's lock, for a path that decides for itself what holds the time (a kept
   * request's delivery or withdrawal, a reinstatement); throws LockTimeout when another holder keeps it too
   * long.
   */
  withSlot<T>(propertyId: string, slotId: string, work: () => Promise<T>): Promise<T> {
    return withLock(this.options.store, slotLockKey(propertyId, slotId), work);
  }

  /**
   * Whether this proxy holds the time: booked, kept for a request, or reserved for someone (a reservation by
   * `holder` itself does not count).
   */
  async isHeld(propertyId: string, slotId: string, holder?: string): Promise<boolean> {
    if (await this.marks.isBooked(propertyId, slotId)) return true;
    const reservedFor = await this.options.store.get(reservedKey(propertyId, slotId));
    return reservedFor !== undefined && reservedFor !== holder;
  }

  /** Whether visitors have booked this open time and it still has a place. */
  async isOpen(propertyId: string, slotId: string): Promise<boolean> {
    const open = await this.openTimes.get(propertyId, slotId);
    return open !== undefined && open.taken < open.places;
  }

  /**
   * A home's free times with its open times' places: each time that holds several visitors says how many
   * places are left (`places` gives a time's places by its start), and an open time some visitors have booked
   * is offered while it has a place, though the upstream no longer lists it. `within` picks the open times
   * that belong with these free times (their week).
   */
  async withPlaces(
    propertyId: string,
    free: Slot[],
    places: (start: string) => number,
    within: (slot: Slot) => boolean,
  ): Promise<Slot[]> {
    // By instant; null for one with no place left (the agency may have lowered its places since).
    const open = new Map<number, Slot | null>();
    for (const time of await this.openTimes.open(propertyId)) {
      if (!within(time.slot) || (await this.isHeld(propertyId, time.slot.id))) continue;
      const left = places(time.slot.start) - time.taken;
      open.set(Date.parse(time.slot.start), left > 0 ? { ...time.slot, placesLeft: left } : null);
    }
    const slots: Slot[] = [];
    for (const slot of free) {
      const booked = open.get(Date.parse(slot.start));
      if (booked !== undefined) continue;
      const left = places(slot.start);
      slots.push(left > 1 ? { ...slot, placesLeft: left } : slot);
    }
    for (const slot of open.values()) if (slot) slots.push(slot);
    return slots.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  }

  /** Free times minus those this proxy holds for the home, reservations included. */
  async withoutHeld(propertyId: string, slots: Slot[]): Promise<Slot[]> {
    const free = await this.marks.withoutBooked(propertyId, slots);
    const reserved = await Promise.all(
      free.map((slot) => this.options.store.get(reservedAtKey(propertyId, slot.start))),
    );
    return free.filter((_, i) => reserved[i] === undefined);
  }

  /**
   * Keeps a free time for one person (`holder`) until `until`: nobody else is offered it or may book it
   * meanwhile; a claim naming the holder may. Then it is free again by itself. False when the time is held
   * already.
   */
  async reserve(propertyId: string, slotId: string, start: string, holder: string, until: Date) {
    return this.withSlot(propertyId, slotId, async () => {
      if (await this.isHeld(propertyId, slotId)) return false;
      const ttlMs = Math.max(1_000, until.getTime() - this.options.now().getTime());
      await this.options.store.set(reservedKey(propertyId, slotId), holder, { ttlMs });
      await this.options.store.set(reservedAtKey(propertyId, start), holder, { ttlMs });
      this.changed(propertyId);
      return true;
    });
  }

  /** Lets a reservation go before its time (its holder booked, or gave it up); another's is left alone. */
  async unreserve(propertyId: string, slotId: string, start: string, holder: string): Promise<void> {
    await this.options.store.deleteIf(reservedKey(propertyId, slotId), holder);
    await this.options.store.deleteIf(reservedAtKey(propertyId, start), holder);
  }

  /** Marks the time as this proxy's: nobody else is offered it. */
  hold(propertyId: string, slotId: string, start: string): Promise<void> {
    return this.marks.mark(propertyId, slotId, start);
  }

  /**
   * Gives a time back after a cancellation or a move, and tells everyone the home's times changed. A mark
   * another booking set since is left alone.
   */
  async release(propertyId: string, slot: Slot): Promise<void> {
    // An open time's count changes only under its lock, as claims change it; an ordinary time takes no lock.
    if (await this.openTimes.get(propertyId, slot.id)) {
      await this.withSlot(propertyId, slot.id, () => this.openTimes.leave(propertyId, slot));
    }
    await this.marks.unmark(propertyId, slot.id, slot.start);
    this.changed(propertyId);
    this.options.released?.(propertyId, slot);
  }

  /** The home's times changed upstream (the upstream was asked, whatever it said). */
  changed(propertyId: string): void {
    this.options.changed(propertyId);
  }
}
