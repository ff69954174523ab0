import { contentLine, raw, text } from './content-line.ts';
import type { OffsetChange } from './zone-history.ts';

/**
 * A VTIMEZONE spelling out each change as its own STANDARD or DAYLIGHT block, with the real instant and
 * offsets, rather than a yearly RRULE: Intl gives instants, not the rule behind them, and a rule guessed from
 * two years would claim the future too. Each block's DTSTART is the onset in the wall-clock time before it
 * (RFC 5545 §3.6.5), which is what TZOFFSETFROM is for.
 */
export function vtimezone(timeZone: string, history: readonly OffsetChange[]): string[] {
  return [
    'BEGIN:VTIMEZONE',
    contentLine('TZID', raw(timeZone)),
    ...history.flatMap((change) => {
      const kind = change.daylight ? 'DAYLIGHT' : 'STANDARD';
      return [
        `BEGIN:${kind}`,
        contentLine('DTSTART', localBasic(change.at, change.from)),
        contentLine('TZOFFSETFROM', utcOffset(change.from)),
        contentLine('TZOFFSETTO', utcOffset(change.to)),
        ...(change.name ? [contentLine('TZNAME', text(change.name))] : []),
        `END:${kind}`,
      ];
    }),
    'END:VTIMEZONE',
  ];
}

/** `20261025T020000`: the wall-clock time at `instant` under `offset`, in iCalendar's local DATE-TIME form. */
export function localBasic(instant: number, offset: number): string {
  return new Date(instant + offset).toISOString().slice(0, 19).replace(/[-:]/g, '');
}

/** `+0100`, `-0800`, `+0530`: RFC 5545's UTC-OFFSET, which forbids `-0000`. */
function utcOffset(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${offsetMs < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}${pad(minutes % 60)}`;
}
