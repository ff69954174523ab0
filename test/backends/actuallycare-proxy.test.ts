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

const Wanted = z.object({ user_id: z.string(), start_time: z.string(), end_time: z.string() });
/** Any appointments page, kept whole so a test can spoil one field and pass the rest on. */
const Page = z.looseObject({
  data: z.looseObject({ appointments: z.array(z.record(z.string(), z.unknown())) }),
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
    harness = await startHarness({ emulator: { webhook: undefined } });
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
    expect(harness.emulator.requestCount('/v1/appointments')).toBeGreaterThanOrEqual(4);
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
    harness = await startHarness({ emulator: { webhook: undefined } });
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
          // Another booking lands in the chosen agent's calendar a moment before ours.
          const wanted = Wanted.parse(await request.clone().json());
          firstChoice = wanted.user_id;
          await harness!.emulator.addAppointment({
            userId: wanted.user_id,
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
  it('answers 502 upstream_error for an appointment it cannot parse', async () => {
    harness = await startHarness({
      intercept: async (request, answer) => {
        const response = await answer();
        if (!request.url.includes('/v1/appointments')) return response;
        const json = Page.parse(await response.json());
        json.data.appointments[0] = { ...json.data.appointments[0], start_time: 'next Tuesday' };
        return Response.json(json);
      },
    });
    const property = await tehachapiHome(harness);
    const response = await harness.call(`/v1/slots?propertyId=${property.id}&from=${TODAY}`);
    expect(response.status).toBe(502);
    expect(ErrorResponse.parse(await response.json()).error.code).toBe('upstream_error');
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
      message: expect.stringMatching(/listings page \(data\.listings\.0\.address/),
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
      message: expect.stringContaining('401 UNAUTHORIZED: Authentication required'),
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
