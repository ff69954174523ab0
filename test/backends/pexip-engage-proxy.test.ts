import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BranchesResponse, ErrorResponse, PropertiesResponse, Property } from '../../src/contract/index.ts';
import type { PexipEngageEmulator } from '../../src/sandbox/pexip-engage/index.ts';
import { ANTWERP, SECRET, startHarness, TODAY, UTRECHT, type Harness } from './pexip-engage-harness.ts';

const guest = {
  firstName: 'Ana',
  lastName: 'Silva',
  email: 'ana.silva@example.org',
  phone: '+32 470 12 34 56',
};

async function propertyAt(harness: Harness, branchId: string) {
  const { body } = await harness.json(
    `/v1/properties?branchId=${branchId}&channel=lettings`,
    PropertiesResponse,
  );
  const property = body.properties[0];
  if (!property) throw new Error('no property at that branch');
  return property;
}

/** An access token of the emulator's own, for acting on Pexip as the agency's staff would. */
async function staffToken(emulator: PexipEngageEmulator): Promise<string> {
  const response = await emulator.fetch(
    new Request(`http://sandbox/realms/${emulator.enterprise}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: emulator.clientId,
        client_secret: emulator.clientSecret,
      }),
    }),
  );
  return z.object({ access_token: z.string() }).parse(await response.json()).access_token;
}

/** Books `start`–`end` at Antwerp for one agent directly in Pexip, as a phone call to the office would. */
async function bookDirectly(
  emulator: PexipEngageEmulator,
  token: string,
  start: string,
  end: string,
  employeeId: string,
) {
  return emulator.fetch(
    new Request(`http://sandbox/enterprises/${emulator.enterprise}/appointments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        start,
        end,
        subjectId: emulator.viewingSubjectId,
        officeId: ANTWERP,
        meetingType: 'OFFICE',
        appointmentParticipants: [
          { role: 'PRIMARY', participantId: emulator.customers()[0]?.id, type: 'CUSTOMER' },
          { role: 'PRIMARY', participantId: employeeId, type: 'EMPLOYEE' },
        ],
      }),
    }),
  );
}

/** An Appointment webhook as Pexip sends it, reduced to the fields that matter to the receiver. */
function envelope(fields: {
  id: string;
  eventType: string;
  appointmentId: string;
  updatedAt: string;
  officeId: string;
}) {
  return {
    id: fields.id,
    correlationId: `corr-${fields.id}`,
    webhookConfigurationId: 'whc-1',
    version: '1',
    entity: 'Appointment',
    data: {
      eventType: fields.eventType,
      message: null,
      appointment: {
        id: fields.appointmentId,
        office: { id: fields.officeId, timeZone: 'Europe/Brussels' },
        listing: null,
        status: fields.eventType === 'CANCEL' ? 'CANCELLED' : 'ACCEPTED',
        updatedAt: fields.updatedAt,
        start: '2026-11-24T09:00:00+00:00',
        end: '2026-11-24T09:30:00+00:00',
      },
      previousAppointment: null,
    },
  };
}

let harness: Harness;
afterEach(() => harness?.stop());

describe('Pexip Engage behind the proxy', () => {
  it('lists the agency’s offices as branches in their zones, and its active listings as properties in euros', async () => {
    harness = await startHarness();
    const branches = await harness.json('/v1/branches', BranchesResponse);
    expect(branches.body.branches.map((b) => [b.name, b.timeZone])).toEqual([
      ['Antwerp', 'Europe/Brussels'],
      ['Ghent', 'Europe/Brussels'],
      ['Brussels', 'Europe/Brussels'],
      ['Utrecht', 'Europe/Amsterdam'],
    ]);
    const { body } = await harness.json('/v1/properties?limit=100', PropertiesResponse);
    expect(body.properties).toHaveLength(
      harness.emulator.listings().filter((listing) => listing.active).length,
    );
    const lettings = body.properties.filter((p) => p.channel === 'lettings');
    expect(lettings.every((p) => p.price.currency === 'EUR' && p.price.period === 'month')).toBe(true);
    expect(
      body.properties.filter((p) => p.channel === 'sales').every((p) => p.price.period === undefined),
    ).toBe(true);
    expect(body.properties.find((p) => p.branchId === ANTWERP)?.address).toMatch(
      /, 2\d{3} (Antwerpen|Berchem|Borgerhout)$/,
    );
  });

  it('skips and counts one odd listing and one no office shows, and the rest of the catalog loads', async () => {
    const odd = (row: Record<string, unknown>, index: number) => {
      if (index === 2) return { ...row, translations: { name: 'not a list of translations' } };
      if (index === 5) return { ...row, tags: ['apartment', 'channel:lettings', 'price:1100'] };
      return row;
    };
    harness = await startHarness({
      intercept: async (request, answer) => {
        const response = await answer();
        if (!new URL(request.url).pathname.endsWith('/listings')) return response;
        const page = z
          .object({ data: z.array(z.record(z.string(), z.unknown())), meta: z.unknown() })
          .parse(await response.json());
        return Response.json({ ...page, data: page.data.map(odd) });
      },
    });
    const { body } = await harness.json('/v1/properties?limit=100', PropertiesResponse);
    const active = harness.emulator.listings().filter((listing) => listing.active);
    expect(body.properties).toHaveLength(active.length - 2);
    const listed = new Set(body.properties.map((property) => property.id));
    const [, , malformed, , , homeless] = harness.emulator.listings();
    expect(listed.has(malformed!.id)).toBe(false);
    expect(listed.has(homeless!.id)).toBe(false);
    expect(harness.backend.skipped.totals()).toEqual([
      { reason: 'invalid', count: 1 },
      { reason: 'no_office', count: 1 },
    ]);
  });

  it('takes a listing’s office, channel and price from the agency’s configuration over its tags', async () => {
    harness = await startHarness({
      backend: {
        listings: { 'SD-ANT-H001': { offices: ['OFF-UTRECHT'], channel: 'sales', price: 325_000 } },
      },
    });
    const seeded = harness.emulator.listings().find((row) => row.externalId === 'SD-ANT-H001')!;
    const { body } = await harness.json(`/v1/properties/${seeded.id}`, z.object({ property: Property }));
    expect(body.property).toMatchObject({
      branchId: UTRECHT,
      channel: 'sales',
      price: { amount: 325_000, currency: 'EUR' },
      bedrooms: seeded.bedrooms,
    });
    expect(body.property.price).not.toHaveProperty('period');
  });

  it('shows free times on the branch’s wall clock, from two hours ahead', async () => {
    harness = await startHarness();
    const antwerp = await harness.slotsOf((await propertyAt(harness, ANTWERP)).id);
    expect(antwerp.timeZone).toBe('Europe/Brussels');
    expect(antwerp.slots[0]?.start).toBe('2026-11-23T11:00:00+01:00');
    expect(antwerp.slots.every((slot) => slot.start.endsWith('+01:00'))).toBe(true);
    const days = new Set(antwerp.slots.map((slot) => slot.start.slice(0, 10)));
    expect([...days].every((day) => day >= TODAY && day <= '2026-11-29')).toBe(true);
    const utrecht = await harness.slotsOf((await propertyAt(harness, UTRECHT)).id);
    expect(utrecht.timeZone).toBe('Europe/Amsterdam');
  });

  it('books a viewing with the visitor as a new primary customer, and gives the agent their message, consent and where they came from', async () => {
    harness = await startHarness();
    const property = await propertyAt(harness, ANTWERP);
    const [slot] = (await harness.slotsOf(property.id)).slots;
    if (!slot) throw new Error('no free time');
    const customersBefore = harness.emulator.customers().length;
    const { status, body } = await harness.book({
      propertyId: property.id,
      slotId: slot.id,
      guest,
      consent: { marketing: true },
      message: 'Is there a cellar?',
      source: { page: 'https://immo-antwerpen.example/te-huur', utm_source: 'immoweb' },
    });
    expect(status).toBe(201);
    expect(body).toEqual({
      booking: {
        reference: harness.emulator.appointments()[0]?.id,
        propertyId: property.id,
        branchId: ANTWERP,
        start: slot.start,
        end: slot.end,
        timeZone: 'Europe/Brussels',
        status: 'confirmed',
        manageUrl: expect.stringMatching(/^http:\/\/proxy\.test\/manage\/[\w-]+$/),
        calendar: {
          ics: expect.stringMatching(/\/calendar\.ics$/),
          google: expect.stringMatching(/^https:\/\/calendar\.google\.com\//),
          outlook: expect.stringMatching(/^https:\/\/outlook\.live\.com\//),
        },
      },
    });
    const customers = harness.emulator.customers();
    expect(customers).toHaveLength(customersBefore + 1);
    const created = customers.find((customer) => customer.email === guest.email);
    const [appointment] = harness.emulator.appointments();
    expect(appointment).toMatchObject({
      listingId: property.id,
      officeId: ANTWERP,
      customerId: created?.id,
      meetingType: 'OFFICE',
      status: 'ACCEPTED',
      metadata: {
        source: 'viewing-widget',
        marketingConsent: true,
        visitorMessage: 'Is there a cellar?',
        sourcePage: 'https://immo-antwerpen.example/te-huur',
        utm_source: 'immoweb',
      },
    });
    expect(appointment?.internalNotes).toContain('Message from the visitor: Is there a cellar?');
    expect(appointment?.internalNotes).toContain('Marketing consent: yes.');
    expect(appointment?.internalNotes).toContain(
      'Came from: https://immo-antwerpen.example/te-huur, utm_source=immoweb',
    );
  });

  it('attaches the booking to the customer the agency already knows by that e-mail, and tells the browser nothing about them', async () => {
    harness = await startHarness();
    const known = harness.emulator.customers().find((customer) => customer.lastName === 'Jacobs');
    if (!known) throw new Error('no known customer');
    const property = await propertyAt(harness, ANTWERP);
    const [slot] = (await harness.slotsOf(property.id)).slots;
    const { status, body } = await harness.book({
      propertyId: property.id,
      slotId: slot?.id,
      guest: {
        firstName: 'Emma',
        lastName: 'Jacobs',
        email: known.email.toUpperCase(),
        phone: '+32 470 99 99 99',
      },
      consent: { marketing: false },
    });
    expect(status).toBe(201);
    expect(harness.emulator.customers().filter((customer) => customer.lastName === 'Jacobs')).toHaveLength(1);
    expect(harness.emulator.appointments()[0]?.customerId).toBe(known.id);
    expect(JSON.stringify(body)).not.toContain(known.id);
    expect(JSON.stringify(body)).not.toContain(known.phoneNumber ?? '?');
  });

  it('books for the customer whose e-mail was registered between the look-up and the booking, not a second one', async () => {
    let lookups = 0;
    harness = await startHarness({
      // The first look-up misses, as it would have a moment before another tab registered the address.
      intercept: async (request, answer) =>
        request.method === 'GET' && request.url.includes('/customers?') && ++lookups === 1
          ? Response.json({ data: [], meta: { offset: 0, limit: 10, totalCount: 0 } })
          : answer(),
    });
    const known = harness.emulator.customers().find((customer) => customer.lastName === 'Mertens');
    const property = await propertyAt(harness, ANTWERP);
    const [slot] = (await harness.slotsOf(property.id)).slots;
    const { status } = await harness.book({
      propertyId: property.id,
      slotId: slot?.id,
      guest: { ...guest, email: known?.email },
      consent: { marketing: false },
    });
    expect(status).toBe(201);
    expect(lookups).toBe(2);
    expect(harness.emulator.appointments()[0]?.customerId).toBe(known?.id);
    expect(harness.emulator.customers().filter((customer) => customer.email === known?.email)).toHaveLength(
      1,
    );
  });

  it('answers 409 with bookable alternatives when the office filled the time by phone after the visitor saw it', async () => {
    harness = await startHarness();
    const property = await propertyAt(harness, ANTWERP);
    const [slot] = (await harness.slotsOf(property.id)).slots;
    if (!slot) throw new Error('no free time');
    const token = await staffToken(harness.emulator);
    for (const agent of harness.emulator.employees().filter((person) => person.officeId === ANTWERP)) {
      await bookDirectly(
        harness.emulator,
        token,
        new Date(slot.start).toISOString(),
        new Date(slot.end).toISOString(),
        agent.id,
      );
    }
    expect((await harness.slotsOf(property.id)).slots.some((s) => s.id === slot.id)).toBe(true);

    const taken = await harness.book({
      propertyId: property.id,
      slotId: slot.id,
      guest,
      consent: { marketing: false },
    });
    expect(taken.status).toBe(409);
    const error = ErrorResponse.parse(taken.body).error;
    expect(error.code).toBe('slot_taken');
    const alternatives = error.alternatives ?? [];
    expect(alternatives.length).toBe(6);
    expect(alternatives.some((alternative) => alternative.start === slot.start)).toBe(false);
    const retry = await harness.book({
      propertyId: property.id,
      slotId: alternatives[0]?.id,
      guest,
      consent: { marketing: false },
    });
    expect(retry.status).toBe(201);
  });

  it('answers 409 when every free agent is taken between the live check and the booking itself', async () => {
    let token: string | undefined;
    harness = await startHarness({
      intercept: async (request, answer) => {
        // Only the booking posts here, once `harness` is set; the catalog sync before it only reads.
        if (request.method === 'POST' && request.url.endsWith('/appointments')) {
          const { emulator } = harness;
          const wanted = z
            .object({
              start: z.string(),
              end: z.string(),
              appointmentParticipants: z.array(z.object({ participantId: z.string(), type: z.string() })),
            })
            .parse(await request.clone().json());
          const agent =
            wanted.appointmentParticipants.find((p) => p.type === 'EMPLOYEE')?.participantId ?? '';
          token ??= await staffToken(emulator);
          expect((await bookDirectly(emulator, token, wanted.start, wanted.end, agent)).status).toBe(201);
        }
        return answer();
      },
    });
    const property = await propertyAt(harness, ANTWERP);
    const [slot] = (await harness.slotsOf(property.id)).slots;
    const { status, body } = await harness.book({
      propertyId: property.id,
      slotId: slot?.id,
      guest,
      consent: { marketing: false },
    });
    expect(status).toBe(409);
    expect(ErrorResponse.parse(body).error.code).toBe('slot_taken');
    expect(
      harness.emulator.appointments().every((a) => a.customerId === harness.emulator.customers()[0]?.id),
    ).toBe(true);
  });

  it('refuses a slot id made for another branch, without booking anything', async () => {
    harness = await startHarness();
    const [utrechtSlot] = (await harness.slotsOf((await propertyAt(harness, UTRECHT)).id)).slots;
    const antwerp = await propertyAt(harness, ANTWERP);
    const { status, body } = await harness.book({
      propertyId: antwerp.id,
      slotId: utrechtSlot?.id,
      guest,
      consent: { marketing: false },
    });
    expect(status).toBe(422);
    expect(ErrorResponse.parse(body).error.fields).toHaveProperty('slotId');
    expect(harness.emulator.appointments()).toEqual([]);
  });

  it('costs the same upstream calls whether or not Pexip knows the visitor’s e-mail, reusing the catalog’s token', async () => {
    harness = await startHarness({ proxy: { metricsToken: 'a metrics token of sixteen+' } });
    const property = await propertyAt(harness, ANTWERP);
    const [first, second] = (await harness.slotsOf(property.id)).slots;
    const callsMade = async () => {
      const text = await (
        await harness.call('/metrics', { headers: { authorization: 'Bearer a metrics token of sixteen+' } })
      ).text();
      return Number(/^viewing_upstream_calls_total\{[^}]*\} (\d+)$/m.exec(text)?.[1]);
    };
    const cost = async (email: string, slotId: string | undefined) => {
      harness.emulator.resetRequestCount();
      const before = await callsMade();
      const { status } = await harness.book({
        propertyId: property.id,
        slotId,
        guest: { ...guest, email },
        consent: { marketing: false },
      });
      expect(status).toBe(201);
      return { upstream: harness.emulator.requestCount(), counted: (await callsMade()) - before };
    };
    const known = await cost(harness.emulator.customers()[0]!.email, first?.id);
    const unknown = await cost('never.seen.before@example.org', second?.id);

    expect(known).toEqual(unknown);
    expect(known).toEqual({ upstream: 4, counted: 4 });
    expect(harness.emulator.requestCount('/openid-connect/token')).toBe(0);
  });
});

describe('Pexip Engage webhooks through the proxy', () => {
  /** Primes the slot cache of one property per office, then counts what the upstream is asked. */
  async function primed() {
    harness = await startHarness();
    const antwerp = await propertyAt(harness, ANTWERP);
    const utrecht = await propertyAt(harness, UTRECHT);
    await harness.slotsOf(antwerp.id);
    await harness.slotsOf(utrecht.id);
    harness.emulator.resetRequestCount();
    const timetableCalls = async (propertyId: string) => {
      const before = harness.emulator.requestCount('/timetable');
      await harness.slotsOf(propertyId);
      return harness.emulator.requestCount('/timetable') - before;
    };
    return { antwerp, utrecht, timetableCalls };
  }

  const cancel = (id: string, updatedAt: string, officeId = ANTWERP) =>
    envelope({ id, eventType: 'CANCEL', appointmentId: 'appt-1', updatedAt, officeId });

  it('refuses a delivery without the agency’s secret with 401, and keeps serving from the cache', async () => {
    const { antwerp, timetableCalls } = await primed();
    for (const secret of ['wrong', '', SECRET.slice(0, -1), `${SECRET}!`]) {
      const { status, body } = await harness.webhook(cancel('evt-1', '2026-11-23T07:45:00Z'), secret);
      expect(status).toBe(401);
      expect(ErrorResponse.parse(body).error.code).toBe('unauthorized');
    }
    expect(await timetableCalls(antwerp.id)).toBe(0);
    // The refused deliveries were not remembered: the genuine one still counts.
    expect((await harness.webhook(cancel('evt-1', '2026-11-23T07:45:00Z'))).body).toEqual({
      ok: true,
      outcome: 'refresh',
    });
  });

  it('takes the secret from the end of the webhook URL, as Pexip’s webhook settings can hold it, and refuses a wrong one there', async () => {
    const { antwerp, timetableCalls } = await primed();
    for (const secret of ['wrong-secret-of-some-length', SECRET.slice(0, -1)]) {
      const { status } = await harness.webhookTo(cancel('evt-1', '2026-11-23T07:45:00Z'), secret);
      expect(status).toBe(401);
    }
    expect(await timetableCalls(antwerp.id)).toBe(0);
    const { status, body } = await harness.webhookTo(cancel('evt-1', '2026-11-23T07:45:00Z'), SECRET);
    expect([status, body]).toEqual([200, { ok: true, outcome: 'refresh' }]);
    expect(await timetableCalls(antwerp.id)).toBe(1);
  });

  it('refreshes the free times of every property of the office whose agenda changed, and only those', async () => {
    const { antwerp, utrecht, timetableCalls } = await primed();
    const { status, body } = await harness.webhook(cancel('evt-1', '2026-11-23T07:45:00Z'));
    expect([status, body]).toEqual([200, { ok: true, outcome: 'refresh' }]);
    expect(await timetableCalls(antwerp.id)).toBe(1);
    expect(await timetableCalls(antwerp.id)).toBe(0);
    expect(await timetableCalls(utrecht.id)).toBe(0);
  });

  it('acts once on an event Pexip delivered twice', async () => {
    const { antwerp, timetableCalls } = await primed();
    await harness.webhook(cancel('evt-1', '2026-11-23T07:45:00Z'));
    await timetableCalls(antwerp.id);
    const again = await harness.webhook(cancel('evt-1', '2026-11-23T07:45:00Z'));
    expect(again).toEqual({ status: 200, body: { ok: true, outcome: 'ignored' } });
    expect(await timetableCalls(antwerp.id)).toBe(0);
  });

  it('does not act on an old event sent again under a new id, nor on one dated ahead of the clock', async () => {
    const { antwerp, timetableCalls } = await primed();
    // A genuine delivery from yesterday, replayed once its id is forgotten (or under an id never seen).
    const replayed = cancel('evt-replayed', '2026-11-22T08:00:00Z');
    expect(await harness.webhook(replayed)).toEqual({ status: 200, body: { ok: true, outcome: 'ignored' } });
    const ahead = cancel('evt-ahead', '2026-11-23T09:00:00Z');
    expect(await harness.webhook(ahead)).toEqual({ status: 200, body: { ok: true, outcome: 'ignored' } });
    expect(await timetableCalls(antwerp.id)).toBe(0);
    // An update from a few minutes ago is still acted on.
    expect((await harness.webhook(cancel('evt-recent', '2026-11-23T07:50:00Z'))).body).toEqual({
      ok: true,
      outcome: 'refresh',
    });
    expect(await timetableCalls(antwerp.id)).toBe(1);
  });

  it('ignores an update older than one already applied to the same appointment, whatever order they arrive in', async () => {
    const { antwerp, timetableCalls } = await primed();
    await harness.webhook(cancel('evt-2', '2026-11-23T07:50:00Z'));
    await timetableCalls(antwerp.id);
    const late = envelope({
      id: 'evt-1',
      eventType: 'CREATE',
      appointmentId: 'appt-1',
      updatedAt: '2026-11-23T07:45:00Z',
      officeId: ANTWERP,
    });
    expect((await harness.webhook(late)).body).toEqual({ ok: true, outcome: 'ignored' });
    expect(await timetableCalls(antwerp.id)).toBe(0);
    const newer = cancel('evt-3', '2026-11-23T07:55:00Z');
    expect((await harness.webhook(newer)).body).toEqual({ ok: true, outcome: 'refresh' });
  });

  it('refuses a body that is not an Appointment event with 400, and acknowledges other entities without acting', async () => {
    await primed();
    expect((await harness.webhook('{"id":')).status).toBe(400);
    const noUpdatedAt = cancel('evt-9', '2026-11-23T07:45:00Z');
    const { status, body } = await harness.webhook({
      ...noUpdatedAt,
      data: { ...noUpdatedAt.data, appointment: { ...noUpdatedAt.data.appointment, updatedAt: 'yesterday' } },
    });
    expect(status).toBe(400);
    expect(ErrorResponse.parse(body).error.message).toContain('data.appointment.updatedAt');
    expect(
      (await harness.webhook({ ...cancel('evt-10', '2026-11-23T07:45:00Z'), entity: 'Customer' })).body,
    ).toEqual({
      ok: true,
      outcome: 'ignored',
    });
  });

  it('shows visitors a time the office cancelled in the back office as soon as Pexip tells the proxy', async () => {
    harness = await startHarness({ deliverWebhooks: { secret: SECRET } });
    const property = await propertyAt(harness, ANTWERP);
    const before = await harness.slotsOf(property.id);
    const offered = new Set(before.slots.map((slot) => Date.parse(slot.start)));
    const cancellable = harness.emulator
      .allAppointments()
      .find(
        (a) =>
          a.seeded &&
          a.officeId === ANTWERP &&
          a.status === 'ACCEPTED' &&
          a.start >= '2026-11-24' &&
          a.start < '2026-11-30' &&
          !offered.has(Date.parse(a.start)),
      );
    if (!cancellable) throw new Error('every booked time in Antwerp is also free with another agent');
    harness.emulator.resetRequestCount();
    expect(await harness.slotsOf(property.id)).toEqual(before);
    expect(harness.emulator.requestCount()).toBe(0);

    expect(harness.emulator.cancelAppointment(cancellable.id)?.status).toBe('CANCELLED');
    await harness.emulator.webhooksSettled();
    expect(harness.emulator.webhookAttempts().map((a) => [a.eventType, a.status])).toEqual([['CANCEL', 200]]);
    const after = await harness.slotsOf(property.id);
    expect(harness.emulator.requestCount('/timetable')).toBe(1);
    expect(after.slots.map((slot) => Date.parse(slot.start))).toContain(Date.parse(cancellable.start));
  });

  it('shows a misconfigured secret as deliveries Pexip tries three times and the proxy refuses each time', async () => {
    harness = await startHarness({ deliverWebhooks: { secret: 'the old secret' } });
    const seeded = harness.emulator
      .allAppointments()
      .find((a) => a.seeded && a.status === 'ACCEPTED' && a.start > '2026-11-24');
    harness.emulator.cancelAppointment(seeded?.id ?? '');
    await harness.emulator.webhooksSettled();
    expect(harness.emulator.webhookAttempts().map((a) => a.status)).toEqual([401, 401, 401]);
  });
});
