import type {
  Branch,
  DiaryEntry,
  Property,
  StaffActions,
  StaffApprovalDecision,
  StaffMember,
  StaffMessage,
  StaffViewing,
} from '../../contract/index.ts';
import { UpstreamError, type Backend, type BookOutcome } from '../../backends/index.ts';
import type { BookingService } from '../bookings.ts';
import type { SlotLedger } from '../ledger.ts';
import type { CatalogCache } from '../catalog.ts';
import type { Logger } from '../log.ts';
import { answeredQuestion } from '../questions.ts';
import type { ManageResult, ManageService, ViewingRecord } from '../manage/index.ts';
import { awaitingOwner, heldBooking, shownBooking } from '../manage/record.ts';
import { refuse, type Refusal } from '../manage/service.ts';
import type { Store } from '../store/index.ts';
import { TtlCache } from '../ttl-cache.ts';
import { directSupport, heldFromDiary, SeenEntry, seenEntry, type DirectAction } from './direct.ts';
import type { StaffMemberSession } from './keys.ts';

/** What staff can do with a viewing: what the diary can do without a proxy record, and answer for an owner. */
type StaffAction = DirectAction | 'approval';

/** Long enough to click between days without re-reading, short enough that a colleague's booking soon shows. */
const DIARY_TTL_MS = 30_000;
const STAFF_TTL_MS = 10 * 60_000;
/**
 * Diary reads that miss the cache, per minute, across every instance: staff share the upstream's budget with
 * visitors at the same priority, and this keeps them to a part of it whatever they click.
 */
const DIARY_LOADS_PER_MINUTE = 10;
/** How long a viewing seen in the diary can be acted on without a proxy record. */
const SEEN_TTL_MS = 24 * 60 * 60_000;

export interface StaffDeskOptions {
  backend: Backend;
  catalog: CatalogCache;
  store: Store;
  manage: ManageService;
  bookings: BookingService;
  /** One booking per home and time: a direct move claims its new time there. */
  ledger: SlotLedger;
  /**
   * The branch's diary changed, and the property's free times with it when there is one: every instance's
   * cached copies are stale (this one's included).
   */
  changed: (branchId: string, propertyId: string | undefined) => void;
  log: Logger;
  now: () => Date;
}

/** The viewing as it now is, or why the change was refused (the same refusals a visitor's change can meet). */
export type StaffOutcome = { ok: true; viewing: StaffViewing } | Refusal;

/** Too many uncached diary reads this minute; the answer says when to try again. */
export class DiaryBusy extends Error {
  constructor(readonly retryAfterMs: number) {
    super('staff diary reads are paused to leave the upstream budget to visitors');
    this.name = 'DiaryBusy';
  }
}

/**
 * The branch staff's view of the diary and their changes to it. A viewing booked through the widget is
 * changed through the manage service, so its record, the visitor's messages and link, and the proxy's booked
 * times stay right; any other viewing goes straight to the backend where it can take the change from what the
 * diary shows.
 */
export class StaffDesk {
  private readonly diaries = new TtlCache<DiaryEntry[]>({ ttlMs: DIARY_TTL_MS, maxEntries: 500 });
  private readonly staffLists = new TtlCache<StaffMember[]>({ ttlMs: STAFF_TTL_MS, maxEntries: 100 });

  constructor(private readonly options: StaffDeskOptions) {}

  async diary(branch: Branch, from: string, days: number): Promise<StaffViewing[]> {
    const { backend, store } = this.options;
    const entries = await this.diaries.get(`${branch.id}|${from}|${days}`, async () => {
      if (!backend.diary) return [];
      await this.spend();
      const read = await backend.diary(branch, from, days);
      await Promise.all(
        read.map((entry) =>
          store.set(`staff:entry:${entry.reference}`, JSON.stringify(seenEntry(entry)), {
            ttlMs: SEEN_TTL_MS,
          }),
        ),
      );
      return read;
    });
    return Promise.all(
      entries.map(async (entry) =>
        this.present(entry, await this.options.manage.records.byReference(entry.reference)),
      ),
    );
  }

  async staff(branch: Branch): Promise<StaffMember[]> {
    const { backend } = this.options;
    return this.staffLists.get(branch.id, async () => {
      if (!backend.staff) return [];
      await this.spend();
      return backend.staff(branch);
    });
  }

  async cancel(reference: string, reason: string | undefined, by: StaffMemberSession): Promise<StaffOutcome> {
    const note = [reason, `Cancelled by ${by.name} in the staff diary.`].filter(Boolean).join(' ');
    return this.act('cancel', reference, by, {
      record: (record) => this.options.manage.cancel(record.id, { reason: note }, { by: 'staff' }),
      direct: async (held) => {
        await this.options.backend.setCancelled?.(held, true, note);
        return { cancelled: true };
      },
    });
  }

  async uncancel(reference: string, by: StaffMemberSession): Promise<StaffOutcome> {
    return this.act('uncancel', reference, by, {
      record: (record) => this.options.manage.reinstate(record.id),
      direct: async (held) => {
        try {
          await this.options.backend.setCancelled?.(held, false);
        } catch (error) {
          if (error instanceof UpstreamError && error.status === 409) return takenMeanwhile();
          throw error;
        }
        return { cancelled: false };
      },
    });
  }

  async reschedule(reference: string, slotId: string, by: StaffMemberSession): Promise<StaffOutcome> {
    const { backend, bookings, ledger } = this.options;
    return this.act('reschedule', reference, by, {
      record: (record) => this.options.manage.reschedule(record.id, slotId, { by: 'staff' }),
      direct: async (held) => {
        const { property } = held;
        // The lock and the marks every online booking of this time honours: no visitor gets it meanwhile. An
        // open house counts this viewing as one of its places.
        const outcome: BookOutcome = await ledger.claim(
          property.id,
          slotId,
          async () => (await backend.reschedule?.(held, slotId)) ?? { ok: false, code: 'invalid_slot' },
          { places: bookings.placesOf(property, held.branch, slotId) },
        );
        if (outcome.ok) {
          return {
            reference: outcome.booking.reference,
            start: outcome.booking.start,
            end: outcome.booking.end,
          };
        }
        if (outcome.code === 'invalid_slot') {
          return refuse('invalid_request', 'That time is not one of this home’s free times.', {
            fields: { slotId: 'is not a free time of this property' },
          });
        }
        return refuse(
          'slot_taken',
          'That time has just been taken. The viewing is unchanged; choose another.',
          {
            alternatives: await bookings.alternativesTo(outcome, property, held.branch, slotId),
          },
        );
      },
    });
  }

  /** The home's owner told the branch their answer: staff give it for them. */
  async decide(
    reference: string,
    { decision }: StaffApprovalDecision,
    by: StaffMemberSession,
  ): Promise<StaffOutcome> {
    return this.act('approval', reference, by, {
      record: (record) => this.options.manage.decide(record.id, { decision }, 'staff'),
      direct: async () =>
        refuse('not_changeable', 'Only viewings booked online wait for an owner’s answer here.'),
    });
  }

  async message(reference: string, message: StaffMessage, by: StaffMemberSession): Promise<StaffOutcome> {
    const { backend } = this.options;
    const send = async (held: Parameters<NonNullable<Backend['sendMessage']>>[0]) => {
      await backend.sendMessage?.(held, { kind: 'staff', ...message });
    };
    return this.act('message', reference, by, {
      record: async (record) => {
        await send(heldBooking(record));
        return { ok: true, record };
      },
      direct: async (held) => {
        await send(held);
        return {};
      },
    });
  }

  /** A booking or change made through the proxy: staff see it at once, not after the cache's half minute. */
  diaryChanged(branchId: string): void {
    this.diaries.invalidate(`${branchId}|`);
  }

  /** The branch's diaries and its homes' free times are stale after a change. */
  private changed(branchId: string, propertyId: string | undefined): void {
    this.options.changed(branchId, propertyId);
  }

  private async spend(): Promise<void> {
    const place = await this.options.store.take('staff:diary-loads', DIARY_LOADS_PER_MINUTE, 60_000);
    if (!place.taken) throw new DiaryBusy(place.retryAfterMs);
  }

  /**
   * Finds the viewing by its reference (the proxy's record first, else what the diary showed), checks the
   * change can be made here, makes it, and answers with the viewing as it now is.
   */
  private async act(
    action: StaffAction,
    reference: string,
    by: StaffMemberSession,
    how: {
      record: (record: ViewingRecord) => Promise<ManageResult>;
      direct: (
        held: ReturnType<typeof heldFromDiary>,
      ) => Promise<Partial<Pick<StaffViewing, 'cancelled' | 'reference' | 'start' | 'end'>> | StaffOutcome>;
    },
  ): Promise<StaffOutcome> {
    const { backend, catalog, manage, log } = this.options;
    const record = await manage.records.byReference(reference);
    const seen = await this.seen(reference);
    if (!record && !seen) {
      return refuse(
        'not_found',
        'This viewing is not in any diary shown recently. Reload the day and try again.',
      );
    }
    const branchId = record?.branch.id ?? seen?.branchId ?? '';
    const propertyId = record?.property.id ?? seen?.propertyId;
    const entry = this.entryOf(reference, record, seen);
    if (record) {
      const allowed = this.recordActions(record);
      if (!allowed[action].ok) return refuse('not_changeable', allowed[action].reason);
      const result = await how.record(record);
      if (action !== 'message') this.changed(branchId, propertyId);
      if (!result.ok) return result;
      log.info('staff_changed_viewing', { action, by: by.name, recordId: record.id });
      const now = result.record;
      return {
        ok: true,
        viewing: await this.present(
          {
            ...entry,
            reference: now.booking.reference,
            start: now.booking.start,
            end: now.booking.end,
            cancelled: now.booking.status === 'cancelled',
          },
          now,
        ),
      };
    }
    const branch = catalog.branch(branchId);
    if (!branch || !seen) return refuse('not_found', 'This viewing’s branch is no longer listed.');
    const property = propertyId ? catalog.property(propertyId) : undefined;
    if (action === 'approval') return refuse('not_changeable', 'This viewing was not booked online.');
    const support = directSupport(backend, action, property);
    if (!support.ok) return refuse('not_changeable', support.reason);
    if (action !== 'message' && Date.parse(seen.end) <= this.options.now().getTime()) {
      return refuse('not_changeable', 'This viewing is over.');
    }
    const changed = await how.direct(heldFromDiary(backend, seen, branch, property));
    if (action !== 'message') this.changed(branch.id, propertyId);
    if ('ok' in changed) return changed;
    log.info('staff_changed_viewing', { action, by: by.name, reference });
    if (changed.reference || changed.start) {
      await this.options.store.set(
        `staff:entry:${changed.reference ?? reference}`,
        JSON.stringify({ ...seen, ...changed, reference: changed.reference ?? reference }),
        { ttlMs: SEEN_TTL_MS },
      );
    }
    return { ok: true, viewing: await this.present({ ...entry, ...changed }, undefined) };
  }

  private async seen(reference: string): Promise<SeenEntry | undefined> {
    const raw = await this.options.store.get(`staff:entry:${reference}`);
    if (raw === undefined) return undefined;
    const parsed = SeenEntry.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  }

  /** The diary entry a change answers with, made from what is known without reading the diary again. */
  private entryOf(
    reference: string,
    record: ViewingRecord | undefined,
    seen: SeenEntry | undefined,
  ): DiaryEntry {
    const propertyId = record?.property.id ?? seen?.propertyId;
    return {
      reference,
      branchId: record?.branch.id ?? seen?.branchId ?? '',
      ...(propertyId ? { propertyId } : {}),
      start: record?.booking.start ?? seen?.start ?? '',
      end: record?.booking.end ?? seen?.end ?? '',
      cancelled: record ? record.booking.status === 'cancelled' : (seen?.cancelled ?? false),
    };
  }

  private async present(entry: DiaryEntry, record: ViewingRecord | undefined): Promise<StaffViewing> {
    const { catalog } = this.options;
    const known: Property | undefined =
      (entry.propertyId ? catalog.property(entry.propertyId) : undefined) ?? record?.property;
    const viewer =
      entry.viewer ?? (record ? `${record.guest.firstName} ${record.guest.lastName}` : undefined);
    const cancelled = entry.cancelled || record?.booking.status === 'cancelled';
    const shown = record && shownBooking(record);
    const approvalUrl = record && (await this.options.manage.approvalUrl(record));
    const withCancelled = { ...entry, cancelled };
    return {
      ...withCancelled,
      ...(viewer ? { viewer } : {}),
      ...(known ? { property: { id: known.id, title: known.title, address: known.address } } : {}),
      ...(record
        ? {
            booked: {
              online: true as const,
              status: shown?.status ?? record.booking.status,
              ...(record.source ? { source: record.source } : {}),
              ...(record.answers ? { answers: record.answers.map(answeredQuestion) } : {}),
              ...(shown?.approval
                ? { approval: { ...shown.approval, ...(approvalUrl ? { url: approvalUrl } : {}) } }
                : {}),
            },
          }
        : {}),
      actions: record ? this.flags(this.recordActions(record)) : this.directActions(withCancelled),
    };
  }

  private flags(allowed: Record<StaffAction, { ok: boolean }>): StaffActions {
    return {
      cancel: allowed.cancel.ok,
      uncancel: allowed.uncancel.ok,
      reschedule: allowed.reschedule.ok,
      message: allowed.message.ok,
      approval: allowed.approval.ok,
    };
  }

  private directActions(entry: DiaryEntry): StaffActions {
    const { backend, catalog } = this.options;
    const property = entry.propertyId ? catalog.property(entry.propertyId) : undefined;
    const can = (action: DirectAction) => directSupport(backend, action, property).ok;
    const upcoming = Date.parse(entry.end) > this.options.now().getTime();
    return {
      cancel: upcoming && !entry.cancelled && can('cancel'),
      uncancel: upcoming && entry.cancelled && can('uncancel'),
      reschedule: upcoming && !entry.cancelled && can('reschedule'),
      message: can('message'),
      approval: false,
    };
  }

  /** What the proxy's record of an online booking allows, with the reason where it does not. */
  private recordActions(
    record: ViewingRecord,
  ): Record<StaffAction, { ok: true } | { ok: false; reason: string }> {
    const { backend, now } = this.options;
    const status = record.booking.status;
    const upcoming = Date.parse(record.booking.end) > now().getTime();
    const yes = { ok: true } as const;
    const no = (reason: string) => ({ ok: false, reason }) as const;
    const past = no('This viewing is over.');
    return {
      cancel: !upcoming ? past : status === 'cancelled' ? no('This viewing is already cancelled.') : yes,
      uncancel: !upcoming
        ? past
        : status !== 'cancelled'
          ? no('This viewing is not cancelled.')
          : backend.capabilities.reinstate === false
            ? no(`${backend.title} cannot reinstate a cancelled viewing. Book a new time instead.`)
            : record.cancelledBy === 'unavailable' || record.booking.reference === record.requestReference
              ? no(
                  'This request was never confirmed, so there is nothing to reinstate. Book a new viewing instead.',
                )
              : record.cancelledBy === 'owner'
                ? no(
                    'The home’s owner did not agree to this viewing. Book a new one if they change their mind.',
                  )
                : yes,
      reschedule: !upcoming
        ? past
        : status !== 'confirmed'
          ? no(
              status === 'cancelled'
                ? 'This viewing is cancelled.'
                : 'The branch has not confirmed this viewing yet.',
            )
          : yes,
      message: backend.capabilities.messages
        ? yes
        : no(`${backend.title} has no messaging the proxy can send through. Contact the viewer directly.`),
      approval: !upcoming
        ? past
        : awaitingOwner(record)
          ? yes
          : no('This viewing is not waiting for its owner’s answer.'),
    };
  }
}

const takenMeanwhile = (): StaffOutcome =>
  refuse(
    'slot_taken',
    'Its time was booked by someone else after it was cancelled, so it stays cancelled. Book a new time instead.',
  );
