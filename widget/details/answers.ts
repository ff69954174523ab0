import { signal, type ReadonlySignal } from '@preact/signals';
import type { Answers, Question } from '../../src/contract/index.ts';
import { hasStrings } from '../api.ts';
import { questionWords } from './words.ts';

/** The name of the form control that asks question `id`. */
export const answerControl = (id: string) => `answer-${id}`;

const KINDS: readonly unknown[] = ['text', 'number', 'date', 'yes-no', 'choice'];

/** A question the widget can ask: a known kind, with its words in English at least; a choice has its options. */
const isQuestion = (v: unknown): v is Question =>
  hasStrings(v, 'id') &&
  KINDS.includes(v.kind) &&
  hasStrings(v.label, 'en') &&
  (v.kind !== 'choice' || (Array.isArray(v.options) && v.options.every((o) => hasStrings(o, 'value'))));

/** The agency's questions for one home, the visitor's answers, and what is wrong with them. */
export interface AnswersModel {
  readonly questions: readonly Question[];
  /** As typed or picked, by question id. */
  readonly answers: ReadonlySignal<Answers>;
  /** What is wrong with an answer, by question id. */
  readonly errors: ReadonlySignal<Record<string, string>>;
  answer(id: string, value: string): void;
  /** Checks every answer; returns the first invalid control's name (to focus), or null. */
  check(): string | null;
  /** The proxy's verdicts (`answers.<id>`); returns the first control's name, or null when none is asked here. */
  reject(fields: Record<string, string>): string | null;
  /** The answers worth sending: not blank. */
  given(): Answers | undefined;
}

/**
 * The answers to one home's questions. A question the widget cannot ask is left out rather than the whole list
 * (the proxy still checks what is required).
 *
 * @example
 * const asked = createAnswersModel(questions, 'en-GB');
 * asked.answer('pets', 'cat');
 */
export function createAnswersModel(read: unknown[], locale: string, kept: Answers = {}): AnswersModel {
  const t = questionWords(locale);
  const questions = read.filter(isQuestion);
  const answers = signal<Answers>(kept);
  const errors = signal<Record<string, string>>({});

  /** Blank and required, or not a whole number in range, or not a date. */
  const problem = (question: Question, raw = ''): string | undefined => {
    const value = raw.trim();
    if (!value) return question.required ? t.required : undefined;
    if (question.kind === 'number') {
      const n = Number(value);
      const fits =
        /^-?\d+$/.test(value) &&
        (question.min === undefined || n >= question.min) &&
        (question.max === undefined || n <= question.max);
      return fits ? undefined : t.invalid;
    }
    return question.kind === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value) ? t.invalid : undefined;
  };
  const first = (found: Record<string, string>) => {
    const question = questions.find((q) => found[q.id]);
    return question ? answerControl(question.id) : null;
  };

  return {
    questions,
    answers,
    errors,
    answer(id, value) {
      answers.value = { ...answers.value, [id]: value };
      const question = questions.find((q) => q.id === id);
      // Once an answer has complained, it stops as soon as the visitor fixes it.
      if (question && errors.value[id]) {
        const { [id]: _, ...rest } = errors.value;
        const still = problem(question, value);
        errors.value = still ? { ...rest, [id]: still } : rest;
      }
    },
    check() {
      const found: Record<string, string> = {};
      for (const question of questions) {
        const wrong = problem(question, answers.value[question.id]);
        if (wrong) found[question.id] = wrong;
      }
      errors.value = found;
      return first(found);
    },
    reject(fields) {
      const found: Record<string, string> = {};
      for (const path of Object.keys(fields)) {
        const id = path.startsWith('answers.') ? path.slice(8) : '';
        // The proxy words its verdicts in English; the visitor is told in their own language.
        if (questions.some((q) => q.id === id))
          found[id] = answers.value[id]?.trim() ? t.invalid : t.required;
      }
      errors.value = found;
      return first(found);
    },
    given() {
      const sent: Answers = {};
      for (const { id } of questions) {
        const value = answers.value[id]?.trim();
        if (value) sent[id] = value;
      }
      return Object.keys(sent).length ? sent : undefined;
    },
  };
}
