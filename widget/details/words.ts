/** What the questions' own controls say, by language. */
export interface QuestionWords {
  /** After the words of a question the visitor may skip. */
  optional: string;
  /** A menu's first entry, before anything is picked. */
  choose: string;
  required: string;
  invalid: string;
}

/**
 * Loaded with the questions, not with the flow's messages: a page whose agency asks none carries none of it.
 * A language the widget speaks that is missing here is caught by a unit test.
 */
export const QUESTION_WORDS: Record<string, QuestionWords> = {
  en: {
    optional: '(optional)',
    choose: 'Choose…',
    required: 'Answer this question',
    invalid: 'Check this answer',
  },
  fr: {
    optional: '(facultatif)',
    choose: 'Choisir…',
    required: 'Répondez à cette question',
    invalid: 'Vérifiez cette réponse',
  },
  de: {
    optional: '(freiwillig)',
    choose: 'Bitte wählen…',
    required: 'Bitte beantworten Sie diese Frage',
    invalid: 'Bitte prüfen Sie diese Antwort',
  },
  nl: {
    optional: '(optioneel)',
    choose: 'Kies…',
    required: 'Beantwoord deze vraag',
    invalid: 'Controleer dit antwoord',
  },
};

/** The words for `locale`'s language (`fr-BE` → `fr`), else English. */
export const questionWords = (locale: string): QuestionWords =>
  QUESTION_WORDS[locale.split('-')[0] ?? ''] ?? (QUESTION_WORDS.en as QuestionWords);
