import { z } from 'zod';
import type { BookingAnswer } from '../backends/index.ts';
import {
  AnsweredQuestion,
  BookingRequest,
  Question,
  type Answers,
  type Property,
} from '../contract/index.ts';
import { unlawfulLettingsQuestions } from '../contract/fair-letting.ts';

/** A question as the agency configures it: as the widget is shown it, plus where its answer goes upstream. */
export const QuestionSetting = Question.extend({
  /** Pexip Engage: the id of the agency's own question there; the answer goes in the appointment's `answers`. */
  pexipQuestionId: z.string().min(1).optional(),
}).superRefine((question, context) => {
  if (question.kind === 'choice' && !question.options) {
    context.addIssue({ code: 'custom', path: ['options'], message: 'a choice question needs its options' });
  }
  if (question.kind !== 'choice' && question.options) {
    context.addIssue({ code: 'custom', path: ['options'], message: 'only a choice question has options' });
  }
  if (question.min !== undefined && question.max !== undefined && question.min > question.max) {
    context.addIssue({ code: 'custom', path: ['max'], message: 'must not be less than min' });
  }
});
export type QuestionSetting = z.infer<typeof QuestionSetting>;

const QuestionList = z
  .array(QuestionSetting)
  .max(12)
  .superRefine((list, context) => {
    const seen = new Set<string>();
    list.forEach((question, index) => {
      if (seen.has(question.id)) {
        context.addIssue({ code: 'custom', path: [index, 'id'], message: `"${question.id}" is used twice` });
      }
      seen.add(question.id);
    });
  });

/** Lettings questions may not ask about children or benefits (the Renters' Rights Act 2025). */
const LettingsQuestionList = QuestionList.superRefine((list, context) => {
  for (const { index, topic } of unlawfulLettingsQuestions(list)) {
    context.addIssue({
      code: 'custom',
      path: [index],
      message:
        topic === 'children'
          ? "asks about children: the Renters' Rights Act 2025 forbids turning tenants away for having children"
          : "asks about benefits: the Renters' Rights Act 2025 forbids turning tenants away for receiving benefits",
    });
  }
});

const QuestionSet = z.object({ lettings: LettingsQuestionList.optional(), sales: QuestionList.optional() });

/**
 * The questions asked with a booking: for every branch by channel, and for a branch by its id, which replaces
 * the default list of that channel.
 *
 * @example
 * { "lettings": [{ "id": "move_in", "kind": "date", "label": { "en": "When would you like to move in?" } }],
 *   "branches": { "BR-2": { "sales": [] } } }
 */
export const QuestionsSettings = QuestionSet.extend({
  branches: z.record(z.string(), QuestionSet).optional(),
});
export type QuestionsSettings = z.input<typeof QuestionsSettings>;

/** An answer as kept with the booking and sent upstream: the agent's words, the value, where it goes upstream. */
export const BookedAnswer = AnsweredQuestion.extend({
  value: z.string(),
  pexipQuestionId: z.string().optional(),
});
export type BookedAnswer = z.infer<typeof BookedAnswer> & BookingAnswer;

/**
 * A booking request once its answers are checked: each with its question's and answer's words for the agent,
 * as the proxy books, keeps and records it.
 */
export const CheckedBookingRequest = BookingRequest.omit({ answers: true }).extend({
  answers: z.array(BookedAnswer).optional(),
  /** The home's owner agrees each viewing: the agent's notes say this one waits for them. */
  ownerApproval: z.literal(true).optional(),
});
export type CheckedBookingRequest = z.infer<typeof CheckedBookingRequest>;

/** An answer as staff and webhooks see it: the words only. */
export const answeredQuestion = ({ id, question, answer }: BookedAnswer): AnsweredQuestion => ({
  id,
  question,
  answer,
});

export type AnswerCheck =
  | { ok: true; answers: BookedAnswer[] }
  /** By path (`answers.<id>`), what is wrong. */
  | { ok: false; fields: Record<string, string> };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The value's words for the agent, or what is wrong with it. */
function answerText(question: QuestionSetting, value: string): { text: string } | { problem: string } {
  switch (question.kind) {
    case 'text':
      return { text: value };
    case 'number': {
      if (!/^-?\d{1,9}$/.test(value)) return { problem: 'Enter a whole number' };
      const number = Number(value);
      if (question.min !== undefined && number < question.min)
        return { problem: `Enter ${question.min} or more` };
      if (question.max !== undefined && number > question.max)
        return { problem: `Enter ${question.max} or less` };
      return { text: String(number) };
    }
    case 'date': {
      // A day of the calendar: 30 February reads back as another day.
      const day = ISO_DATE.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
      return day && !Number.isNaN(day.getTime()) && day.toISOString().startsWith(value)
        ? { text: value }
        : { problem: 'Enter a date as YYYY-MM-DD' };
    }
    case 'yes-no':
      return value === 'yes'
        ? { text: 'Yes' }
        : value === 'no'
          ? { text: 'No' }
          : { problem: 'Answer yes or no' };
    case 'choice': {
      const option = question.options?.find((o) => o.value === value);
      return option ? { text: option.label.en ?? value } : { problem: 'Pick one of the answers offered' };
    }
  }
}

/** The configured questions, looked up by home, and a booking's answers checked against them. */
export class QuestionBook {
  private readonly settings: z.output<typeof QuestionsSettings>;

  /** Throws, naming each question that is not sound (or not lawful), when the settings are not. */
  constructor(settings: QuestionsSettings = {}) {
    const parsed = QuestionsSettings.safeParse(settings);
    if (!parsed.success) {
      const lines = parsed.error.issues.map(
        (i) => `  - questions.${i.path.map(String).join('.')}: ${i.message}`,
      );
      throw new Error(`The questions are not valid:\n${lines.join('\n')}`);
    }
    this.settings = parsed.data;
  }

  /** The questions asked with a booking of `property`, as configured (upstream ids included). */
  settingsFor(property: Pick<Property, 'branchId' | 'channel'>): QuestionSetting[] {
    const branch = this.settings.branches?.[property.branchId];
    return branch?.[property.channel] ?? this.settings[property.channel] ?? [];
  }

  /** What the widget is shown: the questions without where their answers go upstream. */
  questionsFor(property: Pick<Property, 'branchId' | 'channel'>): Question[] {
    return this.settingsFor(property).map(({ pexipQuestionId: _, ...question }) => question);
  }

  /**
   * The answers, each checked against its question: a required one must be there, none may name a question
   * this home is not asked. Empty answers count as not given.
   */
  check(property: Pick<Property, 'branchId' | 'channel'>, given: Answers = {}): AnswerCheck {
    const questions = this.settingsFor(property);
    const fields: Record<string, string> = {};
    for (const id of Object.keys(given)) {
      if (!questions.some((q) => q.id === id))
        fields[`answers.${id}`] = 'This home is not asked that question';
    }
    const answers: BookedAnswer[] = [];
    for (const question of questions) {
      const value = given[question.id]?.trim();
      if (!value) {
        if (question.required) fields[`answers.${question.id}`] = 'Answer this question';
        continue;
      }
      const checked = answerText(question, value);
      if ('problem' in checked) {
        fields[`answers.${question.id}`] = checked.problem;
        continue;
      }
      answers.push({
        id: question.id,
        question: question.label.en ?? question.id,
        answer: checked.text,
        value,
        ...(question.pexipQuestionId ? { pexipQuestionId: question.pexipQuestionId } : {}),
      });
    }
    return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, answers };
  }
}
