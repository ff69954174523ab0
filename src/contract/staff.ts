import { z } from 'zod';
import { Branch, Property } from './catalog.ts';
import { BookingSource, BookingStatus } from './booking.ts';
import { DiaryEntry, StaffMember } from './manage.ts';
import { AnsweredQuestion } from './questions.ts';
import { Approval } from './approval.ts';
import { OffsetDateTime } from './slots.ts';
import { Guest } from './booking.ts';
import { Weekday, WaitlistStatus } from './waitlist.ts';

/**
 * The branch staff's diary API under `/staff/api`: never reachable without a staff key, never cached, never
 * offered to other sites. These answers name viewers, so they are for the agency's own people only.
 */

export const MAX_DIARY_DAYS = 14;

export const StaffSignIn = z.object({
  key: z.string().trim().min(1, 'Enter your staff key').max(512),
});
export type StaffSignIn = z.infer<typeof StaffSignIn>;

/** Who is signed in: the name given with their key in the proxy's configuration; a bearer key never expires. */
export const StaffSession = z.object({ name: z.string(), expiresAt: z.string().optional() });
export type StaffSession = z.infer<typeof StaffSession>;

export const StaffBranchQuery = z.object({ branchId: z.string().min(1) });
export type StaffBranchQuery = z.infer<typeof StaffBranchQuery>;

export const StaffDiaryQuery = StaffBranchQuery.extend({
  from: z.iso.date(),
  days: z.coerce.number().int().min(1).max(MAX_DIARY_DAYS).default(1),
});
export type StaffDiaryQuery = z.infer<typeof StaffDiaryQuery>;

/** Staff answering for a home's owner who told the branch. */
export const StaffApprovalDecision = z.object({ decision: z.enum(['approve', 'decline']) });
export type StaffApprovalDecision = z.infer<typeof StaffApprovalDecision>;

export const StaffMessage = z.object({
  subject: z.string().trim().min(1, 'Enter a subject').max(200),
  body: z.string().trim().min(1, 'Enter a message').max(5000),
});
export type StaffMessage = z.infer<typeof StaffMessage>;

/** What staff can do with one viewing here; anything else is done in the agency's own system. */
export const StaffActions = z.object({
  cancel: z.boolean(),
  uncancel: z.boolean(),
  reschedule: z.boolean(),
  message: z.boolean(),
  /** Agree or decline for the home's owner, while their answer is awaited. */
  approval: z.boolean(),
});
export type StaffActions = z.infer<typeof StaffActions>;

/**
 * One viewing in the diary, with the home as the proxy's catalog names it. `booked` is set when it was booked
 * through the widget, so the proxy keeps its record (the visitor's link, messages and calendar follow changes),
 * with where the visitor came from.
 */
export const StaffViewing = DiaryEntry.extend({
  property: Property.pick({ id: true, title: true, address: true }).optional(),
  booked: z
    .object({
      online: z.literal(true),
      status: BookingStatus,
      source: BookingSource.optional(),
      /** Answers to the agency's questions, in the words the agent reads. */
      answers: z.array(AnsweredQuestion).optional(),
      /** The owner's answer, for a home whose owner agrees each viewing; `url` is their link while it is awaited. */
      approval: Approval.extend({ url: z.string().optional() }).optional(),
    })
    .optional(),
  actions: StaffActions,
});
export type StaffViewing = z.infer<typeof StaffViewing>;

export const StaffDiaryResponse = z.object({
  branch: Branch,
  from: z.iso.date(),
  days: z.number().int(),
  viewings: z.array(StaffViewing),
});
export type StaffDiaryResponse = z.infer<typeof StaffDiaryResponse>;

export const StaffListResponse = z.object({ staff: z.array(StaffMember) });
export type StaffListResponse = z.infer<typeof StaffListResponse>;

/** The answer to every change: the viewing as the diary now shows it. */
export const StaffViewingResponse = z.object({ viewing: StaffViewing });
export type StaffViewingResponse = z.infer<typeof StaffViewingResponse>;

/**
 * A branch's waiting lists, for staff: who is waiting for which home, the days that suit them, and any time held
 * for them with their link to book it (to send them where the agency's tools do not).
 */
export const StaffWaitlistResponse = z.object({
  places: z.array(
    z.object({
      reference: z.string(),
      property: Property.pick({ id: true, title: true, address: true }),
      guest: Guest,
      days: z.array(Weekday),
      status: WaitlistStatus,
      joinedAt: OffsetDateTime,
      offer: z.object({ start: OffsetDateTime, end: OffsetDateTime, heldUntil: OffsetDateTime }).optional(),
      url: z.string(),
    }),
  ),
});
export type StaffWaitlistResponse = z.infer<typeof StaffWaitlistResponse>;
