import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ActuallyCareSettings } from '../../src/backends/index.ts';
import { createProxy, type Proxy } from '../../src/proxy/app.ts';
import { openBackend } from '../../src/proxy/open-backend.ts';
import { type Store } from '../../src/proxy/store/index.ts';
import { SqliteStore } from '../../src/proxy/store/sqlite.ts';
import { startActuallyCareEmulator } from '../../src/sandbox/actuallycare/index.ts';
import { startPexipEngageEmulator } from '../../src/sandbox/pexip-engage/index.ts';

const SECRET = 'the agency chose this webhook secret';
const Acknowledged = z.object({ ok: z.literal(true), outcome: z.enum(['refresh', 'ignored']) });

/** One webhook delivery as the upstream sends it: the same bytes every time it is delivered. */
interface Delivery {
  body: string;
  headers: Record<string, string>;
}

/** An upstream on loopback, how a proxy instance is configured for it, and one event it sent. */
interface System {
  name: 'pexip-engage' | 'actuallycare';
  config: Parameters<typeof openBackend>[0];
  delivery: Delivery;
  close(): Promise<void>;
}

async function pexipEngage(): Promise<System> {
  const sandbox = await startPexipEngageEmulator({ rateLimit: false });
  const { emulator } = sandbox;
  // Catch the event the office's cancellation sends, to hand it to the instances ourselves.
  const sent: Delivery[] = [];
  emulator.configureWebhooks({
    url: 'http://proxy.test/v1/webhooks/pexip-engage',
    secret: SECRET,
    // The secret in a header, so the delivery can be replayed to the instances as captured.
    secretIn: 'header',
    duplicateRate: 0,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      sent.push({ body: await request.text(), headers: Object.fromEntries(request.headers) });
      return new Response(null, { status: 204 });
    },
  });
  const live = emulator
    .allAppointments()
    .find((appointment) => appointment.status === 'ACCEPTED' && Date.parse(appointment.start) > Date.now());
  if (!live || !emulator.cancelAppointment(live.id))
    throw new Error('the sandbox has no appointment to cancel');
  await emulator.webhooksSettled();
  const [delivery] = sent;
  if (!delivery) throw new Error('the cancellation sent no webhook');
  return {
    name: 'pexip-engage',
    config: {
      type: 'pexip-engage',
      baseUrl: sandbox.url,
      authUrl: sandbox.url,
      enterprise: emulator.enterprise,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      meetingType: 'OFFICE',
      webhookSecret: SECRET,
    },
    delivery,
    close: () => sandbox.close(),
  };
}

async function actuallyCare(): Promise<System> {
  const sandbox = await startActuallyCareEmulator({ rateLimit: false });
  const { emulator } = sandbox;
  const settings = emulator.sandboxSettings();
  const shower = settings.branches[0]?.agents[0]?.userId;
  const appointment = emulator.appointments().find((row) => row.userId === shower);
  if (!appointment) throw new Error('no appointment of an agent who shows properties');
  return {
    name: 'actuallycare',
    config: {
      type: 'actuallycare',
      ...ActuallyCareSettings.parse({
        baseUrl: sandbox.url,
        apiKey: emulator.apiKey,
        webhookSecret: SECRET,
        ...settings,
      }),
    },
    delivery: emulator.signWebhook('appointment.updated', appointment, { secret: SECRET }),
    close: () => sandbox.close(),
  };
}

const systems = { 'Pexip Engage': pexipEngage, ActuallyCare: actuallyCare };
const dir = mkdtempSync(join(tmpdir(), 'viewing-webhooks-'));
let files = 0;

describe.each(Object.entries(systems))('%s webhooks at several proxy instances', (_label, start) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A proxy instance as `viewing-proxy` builds it: its own handle on the store file, its own backend. */
  async function instance(system: System, path: string) {
    const store: Store = new SqliteStore(path);
    const opened = await openBackend(system.config, { store });
    const proxy: Proxy = createProxy({ backend: opened.backend, store });
    await proxy.start();
    let stopped: Promise<void> | undefined;
    const stop = () =>
      (stopped ??= (async () => {
        proxy.stop();
        await opened.close();
        await store.close();
      })());
    cleanups.push(stop);
    const deliver = async ({ body, headers }: Delivery) => {
      const answer = await proxy.app.request(`http://proxy.test/v1/webhooks/${system.name}`, {
        method: 'POST',
        headers,
        body,
      });
      expect(answer.status).toBe(200);
      return Acknowledged.parse(await answer.json()).outcome;
    };
    return { deliver, stop };
  }

  async function system() {
    const started = await start();
    cleanups.push(() => started.close());
    return started;
  }

  it('acts once on an event redelivered to another instance sharing the store', async () => {
    const upstream = await system();
    const path = join(dir, `shared-${++files}.db`);
    const first = await instance(upstream, path);
    const second = await instance(upstream, path);
    expect(await first.deliver(upstream.delivery)).toBe('refresh');
    expect(await second.deliver(upstream.delivery)).toBe('ignored');
    expect(await first.deliver(upstream.delivery)).toBe('ignored');
  });

  it('acts once on an event redelivered after the instance restarted', async () => {
    const upstream = await system();
    const path = join(dir, `restart-${++files}.db`);
    const before = await instance(upstream, path);
    expect(await before.deliver(upstream.delivery)).toBe('refresh');
    await before.stop();
    const after = await instance(upstream, path);
    expect(await after.deliver(upstream.delivery)).toBe('ignored');
  });
});
