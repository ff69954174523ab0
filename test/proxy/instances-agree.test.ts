import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { addIsoDays } from '../../src/backends/slot-time.ts';
import { ChangeFeed, type Change } from '../../src/proxy/changes.ts';
import { createProxy, type Proxy } from '../../src/proxy/app.ts';
import { openBackend } from '../../src/proxy/open-backend.ts';
import { silentLogger } from '../../src/proxy/log.ts';
import { RedisStore } from '../../src/proxy/store/redis.ts';
import { startAgentOSEmulator } from '../../src/sandbox/agentos/index.ts';
import { bookingPost } from '../fixtures/processes.ts';
import { hasRedisServer, startRedis, type RedisServer } from '../store/redis-server.ts';

let redis: RedisServer | undefined;
beforeAll(async () => {
  if (hasRedisServer) redis = await startRedis();
});
afterAll(() => redis?.stop());

/** A store of its own on the shared Redis, as each instance opens one; closed when the test ends. */
function sharedStore(prefix: string): RedisStore {
  const store = new RedisStore(redis?.url ?? '', { prefix });
  onTestFinished(() => store.close());
  return store;
}

const PROBE = 'a branch no test has';
const notProbe = (change: Change) => !(change.kind === 'diary' && change.branchId === PROBE);

/** Waits until `feed` hears what `from` tells: Redis subscribes in the background. */
async function listening(from: ChangeFeed, feed: ChangeFeed): Promise<void> {
  await expect
    .poll(() => {
      from.tell({ kind: 'diary', branchId: PROBE });
      return feed.heard;
    })
    .toBeGreaterThan(0);
}

describe.skipIf(!hasRedisServer)('changes told between instances through Redis', () => {
  it('reach every other instance, of every kind, and not the one that told them twice', async () => {
    const prefix = `feed-${Math.random().toString(36).slice(2)}:`;
    const applied: Record<'a' | 'b', Change[]> = { a: [], b: [] };
    const a = new ChangeFeed(sharedStore(prefix), (change) => applied.a.push(change), silentLogger);
    const b = new ChangeFeed(sharedStore(prefix), (change) => applied.b.push(change), silentLogger);
    a.start();
    b.start();
    onTestFinished(() => (a.stop(), b.stop()));
    await listening(a, b);
    await listening(b, a);

    const told: Change[] = [
      { kind: 'times', propertyId: 'home-1', source: 'booking' },
      { kind: 'times', propertyId: 'home-2', source: 'upstream' },
      { kind: 'all-times' },
      { kind: 'diary', branchId: 'branch-1' },
    ];
    for (const change of told) a.tell(change);
    await expect.poll(() => applied.b.filter(notProbe), { timeout: 1_000 }).toEqual(told);
    // The instance that saw the change applied it at once, and once.
    expect(applied.a.filter(notProbe)).toEqual(told);
  });

  it('ignore a message that is not a change, and go on hearing the next', async () => {
    const prefix = `feed-${Math.random().toString(36).slice(2)}:`;
    const store = sharedStore(prefix);
    const applied: Change[] = [];
    const feed = new ChangeFeed(sharedStore(prefix), (change) => applied.push(change), silentLogger);
    feed.start();
    onTestFinished(() => feed.stop());
    const teller = new ChangeFeed(store, () => undefined, silentLogger);
    await listening(teller, feed);
    await store.publish('changes', '{"from":"elsewhere","change":{"kind":"times"}}');
    await store.publish('changes', 'not json');
    teller.tell({ kind: 'all-times' });
    await expect.poll(() => applied.at(-1), { timeout: 1_000 }).toEqual({ kind: 'all-times' });
    expect(feed.unreadable).toBe(2);
  });
});

describe.skipIf(!hasRedisServer)('two proxy instances sharing a Redis store', () => {
  it('show a time booked at one, and freed by a cancellation there, at the other within a second', async () => {
    const sandbox = await startAgentOSEmulator({ rateLimit: false });
    onTestFinished(() => sandbox.close());
    const prefix = `agree-${Math.random().toString(36).slice(2)}:`;
    const instances: Proxy[] = [];
    for (let i = 0; i < 2; i++) {
      const store = sharedStore(prefix);
      const opened = await openBackend(
        {
          type: 'agentos',
          baseUrl: sandbox.url,
          shortName: sandbox.emulator.shortName,
          apiKey: sandbox.emulator.apiKey,
          requestsPerMinute: 48,
          timeZone: 'Europe/London',
          allocationsPer: 'property',
        },
        { store, unlimited: true },
      );
      const proxy = createProxy({
        backend: opened.backend,
        store,
        manage: { secret: 'a manage secret both instances share, 32+' },
        clientLimits: { bookingsPerIp: 1_000, upstreamPerIp: 1_000 },
      });
      await proxy.start();
      onTestFinished(() => proxy.stop());
      instances.push(proxy);
    }
    const [a, b] = instances;
    if (!a || !b) throw new Error('two instances were not made');
    await listening(a.changes, b.changes);

    const ask = async (proxy: Proxy, path: string, init?: RequestInit) => {
      const response = await proxy.app.request(`http://127.0.0.1${path}`, init);
      return { status: response.status, body: (await response.json()) as unknown };
    };
    const { properties } = z
      .object({ properties: z.array(z.object({ id: z.string() })) })
      .parse((await ask(a, '/v1/properties?channel=lettings&limit=1')).body);
    const home = properties[0]?.id ?? '';
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
    // Two days on, so the booking is never inside the agency's notice period, whatever the hour the test runs.
    const from = addIsoDays(today, 2);
    const slotsAt = async (proxy: Proxy) =>
      z
        .object({ slots: z.array(z.object({ id: z.string() })) })
        .parse((await ask(proxy, `/v1/slots?propertyId=${home}&from=${from}&days=7`)).body)
        .slots.map((slot) => slot.id);
    // Both instances have the week in their caches.
    const [before, seenAtB] = [await slotsAt(a), await slotsAt(b)];
    const slot = before[0];
    if (!slot) throw new Error('the sandbox offers no time');
    expect(seenAtB).toContain(slot);

    const booked = await ask(a, '/v1/bookings', bookingPost(home, slot, `agree-${Date.now()}`));
    expect(booked.status).toBe(201);
    await expect.poll(() => slotsAt(b), { timeout: 1_000 }).not.toContain(slot);

    const { manageUrl } = z
      .object({ booking: z.object({ manageUrl: z.string() }) })
      .parse(booked.body).booking;
    const cancelled = await ask(a, `/v1/bookings/${manageUrl.split('/').at(-1)}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `agree-cancel-${Date.now()}` },
      body: JSON.stringify({}),
    });
    expect(cancelled.status).toBe(200);
    await expect.poll(() => slotsAt(b), { timeout: 1_000 }).toContain(slot);
  });
});
