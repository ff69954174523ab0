import type { Slot } from '../../src/contract/index.ts';
import { dayKeyIn, dayParts, formatDay, formatTime, zoneName } from '../format.ts';
import type { FlowModel } from '../model.ts';

/** `full` spells out the date on the button too, for free times offered from other days. */
function SlotButton({ model, slot, full }: { model: FlowModel; slot: Slot; full?: boolean }) {
  const { t, locale } = model;
  const zone = model.zone.value;
  const from = formatTime(slot.start, locale, zone);
  const label = t.slotLabel(
    formatDay(dayKeyIn(slot.start, zone), locale, t),
    t.timeRange(from, formatTime(slot.end, locale, zone)),
  );
  return (
    <li>
      <button
        type="button"
        class="vw-time"
        aria-label={label}
        aria-pressed={model.slot.value?.id === slot.id}
        onClick={() => model.chooseSlot(slot.id)}
      >
        {full ? label : from}
      </button>
    </li>
  );
}

export function SlotStep({ model }: { model: FlowModel }) {
  const { t, locale } = model;
  const zone = model.zone.value;
  const days = model.days.value;
  const busy = model.busy.value;
  const property = model.property.value;
  const selected = days.find((d) => d.day === model.selectedDay.value && d.slots.length > 0);
  const alternatives = model.alternatives.value;
  const first = days[0];
  const last = days[days.length - 1];
  const short = (day: string) => {
    const p = dayParts(day, locale);
    return `${p.day} ${p.month}`;
  };
  // Named at a time in the shown week, so a week after the clocks change says "GMT", not "BST".
  const zoneAt = selected?.slots[0]?.start ?? (first ? `${first.day}T12:00:00Z` : new Date());

  return (
    <>
      {property && (
        <p class="vw-muted">
          {property.title}, {property.address}
        </p>
      )}
      {model.notice.value && <p class="vw-notice">{model.notice.value}</p>}
      {alternatives.length > 0 && (
        <section class="vw-group">
          <h3>{t.alternatives}</h3>
          <ul class="vw-times vw-times-wide">
            {alternatives.map((s) => (
              <SlotButton key={s.id} model={model} slot={s} full />
            ))}
          </ul>
        </section>
      )}
      <p class="vw-zone">{t.zoneNote(zoneName(zone, locale, zoneAt), zone)}</p>
      {first && last && (
        <p class="vw-week-label">
          {short(first.day)} – {short(last.day)}
        </p>
      )}
      <div class="vw-week">
        <button
          type="button"
          class="vw-secondary"
          // aria-disabled rather than disabled: a button that disables itself under the visitor's focus drops focus.
          aria-disabled={model.isCurrentWeek.value}
          onClick={() => model.previousWeek()}
        >
          {t.previousWeek}
        </button>
        <button type="button" class="vw-secondary" onClick={() => model.nextWeek()}>
          {t.nextWeek}
        </button>
      </div>
      {model.slotsLoaded.value && (
        <ul class="vw-days">
          {days.map((d) => {
            const p = dayParts(d.day, locale);
            const free = d.slots.length;
            return (
              <li key={d.day}>
                <button
                  type="button"
                  class="vw-day"
                  aria-label={t.dayLabel(formatDay(d.day, locale, t), free)}
                  aria-pressed={selected?.day === d.day}
                  disabled={free === 0}
                  onClick={() => model.chooseDay(d.day)}
                >
                  <span>{p.weekday}</span>
                  <strong>{p.day}</strong>
                  <span>{p.month}</span>
                  <small>{t.freeCount(free)}</small>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {model.slotsLoaded.value && !selected && (
        <div class="vw-empty">
          <p>{t.noTimesThisWeek}</p>
          {model.noFreeSoon.value ? (
            <p>{t.noTimesSoon}</p>
          ) : (
            <button
              type="button"
              class="vw-primary"
              aria-disabled={busy !== null}
              onClick={() => void model.jumpToFirstFreeDay()}
            >
              {t.jumpToFree}
            </button>
          )}
        </div>
      )}
      {selected && (
        <section class="vw-group">
          <h3>{t.timesFor(formatDay(selected.day, locale, t))}</h3>
          <ul class="vw-times">
            {selected.slots.map((s) => (
              <SlotButton key={s.id} model={model} slot={s} />
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
