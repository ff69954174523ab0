import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RateBudget } from '../../src/backends/budget.ts';
import { ActuallyCareBackend } from '../../src/backends/actuallycare/index.ts';
import { UpstreamError } from '../../src/backends/types.ts';
import { BranchesResponse, ErrorResponse } from '../../src/contract/index.ts';
import { createActuallyCareEmulator } from '../../src/sandbox/actuallycare/index.ts';
import {
  NOW,
  TODAY,
  branchAgents,
  everyoneBusy,
  guest,
  startHarness,
  type Harness,
} from './actuallycare-harness.ts';

let harness: Harness | undefined;

const Wanted = z.object({ start_time: z.string(), end_time: z.string() });
/** Any appointments page, kept whole so a test can spoil one field and pass the rest on. */
const Page = z.looseObject({
  data: z.looseObject({ appointments: z.array(z.record(z.string(), z.unknown())) }),
});
/** Any listings page, kept whole so a test can spoil one row and pass the rest on. */
const Listings = z.looseObject({
  data: z.looseObject({ listings: z.array(z.record(z.string(), z.unknown())) }),
});
afterEach(() => harness?.stop());

const minutes = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 60_000;

async function tehachapiHome(h: Harness) {
  const property = (await h.properties('tehachapi')).find((candidate) => candidate.title.includes('house'));
  if (!property) throw new Error('no Tehachapi house');
  return property;
}

describe('ActuallyCare catalogue through the proxy', () => {
  it('offers the configured branches in California time', async () => {
    harness = await startHarness();
    const { body } = await harness.json(BranchesResponse, '/v1/branches');
    expect(body.branches.map((branch) => [branch.id, branch.timeZone])).toEqual([
      ['bakersfield', 'America/Los_Angeles'],
      ['tehachapi', 'America/Los_Angeles'],
    ]);
  });

  it('shows active listings only, priced in dollars, each in the branch that claims its ZIP code', async () => {
    harness = await startHarness();
    const properties = await harness.properties();
    const active = harness.emulator.listings().filter((listing) => listing.status === 'active');
    expect(properties.map((p) => p.id).sort()).toEqual(active.map((listing) => listing.id).sort());
    expect(properties.every((p) => p.price.currency === 'USD' && p.channel === 'sales')).toBe(true);
    for (const listing of active) {
      const property = properties.find((p) => p.id === listing.id);
      const expected = ['93561', '93531'].includes(listing.zipCode) ? 'tehachapi' : 'bakersfield';
      expect(property?.branchId, listing.city).toBe(expected);
      expect(property?.price.amount).toBe(listing.listPrice);
      expect(property?.address).toBe(`${listing.address}, ${listing.city}, CA ${listing.zipCode}`);
    }
  });

  it('one odd listing is skipped and counted, the rest of the catalog loads', async () => {
    let odd = '';
    harness = await startHarness({
      intercept: async (request, answer) => {
        const response = await answer();
        if (!request.url.includes('/v1/listings')) return response;
        const json = Listings.parse(await response.json());
        const row = json.data.listings[2];
        if (row) {
          odd = String(row.id);
          // A price typed by hand in the CRM, as text: this one home cannot be offered.
          json.data.listings[2] = { ...row, list_price: 'Call for price' };
        }
        return Response.json(json);
      },
    });
    const properties = await harness.properties();
    const active = harness.emulator.listings().filter((listing) => listing.status === 'active');
    expect(odd).not.toBe('');
    expect(properties.map((p) => p.id).sort()).toEqual(
      active
        .map((listing) => listing.id)
        .filter((id) => id !== odd)
        .sort(),
    );
    expect(harness.backend.skipped.totals()).toEqual([{ reason: 'invalid', count: 1 }]);
  });

  it('says where a skipped listing sat and what was wrong, never what it held', async () => {
    const emulator = createActuallyCareEmulator({ now: () => NOW });
    const backend = new ActuallyCareBackend({
      baseUrl: 'http://actuallycare.sandbox',
      ...emulator.sandboxSettings(),
      apiKey: emulator.apiKey,
      now: () => NOW,
      fetch: async (input, init) => {
        const response = await emulator.fetch(new Request(input, init));
        const json = Listings.parse(await response.json());
        json.data.listings[0] = { ...json.data.listings[0], address: '', list_price: -1 };
        return Response.json(json);
      },
    });
    const told: unknown[] = [];
    backend.skipped.onSkip((record) => told.push(record));
    await backend.loadCatalog();
    expect(told).toEqual([
      { system: 'actuallycare', reason: 'invalid', path: 'GET /v1/listings?page=1 data.listings[0].address' },
    ]);
  });

  it('leaves out listings no branch claims when there is no default branch', async () => {
    const settings = createActuallyCareEmulator({ now: () => NOW }).sandboxSettings();
    harness = await startHarness({ backend: { ...settings, defaultBranchId: undefined } });
    const cities = new Set((await harness.properties()).map((p) => p.address.split(', ')[1]));
    expect(cities.has('Ridgecrest')).toBe(false);
    expect(cities.has('Bakersfield')).toBe(true);
  });
});

describe('free times from the agents’ calendars', () => {
  it('offers half-hour viewings within opening hours, each with an agent free of appointments and buffers', async () => {
    harness = await startHarness();
    const property = await tehachapiHome(harness);
    const { timeZone, slots } = await harness.slots(property.id);
    expect(timeZone).toBe('America/Los_Angeles');
    expect(slots.length).toBeGreaterThan(20);
    const agents = branchAgents(harness, 'tehachapi');
    const scheduled = harness.emulator.appointments().filter((row) => row.status === 'scheduled');
    for (const slot of slots) {
      expect(slot.start).toMatch(/-07:00$/);
      expect(minutes(slot.start, slot.end)).toBe(30);
      expect(slot.start.slice(11, 16) >= '09:00' && slot.end.slice(11, 16) <= '18:00').toBe(true);
      const free = agents.some(
        (agent) =>
          !scheduled.some(
            (row) =>
              row.userId === agent &&
              Date.parse(row.start) < Date.parse(slot.end) + 15 * 60_000 &&
              Date.parse(slot.start) - 15 * 60_000 < Date.parse(row.end),
          ),
      );
      expect(free, slot.start).toBe(true);
    }
    // 4 July 2026 falls on Saturday; 6 July 08:00 with two hours' notice opens at 10:00.
    expect(slots[0]?.start).toBe(`${TODAY}T10:00:00-07:00`);
  });

  it('reads every page of appointments, so one on the last page still blocks its time', async () => {
    // Pages of five rows, so each agent's calendar takes several pages.
    harness = await startHarness({
      emulator: { webhook: undefined },
      intercept: async (request, answer) => {
        if (!request.url.includes('/v1/appointments')) return answer();
        const url = new URL(request.url);
        url.searchParams.set('limit', '5');
        return harness!.emulator.fetch(new Request(url, request));
      },
    });
    const property = await tehachapiHome(harness);
    // Three weeks out sorts to the end of the list: only a client that reads all pages sees it.
    await everyoneBusy(
      harness,
      branchAgents(harness, 'tehachapi'),
      '2026-07-27T17:00:00Z',
      '2026-07-27T18:00:00Z',
    );
    harness.emulator.resetRequestCount();
    const { slots } = await harness.slots(property.id, '2026-07-27', 1);
    expect(harness.emulator.requestCount('/v1/appointments')).toBeGreaterThan(
      3 * branchAgents(harness, 'tehachapi').length,
    );
    expect(slots.map((slot) => slot.start.slice(11, 16))).not.toContain('10:00');
    expect(slots.length).toBeGreaterThan(5);
  });

  it('reads the calendars once for many properties and weeks, not once per visitor', async () => {
    harness = await startHarness();
    const properties = await harness.properties();
    harness.emulator.resetRequestCount();
    await harness.slots(properties[0]!.id);
    const reads = harness.emulator.requestCount('/v1/appointments');
    await Promise.all([harness.slots(properties[1]!.id), harness.slots(properties[2]!.id, '2026-07-13')]);
    expect(harness.emulator.requestCount('/v1/appointments')).toBe(reads);
  });

  it('gives a lot the hour-long viewing its settings ask for, shown by its listing agent only', async () => {
    harness = await startHarness();
    const lot = harness.emulator
      .listings()
      .find((listing) => listing.propertyType === 'land' && listing.city === 'Bakersfield')!;
    const { slots } = await harness.slots(lot.id);
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.every((slot) => minutes(slot.start, slot.end) === 60)).toBe(true);
    const booked = await harness.book({
      propertyId: lot.id,
      slotId: slots[0]!.id,
      guest,
      consent: { marketing: false },
    });
    expect(booked.status).toBe(201);
    if (!('booking' in booked.body)) throw new Error('no booking');
    const reference = booked.body.booking.reference;
    expect(harness.emulator.appointments().find((row) => row.id === reference)?.userId).toBe(
      lot.listingAgentId,
    );
  });
});

describe('booking a showing', () => {
  it('creates a showing in a free agent’s calendar and confirms it in the branch’s time', async () => {
    harness = await startHarness();
    const property = await tehachapiHome(harness);
    const { slots } = await harness.slots(property.id);
    const slot = slots[3]!;
    const { status, body } = await harness.book({
      propertyId: property.id,
      slotId: slot.id,
      guest,
      consent: { marketing: true },
      message: 'Is the garage detached?',
    });
    expect(status).toBe(201);
    if (!('booking' in body)) throw new Error('no booking');
    expect(body.booking).toMatchObject({
      propertyId: property.id,
      branchId: 'tehachapi',
      start: slot.start,
      end: slot.end,
      timeZone: 'America/Los_Angeles',
      status: 'confirmed',
    });
    const made = harness.emulator.appointments().find((row) => row.id === body.booking.reference);
    expect(made).toMatchObject({
      type: 'showing',
      status: 'scheduled',
      listingId: property.id,
      start: new Date(slot.start).toISOString(),
      description: expect.stringContaining('Is the garage detached?'),
      notes: expect.stringContaining('Marketing consent: yes'),
      attendees: [{ name: 'Dana Whitfield', email: guest.email, phone: guest.phone }],
    });
    expect(branchAgents(harness, 'tehachapi')).toContain(made?.userId);
  });

  it('answers 409 with other free times when every agent was booked meanwhile', async () => {
    // Pages of five rows, so each agent's calendar takes several pages.
    harness = await startHarness({
      emulator: { webhook: undefined },
      intercept: async (request, answer) => {
        if (!request.url.includes('/v1/appointments')) return answer();
        const url = new URL(request.url);
        url.searchParams.set('limit', '5');
        return harness!.emulator.fetch(new Request(url, request));
      },
    });
    const property = await tehachapiHome(harness);
    const { slots } = await harness.slots(property.id);
    const target = slots[5]!;
    await everyoneBusy(harness, branchAgents(harness, 'tehachapi'), target.start, target.end);
    const { status, body } = await harness.book({
      propertyId: property.id,
      slotId: target.id,
      guest,
      consent: { marketing: false },
    });
    expect(status).toBe(409);
    const error = ErrorResponse.parse(body).error;
    expect(error.code).toBe('slot_taken');
    expect(error.alternatives?.length).toBeGreaterThan(0);
    expect(error.alternatives?.some((alternative) => alternative.start === target.start)).toBe(false);
    const retry = await harness.book({
      propertyId: property.id,
      slotId: error.alternatives![0]!.id,
      guest,
      consent: { marketing: false },
    });
    expect(retry.status).toBe(201);
  });

  it('books the next free agent when the first is taken between the re-check and the booking', async () => {
    let firstChoice = '';
    harness = await startHarness({
      emulator: { webhook: undefined },
      intercept: async (request, answer) => {
        if (request.method === 'POST' && !firstChoice) {
          // Another booking lands in the chosen agent's calendar a moment before ours: ActuallyCare takes
          // both, and ours, made second, must give the time back.
          const wanted = Wanted.parse(await request.clone().json());
          const key = request.headers.get('x-api-key');
          firstChoice = harness!.emulator
            .agents()
            .find((agent) => harness!.emulator.keyFor(agent.id) === key)!.id;
          await harness!.emulator.addAppointment({
            userId: firstChoice,
            start: new Date(wanted.start_time),
            end: new Date(wanted.end_time),
          });
        }
        return answer();
      },
    });
    const property = await tehachapiHome(harness);
    const { slots } = await harness.slots(property.id);
    const free = slots.find((slot) => slot.start.includes('T11:00'))!;
    const { status, body } = await harness.book({
      propertyId: property.id,
      slotId: free.id,
      guest,
      consent: { marketing: false },
    });
    expect(status).toBe(201);
    if (!('booking' in body)) throw new Error('no booking');
    const made = harness.emulator.appointments().find((row) => row.id === body.booking.reference);
    expect(made?.userId).not.toBe(firstChoice);
    // The first agent keeps only the appointment that came first: the visitor's own was given back.
    const theirs = harness.emulator
      .appointments()
      .filter((row) => row.userId === firstChoice && row.start === new Date(free.start).toISOString());
    expect(theirs).toHaveLength(1);
    expect(theirs[0]?.attendees).toEqual([]);
  });

  it('refuses a slot id this backend never made', async () => {
    harness = await startHarness();
    const property = await tehachapiHome(harness);
    for (const slotId of ['YTF8MjAyNi0wNy0wN1QxMDowMDowMHwyMDI2LTA3LTA3VDEwOjMwOjAw', 'not-a-slot']) {
      const { status } = await harness.book({
        propertyId: property.id,
        slotId,
        guest,
        consent: { marketing: false },
      });
      expect(status).toBe(422);
    }
  });

  it('does not book a forged time the rules would never offer', async () => {
    harness = await startHarness();
    const property = await tehachapiHome(harness);
    const forged = Buffer.from('ac1|2026-07-07T03:00:00-07:00|2026-07-07T03:30:00-07:00').toString(
      'base64url',
    );
    const { status } = await harness.book({
      propertyId: property.id,
      slotId: forged,
      guest,
      consent: { marketing: false },
    });
    expect(status).toBe(409);
    expect(harness.emulator.appointments().some((row) => row.start === '2026-07-07T10:00:00.000Z')).toBe(
      false,
    );
  });
});

describe('when ActuallyCare misbehaves', () => {
  it('leaves out one appointment it cannot parse, counting it, and still offers the other free times', async () => {
    let spoiled: { start: string; end: string } | undefined;
    harness = await startHarness({
      intercept: async (request, answer) => {
        const response = await answer();
        if (!request.url.includes('/v1/appointments')) return response;
        const json = Page.parse(await response.json());
        const first = json.data.appointments[0];
        if (first) {
          spoiled ??= { start: String(first.start_time), end: String(first.end_time) };
          json.data.appointments[0] = { ...first, start_time: 'next Tuesday' };
        }
        return Response.json(json);
      },
    });
    const property = await tehachapiHome(harness);
    const response = await harness.call(`/v1/slots?propertyId=${property.id}&from=${TODAY}`);
    expect(response.status).toBe(200);
    expect(spoiled).toBeDefined();
    expect(harness.backend.skipped.totals()).toEqual([{ reason: 'invalid', count: expect.any(Number) }]);
  });

  it('names the field of malformed upstream data, and the code and error id of an error envelope', async () => {
    const emulator = createActuallyCareEmulator({ now: () => NOW });
    const backendWith = (respond: () => Response) =>
      new ActuallyCareBackend({
        ...emulator.sandboxSettings(),
        apiKey: 'k',
        fetch: async () => respond(),
        now: () => NOW,
      });
    await expect(
      backendWith(() =>
        Response.json({ success: true, data: { listings: [{ id: 'x' }], meta: {} } }),
      ).loadCatalog(),
    ).rejects.toMatchObject({
      code: 'upstream_error',
      message: expect.stringMatching(/listings page \(data\.meta\.page/),
    });
    const envelope = {
      success: false,
      error: { code: 'INTERNAL_ERROR', message: 'Internal server error', details: null },
      errorId: 'err-123',
      timestamp: NOW.toISOString(),
    };
    const failed = backendWith(() => Response.json(envelope, { status: 500 })).loadCatalog();
    await expect(failed).rejects.toBeInstanceOf(UpstreamError);
    await expect(failed).rejects.toMatchObject({
      code: 'upstream_unavailable',
      status: 500,
      message:
        'ActuallyCare refused the listings request (500 INTERNAL_ERROR: Internal server error) (error id err-123)',
    });
  });

  it('says the key was refused rather than blaming the visitor', async () => {
    const emulator = createActuallyCareEmulator({ now: () => NOW });
    const backend = new ActuallyCareBackend({
      ...emulator.sandboxSettings(),
      apiKey: 'revoked',
      fetch: async (input, init) => emulator.fetch(new Request(input, init)),
      now: () => NOW,
    });
    await expect(backend.loadCatalog()).rejects.toMatchObject({
      code: 'upstream_error',
      message: expect.stringContaining('401 UnauthorizedError: Authentication required'),
    });
    await expect(backend.loadCatalog()).rejects.not.toMatchObject({
      message: expect.stringContaining('revoked'),
    });
  });

  it('honours Retry-After: after a 429 nothing more is sent until the window ends, and visitors hear “busy”', async () => {
    harness = await startHarness({
      emulator: { rateLimit: { limit: 4, windowMs: 15 * 60_000 } },
      backend: { budget: new RateBudget({ limit: 480, windowMs: 15 * 60_000, maxWaitMs: { slots: 50 } }) },
    });
    const [first, second] = await harness.properties();
    // Listings took one call; the appointments need four pages: the last one is refused with 429.
    const refused = await harness.call(`/v1/slots?propertyId=${first!.id}&from=${TODAY}`);
    expect(refused.status).toBe(503);
    const sent = harness.emulator.requestCount();
    const waiting = await harness.call(`/v1/slots?propertyId=${second!.id}&from=2026-07-20`);
    expect(waiting.status).toBe(503);
    expect(ErrorResponse.parse(await waiting.json()).error.code).toBe('upstream_unavailable');
    expect(harness.emulator.requestCount()).toBe(sent);
  });
});
