import { formatInTimeZone } from 'date-fns-tz';
import { describe, expect, it } from 'vitest';
import { icsFile } from '../../src/calendar/index.ts';
import { minutesAfter, readIcs, viewing } from './fixtures.ts';

const HOUR = 3_600_000;
const utcBasic = (iso: string) => new Date(iso).toISOString().replace('.000Z', 'Z').replace(/[-:]/g, '');
const lines = (ics: string) => ics.split('\r\n').slice(0, -1);
const unfolded = (ics: string) => ics.replace(/\r\n /g, '').split('\r\n');
const blocks = (ics: string) =>
  [...ics.replace(/\r\n /g, '').matchAll(/BEGIN:(STANDARD|DAYLIGHT)\r\n([\s\S]*?)END:\1/g)].map(
    ([, kind, body]) => `${kind} ${body!.trim().split('\r\n').join(' ')}`,
  );

describe('the .ics file of a booked viewing', () => {
  it('opens in a calendar as the viewing: its UID, time, place, manage link and both people', () => {
    const read = readIcs(icsFile(viewing()));
    expect(read).toMatchObject({
      method: 'REQUEST',
      uid: 'VW-1042@viewing-widget',
      sequence: 0,
      status: 'CONFIRMED',
      summary: 'Viewing: 12 Mill Lane',
      description: 'Ask for Amy at the front door.',
      location: '12 Mill Lane, Oxford OX1 2AB',
      url: 'https://homes.example/viewings/VW-1042?token=abc',
      start: Date.parse('2026-11-24T10:30:00Z'),
      end: Date.parse('2026-11-24T11:00:00Z'),
      organizer: { cn: 'Mill Lane Estates', address: 'mailto:viewings@mill-lane.example' },
      attendee: { cn: 'Pat Visitor', address: 'mailto:pat@visitor.example' },
    });
  });

  it('is a VERSION:2.0 Gregorian calendar from viewing-widget, stamped in UTC', () => {
    const ics = icsFile(viewing());
    expect(lines(ics).slice(0, 4)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//viewing-widget//Viewing booking//EN',
      'CALSCALE:GREGORIAN',
    ]);
    expect(lines(ics)).toContain('DTSTAMP:20261101T090000Z');
  });

  it('writes the times on the branch clock with TZID, not in UTC', () => {
    const ics = icsFile(
      viewing({
        start: '2026-07-14T10:30:00+01:00',
        end: '2026-07-14T11:00:00+01:00',
        timeZone: 'Europe/Brussels',
      }),
    );
    expect(lines(ics)).toContain('DTSTART;TZID=Europe/Brussels:20260714T113000');
    expect(lines(ics)).toContain('DTEND;TZID=Europe/Brussels:20260714T120000');
    expect(readIcs(ics).start).toBe(Date.parse('2026-07-14T09:30:00Z'));
  });

  it('tells the visitor that the booking is accepted and needs no reply', () => {
    const attendee = unfolded(icsFile(viewing())).find((line) => line.startsWith('ATTENDEE'));
    expect(attendee).toBe(
      'ATTENDEE;CN="Pat Visitor";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE:mailto:pat@visitor.example',
    );
  });
});

describe('a changed viewing replaces the entry already in the calendar', () => {
  it('a reschedule keeps the UID, raises SEQUENCE and carries the new time', () => {
    const booked = readIcs(icsFile(viewing()));
    const moved = readIcs(
      icsFile(viewing({ sequence: 1, start: '2026-11-25T14:00:00+00:00', end: '2026-11-25T14:30:00+00:00' })),
    );
    expect(moved.uid).toBe(booked.uid);
    expect(moved.sequence).toBeGreaterThan(Number(booked.sequence));
    expect(moved).toMatchObject({
      method: 'REQUEST',
      status: 'CONFIRMED',
      start: Date.parse('2026-11-25T14:00Z'),
    });
  });

  it('a cancellation is METHOD:CANCEL with STATUS:CANCELLED and a higher SEQUENCE than the booking', () => {
    const booked = readIcs(icsFile(viewing()));
    const cancelled = readIcs(icsFile(viewing({ sequence: 2, status: 'cancelled' })));
    expect(cancelled).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', uid: booked.uid });
    expect(cancelled.sequence).toBeGreaterThan(Number(booked.sequence));
    expect(cancelled.organizer).toEqual(booked.organizer);
    expect(cancelled.attendee).toEqual(booked.attendee);
  });

  it('refuses a negative or fractional SEQUENCE, which calendars would order wrongly', () => {
    expect(() => icsFile(viewing({ sequence: -1 }))).toThrow(RangeError);
    expect(() => icsFile(viewing({ sequence: 1.5 }))).toThrow(RangeError);
  });
});

describe('METHOD follows who the file names (RFC 5546)', () => {
  it('without an attendee the viewing is published: the organizer stays, no ATTENDEE is written', () => {
    const ics = icsFile(viewing({ attendee: undefined }));
    expect(readIcs(ics)).toMatchObject({ method: 'PUBLISH', status: 'CONFIRMED', attendee: undefined });
    expect(readIcs(ics).organizer?.address).toBe('mailto:viewings@mill-lane.example');
  });

  it('a published viewing is cancelled by PUBLISH with STATUS:CANCELLED, since CANCEL needs attendees', () => {
    expect(
      readIcs(icsFile(viewing({ attendee: undefined, status: 'cancelled', sequence: 1 }))),
    ).toMatchObject({ method: 'PUBLISH', status: 'CANCELLED', sequence: 1 });
  });

  it('without an organizer the file carries no METHOD and names nobody, and still imports', () => {
    for (const status of ['confirmed', 'cancelled'] as const) {
      const ics = icsFile(viewing({ organizer: undefined, status }));
      expect(ics).not.toMatch(/^(METHOD|ORGANIZER|ATTENDEE)/m);
      expect(readIcs(ics)).toMatchObject({ uid: 'VW-1042@viewing-widget', status: status.toUpperCase() });
    }
  });

  it('leaves out DESCRIPTION, LOCATION and URL when there are none', () => {
    const ics = icsFile(viewing({ description: undefined, location: undefined, url: undefined }));
    expect(ics).not.toMatch(/^(DESCRIPTION|LOCATION|URL)/m);
    expect(readIcs(ics).summary).toBe('Viewing: 12 Mill Lane');
  });
});

describe('text survives the trip into a calendar', () => {
  const longFrench = 'Viewing at 12 Rue de l’Église, Bruxelles — café ☕ '.repeat(6).trim();

  it('ends every line with CRLF and folds none longer than 75 octets, even in long accented text', () => {
    const ics = icsFile(viewing({ description: longFrench, summary: `Visite 🏡 ${longFrench}` }));
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const physical = lines(ics);
    for (const line of physical) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(physical.filter((line) => line.startsWith(' ')).length).toBeGreaterThanOrEqual(10);
    expect(readIcs(ics)).toMatchObject({ description: longFrench, summary: `Visite 🏡 ${longFrench}` });
  });

  it('never splits a multi-byte character across a fold', () => {
    const ics = icsFile(viewing({ description: '☕é🏡'.repeat(60) }));
    const bytes = Buffer.from(ics, 'utf8');
    for (const line of lines(ics)) {
      // A split character would leave a lone surrogate or a torn UTF-8 sequence on one of the two lines.
      expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
    }
    expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toBe(ics);
    expect(readIcs(ics).description).toBe('☕é🏡'.repeat(60));
  });

  it('keeps commas, semicolons, backslashes and line breaks as typed', () => {
    const description = 'Keys: flat 2; ring twice, then wait.\nParking C:\\bay 4\r\nNo dogs, sorry;';
    const ics = icsFile(
      viewing({ summary: 'Viewing; flat 2, 1st floor', description, location: 'Unit 3\\4' }),
    );
    expect(unfolded(ics)).toContain('SUMMARY:Viewing\\; flat 2\\, 1st floor');
    expect(readIcs(ics)).toMatchObject({
      summary: 'Viewing; flat 2, 1st floor',
      description: description.replace('\r\n', '\n'),
      location: 'Unit 3\\4',
    });
  });

  it('keeps quotes, commas and colons in a name inside its CN', () => {
    const name = 'Mill "Lane" Estates, Sales: Oxford';
    const read = readIcs(icsFile(viewing({ organizer: { name, email: 'viewings@mill-lane.example' } })));
    expect(read.organizer).toEqual({ cn: name, address: 'mailto:viewings@mill-lane.example' });
  });

  it('cannot be made to add properties through a line break in a name or summary', () => {
    const ics = icsFile(
      viewing({
        summary: 'Viewing\r\nMETHOD:CANCEL',
        attendee: { name: 'Pat\r\nSTATUS:CANCELLED', email: 'pat@visitor.example' },
      }),
    );
    expect(readIcs(ics)).toMatchObject({ method: 'REQUEST', status: 'CONFIRMED' });
    expect(readIcs(ics).summary).toBe('Viewing\nMETHOD:CANCEL');
  });

  it('refuses a line break in a URL or email address rather than writing it', () => {
    expect(() => icsFile(viewing({ url: 'https://homes.example/\r\nSTATUS:CANCELLED' }))).toThrow(RangeError);
    expect(() => icsFile(viewing({ attendee: { name: 'Pat', email: 'pat@visitor.example\nX:1' } }))).toThrow(
      RangeError,
    );
  });

  it('refuses times without an offset, which would be read in the server’s own zone', () => {
    expect(() => icsFile(viewing({ start: '2026-11-24T10:30:00' }))).toThrow(RangeError);
    expect(() => icsFile(viewing({ end: '2026-11-24T10:00:00+00:00' }))).toThrow(RangeError);
  });
});

/** Each 2026 and 2027 clock change, as the UTC instant the clock jumps. */
const clockChanges = {
  'Europe/London': [
    '2026-03-29T01:00:00Z',
    '2026-10-25T01:00:00Z',
    '2027-03-28T01:00:00Z',
    '2027-10-31T01:00:00Z',
  ],
  'Europe/Brussels': [
    '2026-03-29T01:00:00Z',
    '2026-10-25T01:00:00Z',
    '2027-03-28T01:00:00Z',
    '2027-10-31T01:00:00Z',
  ],
  'America/Los_Angeles': [
    '2026-03-08T10:00:00Z',
    '2026-11-01T09:00:00Z',
    '2027-03-14T10:00:00Z',
    '2027-11-07T09:00:00Z',
  ],
};

describe.each(Object.entries(clockChanges))('%s clock changes', (timeZone, changes) => {
  it.each(changes)(
    'a viewing at any quarter hour from 3 hours before to 3 hours after %s keeps its instant',
    (change) => {
      for (let minutes = -180; minutes <= 180; minutes += 15) {
        const start = minutesAfter(change, minutes);
        const end = minutesAfter(change, minutes + 30);
        const read = readIcs(icsFile(viewing({ timeZone, start, end })));
        expect({ start: read.start, end: read.end }).toEqual({
          start: Date.parse(start),
          end: Date.parse(end),
        });
      }
    },
  );

  it.each(changes)(
    'two hours either side of %s are on the branch clock, except the hour it shows twice, which is UTC',
    (change) => {
      for (let minutes = -120; minutes <= 120; minutes += 15) {
        const start = minutesAfter(change, minutes);
        const ics = icsFile(viewing({ timeZone, start, end: minutesAfter(change, 150) }));
        const local = formatInTimeZone(Date.parse(start), timeZone, "yyyyMMdd'T'HHmmss");
        const shownTwice = change.includes('-03-') ? false : minutes >= -60 && minutes < 60;
        expect(lines(ics)).toContain(
          shownTwice ? `DTSTART:${utcBasic(start)}` : `DTSTART;TZID=${timeZone}:${local}`,
        );
      }
    },
  );

  it('every hour of 2026 and 2027 on the branch clock reads back through the VTIMEZONE as its instant', () => {
    for (const year of [2026, 2027]) {
      const read = readIcs(
        icsFile(viewing({ timeZone, start: `${year}-06-01T12:00:00Z`, end: `${year}-06-01T12:30:00Z` })),
      );
      for (let instant = Date.UTC(year, 0, 1); instant < Date.UTC(year + 1, 0, 1); instant += HOUR) {
        const local = (at: number) => formatInTimeZone(at, timeZone, "yyyy-MM-dd'T'HH:mm:ss");
        // A time the clock shows twice is never written on the branch clock (see above).
        if (local(instant - HOUR) === local(instant) || local(instant + HOUR) === local(instant)) continue;
        const atWallClock = read.atWallClock(local(instant));
        if (atWallClock !== instant) expect(new Date(atWallClock), local(instant)).toEqual(new Date(instant));
      }
    }
  });
});

describe('the VTIMEZONE', () => {
  it('lists London’s 2026 changes with their real onsets and offsets', () => {
    expect(
      blocks(icsFile(viewing({ start: '2026-06-10T09:30:00+01:00', end: '2026-06-10T10:00:00+01:00' }))),
    ).toEqual([
      'STANDARD DTSTART:20251026T020000 TZOFFSETFROM:+0100 TZOFFSETTO:+0000 TZNAME:GMT',
      'DAYLIGHT DTSTART:20260329T010000 TZOFFSETFROM:+0000 TZOFFSETTO:+0100 TZNAME:BST',
      'STANDARD DTSTART:20261025T020000 TZOFFSETFROM:+0100 TZOFFSETTO:+0000 TZNAME:GMT',
    ]);
  });

  it('lists Los Angeles’ 2027 changes with their real onsets and offsets', () => {
    const ics = icsFile(
      viewing({
        timeZone: 'America/Los_Angeles',
        start: '2027-01-12T10:00:00-08:00',
        end: '2027-01-12T10:30:00-08:00',
      }),
    );
    expect(blocks(ics)).toEqual([
      'STANDARD DTSTART:20261101T020000 TZOFFSETFROM:-0700 TZOFFSETTO:-0800 TZNAME:PST',
      'DAYLIGHT DTSTART:20270314T020000 TZOFFSETFROM:-0800 TZOFFSETTO:-0700 TZNAME:PDT',
      'STANDARD DTSTART:20271107T020000 TZOFFSETFROM:-0700 TZOFFSETTO:-0800 TZNAME:PST',
    ]);
  });

  it.each([
    ['Asia/Tokyo', '+0900', '2026-11-24T10:30:00+09:00'],
    ['UTC', '+0000', '2026-11-24T10:30:00+00:00'],
  ])('gives %s, which has no summer time, a single STANDARD block', (timeZone, offset, start) => {
    const ics = icsFile(viewing({ timeZone, start, end: minutesAfter(start, 30) }));
    expect(blocks(ics)).toHaveLength(1);
    expect(blocks(ics)[0]).toMatch(
      new RegExp(`^STANDARD DTSTART:20250101T000000 TZOFFSETFROM:\\${offset} TZOFFSETTO:\\${offset}`),
    );
    expect(lines(ics)).toContain(`DTSTART;TZID=${timeZone}:20261124T103000`);
    expect(readIcs(ics).start).toBe(Date.parse(start));
  });

  it('marks the southern summer as DAYLIGHT, in Sydney’s December', () => {
    const ics = icsFile(
      viewing({
        timeZone: 'Australia/Sydney',
        start: '2026-12-15T10:00:00+11:00',
        end: '2026-12-15T10:30:00+11:00',
      }),
    );
    expect(blocks(ics).map((block) => block.split(' ').slice(0, 4).join(' '))).toEqual([
      'DAYLIGHT DTSTART:20251005T020000 TZOFFSETFROM:+1000 TZOFFSETTO:+1100',
      'STANDARD DTSTART:20260405T030000 TZOFFSETFROM:+1100 TZOFFSETTO:+1000',
      'DAYLIGHT DTSTART:20261004T020000 TZOFFSETFROM:+1000 TZOFFSETTO:+1100',
    ]);
    expect(readIcs(ics).start).toBe(Date.parse('2026-12-14T23:00:00Z'));
  });

  it('writes a viewing in the hour the clock repeats in UTC, so neither showing can be mistaken for the other', () => {
    for (const start of ['2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z']) {
      const ics = icsFile(viewing({ start, end: minutesAfter(start, 120) }));
      expect(lines(ics)).toContain(`DTSTART:${start.replace(/[-:]/g, '')}`);
      expect(readIcs(ics).start).toBe(Date.parse(start));
    }
  });
});
