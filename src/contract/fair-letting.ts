/**
 * The Renters' Rights Act 2025 check of lettings questions. Kept free of zod (types only): the snippet builder
 * runs it in the browser, and the proxy at start-up.
 */
import type { Question } from './questions.ts';

/**
 * What the Renters' Rights Act 2025 forbids a landlord or letting agent to ask about to turn a tenant away:
 * whether children would live with them, and whether they receive benefits. Matched in every wording of a
 * question (its label, hint and choices), in English; a question worded only in another language is not caught.
 */
const UNLAWFUL_TOPICS: readonly { topic: string; words: RegExp }[] = [
  {
    topic: 'children',
    words:
      /\b(child(ren)?|kids?|bab(y|ies)|infants?|toddlers?|pregnan\w*|dependants?|dependents?|sons?|daughters?|under[- ]?18s?)\b/i,
  },
  {
    topic: 'benefits',
    words: /\b(benefits?|universal credit|housing allowance|lha|dss|income support|jobseeker'?s?|pip|esa)\b/i,
  },
];

/** A lettings question the law does not allow, with where it is and why. */
export interface UnlawfulQuestion {
  /** Index in the list. */
  index: number;
  id: string;
  topic: string;
}

/** Every wording of a question: label, hint and choices, in every language given. */
function wordingsOf(question: Pick<Question, 'label' | 'hint' | 'options'>): string[] {
  return [
    ...Object.values(question.label),
    ...Object.values(question.hint ?? {}),
    ...(question.options ?? []).flatMap((option) => [option.value, ...Object.values(option.label)]),
  ];
}

/**
 * Lettings questions about children or benefits (see `UNLAWFUL_TOPICS`): the proxy refuses to start with one,
 * and the snippet builder warns while it is being written.
 */
export function unlawfulLettingsQuestions(
  questions: readonly Pick<Question, 'id' | 'label' | 'hint' | 'options'>[],
): UnlawfulQuestion[] {
  return questions.flatMap((question, index) => {
    const text = wordingsOf(question).join('\n');
    const found = UNLAWFUL_TOPICS.find(({ words }) => words.test(text));
    return found ? [{ index, id: question.id, topic: found.topic }] : [];
  });
}
