import { z } from 'zod';

/** A question's id: what its answer is keyed by in a booking request. */
export const QuestionId = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be lower-case letters, digits, _ or -, starting with a letter');

/**
 * Words in the languages the agency wrote them in, keyed by language tag (`en`, `en-GB`, `fr`, …). `en` is
 * required: it is what the agent reads in the diary and the notes, and what any other language falls back to.
 */
export const Wording = z
  .record(
    z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language tag like en or en-GB'),
    z.string().trim().min(1).max(300),
  )
  .refine((wording) => wording.en !== undefined, { message: 'must have an `en` wording' });
export type Wording = z.infer<typeof Wording>;

export const QUESTION_KINDS = ['text', 'number', 'date', 'yes-no', 'choice'] as const;

/**
 * A question the agency asks when a viewing is booked, configured per branch and channel. Optional to answer
 * unless `required`.
 */
export const Question = z.object({
  id: QuestionId,
  kind: z.enum(QUESTION_KINDS),
  label: Wording,
  /** A line under the question, e.g. what the answer is used for. */
  hint: Wording.optional(),
  required: z.boolean().default(false),
  /** `number`: the smallest and largest whole number accepted. */
  min: z.number().int().optional(),
  max: z.number().int().optional(),
  /** `choice`: what the visitor picks from; `value` is what is sent. */
  options: z
    .array(z.object({ value: z.string().trim().min(1).max(60), label: Wording }))
    .min(2)
    .max(12)
    .optional(),
});
export type Question = z.infer<typeof Question>;

export const QuestionsQuery = z.object({ propertyId: z.string().min(1) });
export type QuestionsQuery = z.infer<typeof QuestionsQuery>;

/** The questions asked with a booking of this home; the same for every visitor, so any shared cache may keep it. */
/**
 * What a booking form for the home asks, and whether the agency keeps a waiting list for it (`waitlist`): the
 * form offers it where no shown time suits (`POST /v1/waitlist`).
 */
export const QuestionsResponse = z.object({
  questions: z.array(Question),
  waitlist: z.literal(true).optional(),
  /** The home's owner agrees each viewing first: the form says so before the visitor books. */
  ownerApproval: z.literal(true).optional(),
});
export type QuestionsResponse = z.infer<typeof QuestionsResponse>;

/** A booking's answers, by question id, as typed or picked (`yes`/`no`, a choice's value, `YYYY-MM-DD`, digits). */
export const Answers = z.record(QuestionId, z.string().trim().max(500));
export type Answers = z.infer<typeof Answers>;

/** An answer as the agent reads it: the question's and the answer's words in `en`. */
export const AnsweredQuestion = z.object({
  id: QuestionId,
  question: z.string(),
  answer: z.string(),
});
export type AnsweredQuestion = z.infer<typeof AnsweredQuestion>;
