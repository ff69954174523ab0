import { describe, expect, it } from 'vitest';
import { RateBudget } from '../../src/backends/budget.ts';
import { PexipEngageClient, type PexipEngageClientOptions } from '../../src/backends/pexip-engage/client.ts';
import type { AppointmentSubmission } from '../../src/backends/pexip-engage/schemas.ts';
import { UpstreamError } from '../../src/backends/types.ts';
import {
  createPexipEngageEmulator,
  type PexipEngageEmulator,
  type PexipEngageEmulatorOptions,
} from '../../src/sandbox/pexip-engage/index.ts';

const MONDAY_9AM = new Date('2026-11-23T08:00:00Z');
const TOKENS = '/protocol/openid-connect/token';

/** A client and the emulator it talks to in memory, both on one clock the test moves. */
function setUp(
  options: {
    emulator?: PexipEngageEmulatorOptions;
    client?: Partial<PexipEngageClientOptions>;
    intercept?: (request: Request, answer: () => Promise<Response>) => Promise<Response>;
  } = {},
) {
  const clock = { now: MONDAY_9AM };
  const emulator: PexipEngageEmulator = createPexipEngageEmulator({
    now: () => clock.now,
    ...options.emulator,
  });
  const client = new PexipEngageClient({
    baseUrl: 'http://pexip.sandbox',
    enterprise: emulator.enterprise,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    now: () => clock.now,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const answer = async () => emulator.fetch(request);
      return options.intercept ? options.intercept(request, answer) : answer();
    },
    ...options.client,
  });
  const advance = (seconds: number) => {
    clock.now = new Date(clock.now.getTime() + seconds * 1000);
  };
  return { emulator, client, advance };
}

async function failureOf(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UpstreamError) return error;
    throw error;
  }
  throw new Error('expected an UpstreamError');
}

describe('Pexip Engage access tokens', () => {
  it('asks for one token and uses it for every call until a minute before it expires, then renews it', async () => {
    const { emulator, client, advance } = setUp();
    await client.offices();
    await client.subjects();
    await client.listings();
    expect(emulator.requestCount(TOKENS)).toBe(1);
    advance(239);
    await client.offices();
    expect(emulator.requestCount(TOKENS)).toBe(1);
    // Still valid upstream for another minute, but renewed now so no call goes out with a dying token.
    advance(2);
    await client.offices();
    expect(emulator.requestCount(TOKENS)).toBe(2);
    expect(emulator.requestCount('/enterprises/')).toBe(5);
  });

  it('renews a short-lived token early in proportion, not a minute early', async () => {
    const { emulator, client, advance } = setUp({ emulator: { tokenLifetimeSeconds: 30 } });
    await client.offices();
    advance(23);
    await client.offices();
    expect(emulator.requestCount(TOKENS)).toBe(1);
    advance(2);
    await client.offices();
    expect(emulator.requestCount(TOKENS)).toBe(2);
  });

  it('fetches a single token for many calls made at once', async () => {
    const { emulator, client } = setUp();
    await Promise.all(Array.from({ length: 10 }, () => client.subjects()));
    expect(emulator.requestCount(TOKENS)).toBe(1);
  });

  it('replaces a token the API no longer accepts and makes the call again, once', async () => {
    const { emulator, client } = setUp();
    await client.offices();
    emulator.revokeTokens();
    emulator.resetRequestCount();
    expect(await client.offices()).toHaveLength(4);
    expect(emulator.requestCount(TOKENS)).toBe(1);
    expect(emulator.requestCount('/offices')).toBe(2);
  });

  it('gives up with a clear error when even a fresh token is refused', async () => {
    const { emulator, client } = setUp({
      intercept: async (request, answer) =>
        request.url.includes('/enterprises/')
          ? Response.json(
              { errors: [{ message: 'Nope', code: 'UNAUTHORIZED', type: 'AUTH', statusCode: '401' }] },
              { status: 401 },
            )
          : answer(),
    });
    const error = await failureOf(client.offices());
    expect(error).toMatchObject({ code: 'upstream_error', status: 401 });
    expect(error.message).toBe('Pexip Engage refused the offices request (401: UNAUTHORIZED Nope)');
    expect(emulator.requestCount(TOKENS)).toBe(2);
  });

  it('names the OAuth2 error when the agency’s client credentials are wrong', async () => {
    const { emulator, client } = setUp({ client: { clientSecret: 'typo' } });
    const error = await failureOf(client.offices());
    expect(error.code).toBe('upstream_error');
    expect(error.message).toMatch(/refused the API client credentials \(401: invalid_client/);
    expect(emulator.requestCount('/enterprises/')).toBe(0);
  });
});

describe('Pexip Engage lists and errors', () => {
  it('reads every page of a list', async () => {
    const { emulator, client } = setUp({ client: { pageSize: 10 } });
    const listings = await client.listings();
    expect(listings.map((listing) => listing.id)).toEqual(emulator.listings().map((listing) => listing.id));
    expect(emulator.requestCount('/listings')).toBe(Math.ceil(emulator.listings().length / 10));
  });

  it('stops calling after a 429 until Retry-After has passed, and tells a waiting visitor the system is busy', async () => {
    const { emulator, client } = setUp({
      emulator: { rateLimit: { limit: 2, windowMs: 60_000 } },
      client: { budget: new RateBudget({ limit: 100, windowMs: 60_000, maxWaitMs: { sync: 200 } }) },
    });
    await client.offices();
    await client.subjects();
    expect((await failureOf(client.subjects())).code).toBe('upstream_unavailable');
    const before = emulator.requestCount();
    expect((await failureOf(client.offices())).message).toMatch(/busy/);
    expect(emulator.requestCount()).toBe(before);
  });

  it('reports a time or an e-mail taken meanwhile as outcomes, and other refused bookings as errors naming Pexip’s code', async () => {
    const { emulator, client } = setUp();
    const subject = emulator.viewingSubjectId;
    const { timeSlots } = await client.timetable({
      from: '2026-11-24T00:00:00+01:00',
      to: '2026-11-25T00:00:00+01:00',
      officeId: '101',
      subjectId: subject,
      meetingType: 'OFFICE',
    });
    const slot = timeSlots[0];
    if (!slot) throw new Error('no free time');
    const created = await client.createCustomer({
      firstName: 'Ana',
      lastName: 'Silva',
      email: 'ana.silva@example.org',
      phoneNumber: '+32 470 12 34 56',
    });
    if (!created.ok) throw new Error('Ana is new to the agency');
    const { customer } = created;
    expect(
      await client.createCustomer({
        firstName: 'A',
        lastName: 'S',
        email: 'ANA.silva@example.org',
        phoneNumber: '1234567',
      }),
    ).toEqual({ ok: false, reason: 'email_taken' });
    const submission: AppointmentSubmission = {
      start: slot.start,
      end: slot.end,
      subjectId: subject,
      officeId: '101',
      meetingType: 'OFFICE',
      listingId: '30001',
      appointmentParticipants: [
        { role: 'PRIMARY', participantId: customer.id, type: 'CUSTOMER' },
        { role: 'PRIMARY', participantId: slot.employees[0]?.id ?? '', type: 'EMPLOYEE' },
      ],
      internalNotes: 'Booked by a test.',
      metadata: { source: 'test' },
    };
    expect(await client.createAppointment(submission)).toMatchObject({
      ok: true,
      appointment: { status: 'ACCEPTED' },
    });
    expect(await client.createAppointment(submission)).toEqual({ ok: false, reason: 'no_availability' });
    const error = await failureOf(client.createAppointment({ ...submission, end: submission.start }));
    expect(error).toMatchObject({ code: 'upstream_error', status: 422 });
    expect(error.message).toContain('APPOINTMENT_START_AFTER_END');
    expect(await client.customerByEmail('ANA.SILVA@example.org')).toMatchObject({ id: customer.id });
  });

  it('treats an unreachable API, a gateway’s HTML error page and a 5xx as unavailable, not as our fault', async () => {
    const down = setUp({
      intercept: async () => {
        throw new TypeError('fetch failed');
      },
    });
    expect(await failureOf(down.client.offices())).toMatchObject({ code: 'upstream_unavailable' });
    const gateway = setUp({
      intercept: async (request, answer) =>
        request.url.includes('/offices')
          ? new Response('<html>Bad gateway</html>', { status: 502 })
          : answer(),
    });
    const error = await failureOf(gateway.client.offices());
    expect(error).toMatchObject({ code: 'upstream_unavailable', status: 502 });
    expect(error.message).toBe('Pexip Engage refused the offices request (502)');
  });
});
