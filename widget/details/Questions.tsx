import { useComputed } from '@preact/signals';
import type { Question, Wording } from '../../src/contract/index.ts';
import { formatDay, type DayKey } from '../format.ts';
import type { FlowModel } from '../model.ts';
import { SummaryRow } from '../steps/SummaryRow.tsx';
import { answerControl, type AnswersModel } from './answers.ts';
import { questionWords } from './words.ts';

/** The agency's words in the visitor's language (`fr-BE`, then `fr`), else in English. */
export const inLanguage = (wording: Wording, locale: string): string =>
  wording[locale] ?? wording[locale.split('-')[0] ?? ''] ?? wording.en ?? '';

/**
 * One of the agency's questions, in the visitor's language: a yes or no and a short list of choices as radio
 * buttons, a longer list as a menu, a number, a date, or a line of text. Each reads only its own answer and
 * error, so answering one redraws that one alone.
 */
function Ask({ model, asked, question }: { model: FlowModel; asked: AnswersModel; question: Question }) {
  const { t, locale } = model;
  const words = questionWords(locale);
  const name = answerControl(question.id);
  const value = useComputed(() => asked.answers.value[question.id] ?? '').value;
  const error = useComputed(() => asked.errors.value[question.id]).value;
  const label = `${inLanguage(question.label, locale)}${question.required ? '' : ` ${words.optional}`}`;
  const hint = question.hint && inLanguage(question.hint, locale);
  const described = [hint && `${name}-hint`, error && `${name}-error`].filter(Boolean).join(' ') || undefined;
  const invalid = error ? ('true' as const) : undefined;
  const set = (next: string) => asked.answer(question.id, next);
  const notes = (
    <>
      {hint && (
        <p id={`${name}-hint`} class="muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${name}-error`} class="field-error">
          {error}
        </p>
      )}
    </>
  );

  const choices =
    question.kind === 'yes-no'
      ? [
          { value: 'yes', text: t.summary.yes },
          { value: 'no', text: t.summary.no },
        ]
      : (question.options ?? []).map((o) => ({ value: o.value, text: inLanguage(o.label, locale) }));
  if (question.kind === 'yes-no' || (question.kind === 'choice' && choices.length <= 4)) {
    return (
      <fieldset class="field" aria-describedby={described}>
        <legend>{label}</legend>
        {choices.map((choice) => (
          <label class="check" key={choice.value}>
            <input
              type="radio"
              name={name}
              value={choice.value}
              checked={value === choice.value}
              required={question.required}
              aria-invalid={invalid}
              onChange={() => set(choice.value)}
            />
            <span>{choice.text}</span>
          </label>
        ))}
        {notes}
      </fieldset>
    );
  }

  const common = {
    id: name,
    name,
    required: question.required,
    'aria-invalid': invalid,
    'aria-describedby': described,
  };
  const typed = (e: Event) => {
    const el = e.currentTarget;
    if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement) set(el.value);
  };
  return (
    <div class="field">
      <label for={name}>{label}</label>
      {question.kind === 'choice' ? (
        <select {...common} value={value} onChange={typed}>
          <option value="">{words.choose}</option>
          {choices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.text}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          value={value}
          onInput={typed}
          {...(question.kind === 'number'
            ? { type: 'number', inputMode: 'numeric', step: 1, min: question.min, max: question.max }
            : question.kind === 'date'
              ? { type: 'date' }
              : { type: 'text', maxLength: 500 })}
        />
      )}
      {notes}
    </div>
  );
}

/**
 * The answers given, for the visitor to check before booking: each under its question, in their language, a
 * choice by its words and a date written out.
 */
export function AnswersSummary({ model }: { model: FlowModel }) {
  const { t, locale } = model;
  const asked = model.details.asking.value?.answers;
  const given = asked?.answers.value ?? {};
  return (
    <>
      {asked?.questions.map((question) => {
        const value = given[question.id]?.trim();
        if (!value) return null;
        const option = question.options?.find((o) => o.value === value);
        const words =
          question.kind === 'yes-no'
            ? t.summary[value === 'yes' ? 'yes' : 'no']
            : option
              ? inLanguage(option.label, locale)
              : question.kind === 'date'
                ? formatDay(value as DayKey, locale, t)
                : value;
        return <SummaryRow key={question.id} label={inLanguage(question.label, locale)} lines={[words]} />;
      })}
    </>
  );
}

/** The agency's questions for the chosen home. */
export function Questions({ model }: { model: FlowModel }) {
  const asked = model.details.asking.value?.answers;
  return (
    <>
      {asked?.questions.map((question) => (
        <Ask key={question.id} model={model} asked={asked} question={question} />
      ))}
    </>
  );
}
