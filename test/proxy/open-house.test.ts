import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OfficePlaceBackend } from '../../src/backends/officeplace/index.ts';
import { createProxy } from '../../src/proxy/app.ts';
import { RedisStore } from '../../src/proxy/store/redis.ts';
import { hasRedisServer, startRedis } from '../store/redis-server.ts';
import * as officePlace from '../backends/officeplace-harness.ts';
import type { Booking } from '../../src/contract/index.ts';
import type { ProxyOptions } from '../../src/proxy/app.ts';
import { ConfigError, loadConfig } from '../../src/proxy/config.ts';
import { Conformance } from '../fixtures/openapi-conformance.ts';
import { OpenHouses, OpenHouseSettings } from '../../src/proxy/open-houses.ts';
import { json, SYSTEMS, type StartSystem as Start, type Upstream } from './systems.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Slot {
  id: string;
  start: string;
  placesLeft?: number;
}

const NAMES = ['Ada', 'Bea', 'Cai', 'Dev', 'Eli', 'Fay', 'Gus', 'Hal'];

const visitor = (n: number) => ({
  firstName: NAMES[n] ?? 'Ivo',
  lastName: 'Okafor',
  email: `visitor.${n}@example.org`,
  phone: `07700 900${String(100 + n)}`,
});

const weekOf = async (upstream: Upstream, propertyId: string) =>
  (
    await json<{ slots: Slot[] }>(
      upstream,
      `/v1/slots?propertyId=${propertyId}&from=${upstream.today}&days=7`,
    )
  ).body.slots;

/** The first home with at least two free times this week, and those times. */
async function bookableHome(upstream: Upstream) {
  const { body } = await json<{ properties: { id: string }[] }>(upstream, '/v1/properties?limit=100');
  for (const property of body.properties) {
    const slots = await weekOf(upstream, property.id);
    if (slots.length >= 2) return { propertyId: property.id, slots };
  }
  throw new Error('no home has two free times');
}

/**
 * The system with an open house at its first bookable home. Homes and times are the emulator's, the same at
 * every start, so a first look finds the home the second start is told about.
 */
async function withOpenHouse(
  start: Start,
  openHouses: (home: { propertyId: string; slots: Slot[] }) => ProxyOptions['openHouses'],
) {
  const look = await start({});
  const home = await bookableHome(look);
  look.stop();
  const upstream = await start({ openHouses: openHouses(home) });
  return { upstream, ...home };
}

const book = (upstream: Upstream, propertyId: string, slotId: string, n: number) =>
  json<{ booking: Booking; error?: { code: string } }>(upstream, '/v1/bookings', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `open-${n}-${Math.random()}` },
    body: JSON.stringify({ propertyId, slotId, guest: visitor(n), consent: { marketing: false } }),
  });

/** The viewings the agent's system holds at this time, still on. */
const viewingsAt = (upstream: Upstream, start: string) =>
  upstream.online().filter((v) => !v.cancelled && v.start === Date.parse(start));

let running: Upstream | undefined;
afterEach(() => {
  running?.stop();
  running = undefined;
});

describe.each(['actuallycare', 'officeplace'])('an open house on %s', (system) => {
  const start = SYSTEMS[system] as Start;

  it('shows the places left, books each viewer with the same agent at that time, and the last place goes to exactly one of five', async () => {
    const { upstream, propertyId, slots } = await withOpenHouse(start, ({ propertyId }) => ({
      properties: { [propertyId]: 3 },
    }));
    running = upstream;
    const first = (await weekOf(upstream, propertyId))[0] as Slot;
    expect(first.placesLeft).toBe(3);
    expect((await weekOf(upstream, propertyId)).every((slot) => slot.placesLeft === 3)).toBe(true);
    expect(first.id).toBe(slots[0]?.id);
    // The answer, places and all, is as the OpenAPI document describes it.
    const path = `/v1/slots?propertyId=${propertyId}&from=${upstream.today}&days=7`;
    expect(await new Conformance().problem('GET', path, await upstream.call(path))).toBeUndefined();

    const one = await book(upstream, propertyId, first.id, 1);
    expect(one.status).toBe(201);
    expect(one.body.booking.status).toBe('confirmed');
    // The agent is busy now, and the upstream no longer lists the time; the open house still offers it.
    expect((await weekOf(upstream, propertyId)).find((s) => s.id === first.id)?.placesLeft).toBe(2);
    const two = await book(upstream, propertyId, first.id, 2);
    expect(two.status).toBe(201);
    expect((await weekOf(upstream, propertyId)).find((s) => s.id === first.id)?.placesLeft).toBe(1);

    // Five visitors press at once for the last place.
    const race = await Promise.all([3, 4, 5, 6, 7].map((n) => book(upstream, propertyId, first.id, n)));
    const told = race.map((r) => (r.status === 201 ? r.body.booking.status : r.body.error?.code));
    expect(told.filter((answer) => answer === 'confirmed')).toHaveLength(1);
    expect(told.filter((answer) => answer === 'slot_taken')).toHaveLength(4);

    // Full: nobody else is offered it, and the diary has one viewing per viewer, all with one agent.
    expect((await weekOf(upstream, propertyId)).map((s) => s.id)).not.toContain(first.id);
    const held = viewingsAt(upstream, first.start);
    expect(held).toHaveLength(3);
    expect(new Set(held.map((v) => v.agent)).size).toBe(1);
  });

  it('gives a place back when a viewer cancels, and the next visitor may take it', async () => {
    const { upstream, propertyId } = await withOpenHouse(start, ({ propertyId }) => ({
      properties: { [propertyId]: 2 },
    }));
    running = upstream;
    const time = (await weekOf(upstream, propertyId))[0] as Slot;
    const one = await book(upstream, propertyId, time.id, 1);
    await book(upstream, propertyId, time.id, 2);
    expect((await weekOf(upstream, propertyId)).map((s) => s.id)).not.toContain(time.id);

    const token = one.body.booking.manageUrl?.split('/').pop() ?? '';
    const cancelled = await json(upstream, `/v1/bookings/${token}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({}),
    });
    expect(cancelled.status).toBe(200);
    expect((await weekOf(upstream, propertyId)).find((s) => s.id === time.id)?.placesLeft).toBe(1);
    const three = await book(upstream, propertyId, time.id, 3);
    expect(three.status).toBe(201);
    expect(viewingsAt(upstream, time.start)).toHaveLength(2);
    expect((await weekOf(upstream, propertyId)).map((s) => s.id)).not.toContain(time.id);
  });

  it('moves a visitor’s viewing into an open house others have joined, as one more viewer with its agent', async () => {
    const { upstream, propertyId, slots } = await withOpenHouse(start, ({ propertyId, slots }) => ({
      times: [{ propertyId, start: (slots.at(-2) as Slot).start, places: 3 }],
    }));
    running = upstream;
    const open = slots.at(-2) as Slot;
    // The last time of the week: far enough off for the visitor to change it.
    const mine = await book(upstream, propertyId, (slots.at(-1) as Slot).id, 1);
    await book(upstream, propertyId, open.id, 2);
    await book(upstream, propertyId, open.id, 3);

    const token = mine.body.booking.manageUrl?.split('/').pop() ?? '';
    const move = await json<{ booking: Booking }>(upstream, `/v1/bookings/${token}/reschedule`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ slotId: open.id }),
    });
    expect(move.status).toBe(200);
    expect(Date.parse(move.body.booking.start)).toBe(Date.parse(open.start));
    const held = viewingsAt(upstream, open.start);
    expect(held).toHaveLength(3);
    expect(new Set(held.map((v) => v.agent)).size).toBe(1);
    // Its old appointment is gone, and that time is everyone's again; the open house is full.
    expect(viewingsAt(upstream, (slots.at(-1) as Slot).start)).toHaveLength(0);
    const week = (await weekOf(upstream, propertyId)).map((s) => s.id);
    expect(week).toContain((slots.at(-1) as Slot).id);
    expect(week).not.toContain(open.id);
  });

  it('makes one time of a home an open house by its start, and leaves its other times ordinary', async () => {
    const { upstream, propertyId, slots } = await withOpenHouse(start, ({ propertyId, slots }) => ({
      times: [{ propertyId, start: (slots[1] as Slot).start, places: 4 }],
    }));
    running = upstream;
    const week = await weekOf(upstream, propertyId);
    expect(week.find((s) => s.id === slots[1]?.id)?.placesLeft).toBe(4);
    expect(week.filter((s) => s.placesLeft !== undefined)).toHaveLength(1);
    // An ordinary time holds one visitor, as ever.
    const ordinary = week[0] as Slot;
    expect((await book(upstream, propertyId, ordinary.id, 1)).status).toBe(201);
    expect((await book(upstream, propertyId, ordinary.id, 2)).body.error?.code).toBe('slot_taken');
  });
});

describe.skipIf(!hasRedisServer)('an open house on two proxies sharing Redis', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis?.stop());

  it('counts places across both: of eight visitors racing for the last two places, two are booked', async () => {
    const stores = [new RedisStore(redis.url), new RedisStore(redis.url)];
    const look = await officePlace.startHarness();
    const { slots: week } = await look.slots('TW-K-L1', officePlace.TODAY);
    look.stop();
    const time = week.at(-1) as Slot;
    const openHouses = { times: [{ propertyId: 'TW-K-L1', start: time.start, places: 3 }] };
    // One OfficePlace, two proxy instances in front of it.
    const first = await officePlace.startHarness({ proxy: { store: stores[0], openHouses } });
    const second = createProxy({
      backend: new OfficePlaceBackend({
        baseUrl: 'https://connector.officeplace.example',
        tenantId: first.emulator.tenantId,
        clientId: first.emulator.clientId,
        clientSecret: first.emulator.clientSecret,
        domainId: first.emulator.domainId,
        catalogUrl: officePlace.FEED_URL,
        fetch: async (input, init) => {
          const request = new Request(input, init);
          return first.emulator.fetch(
            request.url === officePlace.FEED_URL ? new Request('http://sandbox/_sandbox/feed.json') : request,
          );
        },
        now: () => officePlace.NOW,
      }),
      allowedHosts: ['proxy.test'],
      now: () => officePlace.NOW,
      store: stores[1],
      openHouses,
    });
    await second.start();
    const instances = [first.proxy, second];
    const book = (n: number) =>
      instances[n % 2]!.app.request('http://proxy.test/v1/bookings', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `open-redis-${n}` },
        body: JSON.stringify({
          propertyId: 'TW-K-L1',
          slotId: time.id,
          guest: visitor(n),
          consent: { marketing: false },
        }),
      });
    try {
      expect((await book(0)).status).toBe(201);
      const race = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map(async (n) => (await book(n)).status));
      expect(race.filter((status) => status === 201)).toHaveLength(2);
      expect(race.filter((status) => status === 409)).toHaveLength(6);
      const held = first.emulator
        .appointments()
        .filter((a) => !a.isCancelled && Date.parse(a.start) === Date.parse(time.start));
      expect(held).toHaveLength(3);
      expect(new Set(held.map((a) => a.adId)).size).toBe(1);
    } finally {
      first.stop();
      second.stop();
      await Promise.all(stores.map((store) => store.close()));
    }
  }, 60_000);
});

describe.each([
  ['agentos', 'agentOS'],
  ['pexip-engage', 'Pexip Engage'],
])('open houses on %s', (system, title) => {
  it('are refused at start, saying why the system cannot hold them', async () => {
    const start = SYSTEMS[system] as Start;
    const refusal = start({ openHouses: { branches: { B1: 4 } } });
    await expect(refusal).rejects.toThrow(ConfigError);
    await expect(refusal).rejects.toThrow(new RegExp(`openHouses cannot be used with ${title}: .+`));
  });
});

describe('how many visitors a time holds', () => {
  it('is the time’s own number, else the home’s, else the branch’s, else one', () => {
    const houses = new OpenHouses(
      OpenHouseSettings.parse({
        branches: { B1: 6 },
        properties: { H1: 3 },
        times: [{ propertyId: 'H1', start: '2027-03-13T11:00:00+00:00', places: 20 }],
      }),
    );
    const home = { id: 'H1', branchId: 'B1' };
    // The same instant however it is written.
    expect(houses.placesAt(home, '2027-03-13T12:00:00+01:00')).toBe(20);
    expect(houses.placesAt(home, '2027-03-13T11:30:00+00:00')).toBe(3);
    expect(houses.placesAt({ id: 'H2', branchId: 'B1' }, '2027-03-13T11:00:00+00:00')).toBe(6);
    expect(houses.placesAt({ id: 'H3', branchId: 'B2' }, '2027-03-13T11:00:00+00:00')).toBe(1);
  });
});

describe('the open-house settings in the config file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'open-house-'));
  const write = (openHouses: unknown) => {
    const file = join(dir, `config-${Math.random()}.json`);
    writeFileSync(file, JSON.stringify({ openHouses }));
    return file;
  };

  it('are read per branch, home and time, and a time for one visitor is refused', () => {
    const config = loadConfig({ env: {}, file: write({ branches: { B1: 6 }, properties: { H1: 3 } }) });
    expect(config.openHouses).toEqual({ branches: { B1: 6 }, properties: { H1: 3 }, times: [] });
    expect(() => loadConfig({ env: {}, file: write({ properties: { H1: 1 } }) })).toThrow(/openHouses/);
  });
});
