import { instantsOf, utcBasic, type CalendarEvent } from './event.ts';

/**
 * An "add to Google Calendar" link. Times go in UTC, so the link means the same instant wherever it is
 * opened; `ctz` makes Google show them on the branch's clock.
 *
 * @example
 * googleCalendarUrl(event);
 * // https://calendar.google.com/calendar/render?action=TEMPLATE&text=Viewing…&dates=20261124T103000Z%2F20261124T110000Z&ctz=Europe%2FLondon
 */
export function googleCalendarUrl(event: CalendarEvent): string {
  const { start, end } = instantsOf(event);
  return withQuery('https://calendar.google.com/calendar/render', [
    ['action', 'TEMPLATE'],
    ['text', event.summary],
    ['dates', `${utcBasic(start)}/${utcBasic(end)}`],
    ['details', details(event)],
    ['location', event.location],
    ['ctz', event.timeZone],
  ]);
}

/**
 * An "add to Outlook" link for Outlook.com. Times go as ISO 8601 in UTC: an offset's `+` is where
 * hand-built links usually break, and `Z` has none.
 *
 * @example
 * outlookCalendarUrl(event);
 * // https://outlook.live.com/calendar/0/deeplink/compose?path=%2Fcalendar%2Faction%2Fcompose&rru=addevent&subject=…&startdt=2026-11-24T10%3A30%3A00Z&…
 */
export function outlookCalendarUrl(event: CalendarEvent): string {
  const { start, end } = instantsOf(event);
  return withQuery('https://outlook.live.com/calendar/0/deeplink/compose', [
    ['path', '/calendar/action/compose'],
    ['rru', 'addevent'],
    ['subject', event.summary],
    ['startdt', utcIso(start)],
    ['enddt', utcIso(end)],
    ['body', details(event)],
    ['location', event.location],
  ]);
}

/** Neither link has a field for a URL, so the visitor's manage link goes at the end of the text. */
function details(event: CalendarEvent): string | undefined {
  const parts = [event.description, event.url].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}

/**
 * `encodeURIComponent` rather than URLSearchParams: the latter writes spaces as `+`, which only
 * form-decoding reads back as a space.
 */
function withQuery(base: string, params: [string, string | undefined][]): string {
  const query = params
    .filter((param): param is [string, string] => param[1] !== undefined && param[1] !== '')
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');
  return `${base}?${query}`;
}

const utcIso = (instant: number) => new Date(instant).toISOString().replace(/\.\d{3}Z$/, 'Z');
