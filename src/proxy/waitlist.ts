import { randomBytes } from 'node:crypto';
import { formatInTimeZone } from 'date-fns-tz';
import { z } from 'zod';
import {
  Guest,
  Weekday,
  WEEKDAYS,
  WaitlistStatus,
  type Booking,
  type Branch,
  type Property,
  type Slot,
  type WaitlistPlace,
  type WaitlistRequest,
} from '../contract/index.ts';
import type { WaitlistEvent } from '../contract/events.ts';
import { unmetered, type Spend } from './allowance.ts';
import type { BookingService } from './bookings.ts';
import type { CatalogCache } from './catalog.ts';
import type { SlotLedger } from './ledger.ts';
import { withLock } from './lock.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import type { ManageService } from './manage/service.ts';
import { refuse, type Refusal } from './manage/service.ts';
import { DEFAULT_CONSENT_WORDING } from './manage/texts.ts';
import { ManageTokens, newRecordId } from './manage/token.ts';
import { inZone } from './manage/view.ts';
import type { Store } from './store/index.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Keeps these links apart from manage and owner links signed with the same secret. */
const WAITLIST_DOMAIN = 'viewing-widget waitlist link\n';
const HOMES_KEY = 'waitlist:homes';
/** How far ahead the times a joining visitor passed over are noted: as far as the widget shows. */
const PASSED_DAYS = 14;

/**
 * The waiting list: on when set. `holdMinutes` is how long an offered time is kept for the visitor it is offered
 * to; `keepDays` how long a place is kept (and the details with it) before it is dropped.
 */
export const WaitlistSettings = z.object({
  holdMinutes: z
    .number()
    .int()
    .min(10)
    .max(7 * 24 * 60)
    .default(120),
  keepDays: z.number().int().min(1).max(180).default(30),
});
export type WaitlistSettings = z.infer<typeof WaitlistSettings>;
export type WaitlistSettingsInput = z.input<typeof WaitlistSettings>;

/** One place on a home's list, as the store keeps it. */
const Place = z.object({
  id: z.string(),
  reference: z.string(),
  propertyId: z.string(),
  guest: Guest,
  consent: z.object({ marketing: z.boolean(), wording: z.string(), at: z.string() }),
  days: z.array(Weekday),
  /** The free times the visitor was shown when they joined and passed over: never offered to them. */
  passed: z.array(z.string()).default([]),
  status: WaitlistStatus,
  createdAt: z.string(),
  keptUntil: z.string(),
  offer: z
    .object({ slotId: z.string(), start: z.string(), end: z.string(), heldUntil: z.string() })
    .optional(),
  bookingReference: z.string().optional(),
  /** The visitor's manage link once the offered time is booked. */
  manageUrl: z.string().optional(),
  /** The proxy's public base URL when the visitor joined: links are made from it. */
  linkBase: z.string(),
});
export type Place = z.infer<typeof Place>;

const HomeList = z.array(Place);

export interface WaitlistOptions {
  settings: WaitlistSettingsInput;
  store: Store;
  catalog: CatalogCache;
  bookings: BookingService;
  ledger: SlotLedger;
  manage: ManageService;
  /** The secret manage links are signed with; waiting-list links use it under their own domain. */
  secret: () => Promise<string>;
  /** Tells the agency's tools of an offer (`waitlist.offered`), with the visitor's link to take it. */
  announce: (event: WaitlistEvent) => Promise<void>;
  log: Logger;
  metrics: Metrics;
  now: () => Date;
}

export type PlaceResult = { ok: true; place: Place } | Refusal;
export type BookedPlace = { ok: true; place: Place; booking: Booking } | Refusal;

const ACTIVE: ReadonlySet<Place['status']> = new Set(['waiting', 'offered']);
const homeKey = (propertyId: string) => `waitlist:home:${propertyId}`;
const placeKey = (id: string) => `waitlist:place:${id}`;
const holderOf = (place: Place) => `waitlist:${place.id}`;
const weekday = (at: string, timeZone: string) =>
  formatInTimeZone(new Date(at), timeZone, 'EEEE').toLowerCase() as Weekday;

/**
 * Each home's waiting list, in the store every instance shares. Whenever a home's times change (a booking given
 * up, a move, new times in the agent's diary) and every few minutes besides, the first waiting visitor a free
 * time suits is offered it: the time is reserved for them (nobody else is shown it or may book it) until the
 * hold runs out, the agency's tools are told with the visitor's link, and staff see it on the list. The link
 * books the time with the details the visitor gave. One offer per home at a time, so the list moves in order.
 */
export class Waitlist {
  private readonly settings: WaitlistSettings;
  private tokensOnce: Promise<ManageTokens> | undefined;
  private readonly matching = new Map<string, Promise<void>>();
  /** Homes nudged while their match ran: it runs again once done. */
  private readonly again = new Set<string>();
  /** Times given back, by home, not yet looked at: free upstream before a cached read shows them. */
  private readonly freed = new Map<string, Slot[]>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly counted;

  constructor(private readonly options: WaitlistOptions) {
    this.settings = WaitlistSettings.parse(options.settings);
    this.counted = options.metrics.counter(
      'viewing_waitlist_total',
      'Waiting-list places and offers, by what became of them.',
      ['outcome'],
    );
  }

  /** Adds the visitor to the home's list, or gives back their place there (with the days now given). */
  async join(
    request: Omit<WaitlistRequest, 'formToken' | 'website'>,
    property: Property,
    branch: Branch,
    linkBase: string,
    spend: Spend = unmetered,
  ): Promise<Place> {
    const { now } = this.options;
    const days = request.days ? WEEKDAYS.filter((d) => request.days?.includes(d)) : [...WEEKDAYS];
    // What the visitor could have booked and did not: only a time that frees up after is theirs to be offered.
    const passed = await this.options.bookings.upcoming(property, branch, spend, PASSED_DAYS).then(
      (slots) => slots.map((slot) => slot.id),
      // Unread now (the upstream is away): every time that comes free may be offered.
      () => [],
    );
    const place = await this.change(property.id, async (list) => {
      const email = request.guest.email.trim().toLowerCase();
      const known = list.find((p) => ACTIVE.has(p.status) && p.guest.email.trim().toLowerCase() === email);
      if (known) {
        const again: Place = { ...known, guest: request.guest, days, passed };
        return { list: list.map((p) => (p.id === known.id ? again : p)), result: again };
      }
      const at = now().toISOString();
      const joined: Place = {
        id: newRecordId(),
        reference: `WL-${randomBytes(4).toString('hex').toUpperCase()}`,
        propertyId: property.id,
        guest: request.guest,
        consent: {
          marketing: request.consent.marketing,
          wording: request.consent.wording ?? DEFAULT_CONSENT_WORDING,
          at,
        },
        days,
        passed,
        status: 'waiting',
        createdAt: at,
        keptUntil: new Date(now().getTime() + this.settings.keepDays * DAY).toISOString(),
        linkBase,
      };
      return { list: [...list, joined], result: joined };
    });
    await this.options.store.set(placeKey(place.id), property.id, { ttlMs: this.ttlMs(place) });
    await this.remember(property.id);
    this.counted({ outcome: 'joined' });
    this.options.log.info('waitlist_joined', { propertyId: property.id, reference: place.reference });
    this.nudge(property.id);
    return place;
  }

  /** The place a waiting-list link names, or why there is none. */
  async open(token: string): Promise<PlaceResult> {
    const check = (await this.tokens()).verify(token, this.options.now());
    if (!check.ok) {
      return check.reason === 'expired'
        ? refuse('link_expired', 'This place on the waiting list has been kept as long as it is kept.')
        : refuse('invalid_token', 'This link is not valid. Please use the link you were given.');
    }
    const propertyId = await this.options.store.get(placeKey(check.recordId));
    const place = propertyId && (await this.list(propertyId)).find((p) => p.id === check.recordId);
    return place
      ? { ok: true, place }
      : refuse('not_found', 'We cannot find this place on the waiting list.');
  }

  /** The place as its visitor sees it. */
  async view(place: Place): Promise<WaitlistPlace> {
    const branch = this.branchOf(place);
    const zone = branch?.timeZone ?? 'UTC';
    const list = await this.list(place.propertyId);
    const ahead = list
      .slice(
        0,
        Math.max(
          0,
          list.findIndex((p) => p.id === place.id),
        ),
      )
      .filter((p) => ACTIVE.has(p.status)).length;
    return {
      reference: place.reference,
      propertyId: place.propertyId,
      status: place.status,
      days: place.days,
      ...(place.status === 'waiting' ? { ahead } : {}),
      ...(place.offer && place.status === 'offered'
        ? {
            offer: {
              slot: {
                id: place.offer.slotId,
                start: inZone(place.offer.start, zone),
                end: inZone(place.offer.end, zone),
              },
              heldUntil: inZone(place.offer.heldUntil, zone),
            },
          }
        : {}),
      ...(place.bookingReference ? { bookingReference: place.bookingReference } : {}),
      keptUntil: inZone(place.keptUntil, zone),
      url: await this.url(place),
    };
  }

  /** The visitor's own link to their place. */
  async url(place: Place): Promise<string> {
    return `${place.linkBase}/waitlist/${(await this.tokens()).sign(place.id, new Date(place.keptUntil))}`;
  }

  /** Takes the visitor off the list; a time held for them is free again for the next. */
  async leave(place: Place): Promise<PlaceResult> {
    const left = await this.change(place.propertyId, async (list) => {
      const current = list.find((p) => p.id === place.id);
      if (!current || !ACTIVE.has(current.status)) return { list, result: current };
      if (current.offer) await this.letGo(current);
      const gone: Place = { ...current, status: 'left' };
      return { list: list.map((p) => (p.id === gone.id ? gone : p)), result: gone };
    });
    if (!left) return refuse('not_found', 'We cannot find this place on the waiting list.');
    this.counted({ outcome: 'left' });
    this.nudge(place.propertyId);
    return { ok: true, place: left };
  }

  /**
   * Books the time offered to the visitor, with the details they gave, as a booking from the widget would be:
   * their manage link, messages and calendar follow.
   */
  async book(place: Place, linkBase: string, spend: Spend = unmetered): Promise<BookedPlace> {
    // One press at a time: a second (a double click) finds the place booked, never books twice.
    return withLock(this.options.store, `waitlist:book:${place.id}`, async () => {
      const current = (await this.list(place.propertyId)).find((p) => p.id === place.id) ?? place;
      if (current.status === 'booked') {
        return refuse(
          'not_changeable',
          'You have booked this time already: your confirmation has the details.',
        );
      }
      return this.bookOffer(current, linkBase, spend);
    });
  }

  private async bookOffer(place: Place, linkBase: string, spend: Spend): Promise<BookedPlace> {
    const { catalog, bookings, manage, now } = this.options;
    const { offer } = place;
    if (place.status !== 'offered' || !offer) {
      return refuse('not_changeable', 'No time is being held for you at the moment.');
    }
    if (Date.parse(offer.heldUntil) <= now().getTime()) {
      return refuse('not_changeable', 'The time held for you was not booked in time, so it was offered on.');
    }
    const property = catalog.property(place.propertyId);
    const branch = property && catalog.branch(property.branchId);
    if (!property || !branch) return refuse('not_found', 'This home is no longer advertised.');
    const result = await bookings.book(
      {
        propertyId: property.id,
        slotId: offer.slotId,
        guest: place.guest,
        consent: { marketing: place.consent.marketing, wording: place.consent.wording },
      },
      property,
      branch,
      { resumed: false },
      spend,
      holderOf(place),
    );
    if (result.kind !== 'booked') {
      // Back in line, first for the next time that suits.
      await this.change(place.propertyId, async (list) => ({
        list: list.map((p): Place => {
          if (p.id !== place.id || p.status !== 'offered') return p;
          const { offer: _gone, ...rest } = p;
          return { ...rest, status: 'waiting' };
        }),
        result: undefined,
      }));
      this.nudge(place.propertyId);
      return refuse('slot_taken', 'That time has gone after all. You keep your place on the waiting list.');
    }
    const booking = await manage.record(result.made, linkBase);
    const booked = await this.change(place.propertyId, async (list) => {
      const current = list.find((p) => p.id === place.id) ?? place;
      const done: Place = {
        ...current,
        status: 'booked',
        bookingReference: booking.reference,
        ...(booking.manageUrl ? { manageUrl: booking.manageUrl } : {}),
      };
      return { list: list.map((p) => (p.id === done.id ? done : p)), result: done };
    });
    this.counted({ outcome: 'booked' });
    this.options.log.info('waitlist_booked', { propertyId: property.id, reference: place.reference });
    return { ok: true, place: booked, booking };
  }

  /** The places on a branch's homes' lists that are still open, for staff, oldest first. */
  async forBranch(branchId: string): Promise<Place[]> {
    const homes = await this.homes();
    const lists = await Promise.all(
      homes
        .filter((id) => (this.options.catalog.property(id)?.branchId ?? '') === branchId)
        .map((id) => this.list(id)),
    );
    return lists
      .flat()
      .filter((p) => ACTIVE.has(p.status))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /**
   * A home's times changed (`freed`: this time was given back): offer a free time to its list. One match per
   * home at a time; a nudge meanwhile runs it again after.
   */
  nudge(propertyId: string, freed?: Slot): void {
    if (freed) this.freed.set(propertyId, [...(this.freed.get(propertyId) ?? []), freed]);
    if (this.matching.has(propertyId)) {
      this.again.add(propertyId);
      return;
    }
    const run = (async () => {
      do {
        this.again.delete(propertyId);
        await this.match(propertyId);
      } while (this.again.has(propertyId));
    })()
      .catch((error: unknown) =>
        this.options.log.warn('waitlist_match_failed', {
          propertyId,
          message: error instanceof Error ? error.message : String(error),
        }),
      )
      .finally(() => this.matching.delete(propertyId));
    this.matching.set(propertyId, run);
  }

  /** Waits for the offers under way: for tests and a clean stop. */
  async settled(): Promise<void> {
    await Promise.all([...this.matching.values()]);
  }

  /**
   * Every home with a list: offers past their hold lapse (the next in line is offered), places past their keeping
   * are dropped, and free times are looked for.
   */
  async sweep(): Promise<void> {
    for (const id of await this.homes()) {
      this.nudge(id);
      await this.matching.get(id);
    }
  }

  start(intervalMs: number): void {
    this.timer ??= setInterval(() => void this.sweep().catch(() => undefined), intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Lapses and drops what is due, then offers the first free time that suits someone waiting. */
  private async match(propertyId: string): Promise<void> {
    const { catalog, bookings, now } = this.options;
    // Times just given back first, below: a cached read may not show them yet.
    const given = this.freed.get(propertyId) ?? [];
    this.freed.delete(propertyId);
    // Most homes have nobody waiting: nothing to lock or write.
    const before = await this.list(propertyId);
    if (!before.some((p) => ACTIVE.has(p.status))) {
      if (before.length > 0) await this.forget(propertyId);
      return;
    }
    let lapsed = false;
    const offered = await this.change(propertyId, async (list) => {
      const at = now().getTime();
      let changed = list.map((p): Place => {
        if (p.status === 'offered' && p.offer && Date.parse(p.offer.heldUntil) <= at) {
          this.counted({ outcome: 'lapsed' });
          lapsed = true;
          return { ...p, status: 'lapsed' };
        }
        if (ACTIVE.has(p.status) && Date.parse(p.keptUntil) <= at) return { ...p, status: 'closed' };
        return p;
      });
      const property = catalog.property(propertyId);
      const branch = property && catalog.branch(property.branchId);
      if (!property || !branch) {
        // The home left the catalog: nobody can view it now.
        if (catalog.current && changed.some((p) => ACTIVE.has(p.status))) {
          changed = changed.map((p) => (ACTIVE.has(p.status) ? { ...p, status: 'closed' } : p));
        }
        return { list: changed, result: undefined };
      }
      const waiting = changed.filter((p) => p.status === 'waiting');
      if (waiting.length === 0 || changed.some((p) => p.status === 'offered')) {
        return { list: changed, result: undefined };
      }
      const read = await bookings.upcoming(property, branch);
      const slots = [...given, ...read.filter((s) => !given.some((g) => g.id === s.id))].sort(
        (a, b) => Date.parse(a.start) - Date.parse(b.start),
      );
      const heldUntil = new Date(at + this.settings.holdMinutes * MINUTE);
      for (const slot of slots) {
        if (Date.parse(slot.start) <= at) continue;
        const day = weekday(slot.start, branch.timeZone);
        const first = waiting.find((p) => p.days.includes(day) && !p.passed.includes(slot.id));
        if (!first) continue;
        // Never held past the viewing's start.
        const until = new Date(Math.min(heldUntil.getTime(), Date.parse(slot.start)));
        if (!(await this.options.ledger.reserve(property.id, slot.id, slot.start, holderOf(first), until))) {
          continue;
        }
        const chosen: Place = {
          ...first,
          status: 'offered',
          offer: { slotId: slot.id, start: slot.start, end: slot.end, heldUntil: until.toISOString() },
        };
        return {
          list: changed.map((p) => (p.id === chosen.id ? chosen : p)),
          result: { place: chosen, property, branch },
        };
      }
      return { list: changed, result: undefined };
    });
    // The lapsed offer's time is shown to everyone again (its reservation ran out with the hold).
    if (lapsed) this.options.ledger.changed(propertyId);
    if (offered) await this.offer(offered.place, offered.property, offered.branch);
    else if (!(await this.list(propertyId)).some((p) => ACTIVE.has(p.status))) await this.forget(propertyId);
  }

  /** Tells the agency's tools of the offer (they send the visitor the link), and logs it for staff. */
  private async offer(place: Place, property: Property, branch: Branch): Promise<void> {
    const { offer } = place;
    if (!offer) return;
    this.counted({ outcome: 'offered' });
    this.options.log.info('waitlist_offered', { propertyId: property.id, reference: place.reference });
    await this.options.announce({
      type: 'waitlist.offered',
      timestamp: this.options.now().toISOString(),
      data: {
        reference: place.reference,
        property,
        branch,
        guest: place.guest,
        consent: place.consent,
        days: place.days,
        offer: {
          start: inZone(offer.start, branch.timeZone),
          end: inZone(offer.end, branch.timeZone),
          heldUntil: inZone(offer.heldUntil, branch.timeZone),
        },
        url: await this.url(place),
      },
    });
  }

  private async letGo(place: Place): Promise<void> {
    if (!place.offer) return;
    await this.options.ledger.unreserve(
      place.propertyId,
      place.offer.slotId,
      place.offer.start,
      holderOf(place),
    );
    this.options.ledger.changed(place.propertyId);
  }

  private branchOf(place: Place): Branch | undefined {
    const property = this.options.catalog.property(place.propertyId);
    return property && this.options.catalog.branch(property.branchId);
  }

  private ttlMs(place: Place): number {
    return Math.max(MINUTE, Date.parse(place.keptUntil) + DAY - this.options.now().getTime());
  }

  private async list(propertyId: string): Promise<Place[]> {
    const raw = await this.options.store.get(homeKey(propertyId));
    if (raw === undefined) return [];
    const parsed = HomeList.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
    this.options.log.error('waitlist_unreadable', { propertyId });
    return [];
  }

  /** Changes a home's list under its lock; places whose keeping is long over are dropped from the store. */
  private async change<T>(
    propertyId: string,
    work: (list: Place[]) => Promise<{ list: Place[]; result: T }>,
  ): Promise<T> {
    return withLock(this.options.store, `waitlist:${propertyId}`, async () => {
      const { list, result } = await work(await this.list(propertyId));
      const at = this.options.now().getTime();
      const kept = list.filter((p) => Date.parse(p.keptUntil) + DAY > at);
      const ttlMs = Math.max(MINUTE, ...kept.map((p) => this.ttlMs(p)));
      await this.options.store.set(homeKey(propertyId), JSON.stringify(kept), { ttlMs });
      return result;
    });
  }

  /** The homes with a list, for the sweep. */
  private async homes(): Promise<string[]> {
    const raw = await this.options.store.get(HOMES_KEY);
    const parsed = z.array(z.string()).safeParse(raw === undefined ? [] : JSON.parse(raw));
    return parsed.success ? parsed.data : [];
  }

  private async remember(propertyId: string): Promise<void> {
    await withLock(this.options.store, HOMES_KEY, async () => {
      const homes = await this.homes();
      if (homes.includes(propertyId)) return;
      await this.options.store.set(HOMES_KEY, JSON.stringify([...homes, propertyId]));
    });
  }

  private async forget(propertyId: string): Promise<void> {
    await withLock(this.options.store, HOMES_KEY, async () => {
      const homes = await this.homes();
      if (!homes.includes(propertyId)) return;
      await this.options.store.set(HOMES_KEY, JSON.stringify(homes.filter((id) => id !== propertyId)));
    });
  }

  private tokens(): Promise<ManageTokens> {
    this.tokensOnce ??= this.options.secret().then((secret) => new ManageTokens(secret, WAITLIST_DOMAIN));
    this.tokensOnce.catch(() => (this.tokensOnce = undefined));
    return this.tokensOnce;
  }
}
