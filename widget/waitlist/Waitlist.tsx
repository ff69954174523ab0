import { signal } from '@preact/signals';
import type { Answers } from '../../src/contract/index.ts';
import { WEEKDAYS } from '../../src/contract/weekdays.ts';
import type { Asking } from '../details/model.ts';
import type { AnswersModel } from '../details/answers.ts';
import type { FlowModel } from '../model.ts';
import { SummaryRow } from '../steps/SummaryRow.tsx';
import { waitlistWords } from './words.ts';

/** The days of the week in the visitor's language, Monday first (1 January 2024 was a Monday). */
const dayNames = (locale: string) => {
  const format = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  return WEEKDAYS.map((_, i) => format.format(Date.UTC(2024, 0, 1 + i)));
};

const picked = (answers: Answers) => (answers.days ?? '').split(' ').filter(Boolean);

/** Under the week: for a visitor no shown time suits. */
export function Offer({ model }: { model: FlowModel }) {
  const w = waitlistWords(model.locale);
  return (
    <div class="group">
      <p>{w.prompt}</p>
      <button type="button" class="secondary" onClick={() => model.joinWaitlist()}>
        {w.join}
      </button>
    </div>
  );
}

/** The days that suit, as boxes to tick, in the details step. */
function Days({ model }: { model: FlowModel }) {
  const asked = model.details.asking.value?.answers;
  if (!asked) return null;
  const w = waitlistWords(model.locale);
  const chosen = picked(asked.answers.value);
  const error = asked.errors.value.days;
  const names = dayNames(model.locale);
  return (
    <fieldset class="field" aria-describedby={error ? 'days-error' : undefined}>
      <legend>{w.days}</legend>
      {WEEKDAYS.map((day, i) => (
        <label class="check" key={day}>
          <input
            type="checkbox"
            name="days"
            value={day}
            checked={chosen.includes(day)}
            onChange={(e) =>
              asked.answer(
                'days',
                WEEKDAYS.filter((d) => (d === day ? e.currentTarget.checked : chosen.includes(d))).join(' '),
              )
            }
          />
          <span>{names[i]}</span>
        </label>
      ))}
      {error && (
        <p id="days-error" class="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** The days chosen, in the confirm step. */
function DaysSummary({ model }: { model: FlowModel }) {
  const asked = model.details.asking.value?.answers;
  if (!asked) return null;
  const names = dayNames(model.locale);
  const days = picked(asked.answers.value).map(
    (d) => names[WEEKDAYS.indexOf(d as (typeof WEEKDAYS)[number])],
  );
  return <SummaryRow label={waitlistWords(model.locale).days} lines={[days.join(', ')]} />;
}

/** The done step of a visitor who joined the list. */
export function Joined({ model }: { model: FlowModel }) {
  const place = model.joined.value;
  if (!place) return null;
  const w = waitlistWords(model.locale);
  return (
    <>
      <p>{w.joined(place.reference)}</p>
      <a href={place.url}>{w.link}</a>
    </>
  );
}

/**
 * The days that suit, asked in the details step where the agency's questions would be: every day ticked to
 * begin with, at least one needed.
 */
export function askDays(locale: string): Asking {
  const w = waitlistWords(locale);
  const answers = signal<Answers>({ days: WEEKDAYS.join(' ') });
  const errors = signal<Record<string, string>>({});
  const model: AnswersModel = {
    questions: [],
    answers,
    errors,
    answer(id, value) {
      answers.value = { ...answers.value, [id]: value };
      if (value) errors.value = {};
    },
    check() {
      if (picked(answers.value).length) return null;
      errors.value = { days: w.pickDay };
      return 'days';
    },
    reject(fields) {
      const said = Object.entries(fields).find(([path]) => path === 'days' || path.startsWith('days.'));
      if (!said) return null;
      errors.value = { days: said[1] };
      return 'days';
    },
    given: () => ({ days: answers.value.days ?? '' }),
  };
  return { answers: model, View: Days, Summary: DaysSummary };
}
