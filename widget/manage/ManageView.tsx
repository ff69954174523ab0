import { Component } from 'preact';
import type { ManagedViewing, Slot } from '../../src/contract/index.ts';
import { addDays, dayKeyIn, dayParts, formatDay, formatTime, weekRange, zoneName } from '../format.ts';
import { Grid } from '../steps/Grid.tsx';
import { SummaryRow } from '../steps/SummaryRow.tsx';
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
  if (v.phase === 'cancelled') {
    return (
      <>
        <p>{m.cancelledText}</p>
        {calendar && <a href={calendar.ics}>{m.removeFromCalendar}</a>}
      </>
    );
  }
  if (v.phase === 'feedback') return v.feedbackGiven ? <p>{m.thanks}</p> : <FeedbackForm model={model} />;
  const until = v.changeableUntil;
  const zone = v.booking.timeZone;
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
            {v.booking.status === 'requested'
              ? m.requested
              : m.changeUntil(
                  t.slotLabel(
                    formatDay(dayKeyIn(until, zone), model.locale, t),
                    formatTime(until, model.locale, zone),
                  ),
                )}
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
          aria-disabled={model.state.busy === 'consent'}
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
  const { feedback, feedbackIncomplete, busy } = model.state;
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

function Times({ model, slots, id, full }: Props & { slots: Slot[]; id: string; full?: boolean }) {
  const { locale } = model;
  const chosen = model.state.slot;
  return (
    <Grid
      key={slots[0]?.id}
      labelledby={id}
      class={full ? 'times wide' : 'times'}
      count={slots.length}
      cols={1}
      active={Math.max(
        slots.findIndex((s) => s.id === chosen?.id),
        0,
      )}
      cell={(i, tabIndex) => {
        const s = slots[i];
        if (!s) return null;
        const zone = model.state.viewing?.booking.timeZone ?? 'UTC';
        const label = model.when(s.start, s.end);
        return (
          <button
            type="button"
            class="time"
            tabIndex={tabIndex}
            aria-label={label}
            aria-pressed={chosen?.id === s.id}
            onClick={() => model.chooseSlot(s.id)}
          >
            {full ? label : formatTime(s.start, locale, zone)}
          </button>
        );
      }}
    />
  );
}

function Reschedule({ model, viewing: v }: Props & { viewing: ManagedViewing }) {
  const { t, m, locale } = model;
  const { days, day, slotsLoaded, slot, alternatives, busy } = model.state;
  const zone = v.booking.timeZone;
  const first = days[0];
  const index = Math.max(
    days.findIndex((d) => d.day === day),
    0,
  );
  const selected = slotsLoaded ? days[index] : undefined;
  const moving = busy === 'reschedule';
  return (
    <>
      <p class="muted">
        {v.property.title}, {v.property.address}
      </p>
      <p>{m.current(model.when(v.booking.start, v.booking.end))}</p>
      {alternatives.length > 0 && (
        <section class="group">
          <h3 id="vw-alt">{t.alternatives}</h3>
          <Times model={model} slots={alternatives} id="vw-alt" full />
        </section>
      )}
      <p class="zone">
        {t.zoneNote(zoneName(zone, locale, first ? `${first.day}T12:00:00Z` : v.booking.start), zone)}
      </p>
      {first && (
        <p class="week-label" id="vw-week">
          {weekRange(first.day, addDays(first.day, days.length - 1), locale)}
        </p>
      )}
      <div class="week">
        <button
          type="button"
          class="secondary"
          aria-disabled={model.isCurrentWeek()}
          onClick={() => model.previousWeek()}
        >
          {t.previousWeek}
        </button>
        <button type="button" class="secondary" onClick={() => model.nextWeek()}>
          {t.nextWeek}
        </button>
      </div>
      {first && (
        <Grid
          labelledby="vw-week"
          class="days"
          count={days.length}
          cols={days.length}
          active={index}
          onMove={(i) => model.moveToDay(addDays(first.day, i))}
          cell={(i, tabIndex) => {
            const d = days[i];
            if (!d) return null;
            const p = dayParts(d.day, locale);
            const free = d.slots.length;
            const long = formatDay(d.day, locale, t);
            return (
              <button
                type="button"
                class={free ? 'day' : 'day full'}
                tabIndex={tabIndex}
                aria-label={slotsLoaded ? t.dayLabel(long, free) : long}
                aria-pressed={i === index}
                onClick={() => model.chooseDay(d.day)}
              >
                <span>{p.weekday}</span>
                <strong>{p.day}</strong>
                <span>{p.month}</span>
                <small>{slotsLoaded ? t.freeCount(free) : '…'}</small>
              </button>
            );
          }}
        />
      )}
      {busy === 'slots' && (
        <p class="loading">
          <span class="spinner" aria-hidden="true" />
          {t.loading}
        </p>
      )}
      {slotsLoaded && !days.some((d) => d.slots.length) && <p>{t.noTimesThisWeek}</p>}
      {selected && days.some((d) => d.slots.length) && (
        <section class="group">
          <h3 id="vw-times">{t.timesFor(formatDay(selected.day, locale, t))}</h3>
          {selected.slots.length > 0 ? (
            <Times model={model} slots={selected.slots} id="vw-times" />
          ) : (
            <p>{t.noTimesOnDay(formatDay(selected.day, locale, t))}</p>
          )}
        </section>
      )}
      {slot && (
        <button
          type="button"
          class="primary"
          aria-disabled={moving}
          onClick={() => {
            if (!moving) void model.reschedule();
          }}
        >
          {moving && <span class="spinner" aria-hidden="true" />}
          {m.moveTo(model.when(slot.start, slot.end))}
        </button>
      )}
    </>
  );
}

function Cancel({ model, viewing: v }: Props & { viewing: ManagedViewing }) {
  const { m } = model;
  const { reason, busy } = model.state;
  const cancelling = busy === 'cancel';
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
          value={reason}
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

/**
 * Everything a manage link leads to. Like the booking flow, it redraws whole on every change of its model;
 * focus goes to the heading when the visitor moves between the viewing, its free times and the cancel question.
 */
export class ManageView extends Component<Props> {
  #stop: (() => void) | undefined;
  #shown: string | undefined;
  #root: HTMLDivElement | null | undefined;

  override componentDidMount() {
    this.#stop = this.props.model.subscribe(() => this.setState({}));
    this.#shown = this.#place();
  }

  override componentWillUnmount() {
    this.#stop?.();
  }

  override componentDidUpdate(previous: Props) {
    if (previous.model !== this.props.model) {
      this.#stop?.();
      this.#stop = this.props.model.subscribe(() => this.setState({}));
    }
    const place = this.#place();
    if (place === this.#shown) return;
    // Not on first arrival: a page opened from a link starts at its top, as any page does.
    const first = this.#shown === 'load';
    this.#shown = place;
    const heading = this.#root?.querySelector('h2');
    if (!first && heading instanceof HTMLElement) heading.focus();
  }

  #place(): string {
    const { viewing, screen, failed } = this.props.model.state;
    if (!viewing) return failed ? 'failed' : 'load';
    return `${screen} ${viewing.phase}`;
  }

  render({ model }: Props) {
    const { t, m } = model;
    const { viewing: v, failed, screen, error, notice, busy } = model.state;
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
    const problem = failed ?? error;
    return (
      <div
        class="vw"
        ref={(el) => {
          this.#root = el;
        }}
      >
        {v && screen !== 'view' && (
          <button type="button" class="back" onClick={() => model.showViewing()}>
            {t.back}
          </button>
        )}
        <h2 tabIndex={-1}>{title}</h2>
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
        {busy === 'load' && (
          <p class="loading">
            <span class="spinner" aria-hidden="true" />
            {t.loading}
          </p>
        )}
        {v && screen === 'view' && (
          <>
            <Summary model={model} viewing={v} />
            <Actions model={model} viewing={v} />
            <Consent model={model} viewing={v} />
          </>
        )}
        {v && screen === 'reschedule' && <Reschedule model={model} viewing={v} />}
        {v && screen === 'cancel' && <Cancel model={model} viewing={v} />}
      </div>
    );
  }
}
