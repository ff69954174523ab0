import { z } from 'zod';
import { AnsweredQuestion } from './questions.ts';
import { OffsetDateTime, Slot } from './slots.ts';

/**
 * A viewing of a home whose owner (the landlord, or the vendor) agrees each viewing first. Until they answer,
 * the booking's status is `requested`; the time is held in the agency's diary all the while, so nobody else can
 * take it. `expired`: the owner did not answer by `answerBy`, and the time was given back.
 */
export const ApprovalStatus = z.enum(['pending', 'approved', 'declined', 'expired']);
export type ApprovalStatus = z.infer<typeof ApprovalStatus>;

export const Approval = z.object({
  status: ApprovalStatus,
  /** The owner answers by then; after it, an unanswered request lapses and the visitor is told. */
  answerBy: OffsetDateTime,
});
export type Approval = z.infer<typeof Approval>;

/**
 * The owner's answer through their signed link: agree to the time, decline it, or agree to another of the
 * home's free times instead (the viewing moves there, and the visitor is told and may still change it).
 */
export const OwnerDecision = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve') }),
  z.object({ decision: z.literal('decline') }),
  z.object({ decision: z.literal('suggest'), slotId: z.string().min(1) }),
]);
export type OwnerDecision = z.infer<typeof OwnerDecision>;

/**
 * What the owner's link shows: the home, the time, the visitor's first name and their answers to the agency's
 * questions. Never their surname, email address, phone number or message: the owner needs to know who is
 * coming, not how to reach them.
 */
export const OwnerView = z.object({
  property: z.object({ id: z.string(), title: z.string(), address: z.string() }),
  branch: z.object({ name: z.string(), phone: z.string().optional(), email: z.string().optional() }),
  viewing: z.object({ start: OffsetDateTime, end: OffsetDateTime, timeZone: z.string() }),
  visitor: z.object({ firstName: z.string() }),
  answers: z.array(AnsweredQuestion),
  approval: Approval,
  /** `cancelled`: the visitor or the branch called it off, so there is nothing to decide. */
  cancelled: z.boolean(),
  /** Other free times of the home the owner may suggest instead, while the decision is open. */
  suggestions: z.array(Slot),
});
export type OwnerView = z.infer<typeof OwnerView>;
