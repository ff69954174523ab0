import { z } from 'zod';
import { Booking, BookingSource, Branch, Feedback, Guest, Property } from '../../contract/index.ts';
import type { HeldBooking } from '../../backends/index.ts';
import { withLock } from '../lock.ts';
import type { Store } from '../store/index.ts';
import { BookedAnswer } from '../questions.ts';
import { KeptApproval } from './approval.ts';
import { inZone } from './view.ts';

/** What the visitor was told, kept with their viewing so staff can see it. */
export const LoggedMessage = z.object({
  id: z.string(),
  kind: z.enum(['confirmation', 'rescheduled', 'cancelled', 'reminder']),
  subject: z.string(),
  body: z.string(),
  at: z.string(),
  /** `sent` through the agency's system; `logged` where it has no messaging, or `failed` after every retry. */
  delivery: z.enum(['sent', 'logged', 'failed']),
});
export type LoggedMessage = z.infer<typeof LoggedMessage>;

/**
 * One viewing as the proxy keeps it after booking. The id is random: it is what a manage link carries, so it
 * says nothing about the visitor or the upstream.
 */
export const ViewingRecord = z.object({
  id: z.string(),
  /** As answered to the visitor, links left out (they are made from the id). */
  booking: Booking.omit({ calendar: true, manageUrl: true }),
  slotId: z.string(),
  /** Copies from booking time: a let home leaves the catalog, and the visitor's link must still work. */
  property: Property,
  branch: Branch,
  guest: Guest,
  message: z.string().optional(),
  /** Where the visitor came from (the page, its campaign tags), for staff and the agency's reports. */
  source: BookingSource.optional(),
  /** Answers to the agency's questions, as the agent reads them and as sent upstream. */
  answers: z.array(BookedAnswer).optional(),
  consent: z.object({ marketing: z.boolean(), wording: z.string(), at: z.string() }),
  /** What the backend needs to change the booking (never shown to the visitor). */
  upstream: z.record(z.string(), z.string()).optional(),
  /**
   * For a home whose owner agrees each viewing: their answer. The time is booked upstream all the same
   * (`booking.status` says so); visitors and the agency's tools are shown it as `requested` until the owner agrees.
   */
  approval: KeptApproval.optional(),
  /** The kept request's reference while the upstream has not taken it yet. */
  requestReference: z.string().optional(),
  /** Raised on every change of the viewing itself (time, status): calendars replace older copies by it. */
  sequence: z.number().int().nonnegative(),
  /** `staff`: by the branch, through the staff diary; `owner`: declined by the home's owner, or left unanswered. */
  cancelledBy: z.enum(['visitor', 'unavailable', 'staff', 'owner']).optional(),
  cancelReason: z.string().optional(),
  feedback: Feedback.extend({ at: z.string() }).optional(),
  messages: z.array(LoggedMessage),
  /** The proxy's public base URL as seen at booking, for links made later without a request at hand. */
  linkBase: z.string(),
  createdAt: z.string(),
  /** When the viewing itself (time, status) last changed: the calendar entry's stamp. */
  changedAt: z.string(),
});
export type ViewingRecord = z.infer<typeof ViewingRecord>;

/** Whether the home's owner has yet to agree to this viewing, which is still on. */
export const awaitingOwner = (record: ViewingRecord): boolean =>
  record.approval?.status === 'pending' && record.booking.status !== 'cancelled';

/**
 * The booking as the visitor and the agency's tools are told it: `requested` while the owner has yet to agree,
 * with where the owner's answer stands.
 */
export function shownBooking(record: ViewingRecord): ViewingRecord['booking'] {
  const { approval, booking } = record;
  if (!approval) return booking;
  return {
    ...booking,
    ...(awaitingOwner(record) ? { status: 'requested' as const } : {}),
    approval: { status: approval.status, answerBy: inZone(approval.answerBy, booking.timeZone) },
  };
}

/** What the backend is handed to change the booking. */
export function heldBooking(record: ViewingRecord): HeldBooking {
  return {
    reference: record.booking.reference,
    property: record.property,
    branch: record.branch,
    start: record.booking.start,
    end: record.booking.end,
    guest: record.guest,
    consent: { marketing: record.consent.marketing, wording: record.consent.wording },
    ...(record.upstream ? { upstream: record.upstream } : {}),
  };
}

const recordKey = (id: string) => `manage:record:${id}`;
const requestKey = (reference: string) => `manage:request:${reference}`;
const referenceKey = (reference: string) => `manage:reference:${reference}`;

/** Viewing records in the store; every change runs under the record's lock, so two changes never interleave. */
export class ViewingRecords {
  constructor(
    private readonly store: Store,
    /** How long a record is kept after `expiresAt` says its link stops working. */
    private readonly ttlMs: (record: ViewingRecord) => number,
  ) {}

  async get(id: string): Promise<ViewingRecord | undefined> {
    const raw = await this.store.get(recordKey(id));
    if (raw === undefined) return undefined;
    const parsed = ViewingRecord.safeParse(JSON.parse(raw));
    if (!parsed.success) throw new Error(`unreadable viewing record ${id}`);
    return parsed.data;
  }

  async put(record: ViewingRecord): Promise<void> {
    const ttlMs = Math.max(60_000, this.ttlMs(record));
    await this.store.set(recordKey(record.id), JSON.stringify(ViewingRecord.parse(record)), { ttlMs });
    if (record.requestReference && record.booking.status === 'requested') {
      await this.store.set(requestKey(record.requestReference), record.id, { ttlMs });
    }
    // Staff find a viewing by the upstream's reference in their diary.
    await this.store.set(referenceKey(record.booking.reference), record.id, { ttlMs });
  }

  /** The record whose viewing has this upstream reference now (a move may since have given it another). */
  async byReference(reference: string): Promise<ViewingRecord | undefined> {
    const id = await this.store.get(referenceKey(reference));
    const record = id === undefined ? undefined : await this.get(id);
    return record?.booking.reference === reference ? record : undefined;
  }

  /** The record of a kept request, by the request's reference. */
  async idOfRequest(reference: string): Promise<string | undefined> {
    return this.store.get(requestKey(reference));
  }

  /** Runs `work` on the current record alone; what it returns as `record` is saved. */
  async change<T>(
    id: string,
    work: (record: ViewingRecord) => Promise<{ record?: ViewingRecord; result: T }>,
  ): Promise<T | undefined> {
    return withLock(this.store, `manage:${id}`, async () => {
      const record = await this.get(id);
      if (!record) return undefined;
      const { record: changed, result } = await work(record);
      if (changed) await this.put(changed);
      return result;
    });
  }
}
