import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  ErrorEnvelope,
  Listing,
  Meta,
  Success,
  Appointment,
} from '../../src/backends/actuallycare/schemas.ts';
import {
  createActuallyCareEmulator,
  startActuallyCareEmulator,
  type ActuallyCareEmulator,
  type ActuallyCareEmulatorOptions,
} from '../../src/sandbox/actuallycare/index.ts';

/** Monday 6 July 2026, 08:00 in California (PDT, UTC−7). */
const NOW = new Date('2026-07-06T15:00:00Z');
const SECRET = 'whsec_sandbox_0123456789';

const ListingsPage = Success(z.object({ listings: z.array(Listing), meta: Meta }));
const AppointmentsPage = Success(z.object({ appointments: z.array(Appointment), meta: Meta }));

const emulatorAt = (options: ActuallyCareEmulatorOptions = {}) =>
  createActuallyCareEmulator({ now: () => NOW, ...options });

async function call(emulator: ActuallyCareEmulator, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  // Each key acts as its owner: by default these calls are Maria's.
  if (!headers.has('x-api-key')) headers.set('x-api-key', emulator.keyFor(agentNamed(emulator, 'Maria').id));
  return emulator.fetch(new Request(`http://sandbox${path}`, { ...init, headers }));
}

async function body<T extends z.ZodType>(response: Response, schema: T): Promise<z.output<T>> {
  return schema.parse(await response.json());
}

const post = (emulator: ActuallyCareEmulator, payload: unknown) =>
  call(emulator, '/v1/appointments', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });

const put = (emulator: ActuallyCareEmulator, id: string, payload: unknown) =>
  call(emulator, `/v1/appointments/${id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });

const Created = Success(Appointment.extend({ version: z.number().int() }));

function agentNamed(emulator: ActuallyCareEmulator, firstName: string) {
  const agent = emulator.agents().find((candidate) => candidate.firstName === firstName);
  if (!agent) throw new Error(`no agent ${firstName}`);
  return agent;
}

/** A Tuesday-morning showing slot far from the seeded ones: 06:00 Pacific, before anyone's day starts. */
const earlyShowing = (emulator: ActuallyCareEmulator, overrides: Record<string, unknown> = {}) => ({
  title: 'Showing — early bird',
  start_time: '2026-07-07T13:00:00Z',
  end_time: '2026-07-07T13:30:00Z',
  appointment_type: 'showing',
  ...overrides,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('authentication', () => {
  it('refuses a request without a key in the error envelope', async () => {
    const emulator = emulatorAt();
    const response = await emulator.fetch(new Request('http://sandbox/v1/listings'));
    expect(response.status).toBe(401);
    const error = await body(response, ErrorEnvelope);
    // The errors page: a bad key still gets a class-style code.
    expect(error.error).toEqual({
      code: 'UnauthorizedError',
      message: 'Authentication required',
      details: null,
    });
    expect(error.timestamp).toBe(NOW.toISOString());
    expect(error.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a wrong key and accepts every configured one', async () => {
    const user = emulatorAt().agents()[1]!.id;
    const emulator = emulatorAt({ apiKeys: { one: user, two: user } });
    expect((await call(emulator, '/v1/listings', { headers: { 'x-api-key': 'guess' } })).status).toBe(401);
    expect((await call(emulator, '/v1/listings', { headers: { 'x-api-key': 'two' } })).status).toBe(200);
    expect((await call(emulator, '/v1/listings', { headers: { 'api-key': 'one' } })).status).toBe(200);
  });

  it('refuses a key without the scope a route needs with 403', async () => {
    const emulator = emulatorAt({
      scopes: { 'sandbox-actuallycare-key': { appointments: ['read'], listings: [] } },
    });
    const broker = { 'x-api-key': emulator.apiKey };
    expect((await call(emulator, '/v1/listings', { headers: broker })).status).toBe(403);
    expect((await call(emulator, '/v1/appointments', { headers: broker })).status).toBe(200);
    const write = await call(emulator, '/v1/appointments', { method: 'POST', headers: broker, body: '{}' });
    expect(write.status).toBe(403);
  });

  it('echoes the caller’s correlation id so a support ticket can name the request', async () => {
    const emulator = emulatorAt();
    const response = await call(emulator, '/v1/appointments/not-a-uuid', {
      headers: { 'x-correlation-id': 'ticket-42' },
    });
    expect(response.headers.get('x-correlation-id')).toBe('ticket-42');
    expect((await body(response, ErrorEnvelope)).correlationId).toBe('ticket-42');
  });
});

describe('envelopes and paging', () => {
  it('pages listings with data.meta saying where the caller is and whether there is more', async () => {
    const emulator = emulatorAt();
    const first = await body(await call(emulator, '/v1/listings?limit=10'), ListingsPage);
    const total = emulator.listings().length;
    expect(first.success).toBe(true);
    expect(first.data.meta).toEqual({
      page: 1,
      limit: 10,
      total,
      totalPages: Math.ceil(total / 10),
      hasMore: true,
    });
    expect(first.data.listings).toHaveLength(10);
    const last = await body(
      await call(emulator, `/v1/listings?limit=10&page=${Math.ceil(total / 10)}`),
      ListingsPage,
    );
    expect(last.data.meta.hasMore).toBe(false);
    expect(last.data.listings).toHaveLength(total % 10 || 10);
    const beyond = await body(await call(emulator, '/v1/listings?limit=10&page=99'), ListingsPage);
    expect(beyond.data.listings).toEqual([]);
  });

  it('gives 25 rows a page unless asked otherwise', async () => {
    const emulator = emulatorAt();
    const page = await body(await call(emulator, '/v1/appointments'), AppointmentsPage);
    expect(page.data.meta.limit).toBe(25);
    expect(page.data.appointments).toHaveLength(25);
  });

  it.each([
    ['limit=101', 'limit'],
    ['limit=0', 'limit'],
    ['page=0', 'page'],
    ['page=two', 'page'],
    ['status=open', 'status'],
    ['minPrice=cheap', 'minPrice'],
  ])('refuses %s with a VALIDATION_ERROR naming the field', async (query, field) => {
    const emulator = emulatorAt();
    const response = await call(emulator, `/v1/listings?${query}`);
    expect(response.status).toBe(400);
    const error = await body(response, ErrorEnvelope);
    expect(error.error.code).toBe('VALIDATION_ERROR');
    expect(error.error.details).toEqual([expect.objectContaining({ field })]);
  });

  it('filters listings by status and price range', async () => {
    const emulator = emulatorAt();
    const page = await body(
      await call(emulator, '/v1/listings?status=active&minPrice=300000&maxPrice=450000&limit=100'),
      ListingsPage,
    );
    const expected = emulator
      .listings()
      .filter(
        (listing) =>
          listing.status === 'active' && listing.listPrice >= 300_000 && listing.listPrice <= 450_000,
      );
    expect(page.data.listings.map((listing) => listing.id)).toEqual(expected.map((listing) => listing.id));
    expect(expected.length).toBeGreaterThan(2);
  });

  it('serves listing rows field for field as the reference shows them, or as the quickstart does', async () => {
    const reference = await call(emulatorAt(), '/v1/listings?limit=1');
    const full = (await reference.json()) as {
      data: { listings: Record<string, unknown>[]; stats: unknown };
    };
    expect(Object.keys(full.data.listings[0]!).sort()).toEqual(
      [
        'id',
        'mls_number',
        'address',
        'city',
        'state',
        'zip_code',
        'list_price',
        'status',
        'property_type',
        'bedrooms',
        'bathrooms',
        'square_feet',
      ].sort(),
    );
    expect(full.data.stats).toBeTypeOf('object');
    const quickstart = await call(
      emulatorAt({ variants: { listingRows: 'quickstart' } }),
      '/v1/listings?limit=1',
    );
    const short = (await quickstart.json()) as { data: { listings: Record<string, unknown>[] } };
    expect(Object.keys(short.data.listings[0]!).sort()).toEqual(['address', 'id', 'list_price', 'status']);
  });

  it('refuses a variant it does not have, naming the ones it has', () => {
    expect(() => emulatorAt({ variants: { listingRows: 'compact' } })).toThrow(/reference, quickstart/);
  });
});

describe('appointments', () => {
  it('filters by type, status and start date, in start order', async () => {
    const emulator = emulatorAt();
    const page = await body(
      await call(
        emulator,
        '/v1/appointments?appointment_type=showing&status=scheduled&start_date=2026-07-08&limit=100',
      ),
      AppointmentsPage,
    );
    const rows = page.data.appointments;
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.every((row) => row.appointment_type === 'showing' && row.status === 'scheduled')).toBe(true);
    expect(rows.every((row) => row.start_time >= '2026-07-08')).toBe(true);
    expect(rows.map((row) => row.start_time)).toEqual([...rows.map((row) => row.start_time)].sort());
  });

  it('creates a showing in the key owner’s calendar and answers the 201 example’s fields, without user_id', async () => {
    const emulator = emulatorAt();
    const listing = emulator.listings().find((candidate) => candidate.status === 'active')!;
    const response = await post(
      emulator,
      earlyShowing(emulator, { listing_id: listing.id, location: listing.address }),
    );
    expect(response.status).toBe(201);
    const raw = (await response.clone().json()) as { data: Record<string, unknown> };
    expect(Object.keys(raw.data).sort()).toEqual(
      ['id', 'title', 'appointment_type', 'start_time', 'end_time', 'location', 'status', 'version'].sort(),
    );
    const created = await body(response, Created);
    expect(created.message).toBe('Appointment created successfully');
    expect(created.data).toMatchObject({ appointment_type: 'showing', status: 'scheduled', version: 1 });
    const made = emulator.appointments().find((row) => row.id === created.data.id);
    expect(made).toMatchObject({ userId: agentNamed(emulator, 'Maria').id, listingId: listing.id });
    const sandbox = z.object({ appointments: z.array(z.object({ id: z.string() })) });
    const listed = await body(
      await emulator.fetch(new Request('http://sandbox/_sandbox/appointments')),
      sandbox,
    );
    expect(listed.appointments.map((row) => row.id)).toContain(created.data.id);
  });

  it('does not honour a user_id in the body: each key acts as its owner', async () => {
    const emulator = emulatorAt();
    const created = await body(
      await post(emulator, earlyShowing(emulator, { user_id: agentNamed(emulator, 'Kevin').id })),
      Created,
    );
    expect(emulator.appointments().find((row) => row.id === created.data.id)?.userId).toBe(
      agentNamed(emulator, 'Maria').id,
    );
    // Another agent's key does not see it.
    const kevins = { 'x-api-key': emulator.keyFor(agentNamed(emulator, 'Kevin').id) };
    expect((await call(emulator, `/v1/appointments/${created.data.id}`, { headers: kevins })).status).toBe(
      404,
    );
  });

  it('takes a second appointment at the same time: no overlap is refused', async () => {
    const emulator = emulatorAt();
    await body(await post(emulator, earlyShowing(emulator)), Created);
    const clash = await post(
      emulator,
      earlyShowing(emulator, { start_time: '2026-07-07T13:15:00Z', end_time: '2026-07-07T13:45:00Z' }),
    );
    expect(clash.status).toBe(201);
  });

  it.each([
    ['an end before the start', { end_time: '2026-07-07T12:00:00Z' }, 'end_time'],
    ['no title', { title: '' }, 'title'],
    ['a time without a zone', { start_time: '2026-07-07T06:00:00' }, 'start_time'],
    ['an unknown type', { appointment_type: 'party' }, 'appointment_type'],
  ])('refuses %s with a VALIDATION_ERROR naming the field', async (_, change, field) => {
    const emulator = emulatorAt();
    const response = await post(emulator, earlyShowing(emulator, change));
    expect(response.status).toBe(400);
    expect((await body(response, ErrorEnvelope)).error.details).toEqual([expect.objectContaining({ field })]);
  });

  it('updates with the current version and refuses a stale one with 409 VERSION_CONFLICT', async () => {
    const emulator = emulatorAt();
    const created = await body(await post(emulator, earlyShowing(emulator)), Created);
    const moved = await put(emulator, created.data.id, {
      start_time: '2026-07-07T13:30:00Z',
      end_time: '2026-07-07T14:00:00Z',
      version: 1,
    });
    expect(moved.status).toBe(200);
    expect((await body(moved, Created)).data).toMatchObject({
      version: 2,
      start_time: '2026-07-07T13:30:00.000Z',
    });
    const stale = await put(emulator, created.data.id, { status: 'cancelled', version: 1 });
    expect(stale.status).toBe(409);
    const error = await body(stale, ErrorEnvelope);
    expect(error.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
  });

  it('reads, deletes, and then no longer finds an appointment', async () => {
    const emulator = emulatorAt();
    const created = await body(await post(emulator, earlyShowing(emulator)), Created);
    expect((await call(emulator, `/v1/appointments/${created.data.id}`)).status).toBe(200);
    const deleted = await call(emulator, `/v1/appointments/${created.data.id}`, { method: 'DELETE' });
    expect(await body(deleted, Success(z.object({})))).toMatchObject({ success: true, data: {} });
    expect((await call(emulator, `/v1/appointments/${created.data.id}`)).status).toBe(404);
    expect((await call(emulator, '/v1/appointments/nope')).status).toBe(400);
  });
});

describe('rate limit', () => {
  it('tells every caller its budget in RateLimit headers', async () => {
    const emulator = emulatorAt();
    const first = await call(emulator, '/v1/listings');
    const second = await call(emulator, '/v1/listings');
    expect(first.headers.get('ratelimit-limit')).toBe('500');
    expect(first.headers.get('ratelimit-remaining')).toBe('499');
    expect(second.headers.get('ratelimit-remaining')).toBe('498');
    expect(Number(first.headers.get('ratelimit-reset'))).toBeLessThanOrEqual(900);
  });

  it('refuses the request over the limit with 429 RATE_LIMIT_EXCEEDED and Retry-After, per address, until the window ends', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const emulator = emulatorAt({ rateLimit: { limit: 3, windowMs: 60_000 } });
    // Unauthenticated requests count too: the limit guards the API from anyone.
    await emulator.fetch(new Request('http://sandbox/v1/listings'));
    await call(emulator, '/v1/listings');
    await call(emulator, '/v1/listings');
    const refused = await call(emulator, '/v1/listings');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect((await body(refused, ErrorEnvelope)).error.code).toBe('RATE_LIMIT_EXCEEDED');
    const elsewhere = await call(emulator, '/v1/listings', { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(elsewhere.status).toBe(200);
    vi.advanceTimersByTime(60_000);
    expect((await call(emulator, '/v1/listings')).status).toBe(200);
  });
});

describe('webhooks', () => {
  function subscriber() {
    const received: Request[] = [];
    return {
      received,
      webhook: {
        url: 'https://proxy.example/v1/webhooks/actuallycare',
        secret: SECRET,
        fetch: async (request: Request) => {
          received.push(request);
          return new Response(null, { status: 204 });
        },
      },
    };
  }

  it('signs each change with an HMAC-SHA256 of the raw body and says what happened and when', async () => {
    const { received, webhook } = subscriber();
    const emulator = emulatorAt({ webhook });
    const created = await body(await post(emulator, earlyShowing(emulator)), Created);
    await emulator.webhooksSettled();
    const delivery = received[0]!;
    const raw = await delivery.text();
    expect(delivery.headers.get('x-webhook-event')).toBe('appointment.created');
    expect(delivery.headers.get('x-webhook-timestamp')).toBe(String(NOW.getTime() / 1000));
    expect(delivery.headers.get('x-webhook-signature')).toBe(
      `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`,
    );
    expect(JSON.parse(raw)).toMatchObject({
      event: 'appointment.created',
      data: { appointment: { id: created.data.id } },
    });
    expect(emulator.webhookDeliveries()).toEqual([
      { event: 'appointment.created', appointmentId: created.data.id, status: 204 },
    ]);
  });

  it('tells subscribers about cancellations and deletions, and about changes staff make in the CRM', async () => {
    const { received, webhook } = subscriber();
    const emulator = emulatorAt({ webhook });
    const created = await body(await post(emulator, earlyShowing(emulator)), Created);
    await put(emulator, created.data.id, { status: 'cancelled' });
    await call(emulator, `/v1/appointments/${created.data.id}`, { method: 'DELETE' });
    const staff = await emulator.addAppointment({
      userId: agentNamed(emulator, 'Luis').id,
      start: new Date('2026-07-08T16:00:00Z'),
      end: new Date('2026-07-08T16:05:00Z'),
      title: 'Quick call',
      type: 'call',
    });
    await emulator.webhooksSettled();
    expect(received.map((request) => request.headers.get('x-webhook-event'))).toEqual([
      'appointment.created',
      'appointment.cancelled',
      'appointment.deleted',
      'appointment.created',
    ]);
    expect(emulator.appointments().some((row) => row.id === staff.id)).toBe(true);
  });

  it('starts delivering once told where, as a sandbox does after the proxy starts listening, and stops when told', async () => {
    const { received, webhook } = subscriber();
    const emulator = emulatorAt();
    await body(await post(emulator, earlyShowing(emulator)), Created);
    emulator.configureWebhooks(webhook);
    const second = await body(
      await post(
        emulator,
        earlyShowing(emulator, { start_time: '2026-07-07T13:30:00Z', end_time: '2026-07-07T14:00:00Z' }),
      ),
      Created,
    );
    emulator.configureWebhooks(undefined);
    await post(
      emulator,
      earlyShowing(emulator, { start_time: '2026-07-07T14:00:00Z', end_time: '2026-07-07T14:30:00Z' }),
    );
    await emulator.webhooksSettled();
    expect(received).toHaveLength(1);
    expect(JSON.parse(await received[0]!.text())).toMatchObject({
      data: { appointment: { id: second.data.id } },
    });
  });
});

describe('seeded brokerage', () => {
  it('holds the same data in every emulator', () => {
    const [a, b] = [emulatorAt(), emulatorAt()];
    expect(a.listings()).toEqual(b.listings());
    expect(a.appointments()).toEqual(b.appointments());
  });

  it('lists Californian homes in dollars, mostly active, with agents in two offices', () => {
    const emulator = emulatorAt();
    const listings = emulator.listings();
    expect(listings.every((listing) => listing.state === 'CA' && /^93\d{3}$/.test(listing.zipCode))).toBe(
      true,
    );
    expect(new Set(listings.map((listing) => listing.city))).toEqual(
      new Set(['Bakersfield', 'Tehachapi', 'Keene', 'Ridgecrest']),
    );
    expect(listings.filter((listing) => listing.status === 'active').length).toBeGreaterThanOrEqual(20);
    expect(new Set(listings.map((listing) => listing.status))).toEqual(
      new Set(['active', 'pending', 'sold', 'withdrawn', 'expired']),
    );
    expect(listings.every((listing) => listing.listPrice > 20_000 && listing.listPrice < 1_000_000)).toBe(
      true,
    );
    expect(emulator.timeZone).toBe('America/Los_Angeles');
    expect(new Set(emulator.agents().map((agent) => agent.office))).toEqual(
      new Set(['bakersfield', 'tehachapi', null]),
    );
  });

  it('fills every agent’s calendar, each key reading its own', async () => {
    const emulator = emulatorAt();
    const page = await body(
      await call(emulator, '/v1/appointments?status=scheduled&start_date=2026-07-05&limit=100'),
      AppointmentsPage,
    );
    expect(page.data.meta.totalPages).toBeGreaterThanOrEqual(1);
    const owners = new Set(emulator.appointments().map((row) => row.userId));
    expect(emulator.agents().every((agent) => owners.has(agent.id))).toBe(true);
    // Past appointments are done with; future ones are mostly still on.
    const past = emulator.appointments().filter((row) => row.end <= NOW.toISOString());
    expect(past.every((row) => row.status === 'completed' || row.status === 'no_show')).toBe(true);
  });

  it('serves on loopback for browser tests', async () => {
    const running = await startActuallyCareEmulator({ now: () => NOW });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${running.url}/v1/listings?limit=1`, {
        headers: { 'x-api-key': running.emulator.apiKey },
      });
      expect((await body(response, ListingsPage)).data.listings).toHaveLength(1);
    } finally {
      await running.close();
    }
  });
});
