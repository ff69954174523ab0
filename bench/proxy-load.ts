import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import type { AddressInfo } from 'node:net';
import { AgentOSBackend, RateBudget } from '../src/backends/index.ts';
import { createProxy } from '../src/proxy/app.ts';
import { startAgentOSEmulator } from '../src/sandbox/agentos/index.ts';
import { spread, type Row } from './stats.ts';

const ROUNDS = 3;

async function load(url: string, seconds: number) {
  const result = await autocannon({ url, connections: 50, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function sequentialMedianMs(url: string, init: RequestInit, count: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(url, init);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    times.push(performance.now() - started);
  }
  return spread(times).median;
}

/**
 * The proxy under load on loopback (autocannon, 50 connections), and what it adds over asking the emulated
 * agentOS directly. The upstream limit is lifted here: the figures are the proxy's, not the queue's.
 */
export async function proxyLoad(seconds = 5): Promise<Row[]> {
  const sandbox = await startAgentOSEmulator({ rateLimit: false });
  const backendOptions = {
    baseUrl: sandbox.url,
    shortName: sandbox.emulator.shortName,
    apiKey: sandbox.emulator.apiKey,
    budget: new RateBudget({ limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 }),
  };
  const cached = createProxy({ backend: new AgentOSBackend(backendOptions) });
  // No slot cache: every read goes to the emulator, so the difference to a direct call is the proxy's own cost.
  const uncached = createProxy({ backend: new AgentOSBackend(backendOptions), slotsTtlMs: 0 });
  const servers = [cached, uncached].map((proxy) =>
    serve({ fetch: proxy.app.fetch, hostname: '127.0.0.1', port: 0 }),
  );
  await Promise.all(
    servers.map((server) => new Promise<void>((resolve) => server.once('listening', () => resolve()))),
  );
  await Promise.all([cached.start(), uncached.start()]);
  const base = servers.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  try {
    const [cachedUrl = '', uncachedUrl = ''] = base;
    const listing = (await (await fetch(`${cachedUrl}/v1/properties?channel=lettings&limit=1`)).json()) as {
      properties: { id: string; branchId: string }[];
    };
    const property = listing.properties[0];
    if (!property) throw new Error('the sandbox has no property');
    const today = new Date().toISOString().slice(0, 10);
    const slotsPath = `/v1/slots?propertyId=${property.id}&from=${today}&days=7`;

    const rows: Row[] = [];
    for (const [name, path] of [
      ['GET /v1/slots', slotsPath],
      ['GET /v1/properties', '/v1/properties?channel=sales'],
    ] as const) {
      const runs = [];
      for (let i = 0; i < ROUNDS; i++) runs.push(await load(`${cachedUrl}${path}`, seconds));
      const note = `${ROUNDS} runs of ${seconds} s, 50 connections`;
      rows.push(
        {
          group: 'Proxy',
          figure: `${name} throughput`,
          unit: 'req/s',
          value: spread(runs.map((r) => r.rps)),
          note,
        },
        {
          group: 'Proxy',
          figure: `${name} p50 latency`,
          unit: 'ms',
          value: spread(runs.map((r) => r.p50)),
          note,
        },
        {
          group: 'Proxy',
          figure: `${name} p99 latency`,
          unit: 'ms',
          value: spread(runs.map((r) => r.p99)),
          note,
        },
      );
    }

    const types = (await (
      await fetch(
        `${sandbox.url}/v4/appointments/${sandbox.emulator.shortName}/diary/appointmenttypes/0/100`,
        {
          headers: { api_key: sandbox.emulator.apiKey },
        },
      )
    ).json()) as { Data: { OID: string; SystemType: string }[] };
    const viewing = types.Data.find((t) => t.SystemType === 'Viewing')?.OID ?? '';
    const direct = `${sandbox.url}/v4/appointments/${sandbox.emulator.shortName}/diary/appointmenttypes/allocations/0/1000?appointmentTypeID=${viewing}&preferredDate=${today}&lettings=true&propertyIdentifier=${property.id}&branchID=${property.branchId}`;
    const added: number[] = [];
    const directs: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const d = await sequentialMedianMs(direct, { headers: { api_key: sandbox.emulator.apiKey } }, 200);
      const p = await sequentialMedianMs(`${uncachedUrl}${slotsPath}`, {}, 200);
      directs.push(d);
      added.push(p - d);
    }
    rows.push(
      {
        group: 'Proxy',
        figure: 'emulator allocations, called directly',
        unit: 'ms',
        value: spread(directs),
        note: 'median of 200 sequential calls per run',
      },
      {
        group: 'Proxy',
        figure: 'added latency of an uncached GET /v1/slots',
        unit: 'ms',
        value: spread(added),
        note: 'proxied median minus direct median',
      },
    );
    return rows;
  } finally {
    cached.stop();
    uncached.stop();
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    await sandbox.close();
  }
}
