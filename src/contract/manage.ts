import { z } from 'zod';
import { Booking, Consent } from './booking.ts';
import { Branch, Property } from './catalog.ts';
import { OffsetDateTime } from './slots.ts';

/** After the viewing: how it went, whether the visitor is still interested, and anything else they say. */
export const Feedback = z.object({
  experience: z.enum(['good', 'okay', 'poor']),
  interest: z.enum(['interested', 'undecided', 'not_interested']),
  comments: z.string().trim().max(2000).optional(),
});
export type Feedback = z.infer<typeof Feedback>;

export const CancelRequest = z.object({ reason: z.string().trim().max(500).optional() });
export type CancelRequest = z.infer<typeof CancelRequest>;

export const RescheduleRequest = z.object({ slotId: z.string().min(1) });
export type RescheduleRequest = z.infer<typeof RescheduleRequest>;

export const ConsentChange = z.object({ consent: Consent });
export type ConsentChange = z.infer<typeof ConsentChange>;

/**
 * What a manage link shows. `phase` decides what the visitor may do: `changeable` (reschedule or cancel),
 * `locked` (inside the agency's notice window: call the branch), `cancelled`, and `feedback` (the viewing
 * is over; `feedbackGiven` says whether they already answered).
 */
export const ManagedViewing = z.object({
  booking: Booking,
  property: Property,
  branch: Branch,
  phase: z.enum(['changeable', 'locked', 'cancelled', 'feedback']),
  /** The latest moment a change is accepted; later, the branch's phone number is the way. */
  changeableUntil: OffsetDateTime,
  consent: z.object({ marketing: z.boolean(), wording: z.string(), at: OffsetDateTime }),
  feedbackGiven: z.boolean(),
});
export type ManagedViewing = z.infer<typeof ManagedViewing>;

/** One viewing in a branch's diary, for staff only: it names the viewer. */
export const DiaryEntry = z.object({
  reference: z.string(),
  branchId: z.string(),
  propertyId: z.string().optional(),
  start: OffsetDateTime,
  end: OffsetDateTime,
  negotiator: z.object({ id: z.string(), name: z.string() }).optional(),
  viewer: z.string().optional(),
  subject: z.string().optional(),
  cancelled: z.boolean(),
});
export type DiaryEntry = z.infer<typeof DiaryEntry>;

export const StaffMember = z.object({ id: z.string(), name: z.string(), branchId: z.string() });
export type StaffMember = z.infer<typeof StaffMember>;

/**
 * The proxy's answer to a webhook from the agency's system: `refresh` when it dropped the free times the
 * change touches, `ignored` when the event changes nothing the proxy keeps.
 */
export const WebhookReceipt = z.object({ ok: z.literal(true), outcome: z.enum(['refresh', 'ignored']) });
export type WebhookReceipt = z.infer<typeof WebhookReceipt>;
