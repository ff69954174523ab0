import { dayKeyIn, formatDay, formatTime, zoneName } from '../format.ts';
import type { FlowModel } from '../model.ts';
import { SummaryRow } from './SummaryRow.tsx';

export function ConfirmStep({ model }: { model: FlowModel }) {
  const { t, locale } = model;
  const property = model.property.value;
  const slot = model.slot.value;
  const g = model.details.guest.value;
  const zone = model.week.zone.value;
  const busy = model.busy.value === 'book';
  // Joining the waiting list instead: no time, the days that suit (shown with the answers).
  const list = model.waiting.value && model.waitlist.value?.words(locale);
  if (!property || (!slot && !list)) return null;
  const change = (target: 'property' | 'slot' | 'details', label: string) => (
    <button type="button" class="link" onClick={() => model.edit(target)}>
      {label}
    </button>
  );
  const message = g.message.trim();
  // The answers to the agency's questions, when the home has some (their code came with them).
  const Answers = model.details.asking.value?.Summary;

  return (
    <>
      <dl class="summary">
        <SummaryRow
          label={t.summary.property}
          lines={[property.title, property.address]}
          action={model.steps.value.includes('property') && change('property', t.changeProperty)}
        />
        {slot && (
          <SummaryRow
            label={t.summary.when}
            lines={[
              formatDay(dayKeyIn(slot.start, zone), locale, t),
              t.timeRange(formatTime(slot.start, locale, zone), formatTime(slot.end, locale, zone)),
              <span class="muted">{t.zoneNote(zoneName(zone, locale, slot.start), zone)}</span>,
            ]}
            action={change('slot', t.changeTime)}
          />
        )}
        <SummaryRow
          label={t.summary.you}
          lines={[`${g.firstName.trim()} ${g.lastName.trim()}`, g.email.trim(), g.phone.trim()]}
          action={change('details', t.changeDetails)}
        />
        {message && <SummaryRow label={t.summary.message} lines={[<span class="message">{message}</span>]} />}
        {Answers && <Answers model={model} />}
        <SummaryRow label={t.summary.marketing} lines={[g.marketing ? t.summary.yes : t.summary.no]} />
      </dl>
      {!list && model.ownerFirst.value && <p>{t.ownerFirst}</p>}
      {!list && model.slot.value?.placesLeft && <p>{t.openHouse}</p>}
      <button
        type="button"
        class="primary book"
        // Stays focusable while busy so keyboard and screen-reader users keep their place.
        aria-disabled={busy}
        onClick={() => {
          if (!busy) void model.book();
        }}
      >
        {busy && <span class="spinner" aria-hidden="true" />}
        {busy ? t.booking : list ? list.join : t.book}
      </button>
    </>
  );
}
