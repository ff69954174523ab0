import type { ReadonlySignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import type { Slot } from '../../src/contract/index.ts';
import { addDays, dayKeyIn, dayParts, formatDay, formatTime, weekRange, zoneName } from '../format.ts';
import type { Messages } from '../i18n/en-GB.ts';
import { Grid } from '../steps/Grid.tsx';
import type { WeekModel } from './model.ts';

export interface WeekPickerProps {
  week: WeekModel;
  t: Messages;
  locale: string;
  /** The time chosen so far: pressed wherever it is shown. */
  chosen: ReadonlySignal<Slot | null>;
  /** Free times nearby, offered when the chosen one was taken meanwhile. */
  alternatives: ReadonlySignal<Slot[]>;
  onChoose: (slot: Slot) => void;
  /** What a week with no free time shows; a plain sentence without it. */
  empty?: ComponentChildren;
  /** Shows its own loading line, where nothing around it says that a week is being read. */
  loading?: boolean;
}

// Every part takes the picker's own props and reads from them only the signals it shows.
type Props = WeekPickerProps;

/** "Wednesday 1 July 2026, 10:00 to 10:30": how every time is read out. */
const fullTime = ({ t, locale, week }: Props, slot: Slot) => {
  const zone = week.zone.value;
  return t.slotLabel(
    formatDay(dayKeyIn(slot.start, zone), locale, t),
    t.timeRange(formatTime(slot.start, locale, zone), formatTime(slot.end, locale, zone)),
  );
};

/** A grid of times; the chosen one (else the first) is where Tab lands. `full` spells out the date on each. */
function Times(props: Props & { slots: Slot[]; id: string; full?: boolean }) {
  const { slots, id, full, chosen, onChoose, locale, week } = props;
  const picked = chosen.value?.id;
  return (
    <Grid
      key={slots[0]?.id}
      labelledby={id}
      class={full ? 'times wide' : 'times'}
      count={slots.length}
      cols={1}
      active={Math.max(
        slots.findIndex((s) => s.id === picked),
        0,
      )}
      cell={(i, tabIndex) => {
        const s = slots[i];
        if (!s) return null;
        const label = fullTime(props, s);
        const places = s.placesLeft && props.t.placesLeft(s.placesLeft);
        return (
          <button
            type="button"
            class="time"
            tabIndex={tabIndex}
            aria-label={places ? `${label}, ${places}` : label}
            aria-pressed={picked === s.id}
            onClick={() => onChoose(s)}
          >
            {full ? label : formatTime(s.start, locale, week.zone.value)}
            {places && <small>{places}</small>}
          </button>
        );
      }}
    />
  );
}

function Alternatives(props: Props) {
  const slots = props.alternatives.value;
  if (slots.length === 0) return null;
  return (
    <section class="group">
      <h3 id="alt">{props.t.alternatives}</h3>
      <Times {...props} slots={slots} id="alt" full />
    </section>
  );
}

/** The zone, named at a time in the shown week, so a week after the clocks change says "GMT", not "BST". */
function ZoneNote({ week, t, locale }: Props) {
  const zone = week.zone.value;
  const days = week.days.value;
  const selected = days.find((d) => d.day === week.selectedDay.value);
  const first = days[0];
  const at = selected?.slots[0]?.start ?? (first ? `${first.day}T12:00:00Z` : new Date());
  return <p class="zone">{t.zoneNote(zoneName(zone, locale, at), zone)}</p>;
}

function WeekNav({ week, t, locale }: Props) {
  const days = week.days.value;
  const first = days[0];
  return (
    <>
      {first && (
        <p class="week-label" id="week">
          {weekRange(first.day, addDays(first.day, days.length - 1), locale)}
        </p>
      )}
      <div class="week">
        <button
          type="button"
          class="secondary"
          // aria-disabled rather than disabled: a button that disables itself under the visitor's focus drops focus.
          aria-disabled={week.isCurrentWeek.value}
          onClick={() => week.previous()}
        >
          {t.previousWeek}
        </button>
        <button type="button" class="secondary" onClick={() => week.next()}>
          {t.nextWeek}
        </button>
      </div>
    </>
  );
}

/** Where the visitor is in the week: the chosen day's index, 0 when none is. */
const selectedIndex = (week: WeekModel) =>
  Math.max(
    week.days.value.findIndex((d) => d.day === week.selectedDay.value),
    0,
  );

function DayGrid({ week, t, locale }: Props) {
  const days = week.days.value;
  const loaded = week.loaded.value;
  const first = days[0];
  if (!first) return null;
  const index = selectedIndex(week);
  return (
    <Grid
      labelledby="week"
      class="days"
      count={days.length}
      cols={days.length}
      active={index}
      onMove={(i) => week.moveToDay(addDays(first.day, i))}
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
            aria-label={loaded ? t.dayLabel(long, free) : long}
            aria-pressed={i === index}
            onClick={() => week.chooseDay(d.day)}
          >
            <span>{p.weekday}</span>
            <strong>{p.day}</strong>
            <span>{p.month}</span>
            <small>{loaded ? t.freeCount(free) : '…'}</small>
          </button>
        );
      }}
    />
  );
}

function Loading({ week, t }: Props) {
  return week.loading.value ? (
    <p class="loading">
      <span class="spinner" aria-hidden="true" />
      {t.loading}
    </p>
  ) : null;
}

/** The chosen day's times, or, for a week with nothing free, what `empty` offers. */
function DayTimes(props: Props) {
  const { week, t, locale } = props;
  if (!week.loaded.value) return null;
  const days = week.days.value;
  if (!days.some((d) => d.slots.length > 0)) return <>{props.empty ?? <p>{t.noTimesThisWeek}</p>}</>;
  const selected = days[selectedIndex(week)];
  if (!selected) return null;
  const day = formatDay(selected.day, locale, t);
  return (
    <section class="group">
      <h3 id="times">{t.timesFor(day)}</h3>
      {selected.slots.length > 0 ? (
        <Times {...props} slots={selected.slots} id="times" />
      ) : (
        <p>{t.noTimesOnDay(day)}</p>
      )}
    </section>
  );
}

/**
 * A week of free times: the week's days as a grid, the chosen day's times, and moving a week at a time. Used as
 * it is by the booking flow's time step and by the manage view when a viewing is moved. Each part reads only
 * the signals it shows, so choosing a day redraws the days and times and nothing around them.
 */
export function WeekPicker(props: WeekPickerProps) {
  return (
    <>
      <Alternatives {...props} />
      <ZoneNote {...props} />
      <WeekNav {...props} />
      <DayGrid {...props} />
      {props.loading && <Loading {...props} />}
      <DayTimes {...props} />
    </>
  );
}
