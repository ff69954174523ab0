import { useLayoutEffect, useRef } from 'preact/hooks';
import type { ManagedViewing } from '../../src/contract/index.ts';
import { dayKeyIn, formatDay, formatTime, zoneName } from '../format.ts';
import { SummaryRow } from '../steps/SummaryRow.tsx';
import { WeekPicker } from '../week/index.ts';
import type { FeedbackDraft, ManageModel } from './model.ts';

type Props = { model: ManageModel };

const tel = (phone: string) => `tel:${phone.replace(/[^\d+]/g, '')}`;

function Summary({ model, viewing: v }: Props & { viewing: ManagedViewing }) {
  const { t, locale } = model;
  const b = v.booking;
  const zone = b.timeZone;
  return (
    <dl class="summary">
      <SummaryRow label={t.reference} lines={[<strong>{b.reference}</strong>]} />
      <SummaryRow
        label={t.summary.when}
        lines={[
          formatDay(dayKeyIn(b.start, zone), locale, t),
          t.timeRange(formatTime(b.start, locale, zone), formatTime(b.end, locale, zone)),
          <span class="muted">{t.zoneNote(zoneName(zone, locale, b.start), zone)}</span>,
        ]}
      />
      <SummaryRow label={t.summary.property} lines={[v.property.title, v.property.address]} />
      <SummaryRow
        label={t.branch}
        lines={[
          v.branch.name,
          v.branch.address,
          v.branch.phone && <a href={tel(v.branch.phone)}>{v.branch.phone}</a>,
        ]}
      />
    </dl>
  );
}

/** What the visitor may do now, by the viewing's phase. */
function Actions({ model, viewing: v }: Props & { viewing: ManagedViewing }) {
  const { m, t } = model;
  const calendar = v.booking.calendar;
  const owner = v.booking.approval?.status;
  if (v.phase === 'cancelled') {
    return (
      <>
        <p>{owner === 'declined' || owner === 'expired' ? m.ownerDeclined : m.cancelledText}</p>
        {calendar && <a href={calendar.ics}>{m.removeFromCalendar}</a>}
      </>
    );
  }
  if (v.phase === 'feedback') return v.feedbackGiven ? <p>{m.thanks}</p> : <FeedbackForm model={model} />;
  const until = v.changeableUntil;
  const zone = v.booking.timeZone;
  const when = (at: string) =>
    t.slotLabel(formatDay(dayKeyIn(at, zone), model.locale, t), formatTime(at, model.locale, zone));
  return (
    <>
      {v.phase === 'locked' ? (
        <>
          <p>{m.locked(v.branch.name)}</p>
          {v.branch.phone && <a href={tel(v.branch.phone)}>{m.call(v.branch.phone)}</a>}
        </>
      ) : (
        <>
          <p>
            {owner === 'pending' && Date.parse(v.booking.approval?.answerBy ?? '')
              ? m.awaitingOwner(when(v.booking.approval?.answerBy ?? until))
              : v.booking.status === 'requested'
                ? m.requested
                : m.changeUntil(when(until))}
          </p>
          <div class="week">
            {v.booking.status !== 'requested' && (
              <button type="button" class="primary" onClick={() => model.showReschedule()}>
                {m.otherTime}
              </button>
            )}
            <button type="button" class="secondary" onClick={() => model.showCancel()}>
              {m.cancel}
            </button>
          </div>
        </>
      )}
      {calendar && (
        <p class="facts">
          {t.calendar}
          <a href={calendar.ics}>{t.ics}</a>
          <a href={calendar.google} target="_blank">
            Google
          </a>
          <a href={calendar.outlook} target="_blank">
            Outlook
          </a>
        </p>
      )}
    </>
  );
}

function Consent({ model, viewing: v }: Props & { viewing: ManagedViewing }) {
  const { t } = model;
  return (
    <section class="group">
      <h3>{t.summary.marketing}</h3>
      <label class="check">
        <input
          type="checkbox"
          checked={v.consent.marketing}
          aria-disabled={model.busy.value === 'consent'}
          onChange={(e) => {
            const box = e.currentTarget;
            const wanted = box.checked;
            // The box shows what the proxy has recorded until it answers.
            box.checked = v.consent.marketing;
            void model.setMarketing(wanted);
          }}
        />
        <span>{t.marketing}</span>
      </label>
    </section>
  );
}

const EXPERIENCES = ['good', 'okay', 'poor'] as const;
const INTERESTS = ['interested', 'undecided', 'not_interested'] as const;

function FeedbackForm({ model }: Props) {
  const { m } = model;
  const feedback = model.feedback.value;
  const feedbackIncomplete = model.feedbackIncomplete.value;
  const busy = model.busy.value;
  const missing = feedbackIncomplete ? 'vw-feedback-missing' : undefined;
  const choice = <K extends 'experience' | 'interest'>(
    key: K,
    legend: string,
    values: readonly NonNullable<FeedbackDraft[K]>[],
    labels: Record<NonNullable<FeedbackDraft[K]>, string>,
  ) => (
    <fieldset
      class="segments"
      aria-invalid={feedbackIncomplete && !feedback[key] ? 'true' : undefined}
      aria-describedby={missing}
    >
      <legend>{legend}</legend>
      {values.map((value) => (
        <label key={value}>
          <input
            type="radio"
            name={`vw-${key}`}
            value={value}
            checked={feedback[key] === value}
            onChange={() => model.setFeedback({ [key]: value })}
          />
          <span>{labels[value]}</span>
        </label>
      ))}
    </fieldset>
  );
  return (
    <form
      class="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) void model.sendFeedback();
      }}
    >
      <p>{m.feedbackIntro}</p>
      {choice('experience', m.experience, EXPERIENCES, m.experiences)}
      {choice('interest', m.interest, INTERESTS, m.interests)}
      {missing && (
        <p id={missing} class="field-error">
          {m.chooseAnswers}
        </p>
      )}
      <div class="field">
        <label for="vw-comments">{m.comments}</label>
        <textarea
          id="vw-comments"
          rows={3}
          maxLength={2000}
          value={feedback.comments}
          onInput={(e) => model.setFeedback({ comments: e.currentTarget.value })}
        />
      </div>
      <button type="submit" class="primary" aria-disabled={busy === 'feedback'}>
        {busy === 'feedback' ? m.sending : m.send}
      </button>
    </form>
  );
}

function Reschedule({ model, viewing: v }: Props & { viewing: ManagedViewing }) {
  const { t, m, locale } = model;
  return (
    <>
      <p class="muted">
        {v.property.title}, {v.property.address}
      </p>
      <p>{m.current(model.when(v.booking.start, v.booking.end))}</p>
      <WeekPicker
        week={model.week}
        t={t}
        locale={locale}
        chosen={model.slot}
        alternatives={model.alternatives}
        onChoose={(slot) => model.chooseSlot(slot)}
        loading
      />
      <MoveButton model={model} />
    </>
  );
}

function MoveButton({ model }: Props) {
  const slot = model.slot.value;
  const moving = model.busy.value === 'reschedule';
  if (!slot) return null;
  return (
    <button
      type="button"
      class="primary"
      aria-disabled={moving}
      onClick={() => {
        if (!moving) void model.reschedule();
      }}
    >
      {moving && <span class="spinner" aria-hidden="true" />}
      {model.m.moveTo(model.when(slot.start, slot.end))}
    </button>
  );
}

function Cancel({ model, viewing: v }: Props & { viewing: ManagedViewing }) {
  const { m } = model;
  const cancelling = model.busy.value === 'cancel';
  return (
    <>
      <p>
        <strong>{model.when(v.booking.start, v.booking.end)}</strong>
      </p>
      <p class="muted">
        {v.property.title}, {v.property.address}
      </p>
      <p>{m.cancelAsk}</p>
      <div class="field">
        <label for="vw-reason">{m.reason}</label>
        <textarea
          id="vw-reason"
          rows={3}
          maxLength={500}
          value={model.reason.value}
          onInput={(e) => model.setReason(e.currentTarget.value)}
        />
      </div>
      <div class="week">
        <button
          type="button"
          class="primary"
          aria-disabled={cancelling}
          onClick={() => {
            if (!cancelling) void model.cancel();
          }}
        >
          {cancelling && <span class="spinner" aria-hidden="true" />}
          {m.confirmCancel}
        </button>
        <button type="button" class="secondary" onClick={() => model.showViewing()}>
          {m.keep}
        </button>
      </div>
    </>
  );
}

/** Back to the viewing from its free times or the cancel question. */
function Back({ model }: Props) {
  if (!model.viewing.value || model.screen.value === 'view') return null;
  return (
    <button type="button" class="back" onClick={() => model.showViewing()}>
      {model.t.back}
    </button>
  );
}

/** The heading, named for where the visitor is. */
function Title({ model }: Props) {
  const { m } = model;
  const v = model.viewing.value;
  const screen = model.screen.value;
  const title = !v
    ? m.title
    : screen === 'reschedule'
      ? m.rescheduleTitle
      : screen === 'cancel'
        ? m.cancelTitle
        : v.phase === 'cancelled'
          ? m.cancelledTitle
          : v.phase === 'feedback'
            ? m.overTitle
            : m.title;
  return <h2 tabIndex={-1}>{title}</h2>;
}

/** What is wrong (the link, or the last change), and what just went through. */
function Status({ model }: Props) {
  const { t } = model;
  const problem = model.failed.value ?? model.error.value;
  const notice = model.notice.value;
  return (
    <>
      <p class="sr" aria-live="polite">
        {problem?.message ?? notice}
      </p>
      {problem && (
        <div class="alert">
          <p>{problem.message}</p>
          {problem.retry && (
            <button type="button" class="secondary" onClick={problem.retry}>
              {t.retry}
            </button>
          )}
        </div>
      )}
      {notice && <p class="notice">{notice}</p>}
      {model.busy.value === 'load' && (
        <p class="loading">
          <span class="spinner" aria-hidden="true" />
          {t.loading}
        </p>
      )}
    </>
  );
}

function Screen({ model }: Props) {
  const v = model.viewing.value;
  if (!v) return null;
  switch (model.screen.value) {
    case 'reschedule':
      return <Reschedule model={model} viewing={v} />;
    case 'cancel':
      return <Cancel model={model} viewing={v} />;
    default:
      return (
        <>
          <Summary model={model} viewing={v} />
          <Actions model={model} viewing={v} />
          <Consent model={model} viewing={v} />
        </>
      );
  }
}

/**
 * Everything a manage link leads to. Each part reads the signals it shows and redraws alone; focus goes to the
 * heading when the visitor moves between the viewing, its free times and the cancel question.
 */
export function ManageView({ model }: Props) {
  const place = model.place.value;
  const root = useRef<HTMLDivElement>(null);
  const shown = useRef(place);
  useLayoutEffect(() => {
    if (place === shown.current) return;
    // Not on first arrival: a page opened from a link starts at its top, as any page does.
    const first = shown.current === 'load';
    shown.current = place;
    const heading = root.current?.querySelector('h2');
    if (!first && heading instanceof HTMLElement) heading.focus();
  }, [place]);
  return (
    <div class="vw" ref={root}>
      <Back model={model} />
      <Title model={model} />
      <Status model={model} />
      <Screen model={model} />
    </div>
  );
}
