import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ErrorResponse } from '../../src/contract/index.ts';
import {
  agentOSOnRedis,
  runProxyProcess,
  startAgentOSProcess,
  startProxyProcess,
  stopProcesses,
  type Defer,
} from '../fixtures/processes.ts';
import { freePort, hasRedisServer, startRedis, type Persist } from '../store/redis-server.ts';

afterAll(stopProcesses);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SECRET = 'a manage secret every instance shares, 32+ chars';

async function redisServer(defer: Defer, options: { persist: Persist; port?: number; dir?: string }) {
  const redis = await startRedis(options);
  defer(() => redis.stop());
  return redis;
}

/** The sandbox proxy on a Redis store. */
const sandboxOn = (url: string, extra: Record<string, string> = {}) => ({
  STORE: 'redis',
  REDIS_URL: url,
  MANAGE_SECRET: SECRET,
  ...extra,
});

async function until(check: () => Promise<boolean>, withinMs: number, what: string): Promise<void> {
  const started = Date.now();
  while (!(await check().catch(() => false))) {
    if (Date.now() - started > withinMs) throw new Error(`${what} did not happen within ${withinMs} ms`);
    await sleep(100);
  }
}

const readiness = async (url: string) =>
  z.object({ store: z.string() }).parse(await (await fetch(`${url}/readyz`)).json()).store;

describe.skipIf(!hasRedisServer)('viewing-proxy on a Redis that may lose its data', () => {
  it.concurrent(
    'refuses to start on a Redis that keeps nothing across a restart, and says what to change',
    async ({ expect, onTestFinished: defer }) => {
      const redis = await redisServer(defer, { persist: 'none' });
      const { code, stderr } = await runProxyProcess(sandboxOn(redis.url));
      expect(code).toBe(2);
      expect(stderr).toContain('Redis keeps nothing across a restart');
      expect(stderr).toContain('appendonly yes');
      expect(stderr).toContain('REDIS_ALLOW_VOLATILE=true');
      // The URL may carry Redis's password: it is never printed.
      expect(stderr).not.toContain(redis.url);
    },
    30_000,
  );

  it.concurrent(
    'starts on it when told to, with a warning in the log',
    async ({ expect, onTestFinished: defer }) => {
      const redis = await redisServer(defer, { persist: 'none' });
      const proxy = await startProxyProcess(sandboxOn(redis.url, { REDIS_ALLOW_VOLATILE: 'true' }), {
        defer,
      });
      await until(async () => (await readiness(proxy.url)) === 'ok', 10_000, 'the store in use');
      expect(proxy.stderr()).toContain('"event":"store_volatile"');
    },
    30_000,
  );

  it.concurrent(
    'starts on a Redis that keeps snapshots, warning what a crash would lose',
    async ({ expect, onTestFinished: defer }) => {
      const redis = await redisServer(defer, { persist: 'rdb' });
      const proxy = await startProxyProcess(sandboxOn(redis.url), { defer });
      await until(async () => (await readiness(proxy.url)) === 'ok', 10_000, 'the store in use');
      expect(proxy.stderr()).toContain('"event":"store_snapshots_only"');
      expect(proxy.stderr()).not.toContain('store_volatile');
    },
    30_000,
  );

  it.concurrent(
    'writes nothing to a Redis that was not there at start-up and turns out not to persist',
    async ({ expect, onTestFinished: defer }) => {
      const port = await freePort();
      const proxy = await startProxyProcess(sandboxOn(`redis://127.0.0.1:${port}`), { defer });
      expect((await fetch(`${proxy.url}/healthz`)).status).toBe(200);
      const redis = await redisServer(defer, { persist: 'none', port });
      await until(async () => proxy.stderr().includes('"event":"store_refused"'), 10_000, 'the refusal');
      // The proxy runs on as if the store were down; nothing reaches it.
      await sleep(1_000);
      expect(await readiness(proxy.url)).toBe('unreachable');
      const booking = await fetch(`${proxy.url}/v1/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'never-kept-anywhere' },
        body: JSON.stringify({
          propertyId: 'p',
          slotId: 's',
          guest: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.org', phone: '07700900000' },
          consent: { marketing: false },
        }),
      });
      // With no store the catalog cannot be synced either (the shared budget lives there): not ready yet.
      expect(booking.status).toBe(503);
      expect(['store_unavailable', 'not_ready']).toContain(
        ErrorResponse.parse(await booking.json()).error.code,
      );
      const client = new Redis(redis.url);
      const keys = await client.dbsize();
      await client.quit();
      expect(keys).toBe(0);
      expect(proxy.child.exitCode).toBeNull();
    },
    30_000,
  );
});

describe.skipIf(!hasRedisServer)('two viewing-proxy instances on a Redis that persists', () => {
  it('answer a retry at either instance with the first booking, refuse another body under its key, and lose neither, nor the manage link, when Redis restarts', async ({
    onTestFinished: defer,
  }) => {
    const agentos = (await startAgentOSProcess(defer)).url;
    const redis = await redisServer(defer, { persist: 'aof' });
    const env = {
      ...agentOSOnRedis(agentos, redis.url, SECRET),
      LIMIT_MIN_FILL_SECONDS: '0',
    };
    const [a, b] = await Promise.all([startProxyProcess(env, { defer }), startProxyProcess(env, { defer })]);
    for (const proxy of [a, b])
      await until(async () => (await fetch(`${proxy.url}/readyz`)).ok, 15_000, 'the proxy ready');

    const { properties } = z
      .object({ properties: z.array(z.object({ id: z.string() })) })
      .parse(await (await fetch(`${a.url}/v1/properties?channel=lettings&limit=1`)).json());
    const home = properties[0]?.id ?? '';
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
    const { slots } = z
      .object({ slots: z.array(z.object({ id: z.string() })) })
      .parse(await (await fetch(`${a.url}/v1/slots?propertyId=${home}&from=${today}&days=7`)).json());
    const [slot, other] = slots;
    if (!slot || !other) throw new Error('the sandbox offers fewer than two times');
    const body = (slotId: string) =>
      JSON.stringify({
        propertyId: home,
        slotId,
        guest: { firstName: 'Kept', lastName: 'Visitor', email: 'kept@example.org', phone: '07700900000' },
        consent: { marketing: false },
      });
    const book = async (url: string, slotId: string) => {
      const response = await fetch(`${url}/v1/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'kept-across-restarts' },
        body: body(slotId),
      });
      return { status: response.status, text: await response.text() };
    };

    const first = await book(a.url, slot.id);
    expect(first.status).toBe(201);
    const manageUrl = z.object({ booking: z.object({ manageUrl: z.string() }) }).parse(JSON.parse(first.text))
      .booking.manageUrl;
    const token = manageUrl.split('/').at(-1) ?? '';
    expect(await book(b.url, slot.id)).toEqual(first);
    const conflict = await book(b.url, other.id);
    expect(conflict.status).toBe(422);
    expect(ErrorResponse.parse(JSON.parse(conflict.text)).error.code).toBe('idempotency_conflict');
    expect((await fetch(`${b.url}/v1/bookings/${token}`)).status).toBe(200);

    // The append-only file is written every second: past that, a crash of Redis loses nothing.
    await sleep(1_500);
    await redis.kill();
    await redisServer(defer, { persist: 'aof', port: redis.port, dir: redis.dir });
    for (const proxy of [a, b])
      await until(async () => (await readiness(proxy.url)) === 'ok', 10_000, 'the store back');

    expect(await book(a.url, slot.id)).toEqual(first);
    expect(await book(b.url, slot.id)).toEqual(first);
    for (const proxy of [a, b]) expect((await fetch(`${proxy.url}/v1/bookings/${token}`)).status).toBe(200);
    const { diary } = z
      .object({ diary: z.array(z.object({ guests: z.array(z.object({ email: z.string() })) })) })
      .parse(await (await fetch(`${agentos}/_sandbox/diary`)).json());
    expect(diary.filter((entry) => entry.guests.some((g) => g.email === 'kept@example.org'))).toHaveLength(1);
  }, 60_000);
});
