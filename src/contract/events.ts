import { z } from 'zod';
import { Booking, BookingSource, Guest } from './booking.ts';
import { Branch, Property } from './catalog.ts';
import { Feedback } from './manage.ts';
import { AnsweredQuestion } from './questions.ts';
import { OffsetDateTime } from './slots.ts';
import { Weekday } from './waitlist.ts';

/**
 * What the proxy tells the agency's own tools (a CRM, Zapier, Make) as it happens, by POSTing to the URLs the
 * agency configures, signed the Standard Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature`).
 * `viewing.booked` comes again when a kept request is confirmed (its `status` then `confirmed`) and when the
 * branch puts a cancelled viewing back, or the owner of a home that needs their approval agrees (`viewing.moved`
 * when they agree to another time instead, `viewing.cancelled` when they decline or do not answer in time).
 * `viewing.approval_requested` carries the owner's signed link (`approvalUrl`) for the agency to send them.
 */
export const ViewingEventType = z.enum([
  'viewing.booked',
  'viewing.moved',
  'viewing.cancelled',
  'viewing.feedback',
  'viewing.approval_requested',
]);
export type ViewingEventType = z.infer<typeof ViewingEventType>;

/** The viewing as it is after the event: everything the agency's tools need to act on it. */
export const ViewingEventData = z.object({
  /** The same for every event of one viewing, across moves; a move gives a new `booking.reference`. */
  viewingId: z.string(),
  booking: Booking.omit({ calendar: true, manageUrl: true }),
  property: Property,
  branch: Branch,
  /** The visitor, as they gave their details: the receiving URL must be the agency's own, over HTTPS. */
  guest: Guest,
  message: z.string().optional(),
  source: BookingSource.optional(),
  /** Answers to the agency's questions. */
  answers: z.array(AnsweredQuestion).optional(),
  consent: z.object({ marketing: z.boolean(), wording: z.string(), at: OffsetDateTime }),
  /**
   * Who moved or cancelled it: the visitor, the branch's staff, the agency's system refusing a request, or the
   * home's owner (declining, not answering in time, or agreeing to another time).
   */
  by: z.enum(['visitor', 'staff', 'unavailable', 'owner']).optional(),
  cancelReason: z.string().optional(),
  /** For `viewing.moved`: where it was. */
  previous: z.object({ reference: z.string(), start: OffsetDateTime, end: OffsetDateTime }).optional(),
  /**
   * For `viewing.approval_requested`: the owner's link to agree or decline, working until `booking.approval.answerBy`.
   * Whoever holds it decides for the owner: send it to them alone.
   */
  approvalUrl: z.string().optional(),
  /** For `viewing.feedback`. */
  feedback: Feedback.extend({ at: OffsetDateTime }).optional(),
});
export type ViewingEventData = z.infer<typeof ViewingEventData>;

export const ViewingEvent = z.object({
  type: ViewingEventType,
  /** When it happened. */
  timestamp: OffsetDateTime,
  data: ViewingEventData,
});
export type ViewingEvent = z.infer<typeof ViewingEvent>;

/**
 * What the proxy tells the agency's tools about a home's waiting list. `waitlist.offered`: a time freed up and is
 * held for the first visitor it suits until `offer.heldUntil`; send them `url`, which books it (none of the four
 * systems can message someone with no viewing yet). Staff see the same on the list.
 */
export const WaitlistEventType = z.enum(['waitlist.offered']);
export type WaitlistEventType = z.infer<typeof WaitlistEventType>;

export const WaitlistEventData = z.object({
  /** The place on the list, as the visitor's link and the staff page name it. */
  reference: z.string(),
  property: Property,
  branch: Branch,
  guest: Guest,
  consent: z.object({ marketing: z.boolean(), wording: z.string(), at: OffsetDateTime }),
  days: z.array(Weekday),
  offer: z.object({ start: OffsetDateTime, end: OffsetDateTime, heldUntil: OffsetDateTime }),
  /** The visitor's link: it shows the held time and books it with one press. */
  url: z.string(),
});
export type WaitlistEventData = z.infer<typeof WaitlistEventData>;

export const WaitlistEvent = z.object({
  type: WaitlistEventType,
  timestamp: OffsetDateTime,
  data: WaitlistEventData,
});
export type WaitlistEvent = z.infer<typeof WaitlistEvent>;
