import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BranchesResponse, ErrorResponse, SlotsResponse } from '../../src/contract/index.ts';
import {
  FEED_URL,
  TODAY,
  branchAgents,
  everyoneBusy,
  guest,
  startHarness,
  type Harness,
} from './officeplace-harness.ts';

let harness: Harness | undefined;
afterEach(() => harness?.stop());

const minutes = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 60_000;
const Wanted = z.object({
  adId: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  timeZone: z.string(),
});
/** The preview as the emulator serves it by default: a bare list. */
const Preview = z.array(z.record(z.string(), z.unknown()));

async function richmondFlat(h: Harness) {
  const property = (await h.properties('richmond')).find((candidate) => candidate.id === 'TW-R-L1');
  if (!property) throw new Error('no Richmond flat');
  return property;
}

describe('OfficePlace catalogue through the proxy', () => {
  it('offers the branches and properties of the agency’s feed, in London time and pounds', async () => {
    harness = await startHarness();
    const { body } = await harness.json(BranchesResponse, '/v1/branches');
    expect(body.branches).toEqual([
      expect.objectContaining({
        id: 'richmond',
        name: 'Richmond',
        timeZone: 'Europe/London',
        phone: '020 7946 0301',
      }),
      expect.objectContaining({ id: 'kingston', timeZone: 'Europe/London' }),
    ]);
    const properties = await harness.properties();
    expect(properties).toHaveLength(harness.emulator.feed().properties.length);
    expect(properties.find((p) => p.id === 'TW-R-L4')).toMatchObject({
      price: { amount: 425, currency: 'GBP', period: 'week' },
    });
    // The feed's viewing rules stay in the proxy: visitors see properties, not staff rotas.
    expect(JSON.stringify(properties)).not.toContain('viewing');
  });

  it('takes the catalogue from the settings when there is no feed', async () => {
    const feed = (await startHarness()).emulator.feed();
    harness = await startHarness({ backend: { catalogUrl: undefined, catalog: feed } });
    expect(await harness.properties()).toHaveLength(feed.properties.length);
  });

  it('one odd home in the feed is skipped and counted, the rest of the catalogue loads', async () => {
    harness = await startHarness({
      intercept: async (request, answer) => {
        const response = await answer();
        if (request.url !== FEED_URL) return response;
        const feed = z
          .looseObject({ properties: z.array(z.record(z.string(), z.unknown())) })
          .parse(await response.json());
        // One home without a price, one in a branch the feed does not list.
        feed.properties[0] = { ...feed.properties[0], price: undefined };
        feed.properties[1] = { ...feed.properties[1], branchId: 'twickenham' };
        return Response.json(feed);
      },
    });
    const listed = (await harness.properties()).map((property) => property.id);
    const all = harness.emulator.feed().properties.map((property) => property.id);
    expect(listed).toEqual(all.slice(2));
    expect(harness.backend.skipped.totals()).toEqual(
      expect.arrayContaining([
        { reason: 'invalid', count: 1 },
        { reason: 'unknown_branch', count: 1 },
      ]),
    );
  });

  it('keeps the proxy up but not ready when the feed is malformed, and says what is wrong', async () => {
    harness = await startHarness({
      intercept: async (request, answer) =>
        request.url === FEED_URL ? Response.json({ branches: [], properties: [] }) : answer(),
    });
    const response = await harness.call('/v1/branches');
    expect(response.status).toBe(503);
    expect(harness.proxy.catalog.lastError?.message).toMatch(/catalogue feed lists no branch/);
  });
});

describe('free times from the agents’ Outlook calendars', () => {
  it('offers half-hour viewings in opening hours when an agent is free, around the team meeting and lunch', async () => {
    harness = await startHarness();
    const property = await richmondFlat(harness);
    const { timeZone, slots } = await harness.slots(property.id);
    expect(timeZone).toBe('Europe/London');
    expect(slots.length).toBeGreaterThan(30);
    const agents = branchAgents(harness, 'richmond');
    const blocking = harness.emulator
      .appointments()
      .filter((row) => !row.isCancelled && row.showAs !== 'free');
    for (const slot of slots) {
      expect(minutes(slot.start, slot.end)).toBe(30);
      expect(slot.start).toMatch(/\+00:00$/);
      const free = agents.some(
        (adId) =>
          !blocking.some(
            (row) =>
              row.adId === adId &&
              Date.parse(row.start) < Date.parse(slot.end) + 15 * 60_000 &&
              Date.parse(slot.start) - 15 * 60_000 < Date.parse(row.end),
          ),
      );
      expect(free, slot.start).toBe(true);
    }
    // Monday 08:00 with two hours' notice; the whole team is in the 09:00 meeting anyway.
    expect(slots[0]!.start >= `${TODAY}T10:00:00+00:00`).toBe(true);
  });

  it('reads each eligible agent’s calendar once, and shares it between properties of the branch', async () => {
    harness = await startHarness();
    const [first, second] = await harness.properties('richmond');
    harness.emulator.resetRequestCount();
    await harness.slots(first!.id);
    const previews = harness.emulator.requestCount('/appointment/preview');
    expect(previews).toBe(branchAgents(harness, 'richmond').length);
    await harness.slots(second!.id);
    expect(harness.emulator.requestCount('/appointment/preview')).toBe(previews);
  });

  it('offers the family house on Saturdays only, for an hour, as its feed entry asks', async () => {
    harness = await startHarness();
    const { slots } = await harness.slots('TW-K-S2', TODAY, 14);
    expect(slots.length).toBeGreaterThan(0);
    expect(new Set(slots.map((slot) => new Date(slot.start).getUTCDay()))).toEqual(new Set([6]));
    expect(slots.every((slot) => minutes(slot.start, slot.end) === 60)).toBe(true);
  });

  it('counts a calendar entry it cannot read and offers that agent no time of the window, the others as usual', async () => {
    let odd = '';
    harness = await startHarness({
      intercept: async (request, answer) => {
        const response = await answer();
        if (!request.url.includes('/appointment/preview') || !request.url.includes(odd)) return response;
        const rows = Preview.parse(await response.json());
        rows[0] = { ...rows[0], startTime: 'after lunch' };
        return Response.json(rows);
      },
    });
    odd = branchAgents(harness, 'richmond')[0]!;
    const { body } = await harness.json(SlotsResponse, `/v1/slots?propertyId=TW-R-L1&from=${TODAY}`);
    expect(body.slots.length).toBeGreaterThan(0);
    expect(harness.backend.skipped.totals()).toEqual([{ reason: 'invalid', count: expect.any(Number) }]);
    const booked = await harness.book({
      slotId: body.slots[0]!.id,
      propertyId: 'TW-R-L1',
      guest,
      consent: { marketing: false },
    });
    expect(booked.status).toBe(201);
    expect(harness.emulator.appointments(odd).some((row) => row.subject.endsWith('Eleanor Marsh'))).toBe(
      false,
    );
  });

  it('answers 502 for a calendar answer of the wrong shape', async () => {
    harness = await startHarness({
      intercept: async (request, answer) =>
        request.url.includes('/appointment/preview') ? Response.json({ data: [] }) : answer(),
    });
    const response = await harness.call(`/v1/slots?propertyId=TW-R-L1&from=${TODAY}`);
    expect(response.status).toBe(502);
    expect(ErrorResponse.parse(await response.json()).error.code).toBe('upstream_error');
  });
});

describe('booking a viewing into an agent’s calendar', () => {
  it('creates the viewing in a free agent’s calendar, with the visitor’s details for the agent', async () => {
    harness = await startHarness();
    const property = await richmondFlat(harness);
    const slot = (await harness.slots(property.id)).slots[2]!;
    const { status, body } = await harness.book({
      propertyId: property.id,
      slotId: slot.id,
      guest,
      consent: { marketing: false },
      message: 'Could we see the garden too?',
    });
    expect(status).toBe(201);
    if (!('booking' in body)) throw new Error('no booking');
    expect(body.booking).toMatchObject({
      propertyId: property.id,
      branchId: 'richmond',
      start: slot.start,
      end: slot.end,
      timeZone: 'Europe/London',
      status: 'confirmed',
    });
    const made = harness.emulator.appointments().find((row) => row.appointmentId === body.booking.reference);
    expect(made).toMatchObject({
      start: new Date(slot.start).toISOString(),
      end: new Date(slot.end).toISOString(),
      timeZone: 'Europe/London',
      showAs: 'busy',
      location: property.address,
      subject: `Viewing — ${property.address} — Eleanor Marsh`,
    });
    expect(made?.body.content).toContain('Could we see the garden too?');
    expect(made?.body.content).toContain(guest.phone);
    expect(branchAgents(harness, 'richmond')).toContain(made?.adId);
  });

  it('answers 409 with other free times when every agent’s calendar filled meanwhile', async () => {
    harness = await startHarness();
    const property = await richmondFlat(harness);
    const target = (await harness.slots(property.id)).slots[4]!;
    everyoneBusy(harness, branchAgents(harness, 'richmond'), target.start, target.end);
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
  });

  it('books the next free agent when the first one’s calendar filled just before the viewing reached it', async () => {
    let firstChoice = '';
    harness = await startHarness({
      intercept: async (request, answer) => {
        if (request.method === 'POST' && request.url.endsWith('/appointment') && !firstChoice) {
          const wanted = Wanted.parse(await request.clone().json());
          firstChoice = wanted.adId;
          harness!.emulator.addAppointment({
            adId: wanted.adId,
            subject: 'Phone booking',
            start: new Date(wanted.startTime),
            end: new Date(wanted.endTime),
          });
        }
        return answer();
      },
    });
    const property = await richmondFlat(harness);
    const slot = (await harness.slots(property.id)).slots.find((candidate) =>
      candidate.start.includes('T11:00'),
    )!;
    const { status, body } = await harness.book({
      propertyId: property.id,
      slotId: slot.id,
      guest,
      consent: { marketing: false },
    });
    expect(status).toBe(201);
    if (!('booking' in body)) throw new Error('no booking');
    expect(
      harness.emulator.appointments().find((row) => row.appointmentId === body.booking.reference)?.adId,
    ).not.toBe(firstChoice);
    // The viewing first made in that calendar gave way to the phone booking there before it.
    expect(
      harness.emulator
        .appointments(firstChoice)
        .filter((row) => row.start === new Date(slot.start).toISOString())
        .map((row) => row.subject),
    ).toEqual(['Phone booking']);
  });

  it('marks the viewing busy in the agent’s free/busy, in the form the settings give', async () => {
    const sent: unknown[] = [];
    harness = await startHarness({
      backend: { showAsStatus: 'Busy' },
      intercept: async (request, answer) => {
        if (request.method === 'POST' && request.url.endsWith('/appointment')) {
          sent.push(await request.clone().json());
        }
        return answer();
      },
    });
    const property = await richmondFlat(harness);
    const slot = (await harness.slots(property.id)).slots[0]!;
    const { status } = await harness.book({
      propertyId: property.id,
      slotId: slot.id,
      guest,
      consent: { marketing: false },
    });
    expect(status).toBe(201);
    expect(sent).toEqual([expect.objectContaining({ showAsStatus: 'Busy', subject: expect.any(String) })]);
  });

  it('refuses a slot id from another system', async () => {
    harness = await startHarness();
    const forged = Buffer.from('ac1|2026-11-24T10:00:00+00:00|2026-11-24T10:30:00+00:00').toString(
      'base64url',
    );
    const { status } = await harness.book({
      propertyId: 'TW-R-L1',
      slotId: forged,
      guest,
      consent: { marketing: false },
    });
    expect(status).toBe(422);
  });
});

describe('OfficePlace tokens', () => {
  it('uses one token for many calls and renews it shortly before it expires, never sending an expired one', async () => {
    harness = await startHarness();
    const property = await richmondFlat(harness);
    harness.emulator.resetRequestCount();
    await harness.slots(property.id);
    await harness.slots(property.id, '2026-11-30');
    expect(harness.emulator.requestCount('/authentication/token')).toBe(1);

    harness.advance(58 * 60_000);
    await harness.slots(property.id, '2026-12-07');
    expect(harness.emulator.requestCount('/authentication/token')).toBe(1);

    // 59½ minutes in: within the last minute of the hour, the token is renewed before the call.
    harness.advance(90_000);
    await harness.slots(property.id, '2026-12-14');
    expect(harness.emulator.requestCount('/authentication/token')).toBe(2);

    harness.advance(61 * 60_000);
    const response = await harness.call(`/v1/slots?propertyId=${property.id}&from=2026-11-24`);
    expect(response.status).toBe(200);
    expect(harness.emulator.requestCount('/authentication/token')).toBe(3);
  });

  it('gets a new token once when the Connector stops accepting the current one early', async () => {
    harness = await startHarness();
    const property = await richmondFlat(harness);
    await harness.slots(property.id);
    harness.emulator.revokeTokens();
    harness.emulator.resetRequestCount();
    const response = await harness.call(`/v1/slots?propertyId=${property.id}&from=2026-11-30`);
    expect(response.status).toBe(200);
    expect(harness.emulator.requestCount('/authentication/token')).toBe(1);
  });

  it('says the client credentials were refused rather than blaming the visitor', async () => {
    harness = await startHarness({ backend: { clientSecret: 'rotated-last-week' } });
    const response = await harness.call(`/v1/slots?propertyId=TW-R-L1&from=${TODAY}`);
    expect(response.status).toBe(502);
    await expect(
      harness.backend.client.preview(
        harness.emulator.domainId,
        branchAgents(harness, 'richmond')[0]!,
        new Date(),
        new Date(),
        'slots',
      ),
    ).rejects.toMatchObject({
      code: 'upstream_error',
      message: 'OfficePlace refused the token request (401: Invalid client credentials.)',
    });
  });
});
