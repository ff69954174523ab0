import { describe, expect, it } from 'vitest';
import { googleCalendarUrl, outlookCalendarUrl } from '../../src/calendar/index.ts';
import { viewing } from './fixtures.ts';

/** A summer viewing in Los Angeles: 10:30 PDT is 17:30 UTC. */
const summerInLA = viewing({
  start: '2026-07-14T10:30:00-07:00',
  end: '2026-07-14T11:00:00-07:00',
  timeZone: 'America/Los_Angeles',
  location: '1 Ocean Ave, Santa Monica, CA',
});

const query = (link: string) => Object.fromEntries(new URL(link).searchParams);

describe('the "add to Google Calendar" link', () => {
  it('opens Google’s new-event page with the viewing’s title, UTC times, place and the branch’s zone', () => {
    const link = googleCalendarUrl(summerInLA);
    expect(link.startsWith('https://calendar.google.com/calendar/render?')).toBe(true);
    expect(query(link)).toEqual({
      action: 'TEMPLATE',
      text: 'Viewing: 12 Mill Lane',
      dates: '20260714T173000Z/20260714T180000Z',
      details: 'Ask for Amy at the front door.\n\nhttps://homes.example/viewings/VW-1042?token=abc',
      location: '1 Ocean Ave, Santa Monica, CA',
      ctz: 'America/Los_Angeles',
    });
  });

  it('gives the same instants for a London viewing either side of the spring change', () => {
    const before = googleCalendarUrl(
      viewing({ start: '2026-03-28T10:00:00+00:00', end: '2026-03-28T10:30:00+00:00' }),
    );
    const after = googleCalendarUrl(
      viewing({ start: '2026-03-30T10:00:00+01:00', end: '2026-03-30T10:30:00+01:00' }),
    );
    expect(query(before).dates).toBe('20260328T100000Z/20260328T103000Z');
    expect(query(after).dates).toBe('20260330T090000Z/20260330T093000Z');
  });

  it('leaves out details and location when the viewing has none', () => {
    const link = googleCalendarUrl(viewing({ description: undefined, url: undefined, location: undefined }));
    expect(Object.keys(query(link))).toEqual(['action', 'text', 'dates', 'ctz']);
  });
});

describe('the "add to Outlook" link', () => {
  it('opens Outlook’s compose page with the viewing’s subject, ISO times, body and place', () => {
    const link = outlookCalendarUrl(summerInLA);
    expect(link.startsWith('https://outlook.live.com/calendar/0/deeplink/compose?')).toBe(true);
    const params = query(link);
    expect(params).toEqual({
      path: '/calendar/action/compose',
      rru: 'addevent',
      subject: 'Viewing: 12 Mill Lane',
      startdt: '2026-07-14T17:30:00Z',
      enddt: '2026-07-14T18:00:00Z',
      body: 'Ask for Amy at the front door.\n\nhttps://homes.example/viewings/VW-1042?token=abc',
      location: '1 Ocean Ave, Santa Monica, CA',
    });
    expect(Date.parse(params.startdt!)).toBe(Date.parse(summerInLA.start));
    expect(Date.parse(params.enddt!)).toBe(Date.parse(summerInLA.end));
  });

  it('carries the manage link alone when there is no description', () => {
    expect(query(outlookCalendarUrl(viewing({ description: undefined }))).body).toBe(
      'https://homes.example/viewings/VW-1042?token=abc',
    );
  });
});

describe.each([
  ['Google', googleCalendarUrl, 'text', 'details'],
  ['Outlook', outlookCalendarUrl, 'subject', 'body'],
] as const)('%s link text', (_, link, titleKey, bodyKey) => {
  const summary = 'Viewing: 3 bed & garden, #2 + annexe — 100% café ☕';
  const description = 'Line one\nLine two?x=1&y=2 / done';

  it('comes back exactly as written, whatever the punctuation, accents or line breaks', () => {
    const params = query(link(viewing({ summary, description, url: undefined })));
    expect(params[titleKey]).toBe(summary);
    expect(params[bodyKey]).toBe(description);
  });

  it('is fully encoded: no raw spaces, plus signs, ampersands inside values or line breaks', () => {
    const url = link(viewing({ summary, description }));
    expect(url).not.toMatch(/[\s+]/);
    expect(url.split('&').every((pair) => /^[a-z]+=[^&=]*$/.test(pair.replace(/^[^?]*\?/, '')))).toBe(true);
  });
});
