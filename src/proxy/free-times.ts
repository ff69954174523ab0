import type { Branch, Property, Slot, SlotsResponse } from '../contract/index.ts';
import type { Backend } from '../backends/index.ts';
import type { Logger } from './log.ts';
import type { SlotMarks } from './slot-marks.ts';
import { TtlCache, type CacheOutcome } from './ttl-cache.ts';

export interface FreeTimesOptions {
  backend: Backend;
  /** The times this proxy booked, left out of every answer. */
  marks: SlotMarks;
  log: Logger;
  /** How long an upstream read is fresh. */
  ttlMs: number;
  /** How long after that it is still answered while a background read refreshes it. */
  staleMs: number;
  now: () => Date;
}

/**
 * Free times, read from the upstream at most once per scope and window while fresh, and answered stale while
 * a background read refreshes them. Stale times are safe to show because every booking re-checks its time
 * live; the background read takes only budget that visitors leave, so a busy site never waits on it.
 */
export class FreeTimes {
  /** Upstream answers, per scope (a property, or every home one read covers) and window. */
  private readonly reads: TtlCache<Slot[]>;
  /** What one property's visitors are shown: the scope's times minus this proxy's bookings. */
  private readonly shown: TtlCache<SlotsResponse>;

  constructor(private readonly options: FreeTimesOptions) {
    const now = () => options.now().getTime();
    this.reads = new TtlCache({
      ttlMs: options.ttlMs,
      staleMs: options.staleMs,
      now,
      onRefreshError: (key, error) =>
        options.log.warn('slots_refresh_failed', {
          scope: key,
          error: error instanceof Error ? error.message : String(error),
        }),
    });
    this.shown = new TtlCache({ ttlMs: options.ttlMs, now });
  }

  /** A property's free times, and whether the upstream was read for this answer. */
  async get(
    property: Property,
    branch: Branch,
    from: string,
    days: number,
  ): Promise<{ answer: SlotsResponse; cache: CacheOutcome }> {
    let cache: CacheOutcome = 'hit';
    const answer = await this.shown.get(`${property.id}|${from}|${days}`, async () => {
      const read = await this.reads.read(`${this.scope(property)}|${from}|${days}`, (background) =>
        this.options.backend.listSlots({
          property,
          branch,
          from,
          days,
          priority: background ? 'sync' : 'slots',
        }),
      );
      cache = read.outcome;
      return {
        timeZone: branch.timeZone,
        slots: await this.options.marks.withoutBooked(property.id, read.value),
      };
    });
    return { answer, cache };
  }

  /**
   * After a booking: the property's answer is rebuilt at once (without the booked time), and its scope is
   * re-read in the background. `upstream`: the upstream said the times changed, so the next read waits for them.
   */
  changed(property: Property, source: 'booking' | 'upstream' = 'booking'): void {
    this.shown.invalidate(`${property.id}|`);
    const scope = `${this.scope(property)}|`;
    if (source === 'upstream') this.reads.invalidate(scope);
    else this.reads.expire(scope);
  }

  /** The upstream said everything may have changed. */
  forgetAll(): void {
    this.shown.invalidate('');
    this.reads.invalidate('');
  }

  private scope(property: Property): string {
    return this.options.backend.slotScope?.(property) ?? property.id;
  }
}
