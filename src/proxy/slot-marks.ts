import type { Slot } from '../contract/index.ts';
import type { Store } from './store/index.ts';

/** A booked time stays marked this long after its start: past times are never offered anyway. */
const MARK_AFTER_START_MS = 24 * 60 * 60 * 1000;

/**
 * The times this proxy booked (or keeps a request for), per property, in the store every instance shares:
 * what free-time answers leave out and what every booking, move and reinstatement checks first.
 */
export class SlotMarks {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  /** Free times minus those this proxy has already booked for the property. */
  async withoutBooked(propertyId: string, slots: Slot[]): Promise<Slot[]> {
    const marks = await Promise.all(
      slots.map((slot) => this.store.get(this.startKey(propertyId, slot.start))),
    );
    return slots.filter((_, i) => marks[i] === undefined);
  }

  /** Whether this proxy booked (or keeps a request for) the slot. */
  async isBooked(propertyId: string, slotId: string): Promise<boolean> {
    return (await this.store.get(this.slotKey(propertyId, slotId))) !== undefined;
  }

  async mark(propertyId: string, slotId: string, start: string): Promise<void> {
    const ttlMs = Math.max(60_000, Date.parse(start) + MARK_AFTER_START_MS - this.now().getTime());
    await this.store.set(this.slotKey(propertyId, slotId), start, { ttlMs });
    await this.store.set(this.startKey(propertyId, start), slotId, { ttlMs });
  }

  /** Offers a time again after a cancellation or a move; marks another booking set since are left alone. */
  async unmark(propertyId: string, slotId: string, start: string): Promise<void> {
    await this.store.deleteIf(this.slotKey(propertyId, slotId), start);
    await this.store.deleteIf(this.startKey(propertyId, start), slotId);
  }

  private slotKey(propertyId: string, slotId: string) {
    return `booked:slot:${propertyId}:${slotId}`;
  }

  /** By instant, so two spellings of one time (offsets, ids naming different negotiators) are one time. */
  private startKey(propertyId: string, start: string) {
    return `booked:at:${propertyId}:${Date.parse(start)}`;
  }
}
