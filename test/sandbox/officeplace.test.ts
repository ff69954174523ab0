import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { Created, Problem, TokenResponse } from '../../src/backends/officeplace/schemas.ts';
import { OfficePlaceCatalog } from '../../src/backends/officeplace/settings.ts';
import {
  createOfficePlaceEmulator,
  startOfficePlaceEmulator,
  type OfficePlaceEmulator,
  type OfficePlaceEmulatorOptions,
} from '../../src/sandbox/officeplace/index.ts';

/** Monday 23 November 2026, 08:00 in London (GMT). */
const NOW = new Date('2026-11-23T08:00:00Z');

const emulatorAt = (options: OfficePlaceEmulatorOptions = {}) =>
  createOfficePlaceEmulator({ now: () => NOW, ...options });

/** A preview row as the emulator writes it. */
const Row = z.looseObject({
  appointmentId: z.string(),
  subject: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  timeZone: z.string(),
  showAsStatus: z.string(),
});

async function body<T extends z.ZodType>(response: Response, schema: T): Promise<z.output<T>> {
  return schema.parse(await response.json());
}

async function tokenFor(emulator: OfficePlaceEmulator): Promise<string> {
  const response = await emulator.fetch(
    new Request(`http://sandbox/${emulator.tenantId}/authentication/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: emulator.clientId, clientSecret: emulator.clientSecret }),
    }),
  );
  return (await body(response, TokenResponse)).accessToken;
}

async function call(
  emulator: OfficePlaceEmulator,
  path: string,
  init: RequestInit & { token?: string } = {},
) {
  const headers = new Headers(init.headers);
  if (!headers.has('authorization'))
    headers.set('authorization', `Bearer ${init.token ?? (await tokenFor(emulator))}`);
  if (!headers.has('tenantId')) headers.set('tenantId', emulator.tenantId);
  if (init.body) headers.set('content-type', 'application/json');
  return emulator.fetch(new Request(`http://sandbox/${emulator.tenantId}${path}`, { ...init, headers }));
}

const agent = (emulator: OfficePlaceEmulator, name: string) => {
  const found = emulator.agents().find((candidate) => candidate.displayName === name);
  if (!found) throw new Error(`no agent ${name}`);
  return found;
};

const preview = (
  emulator: OfficePlaceEmulator,
  adId: string,
  startDate: string,
  endDate: string,
  token?: string,
) =>
  call(
    emulator,
    `/appointment/preview?domainId=${emulator.domainId}&adId=${adId}&startDate=${startDate}&endDate=${endDate}`,
    token ? { token } : {},
  );

const create = (
  emulator: OfficePlaceEmulator,
  adId: string,
  fields: Record<string, unknown>,
  token?: string,
) =>
  call(emulator, '/appointment', {
    method: 'POST',
    ...(token ? { token } : {}),
    body: JSON.stringify({
      domainId: emulator.domainId,
      adId,
      subject: 'Viewing — 14 Sheen Road',
      body: { content: 'Booked online', contentType: 'Text' },
      timeZone: 'Europe/London',
      ...fields,
    }),
  });

afterEach(() => {
  vi.useRealTimers();
});

describe('authentication', () => {
  const issue = (emulator: OfficePlaceEmulator) =>
    emulator.fetch(
      new Request(`http://sandbox/${emulator.tenantId}/authentication/token`, {
        method: 'POST',
        body: JSON.stringify({ clientId: emulator.clientId, clientSecret: emulator.clientSecret }),
      }),
    );

  it('issues an hour-long bearer token in the API Reference’s shape by default', async () => {
    const response = await issue(emulatorAt());
    expect(response.status).toBe(200);
    expect(
      await body(
        response,
        z.strictObject({ accessToken: z.string(), refreshToken: z.string(), expiresIn: z.number() }),
      ),
    ).toMatchObject({ expiresIn: 3600 });
  });

  it('issues it in the Authentication Guide’s shape when asked for that variant, and it works the same', async () => {
    const emulator = emulatorAt({ variants: { token: 'guide' } });
    const answer = await body(
      await issue(emulator),
      z.strictObject({ token: z.string(), expiresIn: z.number(), tokenType: z.literal('Bearer') }),
    );
    expect(answer.expiresIn).toBe(3600);
    const adId = emulator.agents()[0]!.adId;
    expect((await preview(emulator, adId, '2026-11-23', '2026-11-24', answer.token)).status).toBe(200);
  });

  it('refuses a variant it does not have', () => {
    expect(() => emulatorAt({ variants: { token: 'oauth' } })).toThrow(/reference, guide/);
  });

  it('refuses wrong credentials as a 401 problem, and a missing field as a 400 naming it', async () => {
    const emulator = emulatorAt();
    const post = (payload: unknown) =>
      emulator.fetch(
        new Request(`http://sandbox/${emulator.tenantId}/authentication/token`, {
          method: 'POST',
          body: JSON.stringify(payload),
        }),
      );
    const wrong = await post({ clientId: emulator.clientId, clientSecret: 'guess' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await body(wrong, Problem)).toMatchObject({ status: 401, detail: 'Invalid client credentials.' });
    const missing = await post({ clientId: emulator.clientId });
    expect(missing.status).toBe(400);
    expect((await body(missing, Problem)).errors).toEqual({
      clientSecret: ['The clientSecret field is required.'],
    });
  });

  it('answers 404 for a tenant it does not host', async () => {
    const emulator = emulatorAt();
    const response = await emulator.fetch(
      new Request('http://sandbox/00000000-0000-4000-8000-000000000000/authentication/token', {
        method: 'POST',
        body: JSON.stringify({ clientId: emulator.clientId, clientSecret: emulator.clientSecret }),
      }),
    );
    expect(response.status).toBe(404);
  });

  it('requires a bearer token and the tenantId header on every appointment call', async () => {
    const emulator = emulatorAt();
    const adId = emulator.agents()[0]!.adId;
    const path = `/appointment/preview?domainId=${emulator.domainId}&adId=${adId}&startDate=2026-11-23&endDate=2026-11-24`;
    const noToken = await emulator.fetch(
      new Request(`http://sandbox/${emulator.tenantId}${path}`, { headers: { tenantId: emulator.tenantId } }),
    );
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('www-authenticate')).toBe('Bearer');
    const forged = await call(emulator, path, { token: 'forged' });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('www-authenticate')).toMatch(/invalid_token/);
    const token = await tokenFor(emulator);
    const noHeader = await emulator.fetch(
      new Request(`http://sandbox/${emulator.tenantId}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    expect(noHeader.status).toBe(400);
    expect((await body(noHeader, Problem)).errors).toHaveProperty('tenantId');
    const otherHeader = await call(emulator, path, { token, headers: { tenantId: 'someone-else' } });
    expect(otherHeader.status).toBe(400);
    expect((await call(emulator, path, { token })).status).toBe(200);
  });

  it('stops accepting a token when its lifetime is over, or when tokens are revoked', async () => {
    let now = NOW;
    const emulator = createOfficePlaceEmulator({ now: () => now, tokenLifetimeSeconds: 600 });
    const token = await tokenFor(emulator);
    const adId = emulator.agents()[0]!.adId;
    now = new Date(NOW.getTime() + 599_000);
    expect((await preview(emulator, adId, '2026-11-23', '2026-11-24', token)).status).toBe(200);
    now = new Date(NOW.getTime() + 600_000);
    const expired = await preview(emulator, adId, '2026-11-23', '2026-11-24', token);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(/The token expired/);
    const fresh = await tokenFor(emulator);
    emulator.revokeTokens();
    expect((await preview(emulator, adId, '2026-11-23', '2026-11-24', fresh)).status).toBe(401);
  });
});

describe('calendar preview', () => {
  it('lists one calendar’s entries overlapping the range, in UTC with their zone', async () => {
    const emulator = emulatorAt();
    const olivia = agent(emulator, 'Olivia Bennett');
    const appointments = await body(
      await preview(emulator, olivia.adId, '2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z'),
      z.array(Row),
    );
    expect(appointments.length).toBeGreaterThan(1);
    expect(appointments.every((row) => row.startTime < '2026-11-24' && row.endTime > '2026-11-23')).toBe(
      true,
    );
    expect(appointments.every((row) => row.timeZone === 'Europe/London' && row.startTime.endsWith('Z'))).toBe(
      true,
    );
    // Monday morning: the team meeting.
    expect(appointments).toContainEqual(
      expect.objectContaining({
        subject: 'Team meeting',
        startTime: '2026-11-23T09:00:00Z',
        showAsStatus: 'busy',
      }),
    );
    const own = emulator
      .appointments(olivia.adId)
      .filter((row) => row.start < '2026-11-24' && row.end > '2026-11-23');
    expect(appointments.map((row) => row.appointmentId)).toEqual(own.map((row) => row.appointmentId));
  });

  it('wraps the same rows as {appointments} when asked for that variant', async () => {
    const list = emulatorAt();
    const wrapped = emulatorAt({ variants: { preview: 'wrapped' } });
    const adId = list.agents()[0]!.adId;
    const rows = await body(await preview(list, adId, '2026-11-23', '2026-11-25'), z.array(Row));
    const answer = await body(
      await preview(wrapped, adId, '2026-11-23', '2026-11-25'),
      z.object({ appointments: z.array(Row) }),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(answer.appointments).toEqual(rows);
  });

  it.each([
    ['adId', (e: OfficePlaceEmulator) => `domainId=${e.domainId}&startDate=2026-11-23&endDate=2026-11-24`],
    [
      'startDate',
      (e: OfficePlaceEmulator) =>
        `domainId=${e.domainId}&adId=${e.agents()[0]!.adId}&startDate=soon&endDate=2026-11-24`,
    ],
    [
      'endDate',
      (e: OfficePlaceEmulator) =>
        `domainId=${e.domainId}&adId=${e.agents()[0]!.adId}&startDate=2026-11-24&endDate=2026-11-23`,
    ],
    [
      'endDate',
      (e: OfficePlaceEmulator) =>
        `domainId=${e.domainId}&adId=${e.agents()[0]!.adId}&startDate=2026-11-01&endDate=2027-02-01`,
    ],
  ])('refuses a preview with a bad %s, naming it', async (field, query) => {
    const emulator = emulatorAt();
    const response = await call(emulator, `/appointment/preview?${query(emulator)}`);
    expect(response.status).toBe(400);
    expect((await body(response, Problem)).errors).toHaveProperty(field);
  });

  it('answers 404 for a user or directory it does not know', async () => {
    const emulator = emulatorAt();
    const stranger = '11111111-2222-4333-8444-555555555555';
    expect((await preview(emulator, stranger, '2026-11-23', '2026-11-24')).status).toBe(404);
    const wrongDomain = await call(
      emulator,
      `/appointment/preview?domainId=${stranger}&adId=${emulator.agents()[0]!.adId}&startDate=2026-11-23&endDate=2026-11-24`,
    );
    expect(wrongDomain.status).toBe(404);
  });
});

describe('appointments', () => {
  it('creates an appointment in the named calendar and reads a wall-clock time in its zone', async () => {
    const emulator = emulatorAt();
    const olivia = agent(emulator, 'Olivia Bennett');
    // 27 June 2027 is summer time in London: 07:00 on the clock is 06:00 UTC.
    const response = await create(emulator, olivia.adId, {
      startTime: '2027-06-27T07:00:00',
      endTime: '2027-06-27T07:30:00',
    });
    expect(response.status).toBe(201);
    const { appointmentId } = await body(response, Created);
    const made = emulator.appointments(olivia.adId).find((row) => row.appointmentId === appointmentId);
    expect(made).toMatchObject({
      start: '2027-06-27T06:00:00.000Z',
      end: '2027-06-27T06:30:00.000Z',
      showAs: 'busy',
    });
    const read = await call(
      emulator,
      `/appointment?appointmentId=${appointmentId}&domainId=${emulator.domainId}&adId=${olivia.adId}`,
    );
    expect(await read.json()).toMatchObject({
      subject: 'Viewing — 14 Sheen Road',
      body: { content: 'Booked online' },
    });
  });

  it('keeps an appointment that overlaps a busy one beside it, as an Exchange calendar does', async () => {
    const emulator = emulatorAt();
    const olivia = agent(emulator, 'Olivia Bennett');
    // The team meeting is 09:00–09:30 on Monday.
    const over = await create(emulator, olivia.adId, {
      startTime: '2026-11-23T09:15:00Z',
      endTime: '2026-11-23T09:45:00Z',
    });
    expect(over.status).toBe(201);
    const rows = await body(
      await preview(emulator, olivia.adId, '2026-11-23T09:00:00Z', '2026-11-23T10:00:00Z'),
      z.array(Row),
    );
    expect(rows.map((row) => row.subject)).toEqual(
      expect.arrayContaining(['Team meeting', 'Viewing — 14 Sheen Road']),
    );
  });

  it('takes the create body of the Appointments Guide, with title and description, as well as the reference’s', async () => {
    const emulator = emulatorAt();
    const olivia = agent(emulator, 'Olivia Bennett');
    const response = await call(emulator, '/appointment', {
      method: 'POST',
      body: JSON.stringify({
        domainId: emulator.domainId,
        adId: olivia.adId,
        title: 'Meeting with Client',
        startTime: '2027-01-15T10:00:00Z',
        endTime: '2027-01-15T11:00:00Z',
        description: 'Quarterly review meeting',
      }),
    });
    expect(response.status).toBe(201);
    const { appointmentId } = await body(response, Created);
    expect(
      emulator.appointments(olivia.adId).find((row) => row.appointmentId === appointmentId),
    ).toMatchObject({
      subject: 'Meeting with Client',
      body: { content: 'Quarterly review meeting', contentType: 'Text' },
      timeZone: 'UTC',
      showAs: 'busy',
    });
    const free = await create(emulator, olivia.adId, {
      startTime: '2027-01-15T12:00:00Z',
      endTime: '2027-01-15T13:00:00Z',
      showAsStatus: 'Free',
    });
    const freeId = (await body(free, Created)).appointmentId;
    expect(emulator.appointments(olivia.adId).find((row) => row.appointmentId === freeId)?.showAs).toBe(
      'free',
    );
  });

  it('moves an appointment with PUT and deletes it with a body naming it', async () => {
    const emulator = emulatorAt();
    const grace = agent(emulator, 'Grace Liu');
    const { appointmentId } = await body(
      await create(emulator, grace.adId, {
        startTime: '2027-01-05T07:00:00Z',
        endTime: '2027-01-05T07:30:00Z',
      }),
      Created,
    );
    const token = await tokenFor(emulator);
    const moved = await call(emulator, '/appointment', {
      token,
      method: 'PUT',
      body: JSON.stringify({
        domainId: emulator.domainId,
        adId: grace.adId,
        appointmentId,
        startTime: '2027-01-05T08:00:00Z',
        endTime: '2027-01-05T08:30:00Z',
      }),
    });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({
      startTime: '2027-01-05T08:00:00Z',
      endTime: '2027-01-05T08:30:00Z',
    });
    expect(emulator.appointments(grace.adId).find((row) => row.appointmentId === appointmentId)?.start).toBe(
      '2027-01-05T08:00:00.000Z',
    );
    const gone = await call(emulator, '/appointment', {
      token,
      method: 'DELETE',
      body: JSON.stringify({ domainId: emulator.domainId, adId: grace.adId, appointmentId }),
    });
    expect(gone.status).toBe(204);
    const again = await call(emulator, '/appointment', {
      token,
      method: 'DELETE',
      body: JSON.stringify({ domainId: emulator.domainId, adId: grace.adId, appointmentId }),
    });
    expect(again.status).toBe(404);
  });

  it('refuses an appointment that ends before it starts, or in a zone that does not exist', async () => {
    const emulator = emulatorAt();
    const adId = emulator.agents()[0]!.adId;
    const backwards = await create(emulator, adId, {
      startTime: '2027-01-05T08:00:00Z',
      endTime: '2027-01-05T07:00:00Z',
    });
    expect((await body(backwards, Problem)).errors).toHaveProperty('endTime');
    const nowhere = await create(emulator, adId, {
      startTime: '2027-01-05T08:00:00',
      endTime: '2027-01-05T09:00:00',
      timeZone: 'GMT Standard Time',
    });
    expect((await body(nowhere, Problem)).errors).toHaveProperty('timeZone');
  });
});

describe('rate limit', () => {
  it('refuses the 61st request in a minute with 429 and Retry-After, token calls included, then lets callers back', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const emulator = emulatorAt();
    const token = await tokenFor(emulator);
    const adId = emulator.agents()[0]!.adId;
    for (let i = 1; i < 60; i++)
      expect((await preview(emulator, adId, '2026-11-23', '2026-11-24', token)).status).toBe(200);
    const refused = await preview(emulator, adId, '2026-11-23', '2026-11-24', token);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await body(refused, Problem)).toMatchObject({ status: 429, title: 'Too Many Requests' });
    vi.advanceTimersByTime(60_000);
    expect((await preview(emulator, adId, '2026-11-23', '2026-11-24', token)).status).toBe(200);
  });

  it('counts a booking as one request, so a caller that keeps under sixty is never refused', async () => {
    const emulator = emulatorAt({ rateLimit: { limit: 3, windowMs: 60_000 } });
    const token = await tokenFor(emulator);
    const olivia = agent(emulator, 'Olivia Bennett');
    const booked = await create(
      emulator,
      olivia.adId,
      { startTime: '2027-06-28T10:00:00', endTime: '2027-06-28T10:30:00' },
      token,
    );
    expect(booked.status).toBe(201);
    expect((await preview(emulator, olivia.adId, '2027-06-28', '2027-06-29', token)).status).toBe(200);
    expect((await preview(emulator, olivia.adId, '2027-06-28', '2027-06-29', token)).status).toBe(429);
  });
});

describe('seeded agency', () => {
  it('holds the same calendars in every emulator', () => {
    expect(emulatorAt().appointments()).toEqual(emulatorAt().appointments());
  });

  it('fills UK agents’ calendars with what such calendars hold, in London time', () => {
    const emulator = emulatorAt();
    const rows = emulator.appointments();
    expect(emulator.timeZone).toBe('Europe/London');
    expect(emulator.agents()).toHaveLength(7);
    expect(rows.some((row) => row.isAllDay && row.showAs === 'oof' && row.subject === 'Annual leave')).toBe(
      true,
    );
    expect(rows.some((row) => row.subject === 'Focus time' && row.showAs === 'free')).toBe(true);
    expect(rows.some((row) => row.isCancelled)).toBe(true);
    expect(rows.some((row) => row.subject.startsWith('Market appraisal'))).toBe(true);
    expect(new Set(rows.map((row) => row.adId)).size).toBe(7);
  });

  it('publishes the agency’s catalogue feed in the shape the backend reads, and serves on loopback', async () => {
    const running = await startOfficePlaceEmulator({ now: () => NOW });
    try {
      const feed = OfficePlaceCatalog.parse(await (await fetch(running.feedUrl)).json());
      expect(feed.branches.map((branch) => branch.id)).toEqual(['richmond', 'kingston']);
      expect(feed.properties.length).toBeGreaterThanOrEqual(12);
      expect(feed.properties.every((property) => property.price.currency === 'GBP')).toBe(true);
      const calendars = z.object({
        calendars: z.array(z.object({ adId: z.string(), appointments: z.array(z.unknown()) })),
      });
      const listed = calendars.parse(await (await fetch(`${running.url}/_sandbox/calendars`)).json());
      expect(listed.calendars).toHaveLength(7);
    } finally {
      await running.close();
    }
  });
});
