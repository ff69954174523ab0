import type { Branch, Property, Slot, SlotsResponse } from '../contract/index.ts';
import type { Backend, SlotWindow } from '../backends/index.ts';
import { fromZonedTime } from 'date-fns-tz';
import { createHash } from 'node:crypto';
import { addIsoDays, inZone } from '../backends/slot-time.ts';
import { unmetered, UPSTREAM_COST, type Spend } from './allowance.ts';
import type { Logger } from './log.ts';
import type { SlotLedger } from './ledger.ts';
import type { OpenHouses } from './open-houses.ts';
import type { Store } from './store/index.ts';
import { todayIn } from './today.ts';
import { TtlCache, type CacheOutcome } from './ttl-cache.ts';

export interface FreeTimesOptions {
  backend: Backend;
  /** The times this proxy holds, left out of every answer. */
  ledger: SlotLedger;
  /** Times that hold several visitors, answered with their places left. */
  openHouses?: OpenHouses;
  /** Where every instance records which times the upstream last offered, for bookings to be checked against. */
  store: Store;
  log: Logger;
  /** How long an upstream read is fresh. */
  ttlMs: number;
  /** How long after that it is still answered while a background read refreshes it. */
  staleMs: number;
  now: () => Date;
}

/** How long the times a week's last upstream read offered are remembered for bookings to be checked against. */
const OFFERED_TTL_MS = 6 * 60 * 60 * 1000;
/** How far ahead a booking may be: the furthest window a visitor can be shown starts this many days ahead. */
export const MAX_DAYS_AHEAD = 366;

/** One canonical week as visitors see it: its free times and each one's day on the branch's calendar. */
interface ShownWeek {
  slots: Slot[];
  days: string[];
}

const CACHE_RANK: Record<CacheOutcome, number> = { hit: 0, stale: 1, miss: 2 };

/** A window's answer as JSON text, and what it was made from. */
interface SerialisedAnswer {
  property: Property;
  branch: Branch;
  /** The shown weeks it holds, by their key in the shown-week cache. */
  weeks: [string, ShownWeek][];
  /** When the next day starts on the branch's calendar: the weeks are counted from today. */
  tomorrow: number;
  json: string;
  /** A strong tag of the text, made once with it, for `ETag` and `If-None-Match`. */
  etag: string;
}

/** The answer as text and its tag. */
export interface AnswerText {
  json: string;
  etag: string;
}

/** Answers kept as text, about 11 KB each for a busy week; past this the oldest made is forgotten. */
const MAX_SERIALISED = 2_000;

/**
 * The first day of the canonical week holding `date`: weeks are counted from `today` on the branch's calendar,
 * so the windows the widget asks (today, a week on, two weeks on…) are each one canonical week.
 */
export function weekOf(date: string, today: string): string {
  const days = Math.round((Date.parse(date) - Date.parse(today)) / 86_400_000);
  return addIsoDays(today, 7 * Math.floor(days / 7));
}

/**
 * Free times, read from the upstream at most once per scope and week while fresh, and answered stale while a
 * background read refreshes them. Stale times are safe to show because every booking re-checks its time live;
 * the background read takes only budget that visitors leave, so a busy site never waits on it.
 *
 * The upstream is only ever read in canonical windows, seven days each, counted from today: a visitor's window
 * (any `from`, up to 14 days) is answered from the weeks it touches. However the dates asked for are spread, a
 * scope has about 53 windows a year to read, and each is read once for everyone.
 */
export class FreeTimes {
  /** Upstream answers, per scope (a property, or every home one read covers) and week. */
  private readonly reads: TtlCache<Slot[]>;
  /** What one property's visitors are shown of a week: the scope's times minus this proxy's bookings. */
  private readonly shown: TtlCache<ShownWeek>;
  /** Answers made into text by `json`, by property, first day and length of the window asked. */
  private readonly serialised = new Map<string, SerialisedAnswer>();

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

  /**
   * A property's free times from `from` for `days` days, and whether the upstream was read for this answer.
   * `spend` pays for each week read from the upstream for this answer; one already held costs nothing.
   */
  async get(
    property: Property,
    branch: Branch,
    from: string,
    days: number,
    spend: Spend = unmetered,
  ): Promise<{ answer: SlotsResponse; cache: CacheOutcome }> {
    const { answer, cache } = await this.window(property, branch, from, days, spend);
    return { answer, cache };
  }

  /**
   * `get`'s answer as JSON text. The text is kept, and answered by `kept`, for as long as everything it was made
   * from holds: a busy property's visitors ask the same few windows, and serialising each answer again costs
   * more than the rest of a cached read.
   */
  async json(
    property: Property,
    branch: Branch,
    from: string,
    days: number,
    spend: Spend = unmetered,
  ): Promise<AnswerText & { cache: CacheOutcome }> {
    const { answer, cache, today, weeks } = await this.window(property, branch, from, days, spend);
    const json = JSON.stringify(answer);
    const etag = `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;
    const key = `${property.id}|${from}|${days}`;
    this.serialised.delete(key);
    if (this.serialised.size >= MAX_SERIALISED) {
      const oldest = this.serialised.keys().next();
      if (!oldest.done) this.serialised.delete(oldest.value);
    }
    const tomorrow = fromZonedTime(`${addIsoDays(today, 1)}T00:00:00`, branch.timeZone).getTime();
    this.serialised.set(key, { property, branch, weeks, tomorrow, json, etag });
    return { json, etag, cache };
  }

  /**
   * The text `json` made for this window, while it is still the answer: the same property and branch records,
   * the same day on the branch's calendar, and every week it shows still fresh and unchanged (a booking, a
   * change upstream or a reload makes a new week). Undefined otherwise. A kept answer is a cache hit.
   */
  kept(property: Property, branch: Branch, from: string, days: number): AnswerText | undefined {
    const kept = this.serialised.get(`${property.id}|${from}|${days}`);
    if (!kept || kept.property !== property || kept.branch !== branch) return undefined;
    if (this.options.now().getTime() >= kept.tomorrow) return undefined;
    for (const [key, shown] of kept.weeks) if (this.shown.fresh(key) !== shown) return undefined;
    return kept;
  }

  /** `get`, with the day it was counted from and the weeks it was made from. */
  private async window(property: Property, branch: Branch, from: string, days: number, spend: Spend) {
    const until = addIsoDays(from, days);
    const today = todayIn(branch.timeZone, this.options.now());
    const firsts: string[] = [];
    for (let first = weekOf(from, today); first < until; first = addIsoDays(first, 7)) firsts.push(first);
    const weeks = await Promise.all(firsts.map((first) => this.week(property, branch, first, spend)));
    const slots: Slot[] = [];
    let cache: CacheOutcome = 'hit';
    for (const { shown, outcome } of weeks) {
      if (CACHE_RANK[outcome] > CACHE_RANK[cache]) cache = outcome;
      shown.slots.forEach((slot, i) => {
        const day = shown.days[i] ?? '';
        if (day >= from && day < until) slots.push(slot);
      });
    }
    const made: [string, ShownWeek][] = weeks.map(({ shown }, i) => [`${property.id}|${firsts[i]}`, shown]);
    return {
      answer: { timeZone: branch.timeZone, slots } satisfies SlotsResponse,
      cache,
      today,
      weeks: made,
    };
  }

  /**
   * Whether the upstream's last read of its week offered this time: a booking of anything else (a time never
   * free, a forged id, one taken since) is answered without spending an upstream call. A time missing from a
   * read that is no longer fresh (a cancellation may have freed it since) is looked up in a new read of its
   * week, paid for by `spend`, as the visitor's own page would have read it.
   */
  async offered(
    property: Property,
    branch: Branch,
    slotId: string,
    spend: Spend = unmetered,
  ): Promise<boolean> {
    const times = this.options.backend.slotTimes(slotId, branch);
    if (!times) return false;
    const day = inZone(times.start, branch.timeZone).slice(0, 10);
    const today = todayIn(branch.timeZone, this.options.now());
    if (day < today || day > addIsoDays(today, MAX_DAYS_AHEAD + 14)) return false;
    const first = weekOf(day, today);
    const recorded = await this.options.store.get(this.offeredKey(property, first));
    if (recorded !== undefined && (JSON.parse(recorded) as string[]).includes(slotId)) return true;
    const key = `${this.scope(property)}|${first}`;
    const fresh = this.reads.fresh(key);
    if (fresh) return fresh.some((slot) => slot.id === slotId);
    if (!this.reads.loading(key)) await spend(UPSTREAM_COST.window);
    // Part of a booking: the visitor is at the last step, so the read takes the bookings' share of the budget.
    const read = await this.reads.reload(key, () => this.readWeek(property, branch, first, 'booking'));
    this.shown.invalidate(`${property.id}|${first}`);
    return read.some((slot) => slot.id === slotId);
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

  /** One canonical week of a property as visitors see it, and whether the upstream was read for it. */
  private async week(
    property: Property,
    branch: Branch,
    first: string,
    spend: Spend,
  ): Promise<{ shown: ShownWeek; outcome: CacheOutcome }> {
    const key = `${this.scope(property)}|${first}`;
    const shownKey = `${property.id}|${first}`;
    // Only a read someone waits on is paid for, before joining anything, so that one client's spent allowance
    // never fails another's answer; a background refresh of a stale week takes leftover budget.
    if (!this.shown.holds(shownKey) && !this.reads.holds(key)) await spend(UPSTREAM_COST.window);
    let outcome = 'hit' as CacheOutcome;
    const shown = await this.shown.get(shownKey, async () => {
      const read = await this.reads.read(key, (background) =>
        this.readWeek(property, branch, first, background ? 'sync' : 'slots'),
      );
      outcome = read.outcome;
      const slots = await this.shownOf(property, branch, first, read.value);
      return { slots, days: slots.map((slot) => inZone(slot.start, branch.timeZone).slice(0, 10)) };
    });
    // Built from a stale read while a fresh one is on its way: kept, it would outlive that read by a whole
    // time-to-live (a time freed by a cancellation would stay hidden), so the next visitor builds it again.
    if (outcome === 'stale') this.shown.invalidate(shownKey);
    return { shown, outcome };
  }

  /** A week's free times as visitors see them: without the times this proxy holds, with open houses' places. */
  private async shownOf(property: Property, branch: Branch, first: string, read: Slot[]): Promise<Slot[]> {
    const { ledger, openHouses } = this.options;
    const free = await ledger.withoutHeld(property.id, read);
    if (!openHouses) return free;
    const until = addIsoDays(first, 7);
    return ledger.withPlaces(
      property.id,
      free,
      (start) => openHouses.placesAt(property, start),
      (slot) => {
        const day = inZone(slot.start, branch.timeZone).slice(0, 10);
        return day >= first && day < until;
      },
    );
  }

  /** Reads one week from the upstream (no further back than yesterday) and records what it offered. */
  private async readWeek(
    property: Property,
    branch: Branch,
    first: string,
    priority: NonNullable<SlotWindow['priority']>,
  ): Promise<Slot[]> {
    const yesterday = addIsoDays(todayIn(branch.timeZone, this.options.now()), -1);
    const from = first < yesterday ? yesterday : first;
    const until = addIsoDays(first, 7);
    const slots =
      from < until
        ? await this.options.backend.listSlots({
            property,
            branch,
            from,
            days: Math.round((Date.parse(until) - Date.parse(from)) / 86_400_000),
            priority,
          })
        : [];
    await this.options.store
      .set(this.offeredKey(property, first), JSON.stringify(slots.map((slot) => slot.id)), {
        ttlMs: OFFERED_TTL_MS,
      })
      .catch((error: unknown) =>
        this.options.log.warn('offered_times_not_recorded', {
          error: error instanceof Error ? error.message : String(error),
        }),
      );
    return slots;
  }

  private offeredKey(property: Property, first: string): string {
    return `offered:${this.scope(property)}|${first}`;
  }

  private scope(property: Property): string {
    return this.options.backend.slotScope?.(property) ?? property.id;
  }
}
