import { formatInTimeZone } from 'date-fns-tz';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  Appointment,
  Customer,
  ErrorBody,
  Listing,
  OAuthError,
  Office,
  One,
  Page,
  Subject,
  Timetable,
  TimeSlot,
  TokenResponse,
} from '../../src/backends/pexip-engage/schemas.ts';
import {
  createPexipEngageEmulator,
  startPexipEngageEmulator,
  type PexipEngageEmulator,
  type PexipEngageEmulatorOptions,
  type WebhookFetch,
} from '../../src/sandbox/pexip-engage/index.ts';

/** Monday 23 November 2026, 09:00 in Brussels and Utrecht (08:00 UTC). */
const MONDAY_9AM = new Date('2026-11-23T08:00:00Z');
const API = '/enterprises/scheldedijk';
const ANTWERP = '101';
const UTRECHT = '104';
const VIEWING = '11';

const emulatorAt = (now: Date = MONDAY_9AM, options: PexipEngageEmulatorOptions = {}) =>
  createPexipEngageEmulator({ now: () => now, ...options });

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

function requestToken(
  emulator: PexipEngageEmulator,
  fields: Record<string, string> = {},
  init: RequestInit = {},
) {
  const base = form({
    grant_type: 'client_credentials',
    client_id: emulator.clientId,
    client_secret: emulator.clientSecret,
    ...fields,
  });
  return emulator.fetch(
    new Request(`http://sandbox/realms/${emulator.enterprise}/protocol/openid-connect/token`, {
      ...base,
      ...init,
      headers: { ...base.headers, ...init.headers },
    }),
  );
}

async function tokenOf(emulator: PexipEngageEmulator, fields: Record<string, string> = {}): Promise<string> {
  const response = await requestToken(emulator, fields);
  expect(response.status).toBe(200);
  return TokenResponse.parse(await response.json()).access_token;
}

async function call(emulator: PexipEngageEmulator, path: string, init: RequestInit = {}, token?: string) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token ?? (await tokenOf(emulator))}`);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  return emulator.fetch(new Request(`http://sandbox${API}${path}`, { ...init, headers }));
}

async function body<T extends z.ZodType>(response: Response, schema: T): Promise<z.output<T>> {
  return schema.parse(await response.json());
}

async function expectError(response: Response, status: number, code?: string) {
  expect(response.status).toBe(status);
  const { errors } = await body(response, ErrorBody);
  expect(errors[0]?.statusCode).toBe(String(status));
  if (code) expect(errors[0]?.code).toBe(code);
  return errors[0];
}

function timetableQuery(fields: Record<string, string | string[]>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) search.append(name, one);
  }
  return `/timetable?${search}`;
}

/** The timetable as the emulator answers it, with the filters it applied. */
const TimetableAnswer = Timetable.extend({
  timeSlots: z.array(TimeSlot),
  listing: z.object({ id: z.string() }).nullable(),
  office: z.object({ id: z.string() }),
  subject: z.object({ id: z.string() }),
  meetingType: z.string(),
});

async function timetable(
  emulator: PexipEngageEmulator,
  fields: Record<string, string | string[]>,
  token?: string,
): Promise<z.infer<typeof TimetableAnswer>> {
  const response = await call(
    emulator,
    timetableQuery({ 'subject-id': VIEWING, 'meeting-type': 'OFFICE', ...fields }),
    {},
    token,
  );
  expect(response.status).toBe(200);
  return (await body(response, One(TimetableAnswer))).data;
}

const mondayInAntwerp = {
  from: '2026-11-23T00:00:00+01:00',
  to: '2026-11-24T00:00:00+01:00',
  'office-id': ANTWERP,
};
const localTime = (instant: string, zone = 'Europe/Brussels') =>
  formatInTimeZone(new Date(instant), zone, 'HH:mm');

function firstListing(emulator: PexipEngageEmulator, officeId = ANTWERP) {
  const listing = emulator
    .listings()
    .find((candidate) => candidate.officeId === officeId && candidate.active);
  if (!listing) throw new Error('the seed has no listing there');
  return listing;
}

function appointmentBody(
  slot: { start: string; end: string; employees: { id: string }[] },
  customerId: string,
  extra: Record<string, unknown> = {},
) {
  return {
    start: slot.start,
    end: slot.end,
    subjectId: VIEWING,
    officeId: ANTWERP,
    meetingType: 'OFFICE',
    appointmentParticipants: [
      { role: 'PRIMARY', participantId: customerId, type: 'CUSTOMER' },
      { role: 'PRIMARY', participantId: slot.employees[0]?.id ?? '', type: 'EMPLOYEE' },
    ],
    ...extra,
  };
}

const post = (payload: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(payload) });

/** Books the first free Monday viewing at Antwerp for the first known customer. */
async function bookFirstFree(emulator: PexipEngageEmulator, token: string) {
  const listing = firstListing(emulator);
  const { timeSlots } = await timetable(emulator, { ...mondayInAntwerp, 'listing-id': listing.id }, token);
  const slot = timeSlots[0];
  if (!slot) throw new Error('no free time on Monday');
  const customer = emulator.customers()[0];
  if (!customer) throw new Error('no customers');
  const response = await call(
    emulator,
    '/appointments',
    post(appointmentBody(slot, customer.id, { listingId: listing.id })),
    token,
  );
  expect(response.status).toBe(201);
  return { slot, listing, customer, appointment: (await body(response, One(Appointment))).data };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('OAuth2 client credentials', () => {
  it('issues a five-minute bearer token for the client credentials, posted in the form or by HTTP Basic', async () => {
    const emulator = emulatorAt();
    const posted = await requestToken(emulator);
    expect(posted.status).toBe(200);
    expect(posted.headers.get('cache-control')).toBe('no-store');
    const token = await body(posted, TokenResponse);
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
    expect(token.scope).toContain('engage:availability:readOnly');

    const basic = Buffer.from(`${emulator.clientId}:${emulator.clientSecret}`).toString('base64');
    const viaBasic = await emulator.fetch(
      new Request(`http://sandbox/realms/scheldedijk/protocol/openid-connect/token`, {
        ...form({ grant_type: 'client_credentials' }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
      }),
    );
    expect(viaBasic.status).toBe(200);
    const offices = await call(emulator, '/offices', {}, (await body(viaBasic, TokenResponse)).access_token);
    expect(offices.status).toBe(200);
  });

  it('answers wrong credentials, other grants and other realms the OAuth2 way', async () => {
    const emulator = emulatorAt();
    const wrong = await requestToken(emulator, { client_secret: 'guess' });
    expect(wrong.status).toBe(401);
    expect(await body(wrong, OAuthError)).toEqual({
      error: 'invalid_client',
      error_description: 'Invalid client or Invalid client credentials',
    });
    const password = await requestToken(emulator, { grant_type: 'password' });
    expect(password.status).toBe(400);
    expect((await body(password, OAuthError)).error).toBe('unsupported_grant_type');
    const json = await requestToken(emulator, {}, { headers: { 'content-type': 'application/json' } });
    expect((await body(json, OAuthError)).error).toBe('invalid_request');
    const realm = await emulator.fetch(
      new Request(
        'http://sandbox/realms/acme/protocol/openid-connect/token',
        form({ grant_type: 'client_credentials' }),
      ),
    );
    expect(realm.status).toBe(404);
  });

  it('refuses API calls without a token, with an expired one and with a revoked one', async () => {
    let now = MONDAY_9AM;
    const emulator = createPexipEngageEmulator({ now: () => now });
    const anonymous = await emulator.fetch(new Request(`http://sandbox${API}/offices`));
    await expectError(anonymous, 401, 'UNAUTHORIZED');
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);

    const token = await tokenOf(emulator);
    now = new Date(MONDAY_9AM.getTime() + 299_000);
    expect((await call(emulator, '/offices', {}, token)).status).toBe(200);
    now = new Date(MONDAY_9AM.getTime() + 300_000);
    await expectError(await call(emulator, '/offices', {}, token), 401, 'UNAUTHORIZED');

    const fresh = await tokenOf(emulator);
    emulator.revokeTokens();
    await expectError(await call(emulator, '/offices', {}, fresh), 401);
  });

  it('grants only the scopes a client is allowed, and answers 403 to a token without the route’s scope', async () => {
    const emulator = emulatorAt(MONDAY_9AM, {
      clients: [
        {
          clientId: 'reader',
          clientSecret: 'r',
          scopes: ['engage:offices:readOnly', 'engage:listings:readOnly'],
        },
      ],
    });
    const token = await tokenOf(emulator);
    expect((await call(emulator, '/offices', {}, token)).status).toBe(200);
    await expectError(
      await call(emulator, timetableQuery(mondayInAntwerp), {}, token),
      403,
      'INSUFFICIENT_SCOPE',
    );
    const narrowed = await tokenOf(emulator, { scope: 'engage:listings:readOnly' });
    await expectError(await call(emulator, '/offices', {}, narrowed), 403, 'INSUFFICIENT_SCOPE');
    const greedy = await requestToken(emulator, { scope: 'engage:appointments:readWrite' });
    expect((await body(greedy, OAuthError)).error).toBe('invalid_scope');
  });

  it('answers 404 for another enterprise, even with a valid token', async () => {
    const emulator = emulatorAt();
    const response = await emulator.fetch(
      new Request('http://sandbox/enterprises/acme/offices', {
        headers: { authorization: `Bearer ${await tokenOf(emulator)}` },
      }),
    );
    await expectError(response, 404, 'ENTERPRISE_NOT_FOUND');
  });
});

describe('catalogue', () => {
  it('pages lists with offset and limit, 25 rows by default, and the total over all pages in meta', async () => {
    const emulator = emulatorAt();
    const token = await tokenOf(emulator);
    const first = await body(await call(emulator, '/listings', {}, token), Page(Listing));
    expect(first.meta).toEqual({ offset: 0, limit: 25, totalCount: emulator.listings().length });
    expect(first.data).toHaveLength(25);
    const rest = await body(await call(emulator, '/listings?offset=25&limit=100', {}, token), Page(Listing));
    expect(rest.data).toHaveLength(emulator.listings().length - 25);
    expect(new Set([...first.data, ...rest.data].map((row) => row.id)).size).toBe(emulator.listings().length);
    const beyond = await body(await call(emulator, '/offices?offset=10', {}, token), Page(Office));
    expect(beyond).toEqual({ data: [], meta: { offset: 10, limit: 25, totalCount: 4 } });
  });

  it.each(['limit=0', 'limit=101', 'offset=-1', 'limit=ten'])(
    'refuses paging %s with a 400',
    async (paging) => {
      const emulator = emulatorAt();
      const error = await expectError(await call(emulator, `/listings?${paging}`), 400, 'VALIDATION_FAILED');
      expect(error?.message).toMatch(/offset|limit/);
    },
  );

  it('has offices in Antwerp, Ghent and Brussels on Brussels time and in Utrecht on Amsterdam time, named in three languages', async () => {
    const emulator = emulatorAt();
    const { data } = await body(await call(emulator, '/offices'), Page(Office));
    expect(data.map((office) => [office.id, office.timeZone])).toEqual([
      ['101', 'Europe/Brussels'],
      ['102', 'Europe/Brussels'],
      ['103', 'Europe/Brussels'],
      ['104', 'Europe/Amsterdam'],
    ]);
    expect(data[2]?.translations.name).toEqual([
      { language: 'nl', value: 'Brussel' },
      { language: 'fr', value: 'Bruxelles' },
      { language: 'en', value: 'Brussels' },
    ]);
    expect(data[2]?.location?.translations?.street1).toEqual([
      { language: 'nl', value: 'Grasmarkt 61' },
      { language: 'fr', value: 'Rue du Marché aux Herbes 61' },
    ]);
  });

  it('serves listings with exactly the documented fields, no office or price, the agency’s facts in its tags', async () => {
    const emulator = emulatorAt();
    const response = await call(emulator, '/listings?limit=100');
    const raw = z
      .object({ data: z.array(z.record(z.string(), z.unknown())) })
      .parse(await response.clone().json());
    for (const row of raw.data) {
      expect(Object.keys(row).sort()).toEqual([
        'active',
        'createdAt',
        'externalId',
        'id',
        'location',
        'tags',
        'timeZone',
        'translations',
        'updatedAt',
      ]);
    }
    const { data } = await body(response, Page(Listing));
    expect(data.length).toBeGreaterThanOrEqual(40);
    const tag = (row: (typeof data)[number], key: string) =>
      row.tags?.find((one) => one.startsWith(`${key}:`))?.slice(key.length + 1);
    const rents = data.filter((row) => tag(row, 'channel') === 'lettings');
    const sales = data.filter((row) => tag(row, 'channel') === 'sales');
    expect(rents.length).toBeGreaterThanOrEqual(20);
    expect(sales.length).toBeGreaterThanOrEqual(20);
    expect(data.every((row) => tag(row, 'currency') === 'EUR')).toBe(true);
    expect(Math.min(...rents.map((row) => Number(tag(row, 'price'))))).toBeGreaterThanOrEqual(600);
    expect(Math.max(...rents.map((row) => Number(tag(row, 'price'))))).toBeLessThanOrEqual(3_500);
    expect(Math.min(...sales.map((row) => Number(tag(row, 'price'))))).toBeGreaterThanOrEqual(150_000);
    expect(Math.max(...sales.map((row) => Number(tag(row, 'price'))))).toBeLessThanOrEqual(1_500_000);
    const brussels = data.find((row) => tag(row, 'office') === 'OFF-BRUSSEL' && tag(row, 'bedrooms') === '2');
    expect(brussels?.timeZone).toBe('Europe/Brussels');
    expect(brussels?.translations?.name?.map((t) => t.language).sort()).toEqual(['fr', 'nl']);
    expect(brussels?.translations?.name?.find((t) => t.language === 'fr')?.value).toMatch(/2 chambres$/);
    expect(brussels?.location?.translations?.street1?.find((t) => t.language === 'fr')?.value).toMatch(
      /^(Avenue|Place|Chaussée|Rue)/,
    );
    expect(data.filter((row) => !row.active)).toHaveLength(1);
  });

  it('offers a "Property viewing" subject among the agency’s other subjects', async () => {
    const emulator = emulatorAt();
    const { data } = await body(await call(emulator, '/subjects'), Page(Subject));
    const names = data.map((subject) => subject.translations.name.find((t) => t.language === 'en')?.value);
    expect(names).toEqual(['Property viewing', 'Valuation', 'Meeting for landlords', 'Check-in inventory']);
    expect(data[0]?.id).toBe(emulator.viewingSubjectId);
    expect(data[0]?.translations.name).toContainEqual({ language: 'nl', value: 'Bezichtiging' });
  });

  it('holds identical data, agendas included, in every emulator started at the same time', async () => {
    const a = emulatorAt();
    const b = emulatorAt();
    expect(b.listings()).toEqual(a.listings());
    expect(b.allAppointments()).toEqual(a.allAppointments());
    const path = timetableQuery({ ...mondayInAntwerp, 'subject-id': VIEWING, 'meeting-type': 'OFFICE' });
    expect(await (await call(b, path)).text()).toEqual(await (await call(a, path)).text());
  });
});

describe('timetable', () => {
  it('offers 30-minute viewings in working hours, grouped by time with every agent of the office free then', async () => {
    const emulator = emulatorAt(new Date('2026-11-22T20:00:00Z'));
    const { timeSlots, duration } = await timetable(emulator, mondayInAntwerp);
    expect(duration).toBe(30);
    const antwerpAgents = new Set(
      emulator
        .employees()
        .filter((e) => e.officeId === ANTWERP)
        .map((e) => e.id),
    );
    const times = timeSlots.map((slot) => localTime(slot.start));
    expect(times).toEqual([...times].sort());
    expect(times[0]).toBe('09:00');
    expect(times.at(-1)).toBe('17:30');
    // Lunch is 12:30 to 13:30.
    expect(times).not.toContain('12:30');
    expect(times).not.toContain('13:00');
    for (const slot of timeSlots) {
      expect(Date.parse(slot.end) - Date.parse(slot.start)).toBe(30 * 60_000);
      expect(slot.start).toMatch(/^2026-11-23T\d{2}:\d{2}:00\.000Z$/);
      expect(slot.employees.length).toBeGreaterThan(0);
      for (const { id } of slot.employees) expect(antwerpAgents).toContain(id);
    }
  });

  it('leaves out times an agent is already booked for, and anything within two hours', async () => {
    const emulator = emulatorAt();
    const week = { ...mondayInAntwerp, to: '2026-11-28T00:00:00+01:00' };
    const { timeSlots, earliestPossible } = await timetable(emulator, week);
    expect(earliestPossible).toBe('2026-11-23T10:00:00.000Z');
    expect(localTime(timeSlots[0]?.start ?? '')).toBe('11:00');
    const booked = emulator
      .allAppointments()
      .filter(
        (a) =>
          a.officeId === ANTWERP &&
          a.status === 'ACCEPTED' &&
          a.start >= earliestPossible &&
          a.start < '2026-11-28',
      );
    expect(booked.length).toBeGreaterThan(3);
    for (const appointment of booked) {
      const during = timeSlots.filter((slot) => slot.start < appointment.end && appointment.start < slot.end);
      for (const slot of during)
        expect(slot.employees.map((e) => e.id)).not.toContain(appointment.employeeId);
    }
  });

  it('keeps Sunday open-house viewings at 10:00 on the Antwerp wall clock across both clock changes', async () => {
    const sunday = async (now: string, from: string, to: string) => {
      const emulator = emulatorAt(new Date(now));
      const sofie = emulator.employees().find((person) => person.firstName === 'Sofie');
      const { timeSlots } = await timetable(emulator, {
        from,
        to,
        'office-id': ANTWERP,
        'employee-id': sofie?.id ?? '',
      });
      return timeSlots.filter(
        (slot) => formatInTimeZone(new Date(slot.start), 'Europe/Brussels', 'EEE') === 'Sun',
      );
    };
    // Clocks go forward at 02:00 on Sunday 29 March 2026 and back at 03:00 on Sunday 25 October 2026.
    const spring = await sunday(
      '2026-03-16T08:00:00Z',
      '2026-03-21T00:00:00+01:00',
      '2026-03-31T00:00:00+02:00',
    );
    expect(spring.map((slot) => slot.start)).toContain('2026-03-22T09:00:00.000Z');
    expect(spring.map((slot) => slot.start)).toContain('2026-03-29T08:00:00.000Z');
    const autumn = await sunday(
      '2026-10-12T08:00:00Z',
      '2026-10-17T00:00:00+02:00',
      '2026-10-27T00:00:00+01:00',
    );
    expect(autumn.map((slot) => slot.start)).toContain('2026-10-18T08:00:00.000Z');
    expect(autumn.map((slot) => slot.start)).toContain('2026-10-25T09:00:00.000Z');
    for (const slot of [...spring, ...autumn]) {
      expect(localTime(slot.start) >= '10:00' && localTime(slot.end) <= '13:00', slot.start).toBe(true);
    }
  });

  it('starts Utrecht’s days at 08:30 or 09:00 Amsterdam time', async () => {
    const emulator = emulatorAt(new Date('2026-11-22T20:00:00Z'));
    const { timeSlots } = await timetable(emulator, {
      from: '2026-11-24T00:00:00+01:00',
      to: '2026-11-25T00:00:00+01:00',
      'office-id': UTRECHT,
    });
    expect(localTime(timeSlots[0]?.start ?? '', 'Europe/Amsterdam')).toMatch(/^(08:30|09:00)$/);
    expect(timeSlots[0]?.start.slice(11, 13)).toMatch(/^0[78]$/);
  });

  it('is empty for a listing of another office, an inactive listing, or a meeting type viewings are not offered as', async () => {
    const emulator = emulatorAt();
    const token = await tokenOf(emulator);
    const inactive = emulator.listings().find((listing) => !listing.active);
    const cases: Record<string, string>[] = [
      { 'listing-id': firstListing(emulator, UTRECHT).id },
      { 'listing-id': inactive?.id ?? '' },
      { 'meeting-type': 'VIDEO' },
    ];
    for (const fields of cases) {
      expect((await timetable(emulator, { ...mondayInAntwerp, ...fields }, token)).timeSlots).toEqual([]);
    }
    const own = await timetable(
      emulator,
      { ...mondayInAntwerp, 'listing-id': firstListing(emulator).id },
      token,
    );
    expect(own.timeSlots.length).toBeGreaterThan(0);
    expect(own).toMatchObject({ listing: { id: firstListing(emulator).id }, office: { id: ANTWERP } });
  });

  it('refuses a missing or malformed parameter with 400 and an unknown office with 404', async () => {
    const emulator = emulatorAt();
    const token = await tokenOf(emulator);
    const good = { ...mondayInAntwerp, 'subject-id': VIEWING, 'meeting-type': 'OFFICE' };
    const { from: _from, ...noFrom } = good;
    for (const fields of [
      noFrom,
      { ...good, from: '2026-11-23' },
      { ...good, to: '2026-11-22T00:00:00+01:00' },
      { ...good, to: '2027-01-23T00:00:00+01:00' },
      { ...good, 'meeting-type': 'TELEPATHY' },
    ]) {
      await expectError(await call(emulator, timetableQuery(fields), {}, token), 400, 'VALIDATION_FAILED');
    }
    await expectError(
      await call(emulator, timetableQuery({ ...good, 'office-id': '999' }), {}, token),
      404,
      'OFFICE_NOT_FOUND',
    );
    await expectError(
      await call(emulator, timetableQuery({ ...good, 'listing-id': '999' }), {}, token),
      404,
      'LISTING_NOT_FOUND',
    );
  });
});

describe('customers', () => {
  it('finds a known customer by e-mail whatever its case, and creates a new one only once', async () => {
    const emulator = emulatorAt();
    const token = await tokenOf(emulator);
    const found = await body(
      await call(emulator, '/customers?email=Emma.JACOBS@example.be', {}, token),
      Page(Customer),
    );
    expect(found.data).toMatchObject([
      { firstName: 'Emma', lastName: 'Jacobs', email: 'emma.jacobs@example.be' },
    ]);
    const nobody = await body(
      await call(emulator, '/customers?email=new@example.org', {}, token),
      Page(Customer),
    );
    expect(nobody.data).toEqual([]);

    const payload = {
      firstName: 'Ana',
      lastName: 'Silva',
      email: 'ana.silva@example.org',
      phoneNumber: '+32 470 12 34 56',
    };
    const created = await call(emulator, '/customers', post(payload), token);
    expect(created.status).toBe(201);
    expect((await body(created, One(Customer))).data).toMatchObject({ email: 'ana.silva@example.org' });
    await expectError(
      await call(emulator, '/customers', post({ ...payload, email: 'ANA.SILVA@example.org' }), token),
      422,
      'CUSTOMER_EMAIL_NOT_UNIQUE',
    );
    await expectError(await call(emulator, '/customers', post({ ...payload, email: 'ana@' }), token), 400);
    expect(emulator.customers().filter((customer) => customer.lastName === 'Silva')).toHaveLength(1);
  });
});

describe('appointments', () => {
  it('books a free time as ACCEPTED with the customer as primary participant, and the agent is no longer offered then', async () => {
    const emulator = emulatorAt();
    const token = await tokenOf(emulator);
    const { slot, listing, customer, appointment } = await bookFirstFree(emulator, token);
    expect(appointment).toMatchObject({
      status: 'ACCEPTED',
      start: slot.start,
      end: slot.end,
      office: { id: ANTWERP },
      listing: { id: listing.id },
    });
    const read = await body(
      await call(emulator, `/appointments/${appointment.id}`, {}, token),
      One(z.unknown()),
    );
    expect(read.data).toMatchObject({
      appointmentParticipants: [
        { role: 'PRIMARY', participant: { id: slot.employees[0]?.id }, type: 'EMPLOYEE' },
        { role: 'PRIMARY', participant: { id: customer.id }, type: 'CUSTOMER' },
      ],
    });
    const after = await timetable(emulator, mondayInAntwerp, token);
    const same = after.timeSlots.find((candidate) => candidate.start === slot.start);
    expect(same?.employees.map((e) => e.id) ?? []).not.toContain(slot.employees[0]?.id);
    expect(emulator.appointments()).toHaveLength(1);
    await expectError(await call(emulator, '/appointments/1', {}, token), 404, 'APPOINTMENT_NOT_FOUND');
  });

  it('refuses a time that was taken meanwhile with 422 APPOINTMENT_NO_AVAILABILITY', async () => {
    const emulator = emulatorAt();
    const token = await tokenOf(emulator);
    const { slot, customer } = await bookFirstFree(emulator, token);
    const again = await call(emulator, '/appointments', post(appointmentBody(slot, customer.id)), token);
    const error = await expectError(again, 422, 'APPOINTMENT_NO_AVAILABILITY');
    expect(error?.type).toBe('BUSINESS_VALIDATION_ERROR');
    expect(emulator.appointments()).toHaveLength(1);
  });

  it('refuses with 422 any time the timetable would not offer', async () => {
    const emulator = emulatorAt();
    const token = await tokenOf(emulator);
    const { timeSlots } = await timetable(emulator, mondayInAntwerp, token);
    const slot = timeSlots.find((candidate) => localTime(candidate.start) === '15:00') ?? timeSlots[0];
    if (!slot) throw new Error('no free time');
    const customer = emulator.customers()[0]?.id ?? '';
    const at = (start: string, minutes = 30) => ({
      ...slot,
      start,
      end: new Date(Date.parse(start) + minutes * 60_000).toISOString(),
    });
    const utrechtAgent = emulator.employees().find((person) => person.officeId === UTRECHT)?.id ?? '';
    const cases: [string, ReturnType<typeof appointmentBody>][] = [
      ['lunch', appointmentBody(at('2026-11-23T11:30:00.000Z'), customer)],
      ['within two hours', appointmentBody(at('2026-11-23T09:00:00.000Z'), customer)],
      [
        'off the half-hour grid',
        appointmentBody(at(new Date(Date.parse(slot.start) + 15 * 60_000).toISOString()), customer),
      ],
      ['an hour long', appointmentBody(at(slot.start, 60), customer)],
      ['a Sunday for a weekday agent', appointmentBody(at('2026-11-29T10:00:00.000Z'), customer)],
      [
        'an agent of another office',
        appointmentBody({ ...slot, employees: [{ id: utrechtAgent }] }, customer),
      ],
      [
        'a listing of another office',
        appointmentBody(slot, customer, { listingId: firstListing(emulator, UTRECHT).id }),
      ],
    ];
    for (const [name, payload] of cases) {
      const response = await call(emulator, '/appointments', post(payload), token);
      expect(response.status, name).toBe(422);
      expect((await body(response, ErrorBody)).errors[0]?.code, name).toBe('APPOINTMENT_NO_AVAILABILITY');
    }
    expect(emulator.appointments()).toEqual([]);
  });

  it('names what is wrong with a booking request', async () => {
    const emulator = emulatorAt();
    const token = await tokenOf(emulator);
    const [slot] = (await timetable(emulator, mondayInAntwerp, token)).timeSlots;
    if (!slot) throw new Error('no free time');
    const customer = emulator.customers()[0]?.id ?? '';
    const good = appointmentBody(slot, customer);
    const cases: [string, unknown, number, string][] = [
      [
        'no customer',
        { ...good, appointmentParticipants: good.appointmentParticipants.slice(1) },
        422,
        'APPOINTMENT_PRIMARY_CUSTOMER_MISSING',
      ],
      [
        'no employee',
        { ...good, appointmentParticipants: good.appointmentParticipants.slice(0, 1) },
        422,
        'APPOINTMENT_PRIMARY_EMPLOYEE_MISSING',
      ],
      [
        'ends before it starts',
        { ...good, end: good.start, start: good.end },
        422,
        'APPOINTMENT_START_AFTER_END',
      ],
      ['unknown customer', appointmentBody(slot, '999'), 404, 'CUSTOMER_NOT_FOUND'],
      [
        'on location without a place',
        { ...good, meetingType: 'ON_LOCATION' },
        422,
        'APPOINTMENT_LOCATION_REQUIRED',
      ],
      ['an unknown field', { ...good, notes: 'hi' }, 400, 'VALIDATION_FAILED'],
      ['a time without offset', { ...good, start: '2026-11-23T15:00:00' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [name, payload, status, code] of cases) {
      const response = await call(emulator, '/appointments', post(payload), token);
      expect(response.status, name).toBe(status);
      expect((await body(response, ErrorBody)).errors[0]?.code, name).toBe(code);
    }
    await expectError(
      await call(emulator, '/appointments', { method: 'POST', body: '{"start":' }, token),
      400,
    );
    expect(emulator.appointments()).toEqual([]);
  });

  it('frees the time again when an appointment is cancelled, and refuses to cancel it twice', async () => {
    const emulator = emulatorAt();
    const token = await tokenOf(emulator);
    const { slot, appointment } = await bookFirstFree(emulator, token);
    const cancelled = await call(
      emulator,
      `/appointments/${appointment.id}/_actions/cancel`,
      post({}),
      token,
    );
    expect((await body(cancelled, One(Appointment))).data.status).toBe('CANCELLED');
    const after = await timetable(emulator, mondayInAntwerp, token);
    expect(after.timeSlots.find((s) => s.start === slot.start)?.employees).toContainEqual(slot.employees[0]);
    const again = await expectError(
      await call(emulator, `/appointments/${appointment.id}/_actions/cancel`, post({}), token),
      422,
      'APPOINTMENT_STATUS_INVALID',
    );
    expect(again?.allowedStates).not.toContain('CANCELLED');
    expect(again?.allowedStates).toContain('ACCEPTED');
  });

  it('moves an appointment to a free time and refuses a taken one', async () => {
    const emulator = emulatorAt();
    const token = await tokenOf(emulator);
    const { slot, appointment } = await bookFirstFree(emulator, token);
    const agent = slot.employees[0]?.id ?? '';
    const free = (
      await timetable(emulator, { ...mondayInAntwerp, 'employee-id': agent }, token)
    ).timeSlots.at(-1);
    if (!free) throw new Error('the agent has no other free time');
    const moved = await call(
      emulator,
      `/appointments/${appointment.id}/_actions/reschedule`,
      post({ start: free.start, end: free.end }),
      token,
    );
    expect((await body(moved, One(Appointment))).data).toMatchObject({
      start: free.start,
      status: 'ACCEPTED',
    });
    const busy = emulator
      .allAppointments()
      .find((a) => a.employeeId === agent && a.seeded && a.status === 'ACCEPTED');
    const refused = await call(
      emulator,
      `/appointments/${appointment.id}/_actions/reschedule`,
      post({ start: busy?.start, end: busy?.end }),
      token,
    );
    await expectError(refused, 422, 'APPOINTMENT_NO_AVAILABILITY');
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After in the errors envelope on a client’s 101st request in a minute', async () => {
    const emulator = emulatorAt(MONDAY_9AM, {
      clients: [
        { clientId: 'first', clientSecret: '1' },
        { clientId: 'second', clientSecret: '2' },
      ],
    });
    const first = await tokenOf(emulator);
    const second = await tokenOf(emulator, { client_id: 'second', client_secret: '2' });
    for (let index = 0; index < 100; index++)
      expect((await call(emulator, '/subjects', {}, first)).status).toBe(200);
    const limited = await call(emulator, '/subjects', {}, first);
    await expectError(limited, 429, 'TOO_MANY_REQUESTS');
    expect(limited.headers.get('retry-after')).toBe('60');
    expect((await call(emulator, '/subjects', {}, second)).status).toBe(200);
    // Tokens come from the realm, which the API's limit does not cover.
    expect((await requestToken(emulator, { client_id: 'first', client_secret: '1' })).status).toBe(200);
  });

  it('serves again once the oldest request has left the window, and Retry-After says when', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(MONDAY_9AM);
    const emulator = emulatorAt(MONDAY_9AM, { rateLimit: { limit: 3, windowMs: 10_000 } });
    const token = await tokenOf(emulator);
    await call(emulator, '/subjects', {}, token);
    vi.advanceTimersByTime(4_000);
    await call(emulator, '/subjects', {}, token);
    await call(emulator, '/subjects', {}, token);
    const limited = await call(emulator, '/subjects', {}, token);
    expect(limited.headers.get('retry-after')).toBe('6');
    vi.advanceTimersByTime(6_000);
    expect((await call(emulator, '/subjects', {}, token)).status).toBe(200);
  });

  it('lifts the limit entirely with rateLimit: false', async () => {
    const emulator = emulatorAt(MONDAY_9AM, { rateLimit: false });
    const token = await tokenOf(emulator);
    for (let index = 0; index < 120; index++)
      expect((await call(emulator, '/subjects', {}, token)).status).toBe(200);
  });
});

interface Received {
  url: string;
  headers: Headers;
  json: unknown;
}

/** A webhook receiver in memory that answers with the statuses a test scripts, then 200. */
function receiver(script: (number | 'network')[] = []) {
  const received: Received[] = [];
  const answers = [...script];
  const fetch: WebhookFetch = async (input, init) => {
    const request = new Request(input, init);
    received.push({ url: request.url, headers: request.headers, json: JSON.parse(await request.text()) });
    const answer = answers.shift() ?? 200;
    if (answer === 'network') throw new TypeError('fetch failed');
    return new Response(null, { status: answer });
  };
  return { received, fetch };
}

const EnvelopeIds = z.object({
  id: z.string(),
  data: z.object({ eventType: z.string(), appointment: z.object({ id: z.string(), status: z.string() }) }),
});

/** The top-level, data and appointment keys of Pexip's documented example envelope. */
const ENVELOPE_KEYS = ['id', 'correlationId', 'webhookConfigurationId', 'version', 'entity', 'data'];
const DATA_KEYS = ['eventType', 'message', 'appointment', 'previousAppointment'];
const APPOINTMENT_KEYS = [
  'id',
  'subject',
  'office',
  'participants',
  'answers',
  'location',
  'listing',
  'leadSegment',
  'meetingType',
  'externalId',
  'hybrid',
  'trailingBufferTime',
  'internalNotes',
  'metadata',
  'createdAt',
  'createdById',
  'createdByType',
  'createdFrom',
  'updatedAt',
  'updatedById',
  'updatedByType',
  'updatedFrom',
  'status',
  'start',
  'end',
];

describe('webhooks', () => {
  const target = (fetch: WebhookFetch, extra = {}) => ({
    url: 'https://agency.example/api/v1/webhooks/pexip-engage',
    secret: 'correct horse battery staple',
    fetch,
    retryDelaysMs: [5],
    duplicateRate: 0,
    ...extra,
  });

  it('announces a booking, a cancel and a move in Pexip’s envelope, to the URL with the agency’s secret at its end', async () => {
    const { received, fetch } = receiver();
    const emulator = emulatorAt(MONDAY_9AM, { webhooks: target(fetch) });
    const token = await tokenOf(emulator);
    const { appointment } = await bookFirstFree(emulator, token);
    await call(
      emulator,
      `/appointments/${appointment.id}/_actions/cancel`,
      post({ message: 'Found another home' }),
      token,
    );
    const seeded = emulator
      .allAppointments()
      .find((a) => a.seeded && a.status === 'ACCEPTED' && a.start > '2026-11-24');
    emulator.cancelAppointment(seeded?.id ?? '');
    await emulator.webhooksSettled();

    expect(received.map((r) => EnvelopeIds.parse(r.json).data.eventType)).toEqual([
      'CREATE',
      'CANCEL',
      'CANCEL',
    ]);
    for (const { url, headers, json } of received) {
      expect(url).toBe(
        'https://agency.example/api/v1/webhooks/pexip-engage/correct%20horse%20battery%20staple',
      );
      expect(headers.get('x-webhook-secret')).toBeNull();
      expect(headers.get('content-type')).toBe('application/json');
      const envelope = z.record(z.string(), z.unknown()).parse(json);
      expect(Object.keys(envelope)).toEqual(ENVELOPE_KEYS);
      const data = z.record(z.string(), z.unknown()).parse(envelope.data);
      expect(Object.keys(data)).toEqual(DATA_KEYS);
      expect(Object.keys(z.record(z.string(), z.unknown()).parse(data.appointment)).sort()).toEqual(
        [...APPOINTMENT_KEYS].sort(),
      );
    }
    const cancel = z
      .object({
        entity: z.literal('Appointment'),
        data: z.object({
          message: z.string(),
          appointment: z.object({
            status: z.literal('CANCELLED'),
            updatedFrom: z.string(),
            office: z.object({ id: z.string(), timeZone: z.string() }),
            listing: z.object({ id: z.string() }),
            participants: z.array(z.object({ role: z.string(), type: z.string() })),
          }),
          previousAppointment: z.object({ status: z.literal('ACCEPTED') }),
        }),
      })
      .parse(received[1]?.json);
    expect(cancel.data).toMatchObject({
      message: 'Found another home',
      appointment: { office: { timeZone: 'Europe/Brussels' } },
    });
    expect(cancel.data.appointment.participants.map((p) => p.type)).toEqual(['EMPLOYEE', 'CUSTOMER']);
    // The listing copy is the documented listing, and instants are written as the reference writes them.
    const copy = z
      .object({
        data: z.object({
          appointment: z.object({ listing: z.record(z.string(), z.unknown()), updatedAt: z.string() }),
        }),
      })
      .parse(received[1]?.json).data.appointment;
    expect(Object.keys(copy.listing).sort()).toEqual([
      'active',
      'createdAt',
      'externalId',
      'id',
      'location',
      'tags',
      'timeZone',
      'translations',
      'updatedAt',
    ]);
    expect(copy.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect(
      z
        .object({ data: z.object({ appointment: z.object({ updatedFrom: z.string() }) }) })
        .parse(received[2]?.json).data.appointment.updatedFrom,
    ).toBe('BACKOFFICE_APP');
  });

  it('sends the secret in a header instead when the configuration asks for one', async () => {
    const { received, fetch } = receiver();
    const emulator = emulatorAt(MONDAY_9AM, { webhooks: target(fetch, { secretIn: 'header' }) });
    await bookFirstFree(emulator, await tokenOf(emulator));
    await emulator.webhooksSettled();
    expect(received.map((r) => [r.url, r.headers.get('x-webhook-secret')])).toEqual([
      ['https://agency.example/api/v1/webhooks/pexip-engage', 'correct horse battery staple'],
    ]);
  });

  it('tries a delivery three times in all on errors and unreachable receivers, then gives up', async () => {
    const failing = receiver([500, 503, 502]);
    const emulator = emulatorAt(MONDAY_9AM, { webhooks: target(failing.fetch) });
    await bookFirstFree(emulator, await tokenOf(emulator));
    await emulator.webhooksSettled();
    expect(emulator.webhookAttempts().map((a) => [a.attempt, a.status])).toEqual([
      [1, 500],
      [2, 503],
      [3, 502],
    ]);
    expect(new Set(failing.received.map((r) => EnvelopeIds.parse(r.json).id)).size).toBe(1);

    const flaky = receiver(['network', 200]);
    const second = emulatorAt(MONDAY_9AM, { webhooks: target(flaky.fetch) });
    await bookFirstFree(second, await tokenOf(second));
    await second.webhooksSettled();
    expect(second.webhookAttempts().map((a) => [a.attempt, a.status ?? a.error])).toEqual([
      [1, 'fetch failed'],
      [2, 200],
    ]);
  });

  it('sometimes delivers an event twice with the same id, the same events in every run', async () => {
    const run = async () => {
      const { received, fetch } = receiver();
      const emulator = emulatorAt(MONDAY_9AM, { webhooks: target(fetch, { duplicateRate: 0.5 }) });
      const token = await tokenOf(emulator);
      for (let index = 0; index < 6; index++) {
        const { appointment } = await bookFirstFree(emulator, token);
        await call(emulator, `/appointments/${appointment.id}/_actions/cancel`, post({}), token);
      }
      await emulator.webhooksSettled();
      return received.map((r) => EnvelopeIds.parse(r.json).id);
    };
    const ids = await run();
    expect(ids.length).toBeGreaterThan(12);
    expect(ids.length).toBeLessThan(24);
    expect(new Set(ids).size).toBe(12);
    expect(await run()).toEqual(ids);
  });

  it('lets a later event overtake an earlier one that is being retried', async () => {
    const { received, fetch } = receiver([500]);
    const emulator = emulatorAt(MONDAY_9AM, { webhooks: target(fetch, { retryDelaysMs: [30] }) });
    const token = await tokenOf(emulator);
    const { appointment } = await bookFirstFree(emulator, token);
    await call(emulator, `/appointments/${appointment.id}/_actions/cancel`, post({}), token);
    await emulator.webhooksSettled();
    const delivered = received.map((r) => EnvelopeIds.parse(r.json).data);
    expect(delivered.map((d) => [d.eventType, d.appointment.status])).toEqual([
      ['CREATE', 'ACCEPTED'],
      ['CANCEL', 'CANCELLED'],
      ['CREATE', 'ACCEPTED'],
    ]);
  });

  it('sends nothing until webhooks are configured', async () => {
    const emulator = emulatorAt();
    const token = await tokenOf(emulator);
    await bookFirstFree(emulator, token);
    const { received, fetch } = receiver();
    emulator.configureWebhooks(target(fetch));
    await bookFirstFree(emulator, token);
    await emulator.webhooksSettled();
    expect(received).toHaveLength(1);
  });
});

describe('inspection', () => {
  it('lists API bookings under /_sandbox/appointments, the seeded agendas only when asked, and counts requests by path', async () => {
    const emulator = emulatorAt();
    const token = await tokenOf(emulator);
    const { appointment } = await bookFirstFree(emulator, token);
    const Listed = z.object({ appointments: z.array(z.object({ id: z.string(), seeded: z.boolean() })) });
    const mine = await body(
      await emulator.fetch(new Request('http://sandbox/_sandbox/appointments')),
      Listed,
    );
    expect(mine.appointments.map((a) => a.id)).toEqual([appointment.id]);
    const all = await body(
      await emulator.fetch(new Request('http://sandbox/_sandbox/appointments?all=true')),
      Listed,
    );
    expect(all.appointments.length).toBeGreaterThan(100);
    expect(emulator.requestCount('/openid-connect/token')).toBe(1);
    expect(emulator.requestCount('/timetable')).toBe(1);
    emulator.resetRequestCount();
    expect(emulator.requestCount()).toBe(0);
  });

  it('cancels as the agent through /_sandbox, announcing it by webhook', async () => {
    const { received, fetch } = receiver();
    const emulator = emulatorAt(MONDAY_9AM, {
      webhooks: { url: 'https://agency.example/hook', secret: 's', fetch, duplicateRate: 0 },
    });
    const { appointment } = await bookFirstFree(emulator, await tokenOf(emulator));
    const response = await emulator.fetch(
      new Request(`http://sandbox/_sandbox/appointments/${appointment.id}/cancel`, { method: 'POST' }),
    );
    expect(response.status).toBe(200);
    await emulator.webhooksSettled();
    expect(received.map((r) => EnvelopeIds.parse(r.json).data.eventType)).toEqual(['CREATE', 'CANCEL']);
    expect(emulator.appointments()[0]?.status).toBe('CANCELLED');
  });
});

describe('startPexipEngageEmulator', () => {
  it('serves the token endpoint and the API over HTTP on loopback, and closes cleanly', async () => {
    const running = await startPexipEngageEmulator({ now: () => MONDAY_9AM });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const { emulator } = running;
      const token = await fetch(
        `${running.url}/realms/${emulator.enterprise}/protocol/openid-connect/token`,
        form({
          grant_type: 'client_credentials',
          client_id: emulator.clientId,
          client_secret: emulator.clientSecret,
        }),
      );
      const { access_token } = TokenResponse.parse(await token.json());
      const offices = await fetch(`${running.url}${API}/offices`, {
        headers: { authorization: `Bearer ${access_token}` },
      });
      expect((await body(offices, Page(Office))).meta.totalCount).toBe(4);
      expect(emulator.requestCount()).toBe(2);
    } finally {
      await running.close();
    }
  });
});
