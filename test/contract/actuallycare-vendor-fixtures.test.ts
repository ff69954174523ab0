import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ActuallyCareBackend, ActuallyCareSettings } from '../../src/backends/actuallycare/index.ts';
import { Calendars } from '../../src/backends/actuallycare/calendars.ts';
import { ActuallyCareClient } from '../../src/backends/actuallycare/client.ts';
import { adaptListing, branchFor, showing } from '../../src/backends/actuallycare/mapping.ts';
import {
  Appointment,
  AppointmentsPage,
  Deleted,
  ErrorEnvelope,
  Success,
} from '../../src/backends/actuallycare/schemas.ts';
import { SkippedRecords } from '../../src/backends/skipped.ts';
import { createActuallyCareEmulator } from '../../src/sandbox/actuallycare/index.ts';

/** A vendor example from `test/fixtures/vendors/actuallycare/` (sources in its SOURCES.md). */
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/vendors/actuallycare/${name}`, import.meta.url), 'utf8'));

/** A client whose every request is answered with one vendor example. */
function answering(name: string, status = 200) {
  const skipped = new SkippedRecords('actuallycare');
  const client = new ActuallyCareClient({
    baseUrl: 'https://api.actuallycare.example',
    apiKey: 'agent-key',
    fetch: async () => Response.json(fixture(name), { status }),
    skipped,
  });
  return { client, skipped };
}

const settings = ActuallyCareSettings.parse({
  apiKey: 'broker-key',
  branches: [
    {
      id: 'tehachapi',
      name: 'Tehachapi',
      address: '112 W Tehachapi Blvd',
      zipCodes: ['93561'],
      agents: [{ userId: 'jordan', name: 'Jordan Lee', apiKey: 'agent-key' }],
      viewing: { openingHours: { monday: [{ from: '09:00', to: '17:00' }] } },
    },
    {
      id: 'bakersfield',
      name: 'Bakersfield',
      address: '9900 Stockdale Hwy',
      zipCodes: ['93311'],
      agents: [{ userId: 'maria', apiKey: 'maria-key' }],
      viewing: { openingHours: { monday: [{ from: '09:00', to: '17:00' }] } },
    },
  ],
  defaultBranchId: 'bakersfield',
});

describe('ActuallyCare vendor examples through the client’s own schemas', () => {
  it('reads the list example’s row, without user_id, as busy time in the calendar of the key that read it', async () => {
    const { client, skipped } = answering('appointments-list.200.json');
    const rows = await client.scheduledAppointments('2026-07-09', 'slots');
    expect(skipped.total).toBe(0);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 'd4b7a9e2-8c1f-4d6a-b3e5-7f9c2a0d8b46', status: 'scheduled' });
    expect(rows[0]?.user_id).toBeUndefined();
    const calendars = new Calendars(settings, () => client);
    expect(calendars.busyTimes(rows, calendars.of('jordan')!)).toEqual([
      { agentId: 'jordan', start: new Date('2026-07-10T17:00:00Z'), end: new Date('2026-07-10T18:00:00Z') },
    ]);
    // The page itself, as the client parses it.
    expect(AppointmentsPage.parse(fixture('appointments-list.200.json')).data.meta.total).toBe(12);
  });

  it('takes the 201 example as a created appointment with its id and version', async () => {
    const { client } = answering('appointments-create.201.json', 201);
    const created = await client.createAppointment({
      title: 'Showing — 456 Oak Ave',
      start_time: '2026-07-12T21:30:00.000Z',
      end_time: '2026-07-12T22:00:00.000Z',
      appointment_type: 'showing',
      location: '456 Oak Ave, Tehachapi, CA 93561',
      listing_id: 'l1',
      description: '',
      notes: '',
      attendees: [],
    });
    expect(created).toMatchObject({ id: 'd4b7a9e2-8c1f-4d6a-b3e5-7f9c2a0d8b46', version: 1 });
    expect(created.user_id).toBeUndefined();
  });

  it('takes the get example with the version a later change must name', async () => {
    const { client } = answering('appointments-get.200.json');
    expect(await client.appointment('d4b7a9e2-8c1f-4d6a-b3e5-7f9c2a0d8b46', 'booking')).toMatchObject({
      version: 1,
      start_time: '2026-07-10T17:00:00Z',
    });
  });

  it('takes the PUT example, the full record, with whose calendar it is in', async () => {
    const { client } = answering('appointments-update.200.json');
    const outcome = await client.updateAppointment('550e8400-e29b-41d4-a716-446655440000', { version: 1 });
    expect(outcome).toMatchObject({
      ok: true,
      appointment: { user_id: '550e8400-e29b-41d4-a716-446655440000', version: 1, status: 'scheduled' },
    });
    expect(Success(Appointment).parse(fixture('appointments-update.200.json')).data.attendees).toHaveLength(
      1,
    );
  });

  it('takes the DELETE example as deleted', async () => {
    const { client } = answering('appointments-delete.200.json');
    expect(await client.deleteAppointment('d4b7a9e2-8c1f-4d6a-b3e5-7f9c2a0d8b46')).toBe('deleted');
    expect(Deleted.safeParse(fixture('appointments-delete.200.json')).success).toBe(true);
  });

  it('offers the reference listing row in the branch of its ZIP code, priced in dollars', async () => {
    const { client, skipped } = answering('listings-reference.200.json');
    const [listing] = await client.listings('active');
    expect(skipped.total).toBe(0);
    const branchId = branchFor(listing!, settings.branches, settings.defaultBranchId);
    expect(branchId).toBe('tehachapi');
    expect(adaptListing(listing!, branchId!)).toMatchObject({
      address: '456 Oak Ave, Tehachapi, CA 93561',
      price: { amount: 429_900, currency: 'USD' },
      bedrooms: 3,
    });
  });

  it('offers the quickstart’s abbreviated listing row too, in the default branch', async () => {
    const { client, skipped } = answering('listings-quickstart.200.json');
    const [listing] = await client.listings('active');
    expect(skipped.total).toBe(0);
    const branchId = branchFor(listing!, settings.branches, settings.defaultBranchId);
    expect(branchId).toBe('bakersfield');
    expect(adaptListing(listing!, branchId!)).toMatchObject({
      address: '456 Oak Ave',
      price: { amount: 429_900, currency: 'USD' },
    });
  });

  it('reads the error envelopes for a refused key and the rate limit, and never repeats the key', async () => {
    expect(ErrorEnvelope.parse(fixture('error-unauthorized.401.json')).error.code).toBe('UnauthorizedError');
    expect(ErrorEnvelope.parse(fixture('error-rate-limit.429.json')).error.code).toBe('RATE_LIMIT_EXCEEDED');
    const { client } = answering('error-unauthorized.401.json', 401);
    const failed = client.listings('active');
    await expect(failed).rejects.toMatchObject({
      code: 'upstream_error',
      message: expect.stringContaining('401 UnauthorizedError'),
    });
    await expect(failed).rejects.not.toMatchObject({ message: expect.stringContaining('agent-key') });
  });

  it('sends the documented create fields, never user_id, and only documented fields when changing', async () => {
    const created = fixture('appointments-create.request.json');
    const changed = fixture('appointments-update.request.json');
    const body = showing({
      property: {
        id: 'l1',
        branchId: 'b',
        channel: 'sales',
        title: 'Home',
        address: '456 Oak Ave',
        price: { amount: 1, currency: 'USD' },
      },
      times: { start: '2026-07-07T10:00:00-07:00', end: '2026-07-07T10:30:00-07:00' },
      guest: {
        firstName: 'Dana',
        lastName: 'Whitfield',
        email: 'dana@example.org',
        phone: '+1 661 555 0199',
      },
      consent: { marketing: false },
    });
    for (const field of Object.keys(created as object)) expect(body).toHaveProperty(field);
    expect(body).not.toHaveProperty('user_id');

    // A real move through the emulator: every PUT body holds only what the update example shows.
    const now = new Date('2026-07-06T15:00:00Z');
    const emulator = createActuallyCareEmulator({ now: () => now, rateLimit: false });
    const puts: string[][] = [];
    const backend = new ActuallyCareBackend({
      baseUrl: 'http://actuallycare.sandbox',
      apiKey: emulator.apiKey,
      ...emulator.sandboxSettings(),
      now: () => now,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        if (request.method === 'PUT') puts.push(Object.keys(await request.clone().json()));
        return emulator.fetch(request);
      },
    });
    const catalog = await backend.loadCatalog();
    const property = catalog.properties.find((candidate) => candidate.branchId === 'tehachapi')!;
    const branch = catalog.branches.find((candidate) => candidate.id === 'tehachapi')!;
    const slots = await backend.listSlots({ property, branch, from: '2026-07-07', days: 3 });
    const guest = {
      firstName: 'Dana',
      lastName: 'Whitfield',
      email: 'dana@example.org',
      phone: '+1 661 555 0199',
    };
    const booked = await backend.book({
      property,
      branch,
      slotId: slots[0]!.id,
      guest,
      consent: { marketing: false },
    });
    if (!booked.ok) throw new Error('not booked');
    const held = {
      reference: booked.booking.reference,
      property,
      branch,
      start: booked.booking.start,
      end: booked.booking.end,
      guest,
      consent: { marketing: false },
      ...(booked.upstream ? { upstream: booked.upstream } : {}),
    };
    expect(await backend.reschedule(held, slots.at(-1)!.id)).toMatchObject({ ok: true });
    await backend.setCancelled(held, true);
    expect(puts.length).toBeGreaterThanOrEqual(2);
    for (const keys of puts) for (const key of keys) expect(Object.keys(changed as object)).toContain(key);
  });
});
