import { z } from 'zod';
import type { Property, Slot } from '../contract/index.ts';
import { OffsetDateTime } from '../contract/slots.ts';
import type { Store } from './store/index.ts';

/** How many visitors one time holds: two at least (one is an ordinary viewing), and a crowd at most. */
const Places = z.number().int().min(2).max(500);

/**
 * Open houses and block viewings: times that hold several visitors. The most particular setting wins: a time
 * of a home, then the home, then its branch. Each viewer is their own appointment with the first viewer's
 * agent; only backends whose system keeps overlapping appointments can hold them (`Capabilities.openHouses`).
 */
export const OpenHouseSettings = z.strictObject({
  /** Every time of every home of these branches, by branch id. */
  branches: z.record(z.string().min(1), Places).default({}),
  /** Every time of these homes, by property id. */
  properties: z.record(z.string().min(1), Places).default({}),
  /** One time of one home, by its start as the home's free times give it (any offset: the instant counts). */
  times: z
    .array(z.strictObject({ propertyId: z.string().min(1), start: OffsetDateTime, places: Places }))
    .default([]),
});
export type OpenHouseSettings = z.infer<typeof OpenHouseSettings>;
export type OpenHouseSettingsInput = z.input<typeof OpenHouseSettings>;

/** How many visitors each time holds, from the agency's settings. */
export class OpenHouses {
  private readonly times = new Map<string, number>();

  constructor(private readonly settings: OpenHouseSettings) {
    for (const time of settings.times)
      this.times.set(`${time.propertyId}|${Date.parse(time.start)}`, time.places);
  }

  /** The places of the home's time starting at `start`: 1 for an ordinary viewing. */
  placesAt(property: Pick<Property, 'id' | 'branchId'>, start: string): number {
    return (
      this.times.get(`${property.id}|${Date.parse(start)}`) ??
      this.settings.properties[property.id] ??
      this.settings.branches[property.branchId] ??
      1
    );
  }
}

/** An open time some visitors have booked: the time, how many it holds and has, and the first viewer's agent. */
export interface OpenTime {
  slot: Slot;
  places: number;
  taken: number;
  /** The first viewing's `upstream` record: every later viewer is booked with the same agent. */
  upstream?: Record<string, string>;
}

/** An open time is remembered this long after it starts: past times are never offered anyway. */
const KEEP_AFTER_START_MS = 24 * 60 * 60 * 1000;

/**
 * The open times of each home that someone has booked, in the store every instance shares. The upstream stops
 * listing such a time once its agent is busy with the first viewer, so these are what keeps offering its
 * places. A time's record changes only under that time's lock (the ledger's); the home's list of them under
 * the home's own.
 */
export class OpenTimes {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    private readonly withHomeLock: <T>(propertyId: string, work: () => Promise<T>) => Promise<T>,
  ) {}

  async get(propertyId: string, slotId: string): Promise<OpenTime | undefined> {
    const text = await this.store.get(this.timeKey(propertyId, slotId));
    return text === undefined ? undefined : (JSON.parse(text) as OpenTime);
  }

  /** The home's open times that still have a place, not yet begun. */
  async open(propertyId: string): Promise<OpenTime[]> {
    const ids = await this.ids(propertyId);
    const times = await Promise.all(ids.map((id) => this.get(propertyId, id)));
    const now = this.now().getTime();
    return times.filter(
      (time): time is OpenTime =>
        time !== undefined && time.taken < time.places && Date.parse(time.slot.start) > now,
    );
  }

  /** One more viewer of the time; the count after. */
  async join(
    propertyId: string,
    slot: Slot,
    places: number,
    upstream: Record<string, string> | undefined,
  ): Promise<number> {
    const before = await this.get(propertyId, slot.id);
    const time: OpenTime = before
      ? { ...before, places, taken: before.taken + 1 }
      : { slot, places, taken: 1, ...(upstream ? { upstream } : {}) };
    await this.store.set(this.timeKey(propertyId, slot.id), JSON.stringify(time), { ttlMs: this.ttl(slot) });
    if (!before) await this.index(propertyId, (ids) => [...ids.filter((id) => id !== slot.id), slot.id]);
    return time.taken;
  }

  /** One viewer fewer (a cancellation, a move away); the last one gone, the time is an ordinary one again. */
  async leave(propertyId: string, slot: Slot): Promise<void> {
    const before = await this.get(propertyId, slot.id);
    if (!before) return;
    if (before.taken > 1) {
      const time = { ...before, taken: before.taken - 1 };
      await this.store.set(this.timeKey(propertyId, slot.id), JSON.stringify(time), {
        ttlMs: this.ttl(slot),
      });
      return;
    }
    await this.store.delete(this.timeKey(propertyId, slot.id));
    await this.index(propertyId, (ids) => ids.filter((id) => id !== slot.id));
  }

  private async ids(propertyId: string): Promise<string[]> {
    const text = await this.store.get(this.homeKey(propertyId));
    return text === undefined ? [] : (JSON.parse(text) as string[]);
  }

  /** Changes the home's list of open times, dropping those already past. */
  private index(propertyId: string, change: (ids: string[]) => string[]): Promise<void> {
    return this.withHomeLock(propertyId, async () => {
      const ids = change(await this.ids(propertyId));
      const live = (await Promise.all(ids.map((id) => this.get(propertyId, id)))).filter(
        (time) => time !== undefined,
      );
      if (live.length === 0) return this.store.delete(this.homeKey(propertyId));
      const last = Math.max(...live.map((time) => Date.parse(time.slot.start)));
      await this.store.set(this.homeKey(propertyId), JSON.stringify(live.map((time) => time.slot.id)), {
        ttlMs: Math.max(60_000, last + KEEP_AFTER_START_MS - this.now().getTime()),
      });
    });
  }

  private ttl(slot: Slot): number {
    return Math.max(60_000, Date.parse(slot.start) + KEEP_AFTER_START_MS - this.now().getTime());
  }

  private timeKey(propertyId: string, slotId: string) {
    return `open:time:${propertyId}:${slotId}`;
  }

  private homeKey(propertyId: string) {
    return `open:home:${propertyId}`;
  }
}
