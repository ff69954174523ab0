// `viewing-widget.questions.js`: the agency's questions, their answers and their views, loaded only for a home
// whose agency asks some.
import { createAnswersModel } from './answers.ts';
import type { Asking } from './model.ts';
import { AnswersSummary, Questions } from './Questions.tsx';

/**
 * What the details and confirm steps need to ask `read` (as the proxy gave them) and show the answers, keeping
 * those typed `before` (when the questions are read again).
 */
export const askQuestions = (read: unknown[], locale: string, before?: Asking | null): Asking => ({
  answers: createAnswersModel(read, locale, before?.answers.answers.value),
  View: Questions,
  Summary: AnswersSummary,
});
