import { dayKeyIn, formatDay, formatTime, zoneName } from '../format.ts';
import type { FlowModel } from '../model.ts';
import { SummaryRow } from './SummaryRow.tsx';

export function DoneStep({ model }: { model: FlowModel }) {
  const { t, locale } = model;
  const booking = model.booking.value;
  const branch = model.bookedBranch.value;
  const property = model.property.value;
  // On the waiting list instead: its own confirmation (its code came with the list's offer).
  const Joined = model.joined.value && model.waitlist.value?.Joined;
  if (Joined) return <Joined model={model} />;
  if (!booking) return null;
  const zone = booking.timeZone;
  const cal = booking.calendar;
  const approval = booking.approval;

  return (
    <>
      <p class="reference">
        {t.reference}
        <strong>{booking.reference}</strong>
      </p>
      <dl class="summary">
        <SummaryRow
          label={t.summary.when}
          lines={[
            formatDay(dayKeyIn(booking.start, zone), locale, t),
            t.timeRange(formatTime(booking.start, locale, zone), formatTime(booking.end, locale, zone)),
            <span class="muted">{t.zoneNote(zoneName(zone, locale, booking.start), zone)}</span>,
          ]}
        />
        {property && <SummaryRow label={t.summary.property} lines={[property.title, property.address]} />}
        {branch && (
          <SummaryRow
            label={t.branch}
            lines={[
              branch.name,
              branch.address,
              branch.phone && <a href={`tel:${branch.phone.replace(/[^\d+]/g, '')}`}>{branch.phone}</a>,
            ]}
          />
        )}
      </dl>
      <h3>{t.whatNext}</h3>
      <p>
        {approval?.status === 'pending' && Date.parse(approval.answerBy)
          ? t.nextOwner(
              t.slotLabel(
                formatDay(dayKeyIn(approval.answerBy, zone), locale, t),
                formatTime(approval.answerBy, locale, zone),
              ),
            )
          : booking.status === 'requested'
            ? t.nextRequested
            : t.nextConfirmed}
      </p>
      {cal && (
        <p class="facts">
          {t.calendar}
          <a href={cal.ics}>{t.ics}</a>
          <a href={cal.google} target="_blank">
            Google
          </a>
          <a href={cal.outlook} target="_blank">
            Outlook
          </a>
        </p>
      )}
      {booking.manageUrl && <a href={booking.manageUrl}>{t.manage}</a>}
    </>
  );
}
