import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentOSBackend, RateBudget } from '../../src/backends/index.ts';
import { createProxy, type Proxy } from '../../src/proxy/app.ts';
import { MemoryStore, type Store } from '../../src/proxy/store/index.ts';
import { RedisStore } from '../../src/proxy/store/redis.ts';
import { createAgentOSEmulator } from '../../src/sandbox/agentos/index.ts';
import { hasRedisServer, startRedis } from '../store/redis-server.ts';
import { guest, NOW, TODAY } from './harness.ts';

interface Answer {
  status: number;
  ms: number;
  body: {
    booking?: { status: string };
    error?: { code: string; alternatives?: { id: string; start: string }[] };
  };
}

/**
 * Proxy instances in front of one agentOS emulator at its real limit (50 calls a minute per key), each with its
 * own budget counted in the store they share, as separate processes would be.
 */
async function agency(stores: Store[]) {
  const emulator = createAgentOSEmulator({ now: () => NOW });
  const instances: Proxy[] = stores.map((store) =>
    createProxy({
      backend: new AgentOSBackend({
        baseUrl: 'http://agentos.sandbox',
        shortName: emulator.shortName,
        apiKey: emulator.apiKey,
        fetch: async (input, init) => emulator.fetch(new Request(input, init)),
        budget: new RateBudget({
          limit: 50,
          windowMs: 60_000,
          shared: { window: store, key: 'budget:race' },
        }),
      }),
      store,
      allowedHosts: ['proxy.test'],
      now: () => NOW,
    }),
  );
  await Promise.all(instances.map((proxy) => proxy.start()));
  const call = (n: number, path: string, init?: RequestInit) =>
    instances[n % instances.length]!.app.request(`http://proxy.test${path}`, init);

  /** The first free time of a home, as a visitor's page reads it. */
  const firstFreeTime = async () => {
    const listed = (await (await call(0, '/v1/properties?channel=lettings')).json()) as {
      properties: { id: string }[];
    };
    const propertyId = listed.properties[0]!.id;
    const read = (await (
      await call(0, `/v1/slots?propertyId=${propertyId}&from=${TODAY}&days=7`)
    ).json()) as {
      slots: { id: string; start: string }[];
    };
    return { propertyId, slot: read.slots[0]! };
  };

  /** Fifty visitors press Book on the same time at the same moment, spread over the instances. */
  const rush = async (propertyId: string, slotId: string): Promise<Answer[]> =>
    Promise.all(
      Array.from({ length: 50 }, async (_, n) => {
        const started = performance.now();
        const response = await call(n, '/v1/bookings', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': `rush-${n}-of-50-visitors` },
          body: JSON.stringify({
            propertyId,
            slotId,
            guest: { ...guest, email: `rush${n}@example.org` },
            consent: { marketing: false },
          }),
        });
        return {
          status: response.status,
          body: (await response.json()) as Answer['body'],
          ms: performance.now() - started,
        };
      }),
    );

  return {
    emulator,
    firstFreeTime,
    rush,
    stop: () => instances.forEach((proxy) => proxy.stop()),
  };
}

/** What the fifty were told: one confirmed, everyone else "taken" with other times; nobody kept waiting. */
function expectOneConfirmedTheRestOfferedOtherTimes(answers: Answer[], taken: { start: string }) {
  const told = answers.map((a) => a.body.booking?.status ?? a.body.error?.code);
  expect(told.filter((t) => t === 'confirmed')).toHaveLength(1);
  expect(told.filter((t) => t === 'slot_taken')).toHaveLength(49);
  expect(told.filter((t) => t === 'requested')).toHaveLength(0);
  for (const answer of answers.filter((a) => a.status === 409)) {
    const alternatives = answer.body.error?.alternatives ?? [];
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives.some((s) => s.start === taken.start)).toBe(false);
  }
  expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(2_000);
}

describe('fifty visitors book one time at once, with agentOS at its real limit', () => {
  it('on one proxy: one is confirmed, 49 are told the time is taken and offered others, none is kept as a request', async () => {
    const store = new MemoryStore();
    const { emulator, firstFreeTime, rush, stop } = await agency([store]);
    const { propertyId, slot } = await firstFreeTime();
    const answers = await rush(propertyId, slot.id);
    stop();
    expectOneConfirmedTheRestOfferedOtherTimes(answers, slot);
    expect(booked(emulator, propertyId, slot)).toHaveLength(1);
  }, 120_000);

  describe.skipIf(!hasRedisServer)('on two proxies sharing Redis', () => {
    let redis: Awaited<ReturnType<typeof startRedis>>;
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(() => redis?.stop());

    it('one is confirmed, 49 are told the time is taken and offered others, none is kept as a request', async () => {
      const stores = [new RedisStore(redis.url), new RedisStore(redis.url)];
      const { emulator, firstFreeTime, rush, stop } = await agency(stores);
      const { propertyId, slot } = await firstFreeTime();
      const answers = await rush(propertyId, slot.id);
      stop();
      await Promise.all(stores.map((store) => store.close()));
      expectOneConfirmedTheRestOfferedOtherTimes(answers, slot);
      expect(booked(emulator, propertyId, slot)).toHaveLength(1);
    }, 120_000);
  });
});

const booked = (
  emulator: { diary(): { propertyIds: string[]; start: string }[] },
  propertyId: string,
  slot: { start: string },
) =>
  emulator
    .diary()
    .filter(
      (entry) => entry.propertyIds.includes(propertyId) && Date.parse(entry.start) === Date.parse(slot.start),
    );
