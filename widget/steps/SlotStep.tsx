import type { Slot } from '../../src/contract/index.ts';
import { addDays, dayKeyIn, dayParts, formatDay, formatTime, weekRange, zoneName } from '../format.ts';
import type { FlowModel } from '../model.ts';
import { Grid } from './Grid.tsx';

/** `full` spells out the date on the button too, for free times offered from other days. */
function SlotButton({
  model,
  slot,
  full,
  tabIndex,
}: {
  model: FlowModel;
  slot: Slot;
  full?: boolean;
  tabIndex: number;
}) {
  const { t, locale } = model;
  const zone = model.zone.value;
  const from = formatTime(slot.start, locale, zone);
  const label = t.slotLabel(
    formatDay(dayKeyIn(slot.start, zone), locale, t),
    t.timeRange(from, formatTime(slot.end, locale, zone)),
  );
  return (
    <button
      type="button"
      class="time"
      tabIndex={tabIndex}
      aria-label={label}
      aria-pressed={model.slot.value?.id === slot.id}
      onClick={() => model.chooseSlot(slot.id)}
    >
      {full ? label : from}
    </button>
  );
}

/** A grid of times; the chosen one (else the first) is where Tab lands. */
function Times({ model, slots, id, full }: { model: FlowModel; slots: Slot[]; id: string; full?: boolean }) {
  const chosen = slots.findIndex((s) => s.id === model.slot.value?.id);
  return (
    <Grid
      key={slots[0]?.id}
      labelledby={id}
      class={full ? 'times wide' : 'times'}
      count={slots.length}
      cols={1}
      active={Math.max(chosen, 0)}
      cell={(i, tabIndex) => {
        const s = slots[i];
        return s && <SlotButton model={model} slot={s} full={full} tabIndex={tabIndex} />;
      }}
    />
  );
}

export function SlotStep({ model }: { model: FlowModel }) {
  const { t, locale } = model;
  const zone = model.zone.value;
  const days = model.days.value;
  const loaded = model.slotsLoaded.value;
  const property = model.property.value;
  const first = days[0];
  const index = Math.max(
    days.findIndex((d) => d.day === model.selectedDay.value),
    0,
  );
  const selected = loaded ? days[index] : undefined;
  const anyFree = days.some((d) => d.slots.length > 0);
  const alternatives = model.alternatives.value;
  // Named at a time in the shown week, so a week after the clocks change says "GMT", not "BST".
  const zoneAt = selected?.slots[0]?.start ?? (first ? `${first.day}T12:00:00Z` : new Date());

  return (
    <>
      {property && (
        <p class="muted">
          {property.title}, {property.address}
        </p>
      )}
      {model.notice.value && <p class="notice">{model.notice.value}</p>}
      {alternatives.length > 0 && (
        <section class="group">
          <h3 id="alt">{t.alternatives}</h3>
          <Times model={model} slots={alternatives} id="alt" full />
        </section>
      )}
      <p class="zone">{t.zoneNote(zoneName(zone, locale, zoneAt), zone)}</p>
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
          aria-disabled={model.isCurrentWeek.value}
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
          labelledby="week"
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
            return (
              <button
                type="button"
                class={free ? 'day' : 'day full'}
                tabIndex={tabIndex}
                aria-label={
                  loaded ? t.dayLabel(formatDay(d.day, locale, t), free) : formatDay(d.day, locale, t)
                }
                aria-pressed={i === index}
                onClick={() => model.chooseDay(d.day)}
              >
                <span>{p.weekday}</span>
                <strong>{p.day}</strong>
                <span>{p.month}</span>
                <small>{loaded ? t.freeCount(free) : '…'}</small>
              </button>
            );
          }}
        />
      )}
      {loaded && !anyFree && (
        <div class="empty">
          <p>{t.noTimesThisWeek}</p>
          {model.noFreeSoon.value ? (
            <p>{t.noTimesSoon}</p>
          ) : (
            <button
              type="button"
              class="primary"
              aria-disabled={model.busy.value !== null}
              onClick={() => void model.jumpToFirstFreeDay()}
            >
              {t.jumpToFree}
            </button>
          )}
        </div>
      )}
      {selected && anyFree && (
        <section class="group">
          <h3 id="times">{t.timesFor(formatDay(selected.day, locale, t))}</h3>
          {selected.slots.length > 0 ? (
            <Times model={model} slots={selected.slots} id="times" />
          ) : (
            <p>{t.noTimesOnDay(formatDay(selected.day, locale, t))}</p>
          )}
        </section>
      )}
    </>
  );
}
