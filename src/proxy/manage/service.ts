import type {
  ApiError,
  Booking,
  Branch,
  CancelRequest,
  ConsentChange,
  ErrorCode,
  Feedback,
  ManagedViewing,
  OwnerDecision,
  OwnerView,
  Property,
} from '../../contract/index.ts';
import type { ViewingEventData, ViewingEventType } from '../../contract/events.ts';
import { UpstreamError, type Backend, type BookOutcome } from '../../backends/index.ts';
import type { BookingService, MadeBooking } from '../bookings.ts';
import type { SlotLedger } from '../ledger.ts';
import type { CatalogCache } from '../catalog.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { RequestOutcome, ViewingRequests } from '../requests.ts';
import type { Store } from '../store/index.ts';
import { unmetered, UPSTREAM_COST, type Spend } from '../allowance.ts';
import { VisitorOutbox } from './outbox.ts';
import { WebhooksOut, type WebhookSettings } from './webhooks-out.ts';
import { awaitingOwner, heldBooking, shownBooking, ViewingRecords, type ViewingRecord } from './record.ts';
import { OwnerApprovals, type ApprovalSettingsInput, type KeptApproval } from './approval.ts';
import { answeredQuestion } from '../questions.ts';
import { DEFAULT_CONSENT_WORDING, viewingTime, visitorMessage, type MessageKind } from './texts.ts';
import { manageSecret, ManageTokens, newRecordId, OWNER_DOMAIN } from './token.ts';
import { UpstreamChanges } from './upstream-changes.ts';
import { ManageViews, type ManagePolicy } from './view.ts';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
/** A record outlives its link by this long, so staff can still look a viewing up; then it goes. */
const KEEP_AFTER_LINK_MS = 30 * DAY;

export interface ManageSettings extends ManagePolicy {
  /** Signs manage links; without it one is made and kept in the store. */
  secret?: string;
  /** The reminder goes this long before the start; 0 sends none. */
  reminderHours: number;
}

export const DEFAULT_MANAGE_SETTINGS: ManageSettings = {
  noticeMinutes: 120,
  reminderHours: 24,
  feedbackDays: 14,
};

export interface ManageServiceOptions {
  backend: Backend;
  store: Store;
  catalog: CatalogCache;
  bookings: BookingService;
  /** One booking per home and time: a move claims its new time there, a cancellation gives the old one back. */
  ledger: SlotLedger;
  requests: ViewingRequests;
  log: Logger;
  metrics: Metrics;
  now: () => Date;
  settings: ManageSettings;
  /** Where events about viewings go (`viewing.booked`, …), signed; none when absent. */
  webhooks?: WebhookSettings;
  /** Homes whose owner agrees each viewing; none when absent. */
  approval?: ApprovalSettingsInput;
}

/** What a change to a viewing (by the visitor or by staff) can be refused for. */
export type RefusalCode = Extract<
  ErrorCode,
  | 'invalid_token'
  | 'link_expired'
  | 'not_found'
  | 'booking_in_progress'
  | 'not_changeable'
  | 'change_window_closed'
  | 'slot_taken'
  | 'feedback_not_open'
  | 'feedback_given'
  | 'invalid_request'
>;

/**
 * A change that was not made, and why: the code says what happened, the message says it to a person. How
 * it is answered over HTTP is the routes' business (`routes/errors.ts`).
 */
export type Refusal = { ok: false; error: ApiError & { code: RefusalCode } };
export type ManageResult = { ok: true; record: ViewingRecord } | Refusal;

/**
 * Who is changing the viewing. Visitors are held to the agency's notice period; staff, in the branch's own
 * diary, are not.
 */
export interface ChangeOptions {
  /** `owner`: the home's owner, through their link, agreeing to another time instead. */
  by?: 'visitor' | 'staff' | 'owner';
  /** Pays for the upstream calls a visitor's move causes (see `upstreamAllowance`); staff are not metered. */
  spend?: Spend;
}

/** Where a move goes: the home and branch as the catalog has them now, and the new time. */
interface MoveTarget {
  property: Property;
  branch: Branch;
  slotId: string;
}

export const refuse = (
  code: RefusalCode,
  message: string,
  extra: Omit<ApiError, 'code' | 'message'> = {},
): Refusal => ({ ok: false, error: { code, message, ...extra } });

/** The event that tells the agency's tools what a message tells the visitor. */
const EVENT_OF: Record<Exclude<MessageKind, 'reminder'>, ViewingEventType> = {
  confirmation: 'viewing.booked',
  rescheduled: 'viewing.moved',
  cancelled: 'viewing.cancelled',
};

const NOT_FOUND = 'We cannot find this viewing any more. Please contact the branch.';

/** Who changed a viewing, as the agent's diary notes say it. */
const WHO: Record<NonNullable<ChangeOptions['by']>, string> = {
  visitor: 'visitor',
  staff: 'branch',
  owner: 'owner',
};

/**
 * Everything after the booking: the viewing's record, the visitor's signed link, moving and cancelling within
 * the agency's notice period, feedback, consent, and the messages that tell the visitor each of these.
 */
export class ManageService {
  readonly records: ViewingRecords;
  readonly outbox: VisitorOutbox;
  readonly upstream: UpstreamChanges;
  readonly webhooks: WebhooksOut;
  readonly approvals: OwnerApprovals;
  private viewsOnce: Promise<ManageViews> | undefined;
  private readonly counted;

  constructor(private readonly options: ManageServiceOptions) {
    const { store, backend, log, metrics, now, settings } = options;
    this.records = new ViewingRecords(
      store,
      (record) =>
        Date.parse(record.booking.end) + settings.feedbackDays * DAY + KEEP_AFTER_LINK_MS - now().getTime(),
    );
    this.outbox = new VisitorOutbox({ backend, store, records: this.records, log, metrics, now });
    this.upstream = new UpstreamChanges({ backend, store, records: this.records, log, metrics });
    this.webhooks = new WebhooksOut({ settings: options.webhooks, store, log, metrics, now });
    this.approvals = new OwnerApprovals({
      settings: options.approval,
      store,
      log,
      now,
      lapse: (id) => this.lapse(id),
    });
    this.counted = metrics.counter(
      'viewing_manage_actions_total',
      'What visitors did with their viewings after booking, by action and outcome.',
      ['action', 'outcome'],
    );
  }

  /** The signing secret is read (or made) once, on first use. */
  views(): Promise<ManageViews> {
    this.viewsOnce ??= manageSecret(this.options.store, this.options.settings.secret).then(
      (secret) =>
        new ManageViews(
          new ManageTokens(secret),
          this.options.settings,
          new ManageTokens(secret, OWNER_DOMAIN),
        ),
    );
    this.viewsOnce.catch(() => (this.viewsOnce = undefined));
    return this.viewsOnce;
  }

  /**
   * Keeps a booking just made (or kept as a request) and gives the booking to answer with, its links added.
   * `linkBase` is the proxy's public base URL, for links made later without a request at hand.
   */
  async record(made: MadeBooking, linkBase: string): Promise<Booking> {
    const views = await this.views();
    const { booking, request, property, branch, upstream } = made;
    const at = this.options.now().toISOString();
    const approval = this.approvals.needed(property) ? this.approvals.requested(booking.start) : undefined;
    const record: ViewingRecord = {
      id: newRecordId(),
      booking: {
        reference: booking.reference,
        propertyId: booking.propertyId,
        branchId: booking.branchId,
        start: booking.start,
        end: booking.end,
        timeZone: booking.timeZone,
        status: booking.status,
      },
      slotId: request.slotId,
      property,
      branch,
      guest: request.guest,
      ...(request.message ? { message: request.message } : {}),
      ...(request.source ? { source: request.source } : {}),
      ...(request.answers ? { answers: request.answers } : {}),
      consent: {
        marketing: request.consent.marketing,
        wording: request.consent.wording ?? DEFAULT_CONSENT_WORDING,
        at,
      },
      ...(upstream ? { upstream } : {}),
      ...(approval ? { approval } : {}),
      ...(booking.status === 'requested' ? { requestReference: booking.reference } : {}),
      sequence: 0,
      messages: [],
      linkBase,
      createdAt: at,
      changedAt: at,
    };
    await this.records.put(record);
    if (approval) await this.approvals.schedule(record.id, approval);
    await this.announce(record, 'confirmation', { views });
    if (approval) {
      const approvalUrl = views.approvalUrl(record);
      await this.webhooks.tell('viewing.approval_requested', record, approvalUrl ? { approvalUrl } : {});
    }
    this.counted({ action: 'book', outcome: shownBooking(record).status });
    this.options.log.info('viewing_recorded', { recordId: record.id, status: booking.status });
    return views.booking(record);
  }

  /** The record a manage link names, or why there is none. */
  async open(token: string): Promise<ManageResult> {
    const check = (await this.views()).verify(token, this.options.now());
    if (!check.ok) {
      this.counted({ action: 'open', outcome: check.reason });
      return check.reason === 'expired'
        ? refuse(
            'link_expired',
            'This link has expired. For anything about this viewing, please contact the branch.',
          )
        : refuse(
            'invalid_token',
            'This link is not valid. Please use the link from your confirmation message.',
          );
    }
    const record = await this.records.get(check.recordId);
    if (!record) {
      this.counted({ action: 'open', outcome: 'missing' });
      return refuse('not_found', NOT_FOUND);
    }
    return { ok: true, record };
  }

  async view(record: ViewingRecord): Promise<ManagedViewing> {
    return (await this.views()).view(record, this.options.now());
  }

  async ics(record: ViewingRecord): Promise<string> {
    return (await this.views()).ics(record);
  }

  async cancel(
    id: string,
    { reason }: CancelRequest,
    { by = 'visitor' }: ChangeOptions = {},
  ): Promise<ManageResult> {
    return this.change(by === 'staff' ? 'staff_cancel' : 'cancel', id, async (record) => {
      if (record.booking.status === 'cancelled') return { ok: true, record };
      const closed = by === 'visitor' ? await this.windowClosed(record) : undefined;
      if (closed) return closed;
      return this.callOff(record, by, reason);
    });
  }

  /**
   * Calls the viewing off (withdrawing a kept request, or cancelling upstream), gives its time back, and tells
   * the visitor. `approval`: the owner's answer this records, when it is theirs.
   */
  private async callOff(
    record: ViewingRecord,
    by: NonNullable<ChangeOptions['by']>,
    reason: string | undefined,
    approval?: KeptApproval,
  ): Promise<ManageResult> {
    const { ledger, requests } = this.options;
    if (record.booking.status === 'requested') {
      const reference = record.requestReference ?? record.booking.reference;
      if (!(await requests.withdraw(reference, record.property.id, record.slotId))) {
        return refuse(
          'booking_in_progress',
          'The branch is confirming your viewing right now. Please try again in a moment.',
        );
      }
    } else {
      await this.upstream.send(
        `${record.id}:cancel:${record.booking.reference}`,
        UpstreamChanges.cancel(heldBooking(record), reason ?? `Cancelled by the ${WHO[by]}.`),
      );
    }
    await ledger.release(record.property.id, {
      id: record.slotId,
      start: record.booking.start,
      end: record.booking.end,
    });
    const cancelled: ViewingRecord = {
      ...record,
      booking: { ...record.booking, status: 'cancelled' },
      cancelledBy: by,
      ...(reason ? { cancelReason: reason } : {}),
      ...(approval ? { approval } : {}),
      sequence: record.sequence + 1,
      changedAt: this.options.now().toISOString(),
    };
    await this.records.put(cancelled);
    await this.announce(cancelled, 'cancelled');
    this.options.log.info('viewing_cancelled', {
      recordId: record.id,
      reference: record.booking.reference,
      by,
    });
    return { ok: true, record: cancelled };
  }

  /**
   * Moves the viewing to another free time of the same home. The visitor never ends with no booking or two:
   * the new time is held first, and only then is the old one given up (now, or by retry if the upstream
   * cannot take the cancellation yet). A taken time or a failing upstream leaves the old booking as it was.
   */
  async reschedule(
    id: string,
    slotId: string,
    { by = 'visitor', spend = unmetered }: ChangeOptions = {},
  ): Promise<ManageResult> {
    const { bookings, catalog } = this.options;
    return this.change(by === 'staff' ? 'staff_reschedule' : 'reschedule', id, async (record) => {
      const unmovable = await this.unmovable(record, by);
      if (unmovable) return unmovable;
      // The owner suggesting the very time asked for agrees to it.
      if (slotId === record.slotId)
        return by === 'owner' ? this.agreed(record, 'owner') : { ok: true, record };
      const to: MoveTarget = {
        property: catalog.property(record.property.id) ?? record.property,
        branch: catalog.branch(record.branch.id) ?? record.branch,
        slotId,
      };
      // A visitor or an owner moves only to a time the upstream last offered, as a booking does; staff may pick
      // any time.
      if (by !== 'staff' && !(await bookings.offered(to.property, to.branch, slotId, spend))) {
        return this.moveTaken(to, { ok: false, code: 'slot_taken', alternatives: [] }, spend);
      }
      const { outcome, joined } = await this.claimMove(record, to, spend);
      if (outcome.ok) return { ok: true, record: await this.moved(record, to, outcome, by, joined) };
      if (outcome.code === 'invalid_slot') {
        return refuse('invalid_request', 'That time is not one of this property’s free times.', {
          fields: { slotId: 'is not a free time of this property' },
        });
      }
      return this.moveTaken(to, outcome);
    });
  }

  /**
   * For staff: puts a cancelled viewing back at its time when that time is still free (upstream and among the
   * proxy's own bookings), and tells the visitor it is on again.
   */
  async reinstate(id: string): Promise<ManageResult> {
    const { backend, ledger, now } = this.options;
    return this.change('staff_reinstate', id, async (record) => {
      if (record.booking.status !== 'cancelled') return { ok: true, record };
      if (record.cancelledBy === 'owner') {
        return refuse(
          'not_changeable',
          'The home’s owner did not agree to this viewing, so it cannot be reinstated. Book a new one instead.',
        );
      }
      if (record.cancelledBy === 'unavailable' || record.booking.reference === record.requestReference) {
        return refuse(
          'not_changeable',
          'This was a request the branch never confirmed, so there is nothing to reinstate. Book a new viewing instead.',
        );
      }
      if (backend.capabilities.reinstate === false) {
        return refuse(
          'not_changeable',
          `${backend.title} cannot reinstate a cancelled viewing. Book a new time instead.`,
        );
      }
      if (Date.parse(record.booking.start) <= now().getTime()) {
        return refuse('not_changeable', 'This viewing’s time has passed, so it cannot be reinstated.');
      }
      const taken = refuse(
        'slot_taken',
        'Its time was booked by someone else after it was cancelled, so it stays cancelled. Book a new time instead.',
      );
      const { property, slotId, booking } = record;
      const outcome = await ledger.withSlot(property.id, slotId, async () => {
        if (await ledger.isHeld(property.id, slotId)) return taken;
        try {
          await backend.setCancelled(heldBooking(record), false);
        } catch (error) {
          if (error instanceof UpstreamError && error.status === 409) return taken;
          throw error;
        } finally {
          ledger.changed(property.id);
        }
        await ledger.hold(property.id, slotId, booking.start);
        return undefined;
      });
      if (outcome) return outcome;
      // A cancellation the upstream could not take yet must not undo this later.
      await this.upstream.withdraw(`${record.id}:cancel:${booking.reference}`);
      const { cancelledBy: _by, cancelReason: _reason, ...rest } = record;
      const reinstated: ViewingRecord = {
        ...rest,
        booking: { ...booking, status: 'confirmed' },
        sequence: record.sequence + 1,
        changedAt: now().toISOString(),
      };
      await this.records.put(reinstated);
      await this.announce(reinstated, 'confirmation');
      this.options.log.info('viewing_reinstated', { recordId: record.id, reference: booking.reference });
      return { ok: true, record: reinstated };
    });
  }

  /**
   * The owner's answer to a viewing of their home: agreed (the visitor is told it is booked), declined (called
   * off: the time is given back and the visitor told), or agreed at another of the home's free times (moved there,
   * and the visitor told). `by: 'staff'` is the branch answering for an owner who rang; staff move a viewing
   * through the diary, so only the owner suggests.
   */
  async decide(id: string, decision: OwnerDecision, by: 'owner' | 'staff' = 'owner'): Promise<ManageResult> {
    if (decision.decision === 'suggest') return this.reschedule(id, decision.slotId, { by: 'owner' });
    return this.change(`${by === 'staff' ? 'staff_' : 'owner_'}${decision.decision}`, id, async (record) => {
      const closed = this.undecidable(record);
      if (closed) return closed;
      if (decision.decision === 'approve') return this.agreed(record, by);
      const approval: KeptApproval = {
        ...(record.approval as KeptApproval),
        status: 'declined',
        decidedBy: by,
        decidedAt: this.options.now().toISOString(),
      };
      const reason = by === 'staff' ? 'Declined by the owner, through the branch.' : 'Declined by the owner.';
      return this.callOff(record, 'owner', reason, approval);
    });
  }

  /** The owner's link opened: their viewing, or why there is none. */
  async openForOwner(token: string): Promise<ManageResult> {
    const check = (await this.views()).verifyOwner(token, this.options.now());
    if (!check.ok) {
      this.counted({ action: 'owner_open', outcome: check.reason });
      return check.reason === 'expired'
        ? refuse(
            'link_expired',
            'The time to answer this request has passed, so the viewing was not confirmed. The branch will be in touch.',
          )
        : refuse('invalid_token', 'This link is not valid. Please use the link the agency sent you.');
    }
    const record = await this.records.get(check.recordId);
    return record ? { ok: true, record } : refuse('not_found', NOT_FOUND);
  }

  /**
   * What the owner is shown: never the visitor's surname or contact details. While the answer is open, the
   * home's other free times this week, for the owner to suggest one (read as visitors read them).
   */
  async ownerView(record: ViewingRecord, spend: Spend = unmetered): Promise<OwnerView> {
    const { property, branch, booking } = record;
    const open = !this.undecidable(record);
    const suggestions = open
      ? (await this.options.bookings.upcoming(property, branch, spend)).filter((s) => s.id !== record.slotId)
      : [];
    const approval = shownBooking(record).approval;
    if (!approval) throw new Error('an owner’s link names a viewing that needs no approval');
    return {
      property: { id: property.id, title: property.title, address: property.address },
      branch: {
        name: branch.name,
        ...(branch.phone ? { phone: branch.phone } : {}),
        ...(branch.email ? { email: branch.email } : {}),
      },
      viewing: { start: booking.start, end: booking.end, timeZone: booking.timeZone },
      visitor: { firstName: record.guest.firstName },
      answers: (record.answers ?? []).map(answeredQuestion),
      approval,
      cancelled: booking.status === 'cancelled',
      suggestions,
    };
  }

  /** For staff: the owner's link, to send them another way. */
  async approvalUrl(record: ViewingRecord): Promise<string | undefined> {
    return awaitingOwner(record) ? (await this.views()).approvalUrl(record) : undefined;
  }

  /** Why the owner's answer cannot be taken now: nothing to decide, answered already, or too late. */
  private undecidable(record: ViewingRecord): Refusal | undefined {
    const { approval } = record;
    if (record.booking.status === 'cancelled') {
      return refuse('not_changeable', 'This viewing was called off, so there is nothing to decide.');
    }
    if (!approval) return refuse('not_changeable', 'This viewing does not need the owner’s approval.');
    if (approval.status !== 'pending') {
      return refuse('not_changeable', `This viewing was ${approval.status} already.`);
    }
    if (record.booking.status === 'requested') {
      return refuse(
        'booking_in_progress',
        'The agency’s system has not taken this viewing yet. Please try again in a few minutes.',
      );
    }
    if (this.options.now().getTime() >= Date.parse(approval.answerBy)) {
      return refuse('link_expired', 'The time to answer this request has passed.');
    }
    return undefined;
  }

  /** The owner agreed: the viewing is booked, and the visitor is told so. */
  private async agreed(record: ViewingRecord, by: 'owner' | 'staff'): Promise<ManageResult> {
    const changedAt = this.options.now().toISOString();
    const approved: ViewingRecord = {
      ...record,
      approval: {
        ...(record.approval as KeptApproval),
        status: 'approved',
        decidedBy: by,
        decidedAt: changedAt,
      },
      sequence: record.sequence + 1,
      changedAt,
    };
    await this.records.put(approved);
    await this.announce(approved, 'confirmation');
    this.options.log.info('viewing_approved', { recordId: record.id, by });
    return { ok: true, record: approved };
  }

  /** The owner did not answer in time: the request lapses, its time is given back, and the visitor is told. */
  private async lapse(id: string): Promise<void> {
    const { now } = this.options;
    await this.change('owner_lapse', id, async (record) => {
      const { approval } = record;
      if (!approval || !awaitingOwner(record) || now().getTime() < Date.parse(approval.answerBy)) {
        return { ok: true, record };
      }
      const lapsed: KeptApproval = { ...approval, status: 'expired', decidedAt: now().toISOString() };
      return this.callOff(record, 'owner', 'The owner did not answer in time.', lapsed);
    });
  }

  async feedback(id: string, feedback: Feedback): Promise<ManageResult> {
    return this.change('feedback', id, async (record) => {
      if (record.booking.status === 'cancelled') {
        return refuse(
          'not_changeable',
          'This viewing was cancelled, so there is nothing to tell us about it.',
        );
      }
      if (this.options.now().getTime() < Date.parse(record.booking.end)) {
        return refuse('feedback_not_open', 'You can tell us how the viewing went once it is over.');
      }
      if (record.feedback)
        return refuse('feedback_given', 'You have already told us how the viewing went. Thank you.');
      const updated: ViewingRecord = {
        ...record,
        feedback: { ...feedback, at: this.options.now().toISOString() },
      };
      await this.records.put(updated);
      await this.webhooks.tell('viewing.feedback', updated);
      if (this.options.backend.sendFeedback) {
        await this.upstream.send(`${record.id}:feedback`, { kind: 'feedback', recordId: record.id });
      }
      return { ok: true, record: updated };
    });
  }

  /** Recorded with the moment and the words agreed to; passed on to the upstream where it keeps consent. */
  async consent(id: string, { consent }: ConsentChange): Promise<ManageResult> {
    return this.change('consent', id, async (record) => {
      const at = this.options.now().toISOString();
      const updated: ViewingRecord = {
        ...record,
        consent: { marketing: consent.marketing, wording: consent.wording ?? DEFAULT_CONSENT_WORDING, at },
      };
      await this.records.put(updated);
      // A request not yet delivered carries the old choice; delivery passes on the new one.
      if (this.options.backend.setConsent && record.booking.status !== 'requested') {
        await this.upstream.send(`${record.id}:consent:${at}`, { kind: 'consent', recordId: record.id, at });
      }
      return { ok: true, record: updated };
    });
  }

  /** A kept request was delivered or refused: the visitor's record follows, and they are told. */
  async requestSettled(reference: string, outcome: RequestOutcome): Promise<void> {
    const id = await this.records.idOfRequest(reference);
    if (!id) return;
    await this.records.change(id, async (record) => {
      if (record.booking.status !== 'requested') return { result: undefined };
      const changedAt = this.options.now().toISOString();
      if (outcome.status === 'confirmed') {
        const confirmed: ViewingRecord = {
          ...record,
          booking: {
            ...record.booking,
            reference: outcome.upstreamReference ?? record.booking.reference,
            status: 'confirmed',
          },
          ...(outcome.upstream ? { upstream: outcome.upstream } : {}),
          sequence: record.sequence + 1,
          changedAt,
        };
        await this.records.put(confirmed);
        await this.announce(confirmed, 'confirmation');
        if (this.options.backend.setConsent && record.consent.at !== record.createdAt) {
          await this.upstream.send(`${record.id}:consent:${record.consent.at}`, {
            kind: 'consent',
            recordId: record.id,
            at: record.consent.at,
          });
        }
      } else if (outcome.status === 'unavailable') {
        const refused: ViewingRecord = {
          ...record,
          booking: { ...record.booking, status: 'cancelled' },
          cancelledBy: 'unavailable',
          sequence: record.sequence + 1,
          changedAt,
        };
        await this.records.put(refused);
        await this.announce(refused, 'cancelled');
      }
      return { result: undefined };
    });
  }

  start(intervalMs: number): void {
    this.outbox.worker.start(intervalMs);
    this.upstream.worker.start(intervalMs);
    this.webhooks.start(intervalMs);
    this.approvals.worker.start(intervalMs);
  }

  stop(): void {
    this.outbox.worker.stop();
    this.upstream.worker.stop();
    this.webhooks.stop();
    this.approvals.worker.stop();
  }

  private call(record: ViewingRecord): string {
    const { branch } = record;
    if (branch.phone) return `call ${branch.name} on ${branch.phone}`;
    return branch.email ? `contact ${branch.name} at ${branch.email}` : `contact ${branch.name}`;
  }

  /** Why this viewing cannot be moved at all, whatever the new time. */
  private async unmovable(record: ViewingRecord, by: ChangeOptions['by']): Promise<Refusal | undefined> {
    if (record.booking.status === 'cancelled') {
      return refuse('not_changeable', 'This viewing was cancelled. Please book a new one.');
    }
    if (record.booking.status === 'requested') {
      return refuse(
        'not_changeable',
        `The branch has not confirmed this viewing yet, so it cannot be moved. You can cancel it and book another time, or ${this.call(record)}.`,
      );
    }
    if (by === 'owner') return this.undecidable(record);
    if (by === 'visitor' && awaitingOwner(record)) {
      return refuse(
        'not_changeable',
        `The owner of this home has not agreed to this viewing yet, so it cannot be moved. You can cancel it and book another time, or ${this.call(record)}.`,
      );
    }
    return by === 'visitor' ? this.windowClosed(record) : undefined;
  }

  /**
   * Books the new time through the ledger, so no online booking can take it meanwhile. An open house others
   * have joined is joined as a new booking (`joined`): the agent's calendar is full then, so a move in place
   * would be refused.
   */
  private async claimMove(
    record: ViewingRecord,
    to: MoveTarget,
    spend: Spend,
  ): Promise<{ outcome: BookOutcome; joined: boolean }> {
    const { backend, bookings, ledger } = this.options;
    const { property, branch, slotId } = to;
    const held = heldBooking(record);
    let joined = false;
    try {
      const outcome = await ledger.claim(
        property.id,
        slotId,
        async (joining) => {
          await spend(UPSTREAM_COST.booking);
          joined = joining !== undefined;
          return backend.capabilities.nativeMove && !joining
            ? backend.reschedule(held, slotId)
            : backend.book({
                property,
                branch,
                slotId,
                guest: record.guest,
                consent: held.consent,
                ...(record.message ? { message: record.message } : {}),
                ...(record.source ? { source: record.source } : {}),
                ...(record.answers ? { answers: record.answers } : {}),
                ...(awaitingOwner(record) ? { ownerApproval: true } : {}),
                ...(joining ? { joining } : {}),
              });
        },
        { places: bookings.placesOf(property, branch, slotId) },
      );
      return { outcome, joined };
    } finally {
      ledger.changed(property.id);
    }
  }

  private async moveTaken(
    to: MoveTarget,
    outcome: Extract<BookOutcome, { code: 'slot_taken' }>,
    spend?: Spend,
  ): Promise<Refusal> {
    const { property, branch, slotId } = to;
    return refuse(
      'slot_taken',
      'That time has just been taken. Your viewing is unchanged; please choose another time.',
      { alternatives: await this.options.bookings.alternativesTo(outcome, property, branch, slotId, spend) },
    );
  }

  /** The new time is held: only now is the old one given up, and the record and the visitor follow. */
  private async moved(
    record: ViewingRecord,
    to: MoveTarget,
    outcome: Extract<BookOutcome, { ok: true }>,
    by: ChangeOptions['by'],
    /** Booked anew beside an open house's viewers rather than moved: the old appointment is cancelled. */
    joined = false,
  ): Promise<ViewingRecord> {
    const { backend, ledger } = this.options;
    const inPlace = backend.capabilities.nativeMove && !joined;
    if (!inPlace) {
      await this.upstream.send(
        `${record.id}:cancel:${record.booking.reference}`,
        UpstreamChanges.cancel(heldBooking(record), `Moved to another time by the ${WHO[by ?? 'visitor']}.`),
      );
    }
    await ledger.release(record.property.id, {
      id: record.slotId,
      start: record.booking.start,
      end: record.booking.end,
    });
    const upstream = outcome.upstream ?? (inPlace ? record.upstream : undefined);
    const { upstream: _old, ...rest } = record;
    const changedAt = this.options.now().toISOString();
    const moved: ViewingRecord = {
      ...rest,
      booking: {
        reference: outcome.booking.reference,
        propertyId: record.booking.propertyId,
        branchId: record.booking.branchId,
        start: outcome.booking.start,
        end: outcome.booking.end,
        timeZone: outcome.booking.timeZone,
        status: 'confirmed',
      },
      slotId: to.slotId,
      property: to.property,
      branch: to.branch,
      ...(upstream ? { upstream } : {}),
      // The owner moving it agrees to the new time.
      ...(by === 'owner' && record.approval
        ? { approval: { ...record.approval, status: 'approved', decidedBy: 'owner', decidedAt: changedAt } }
        : {}),
      sequence: record.sequence + 1,
      changedAt,
    };
    await this.records.put(moved);
    await this.announce(moved, 'rescheduled', {
      previous: { reference: record.booking.reference, start: record.booking.start, end: record.booking.end },
      ...(by ? { by } : {}),
    });
    this.options.log.info('viewing_rescheduled', {
      recordId: record.id,
      from: record.booking.reference,
      to: moved.booking.reference,
    });
    return moved;
  }

  private async windowClosed(record: ViewingRecord): Promise<Refusal | undefined> {
    const until = (await this.views()).changeableUntil(record);
    if (this.options.now().getTime() <= until.getTime()) return undefined;
    const when = viewingTime(record.booking.start, record.branch.timeZone);
    return refuse(
      'change_window_closed',
      `Your viewing is on ${when}, too soon to change it online. Please ${this.call(record)}.`,
    );
  }

  /** Runs one visitor action on the record under its lock, and counts how it went. */
  private async change(
    action: string,
    id: string,
    work: (record: ViewingRecord) => Promise<ManageResult>,
  ): Promise<ManageResult> {
    try {
      const result =
        (await this.records.change(id, async (record) => ({ result: await work(record) }))) ??
        refuse('not_found', NOT_FOUND);
      this.counted({ action, outcome: result.ok ? 'done' : result.error.code });
      return result;
    } catch (error) {
      this.counted({ action, outcome: error instanceof UpstreamError ? error.code : 'error' });
      throw error;
    }
  }

  /**
   * Queues the message for this version of the viewing and, for a booked time, its reminder; and tells the
   * agency's tools.
   */
  private async announce(
    record: ViewingRecord,
    kind: Exclude<MessageKind, 'reminder'>,
    { views: known, ...extra }: { views?: ManageViews } & Pick<ViewingEventData, 'by' | 'previous'> = {},
  ): Promise<void> {
    await this.webhooks.tell(EVENT_OF[kind], record, extra);
    const views = known ?? (await this.views());
    const manageUrl = views.manageUrl(record);
    await this.outbox.enqueue(record, visitorMessage(kind, record, manageUrl, extra.by));
    const { reminderHours } = this.options.settings;
    if (kind === 'cancelled' || shownBooking(record).status !== 'confirmed' || reminderHours <= 0) return;
    const dueAt = new Date(Date.parse(record.booking.start) - reminderHours * HOUR);
    // Booked inside the reminder period: the confirmation has just said it all.
    if (dueAt.getTime() <= this.options.now().getTime()) return;
    await this.outbox.enqueue(record, visitorMessage('reminder', record, manageUrl), dueAt);
  }
}
