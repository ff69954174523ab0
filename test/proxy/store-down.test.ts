import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { RateBudget, type SharedWindow } from '../../src/backends/budget.ts';
import { CircuitBreaker } from '../../src/backends/resilience.ts';
import { UpstreamError } from '../../src/backends/types.ts';
import { ErrorResponse } from '../../src/contract/index.ts';
import { createProxy } from '../../src/proxy/app.ts';
import { openBackend } from '../../src/proxy/open-backend.ts';
import { MemoryStore, StoreUnavailableError, type Store } from '../../src/proxy/store/index.ts';
import { RedisStore } from '../../src/proxy/store/redis.ts';
import { startPexipEngageEmulator } from '../../src/sandbox/pexip-engage/index.ts';
import {
  agentOSOnRedis,
  startAgentOSProcess,
  startProxyProcess,
  stopProcesses,
  type Defer,
} from '../fixtures/processes.ts';
import { freePort, hasRedisServer, startRedis, type RedisServer } from '../store/redis-server.ts';

afterAll(stopProcesses);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A redis-server of this test's own on loopback that persists, as production's must. */
async function persistentRedis(defer: Defer, port?: number): Promise<RedisServer> {
  const redis = await startRedis({ persist: 'aof', ...(port ? { port } : {}) });
  defer(() => redis.stop());
  return redis;
}

/** Polls `check` until it holds; the time it took. */
async function until(check: () => Promise<boolean>, withinMs: number, what: string): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > withinMs)
      throw new Error(`${what} did not happen within ${withinMs} ms`);
    await sleep(50);
  }
  return performance.now() - started;
}

/** Resolves with how long `work` took; rejects after `limitMs` rather than wait on a hung call. */
async function timed<T>(work: Promise<T>, limitMs = 5_000): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${limitMs} ms`)), limitMs);
  });
  try {
    const value = await Promise.race([work, hung]);
    return { value, ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

describe.skipIf(!hasRedisServer)('the Redis store when Redis stops answering', () => {
  const open = (url: string, options: ConstructorParameters<typeof RedisStore>[1] = {}) => {
    const store = new RedisStore(url, { prefix: `down-${Math.random().toString(36).slice(2)}:`, ...options });
    onTestFinished(() => store.close());
    return store;
  };

  it('gives up on a frozen Redis within its timeout, fails the calls after that at once, and uses Redis again as soon as it wakes', async () => {
    const redis = await persistentRedis(onTestFinished);
    const store = open(redis.url, { timeoutMs: 300 });
    await store.set('kept', 'before');
    redis.freeze();
    const first = await timed(store.get('kept').catch((error: unknown) => error));
    expect(first.value).toBeInstanceOf(StoreUnavailableError);
    expect(first.ms).toBeLessThan(1_000);
    const rest = await timed(
      Promise.all([
        store.set('written', 'during').catch((error: unknown) => error),
        store.take('window', 5, 60_000).catch((error: unknown) => error),
        store.claim('work', 1_000).catch((error: unknown) => error),
      ]),
    );
    for (const answer of rest.value) expect(answer).toBeInstanceOf(StoreUnavailableError);
    expect(rest.ms).toBeLessThan(100);
    expect(await store.ping()).toBe(false);

    redis.thaw();
    expect(await until(() => store.ping(), 2_000, 'Redis answering again')).toBeLessThan(1_000);
    expect(await store.get('kept')).toBe('before');
    // Refused at once, never sent: nothing of it turns up later.
    expect(await store.get('written')).toBeUndefined();
  });

  it('leaves no lock or claim behind that a caller was told failed, and keeps an equal mark someone else set', async () => {
    const redis = await persistentRedis(onTestFinished);
    const prefix = `claims-${Math.random().toString(36).slice(2)}:`;
    const other = open(redis.url, { prefix });
    expect(await other.setIfAbsent('seen', '1')).toBe(true);
    const locker = open(redis.url, { prefix, timeoutMs: 300 });
    const marker = open(redis.url, { prefix, timeoutMs: 300 });
    redis.freeze();
    // Both reach the frozen Redis and stay in its queue; each caller is told it failed.
    const [lock, seen] = await Promise.all([
      locker.setIfAbsent('lock', 'mine', { ttlMs: 60_000 }).catch((error: unknown) => error),
      marker.setIfAbsent('seen', '1').catch((error: unknown) => error),
    ]);
    expect(lock).toBeInstanceOf(StoreUnavailableError);
    expect(seen).toBeInstanceOf(StoreUnavailableError);

    redis.thaw();
    // Redis runs what was waiting, in order on each connection; an answer to a later ping follows it.
    await until(() => locker.ping(), 2_000, 'Redis answering again');
    await until(() => marker.ping(), 2_000, 'Redis answering again');
    expect(await other.get('lock')).toBeUndefined();
    expect(await other.setIfAbsent('lock', 'theirs', { ttlMs: 60_000 })).toBe(true);
    expect(await other.get('seen')).toBe('1');
  });

  it('fails at once while Redis is stopped, and uses a Redis started again on its address within a second or two', async () => {
    const redis = await persistentRedis(onTestFinished);
    const store = open(redis.url);
    await store.set('kept', 'before');
    await redis.kill();
    const answers = await timed(
      Promise.all([
        store.get('kept').catch((error: unknown) => error),
        store.setIfAbsent('lock', 'mine').catch((error: unknown) => error),
        store.enqueue('work', 'one', '{}').catch((error: unknown) => error),
      ]),
    );
    for (const answer of answers.value) expect(answer).toBeInstanceOf(StoreUnavailableError);
    expect(answers.ms).toBeLessThan(500);
    expect((await timed(store.ping())).ms).toBeLessThan(100);

    await persistentRedis(onTestFinished, redis.port);
    expect(await until(() => store.ping(), 5_000, 'a restarted Redis in use')).toBeLessThan(2_500);
    expect(await store.setIfAbsent('lock', 'mine')).toBe(true);
  });
});

describe('an upstream whose shared budget cannot be read', () => {
  it('is not taken for a failing upstream: the circuit stays closed, and calls go on once the store is back', async () => {
    let down = true;
    const store = new MemoryStore();
    const unlessDown =
      <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
      async (...args: A) => {
        if (down) throw new StoreUnavailableError('Redis is not answering.');
        return call(...args);
      };
    const window: SharedWindow = {
      take: unlessDown((key, limit, windowMs) => store.take(key, limit, windowMs)),
      renew: unlessDown((key, place, windowMs) => store.renew(key, place, windowMs)),
      get: unlessDown((key) => store.get(key)),
      set: unlessDown((key, value, options) => store.set(key, value, options)),
      setIfAbsent: unlessDown((key, value, options) => store.setIfAbsent(key, value, options)),
    };
    const budget = new RateBudget({ limit: 50, windowMs: 60_000, shared: { window, key: 'budget:test' } });
    const breaker = new CircuitBreaker({ failures: 2 });
    let calls = 0;
    const call = () =>
      breaker.run(
        'agentOS',
        () => budget.run('booking', async () => ++calls),
        () => false,
      );
    for (let i = 0; i < 5; i++) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error).toMatchObject({ cause: expect.any(StoreUnavailableError) });
    }
    expect(calls).toBe(0);
    expect(breaker.state).toBe('closed');
    down = false;
    expect(await call()).toBe(1);
  });
});

const WEBHOOK_SECRET = 'the agency chose this webhook secret';

describe.skipIf(!hasRedisServer)('a webhook while Redis is frozen', () => {
  it('is answered 503 store_unavailable at once, and its redelivery after Redis wakes is acted on', async () => {
    const redis = await persistentRedis(onTestFinished);
    const sandbox = await startPexipEngageEmulator({ rateLimit: false });
    onTestFinished(() => sandbox.close());
    const { emulator } = sandbox;
    const sent: { body: string; headers: Record<string, string> }[] = [];
    emulator.configureWebhooks({
      url: 'http://proxy.test/v1/webhooks/pexip-engage',
      secret: WEBHOOK_SECRET,
      secretIn: 'header',
      duplicateRate: 0,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        sent.push({ body: await request.text(), headers: Object.fromEntries(request.headers) });
        return new Response(null, { status: 204 });
      },
    });
    const store: Store = new RedisStore(redis.url, { timeoutMs: 500 });
    onTestFinished(() => store.close());
    const opened = await openBackend(
      {
        type: 'pexip-engage',
        baseUrl: sandbox.url,
        authUrl: sandbox.url,
        enterprise: emulator.enterprise,
        clientId: emulator.clientId,
        clientSecret: emulator.clientSecret,
        meetingType: 'OFFICE',
        webhookSecret: WEBHOOK_SECRET,
      },
      { store },
    );
    const proxy = createProxy({ backend: opened.backend, store });
    onTestFinished(async () => {
      proxy.stop();
      await opened.close();
    });
    await proxy.start();
    const live = emulator
      .allAppointments()
      .find((appointment) => appointment.status === 'ACCEPTED' && Date.parse(appointment.start) > Date.now());
    if (!live || !emulator.cancelAppointment(live.id))
      throw new Error('the sandbox has no appointment to cancel');
    await emulator.webhooksSettled();
    const [delivery] = sent;
    if (!delivery) throw new Error('the cancellation sent no webhook');
    const deliver = async () =>
      proxy.app.request('http://proxy.test/v1/webhooks/pexip-engage', {
        method: 'POST',
        headers: delivery.headers,
        body: delivery.body,
      });

    redis.freeze();
    let during: Response;
    let ms: number;
    try {
      ({ value: during, ms } = await timed(deliver()));
    } finally {
      redis.thaw();
    }
    expect(ms).toBeLessThan(2_000);
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(ErrorResponse.parse(await during.json()).error.code).toBe('store_unavailable');

    await until(() => store.ping(), 3_000, 'Redis answering again');
    const Acknowledged = z.object({ ok: z.literal(true), outcome: z.string() });
    // The event was not acted on, so the sender's redelivery is: it must not be taken for a duplicate.
    const again = await deliver();
    expect(again.status).toBe(200);
    expect(Acknowledged.parse(await again.json()).outcome).toBe('refresh');
    expect(Acknowledged.parse(await (await deliver()).json()).outcome).toBe('ignored');
  });
});

interface Answer {
  status: number;
  retryAfter: string | null;
  body: string;
  ms: number;
}

async function ask(url: string, init: RequestInit = {}): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });
  const body = await response.text();
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body,
    ms: performance.now() - started,
  };
}

const codeOf = (answer: Answer) => ErrorResponse.safeParse(JSON.parse(answer.body)).data?.error.code;

const METRICS_TOKEN = 'a metrics token for this test';

const proxyEnv = (agentos: string, redisUrl: string) => ({
  ...agentOSOnRedis(agentos, redisUrl, 'a manage secret the instances share, 32+ chars'),
  METRICS_TOKEN,
  // Every request here comes from one address; the per-address limits would otherwise stop the test.
  LIMIT_BOOKINGS_PER_IP: '1000',
  LIMIT_UPSTREAM_PER_IP: '1000',
  LIMIT_MIN_FILL_SECONDS: '0',
});

interface Guest {
  key: string;
  body: string;
  email: string;
}

function guest(n: number, propertyId: string, slotId: string): Guest {
  const email = `frozen${n}@example.org`;
  return {
    key: `store-down-${n}-${Math.random().toString(36).slice(2)}`,
    email,
    body: JSON.stringify({
      propertyId,
      slotId,
      guest: { firstName: 'Frozen', lastName: `Visitor ${'abcdefghij'[n]}`, email, phone: '07700900000' },
      consent: { marketing: false },
    }),
  };
}

const book = (url: string, { key, body }: Guest) =>
  ask(`${url}/v1/bookings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body,
  });

/** Every background round (kept requests every 15 s, messages every 10 s) comes at least once by then. */
const BACKGROUND_ROUNDS_MS = 16_500;

describe.skipIf(!hasRedisServer)('viewing-proxy with its Redis frozen', () => {
  it.concurrent(
    'answers every route within 3 s and never 500, keeps running through every background round, and after Redis wakes books without losing or doubling anything',
    async ({ expect, onTestFinished: defer }) => {
      const [redis, agentos] = await Promise.all([
        persistentRedis(defer),
        startAgentOSProcess(defer).then((emulator) => emulator.url),
      ]);
      const proxy = await startProxyProcess(proxyEnv(agentos, redis.url), { defer });
      const metrics = { headers: { authorization: `Bearer ${METRICS_TOKEN}` } };
      await until(async () => (await ask(`${proxy.url}/readyz`)).status === 200, 15_000, 'the proxy ready');

      const { properties } = z
        .object({ properties: z.array(z.object({ id: z.string() })) })
        .parse(JSON.parse((await ask(`${proxy.url}/v1/properties?channel=lettings&limit=2`)).body));
      const [read, unread] = properties;
      if (!read || !unread) throw new Error('the sandbox has fewer than two homes to let');
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
      const slotsOf = (answer: Answer) =>
        z.object({ slots: z.array(z.object({ id: z.string() })) }).parse(JSON.parse(answer.body)).slots;
      const slots = slotsOf(await ask(`${proxy.url}/v1/slots?propertyId=${read.id}&from=${today}&days=7`));
      const [firstSlot, secondSlot, thirdSlot] = slots;
      if (!firstSlot || !secondSlot || !thirdSlot)
        throw new Error('the sandbox offers fewer than three times');
      const before = guest(0, read.id, firstSlot.id);
      const booked = await book(proxy.url, before);
      expect(booked.status).toBe(201);
      const { booking } = z
        .object({ booking: z.object({ reference: z.string(), manageUrl: z.string() }) })
        .parse(JSON.parse(booked.body));
      const token = booking.manageUrl.split('/').at(-1) ?? '';
      const during = guest(1, read.id, secondSlot.id);

      redis.freeze();
      const frozenAt = Date.now();
      try {
        // The first call after the freeze waits for the store's timeout; the rest are answered at once.
        const answers: Record<string, Answer> = {
          booking: await book(proxy.url, during),
          branches: await ask(`${proxy.url}/v1/branches`),
          properties: await ask(`${proxy.url}/v1/properties?channel=lettings`),
          property: await ask(`${proxy.url}/v1/properties/${read.id}`),
          'slots read before': await ask(`${proxy.url}/v1/slots?propertyId=${read.id}&from=${today}&days=7`),
          'slots never read': await ask(`${proxy.url}/v1/slots?propertyId=${unread.id}&from=${today}&days=7`),
          'manage link': await ask(`${proxy.url}/v1/bookings/${token}`),
          readiness: await ask(`${proxy.url}/readyz`),
          metrics: await ask(`${proxy.url}/metrics`, metrics),
          health: await ask(`${proxy.url}/healthz`),
        };
        for (const [route, answer] of Object.entries(answers)) {
          expect(answer.ms, route).toBeLessThan(3_000);
          expect(answer.status, route).not.toBe(500);
        }
        for (const route of ['branches', 'properties', 'property', 'metrics', 'health']) {
          expect(answers[route]?.status, route).toBe(200);
        }
        for (const route of ['booking', 'slots never read', 'manage link']) {
          const answer = answers[route];
          if (!answer) throw new Error(`no answer for ${route}`);
          expect([route, answer.status, codeOf(answer)]).toEqual([route, 503, 'store_unavailable']);
          expect(answer.retryAfter, route).toMatch(/^\d+$/);
        }
        // From memory, or told apart: never an upstream fault nor an internal one.
        const slotsBefore = answers['slots read before'];
        expect(
          slotsBefore?.status === 200 || (slotsBefore && codeOf(slotsBefore)) === 'store_unavailable',
        ).toBe(true);
        expect(answers.readiness?.ms).toBeLessThan(1_000);
        expect(answers.readiness?.status).toBe(503);
        expect(JSON.parse(answers.readiness?.body ?? '{}')).toMatchObject({
          ok: false,
          store: 'unreachable',
        });

        // Kept requests, messages and reminders come round while Redis stays frozen; scrapes go on.
        while (Date.now() < Math.max(proxy.startedAt + BACKGROUND_ROUNDS_MS, frozenAt + 3_000)) {
          await sleep(1_000);
          expect((await ask(`${proxy.url}/healthz`)).status).toBe(200);
          const scrape = await ask(`${proxy.url}/metrics`, metrics);
          expect(scrape.status).toBe(200);
          expect(scrape.ms).toBeLessThan(1_000);
          expect((await ask(`${proxy.url}/v1/branches`)).status).toBe(200);
        }
      } finally {
        redis.thaw();
      }
      expect(proxy.child.exitCode).toBeNull();
      expect(proxy.stderr()).not.toContain('unhandled_rejection');
      expect(proxy.stderr()).toContain('store_unreachable');

      await until(
        async () => JSON.parse((await ask(`${proxy.url}/readyz`)).body).store === 'ok',
        3_000,
        'the store back in /readyz',
      );
      // The visitor who met the frozen store tries again with the same request, and is booked once.
      const retried = await book(proxy.url, during);
      expect(retried.status).toBe(201);
      const after = guest(2, read.id, thirdSlot.id);
      expect((await book(proxy.url, after)).status).toBe(201);
      // The booking made before the freeze is still known, and still answered the same.
      const replayed = await book(proxy.url, before);
      expect(replayed.status).toBe(201);
      expect(replayed.body).toBe(booked.body);
      expect((await ask(`${proxy.url}/v1/bookings/${token}`)).status).toBe(200);

      const { diary } = z
        .object({
          diary: z.array(
            z.object({ reference: z.string(), guests: z.array(z.object({ email: z.string() })) }),
          ),
        })
        .parse(JSON.parse((await ask(`${agentos}/_sandbox/diary`)).body));
      for (const { email } of [before, during, after]) {
        const entries = diary.filter((entry) => entry.guests.some((g) => g.email === email));
        expect([email, entries.length]).toEqual([email, 1]);
      }
    },
    60_000,
  );

  it.concurrent(
    'starts and keeps serving with its Redis unreachable, and uses Redis once it is there',
    async ({ expect, onTestFinished: defer }) => {
      const port = await freePort();
      const agentos = await startAgentOSProcess(defer).then((emulator) => emulator.url);
      const proxy = await startProxyProcess(proxyEnv(agentos, `redis://127.0.0.1:${port}`), { defer });
      const metrics = { headers: { authorization: `Bearer ${METRICS_TOKEN}` } };
      // The first catalog sync cannot read the shared budget; kept requests and messages come round.
      while (Date.now() < proxy.startedAt + BACKGROUND_ROUNDS_MS) {
        const answers = [
          await ask(`${proxy.url}/healthz`),
          await ask(`${proxy.url}/readyz`),
          await ask(`${proxy.url}/metrics`, metrics),
          await ask(`${proxy.url}/v1/branches`),
        ];
        for (const answer of answers) {
          expect(answer.ms).toBeLessThan(1_000);
          expect(answer.status).not.toBe(500);
        }
        expect(answers.map((answer) => answer.status).slice(0, 3)).toEqual([200, 503, 200]);
        expect(JSON.parse(answers[1]?.body ?? '{}')).toMatchObject({ store: 'unreachable' });
        await sleep(1_000);
      }
      expect(proxy.child.exitCode).toBeNull();
      expect(proxy.stderr()).not.toContain('unhandled_rejection');

      await persistentRedis(defer, port);
      await until(
        async () => JSON.parse((await ask(`${proxy.url}/readyz`)).body).store === 'ok',
        3_000,
        'the store in /readyz',
      );
    },
    60_000,
  );
});

describe('viewing-proxy when something in the background fails unhandled', () => {
  it('logs it without personal data and keeps serving', async () => {
    // Stands for any background task whose failure nobody handles: it rejects once the proxy is serving.
    const failing = `data:text/javascript,${encodeURIComponent(
      'setTimeout(() => Promise.reject(new Error("a background task failed")), 1000);',
    )}`;
    const proxy = await startProxyProcess(
      { STORE: 'memory' },
      { defer: onTestFinished, nodeOptions: ['--import', failing] },
    );
    await sleep(1_500);
    expect(proxy.child.exitCode).toBeNull();
    expect((await ask(`${proxy.url}/healthz`)).status).toBe(200);
    const logged = proxy
      .stderr()
      .split('\n')
      .filter((line) => line.includes('unhandled_rejection'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toEqual([
      expect.objectContaining({ level: 'error', kind: 'Error', message: 'a background task failed' }),
    ]);
  });
});
