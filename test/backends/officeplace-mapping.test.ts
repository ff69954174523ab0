import { describe, expect, it } from 'vitest';
import { parseUpstream } from '../../src/backends/http.ts';
import { OfficePlaceSettings } from '../../src/backends/officeplace/index.ts';
import {
  adaptBranch,
  busyTimes,
  mentionsEmail,
  parseSlotId,
  slotId,
  viewingAppointment,
} from '../../src/backends/officeplace/mapping.ts';
import { Preview, PreviewItem } from '../../src/backends/officeplace/schemas.ts';
import { OfficePlaceBranch } from '../../src/backends/officeplace/settings.ts';
import { TokenSource } from '../../src/backends/officeplace/token.ts';
import { UpstreamError } from '../../src/backends/types.ts';
import { Branch } from '../../src/contract/index.ts';

const entry = {
  appointmentId: 'e1',
  subject: 'Viewing — 14 Sheen Road',
  startTime: '2026-11-24T10:00:00Z',
  endTime: '2026-11-24T10:30:00Z',
  timeZone: 'Europe/London',
  showAs: 'busy',
  isCancelled: false,
};

describe('OfficePlace calendar entries as busy times', () => {
  it('keeps an agent busy for everything but free time and cancelled entries, unknown kinds included', () => {
    const busy = busyTimes(
      [
        PreviewItem.parse(entry),
        PreviewItem.parse({ ...entry, appointmentId: 'e2', showAs: 'free' }),
        PreviewItem.parse({ ...entry, appointmentId: 'e3', isCancelled: true }),
        PreviewItem.parse({ ...entry, appointmentId: 'e4', showAs: 'workingElsewhere' }),
        PreviewItem.parse({ ...entry, appointmentId: 'e5', showAs: undefined }),
      ],
      'ad-1',
    );
    expect(busy).toHaveLength(3);
    expect(busy[0]).toEqual({
      agentId: 'ad-1',
      start: new Date('2026-11-24T10:00:00Z'),
      end: new Date('2026-11-24T10:30:00Z'),
    });
  });

  it('reads a wall-clock time in the entry’s own zone', () => {
    const [summer] = busyTimes(
      [PreviewItem.parse({ ...entry, startTime: '2026-07-01T10:00:00', endTime: '2026-07-01T10:30:00' })],
      'ad-1',
    );
    expect(summer?.start.toISOString()).toBe('2026-07-01T09:00:00.000Z');
  });

  it('refuses an entry whose time has neither offset nor a zone we can read, naming the field', () => {
    const attempt = PreviewItem.safeParse({
      ...entry,
      startTime: '2026-11-24T10:00:00',
      timeZone: 'GMT Standard Time',
    });
    expect(attempt.success).toBe(false);
    expect(attempt.error?.issues[0]).toMatchObject({ path: ['startTime'], message: /has no offset/ });
  });

  it('reads free/busy as showAsStatus or showAs, in words or as Graph numbers it', () => {
    const busy = busyTimes(
      [
        PreviewItem.parse({ ...entry, showAs: undefined, showAsStatus: 'Free' }),
        PreviewItem.parse({ ...entry, showAs: undefined, showAsStatus: 0 }),
        PreviewItem.parse({ ...entry, showAs: undefined, showAsStatus: 2 }),
        PreviewItem.parse({ ...entry, showAs: undefined, showAsStatus: 'Busy' }),
      ],
      'ad-1',
    );
    expect(busy).toHaveLength(2);
  });

  it('takes an entry named by id, with Graph-style times and place, the same as the flat one', () => {
    const graph = PreviewItem.parse({
      id: 'e1',
      subject: entry.subject,
      startTime: { dateTime: '2026-11-24T10:00:00', timeZone: 'Europe/London' },
      endTime: { dateTime: '2026-11-24T10:30:00', timeZone: 'Europe/London' },
      location: { displayName: '14 Sheen Road' },
      showAsStatus: 'busy',
    });
    expect(graph).toMatchObject({ appointmentId: 'e1', location: '14 Sheen Road' });
    expect(busyTimes([graph], 'ad-1')).toEqual(busyTimes([PreviewItem.parse(entry)], 'ad-1'));
  });

  it('takes the preview as a bare list or wrapped in {appointments}, and nothing else', () => {
    expect(Preview.parse([entry])).toEqual([entry]);
    expect(Preview.parse({ appointments: [entry] })).toEqual([entry]);
    const attempt = () => parseUpstream('OfficePlace', 'calendar preview', Preview, { data: [entry] });
    expect(attempt).toThrow(UpstreamError);
  });
});

describe('OfficePlace viewings and slot ids', () => {
  const times = { start: '2026-11-24T10:30:00+00:00', end: '2026-11-24T11:00:00+00:00' };

  it('reads back the times it wrote, and nothing from another system', () => {
    expect(parseSlotId(slotId(times))).toEqual(times);
    expect(parseSlotId(Buffer.from(`ac1|${times.start}|${times.end}`).toString('base64url'))).toBeUndefined();
  });

  it('books the viewing at the instant the visitor chose, shown in the branch’s zone', () => {
    const body = viewingAppointment({
      property: {
        id: 'P1',
        branchId: 'richmond',
        channel: 'lettings',
        title: '2 bedroom flat',
        address: '14 Sheen Road',
        price: { amount: 2150, currency: 'GBP', period: 'month' },
      },
      times,
      calendar: { adId: 'ad-1', domainId: 'dir-1' },
      timeZone: 'Europe/London',
      showAsStatus: 'busy',
      guest: {
        firstName: 'Eleanor',
        lastName: 'Marsh',
        email: 'eleanor@example.co.uk',
        phone: '07700 900321',
      },
      consent: { marketing: true },
      source: { page: 'https://sheenlettings.example/flats', fbclid: 'IwAR2x' },
    });
    expect(body).toMatchObject({
      domainId: 'dir-1',
      adId: 'ad-1',
      startTime: times.start,
      endTime: times.end,
      timeZone: 'Europe/London',
      showAsStatus: 'busy',
      body: { contentType: 'Text' },
    });
    expect(body.body.content).toContain('Marketing consent: yes');
    expect(body.body.content).toMatch(/\nCame from: https:\/\/sheenlettings\.example\/flats, fbclid=IwAR2x$/);
  });

  it('knows its visitor by the e-mail it wrote, in text or as Outlook turned it into HTML, and no one else', () => {
    const text = 'Eleanor Marsh booked a viewing.\nEmail: Eleanor@Example.co.uk\nPhone: 07700 900321';
    expect(mentionsEmail(text, 'eleanor@example.co.uk')).toBe(true);
    expect(
      mentionsEmail(
        '<p>Email: <a href="mailto:eleanor@example.co.uk">eleanor@example.co.uk</a></p>',
        'eleanor@example.co.uk',
      ),
    ).toBe(true);
    expect(mentionsEmail('Write to eleanor@example.co.uk.', 'eleanor@example.co.uk')).toBe(true);
    // Another address that contains hers, either way round, is someone else's.
    expect(mentionsEmail('Email: eleanor@example.co.uk.test', 'eleanor@example.co.uk')).toBe(false);
    expect(mentionsEmail('Email: j.eleanor@example.co.uk', 'eleanor@example.co.uk')).toBe(false);
    expect(mentionsEmail('Email: eleanor@example.co', 'eleanor@example.co.uk')).toBe(false);
  });

  it('shows visitors the branch without its staff list or rules', () => {
    const branch = OfficePlaceBranch.parse({
      id: 'richmond',
      name: 'Richmond',
      address: '3 Hill Street',
      agents: [{ adId: 'ad-1', name: 'Olivia Bennett' }],
      viewing: { openingHours: {} },
    });
    expect(Branch.strict().parse(adaptBranch(branch))).toEqual({
      id: 'richmond',
      name: 'Richmond',
      address: '3 Hill Street',
      timeZone: 'Europe/London',
    });
  });
});

describe('OfficePlace settings', () => {
  const base = {
    baseUrl: 'https://connector.example',
    tenantId: 't',
    clientId: 'c',
    clientSecret: 's',
    domainId: 'd',
  };
  const catalog = {
    branches: [
      {
        id: 'richmond',
        name: 'Richmond',
        address: '3 Hill Street',
        agents: [{ adId: 'ad-1' }],
        viewing: { openingHours: {} },
      },
    ],
    properties: [
      {
        id: 'P1',
        branchId: 'richmond',
        channel: 'lettings',
        title: 'Flat',
        address: 'x',
        price: { amount: 1, currency: 'GBP' },
      },
    ],
  };
  const problems = (input: unknown) => {
    const result = OfficePlaceSettings.safeParse(input);
    return result.success
      ? []
      : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it('takes either a catalogue or a feed URL, not both or neither', () => {
    expect(problems({ ...base, catalog })).toEqual([]);
    expect(problems({ ...base, catalogUrl: 'https://agency.example/feed.json' })).toEqual([]);
    expect(problems(base)).toEqual(['catalog: give either catalog or catalogUrl, not both or neither']);
    expect(problems({ ...base, catalog, catalogUrl: 'https://agency.example/feed.json' })).toHaveLength(1);
  });

  it('speaks to the Connector at its documented address unless told otherwise', () => {
    const { baseUrl: _baseUrl, ...rest } = { ...base, catalog };
    expect(OfficePlaceSettings.parse(rest).baseUrl).toBe('https://publicapi.officeplace.global/');
    expect(OfficePlaceSettings.parse({ ...base, catalog }).baseUrl).toBe(base.baseUrl);
  });

  it('names a property in a branch that does not exist, or shown by someone not in its branch', () => {
    const wrong = {
      ...catalog,
      properties: [
        { ...catalog.properties[0], branchId: 'kingston' },
        { ...catalog.properties[0], id: 'P2', viewing: { agentIds: ['ad-9'] } },
      ],
    };
    expect(problems({ ...base, catalog: wrong })).toEqual([
      'catalog.properties.0.branchId: kingston is not one of the branches',
      'catalog.properties.1.viewing.agentIds.0: ad-9 is not an agent of richmond',
    ]);
  });
});

describe('OfficePlace token renewal', () => {
  it('fetches one token for many simultaneous callers and renews it a minute before it expires', async () => {
    let now = 0;
    let fetched = 0;
    const source = new TokenSource(
      async () => ({ accessToken: `token-${++fetched}`, expiresIn: 3600 }),
      () => now,
    );
    expect(await Promise.all([source.get('slots'), source.get('booking'), source.get('sync')])).toEqual([
      'token-1',
      'token-1',
      'token-1',
    ]);
    now = 3_539_000;
    expect(await source.get('slots')).toBe('token-1');
    now = 3_540_000;
    expect(await source.get('slots')).toBe('token-2');
  });

  it('replaces a refused token, but not one a newer call has already replaced', async () => {
    let fetched = 0;
    const source = new TokenSource(
      async () => ({ accessToken: `token-${++fetched}`, expiresIn: 3600 }),
      () => 0,
    );
    const first = await source.get('slots');
    source.invalidate(first);
    const second = await source.get('slots');
    source.invalidate(first);
    expect(await source.get('slots')).toBe(second);
    expect(second).toBe('token-2');
  });
});
