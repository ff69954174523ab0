import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AgentOSBackend, RateBudget } from '../src/backends/index.ts';
import { createProxy } from '../src/proxy/app.ts';
import { batchedLines, jsonLogger } from '../src/proxy/log.ts';
import { startAgentOSEmulator } from '../src/sandbox/agentos/index.ts';
import compileProxy from '../test/fixtures/compiled-proxy.ts';
import type { LoadRequest } from './load-worker.ts';
import { spread, type Row } from './stats.ts';

/** Runs per figure: this machine's pace varies from one run to the next, the ratio of neighbours less. */
const ROUNDS = 5;
const CONNECTIONS = 50;
/** The page a widget's requests come from: allowed, so every request passes CORS and the per-site limit. */
const PAGE_ORIGIN = 'https://agency.example';
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const LoadAnswer = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    result: z.object({
      rps: z.number(),
      p50: z.number(),
      p99: z.number(),
      non2xx: z.number(),
      errors: z.number(),
    }),
  }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
/** `cpuUs`: this process's CPU time per answered request during the run, the server's cost without the wait. */
type LoadFigures = { rps: number; p50: number; p99: number; cpuUs: number };

/** autocannon in a child process of its own, so that the server measured has this process's CPU to itself. */
class LoadGenerator {
  private readonly child: ChildProcess = fork(here('./load-worker.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

  run(request: LoadRequest): Promise<LoadFigures> {
    const before = process.cpuUsage();
    return new Promise((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`the load worker exited (${code})`));
      this.child.once('exit', exited);
      this.child.once('message', (message: unknown) => {
        this.child.off('exit', exited);
        const answer = LoadAnswer.safeParse(message);
        if (!answer.success) return reject(new Error(`the load worker answered ${JSON.stringify(message)}`));
        if (!answer.data.ok) return reject(new Error(`${request.url}: ${answer.data.error}`));
        const { non2xx, errors, ...figures } = answer.data.result;
        if (non2xx > 0 || errors > 0)
          return reject(new Error(`${request.url}: ${non2xx} non-2xx, ${errors} errors`));
        const used = process.cpuUsage(before);
        resolve({ ...figures, cpuUs: (used.user + used.system) / (figures.rps * request.seconds) });
      });
      this.child.send(request);
    });
  }

  close() {
    this.child.kill();
  }
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

/** Headers Node writes itself for any answer; every other header of the proxy's answer is sent by the yardstick. */
const CONNECTION_HEADERS = new Set([
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
]);

/**
 * The yardstick: a bare Hono app on @hono/node-server that answers every request with the bytes and headers
 * the proxy gave once. What the proxy serves beyond it is the cost of everything the proxy does per request.
 */
function bareAnswer(body: string, headers: Headers) {
  const sent: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!CONNECTION_HEADERS.has(name)) sent[name] = value;
  });
  const app = new Hono();
  app.get('*', (c) => c.body(body, 200, sent));
  return app;
}

async function listen(fetch: (request: Request) => Response | Promise<Response>) {
  const server = serve({ fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * The proxy under load on loopback (autocannon in its own process, 50 connections) beside a bare Hono app
 * serving the same answer, and what the proxy adds over asking the emulated agentOS directly. The upstream
 * limit is lifted here: the figures are the proxy's, not the queue's. The per-address and per-site limits are
 * counted as ever but set too high to be reached, since all the load comes from one address.
 */
export async function proxyLoad(seconds = 5): Promise<Row[]> {
  const sandbox = await startAgentOSEmulator({ rateLimit: false });
  const backendOptions = {
    baseUrl: sandbox.url,
    shortName: sandbox.emulator.shortName,
    apiKey: sandbox.emulator.apiKey,
    budget: new RateBudget({ limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 }),
  };
  // Each request is logged as in production, to a file rather than the terminal.
  const logDir = mkdtempSync(join(tmpdir(), 'proxy-load-'));
  let logFd: number | undefined = openSync(join(logDir, 'proxy.log'), 'a');
  const common = {
    allowedOrigins: [PAGE_ORIGIN],
    clientLimits: { perIp: Number.MAX_SAFE_INTEGER, perOrigin: Number.MAX_SAFE_INTEGER },
    // Lines still batched when the run is over are dropped with the file.
    log: jsonLogger(batchedLines((text) => logFd !== undefined && writeSync(logFd, text))),
    // As `viewing-proxy` does by default: every free-time answer carries a signed form token.
    formCheck: { minFillMs: 3_000, secret: 'bench' },
  };
  const cached = createProxy({ ...common, backend: new AgentOSBackend(backendOptions) });
  // No slot cache: every read goes to the emulator, so the difference to a direct call is the proxy's own cost.
  const uncached = createProxy({ ...common, backend: new AgentOSBackend(backendOptions), slotsTtlMs: 0 });
  const servers = await Promise.all([listen(cached.app.fetch), listen(uncached.app.fetch)]);
  await Promise.all([cached.start(), uncached.start()]);
  const generator = new LoadGenerator();
  const closing: (() => Promise<void>)[] = [];
  try {
    const [cachedUrl = '', uncachedUrl = ''] = servers.map((server) => server.url);
    const headers = { origin: PAGE_ORIGIN };
    const listing = (await (
      await fetch(`${cachedUrl}/v1/properties?channel=lettings&limit=1`, { headers })
    ).json()) as { properties: { id: string; branchId: string }[] };
    const property = listing.properties[0];
    if (!property) throw new Error('the sandbox has no property');
    const today = new Date().toISOString().slice(0, 10);
    const slotsPath = `/v1/slots?propertyId=${property.id}&from=${today}&days=7`;

    const answer = await fetch(`${cachedUrl}${slotsPath}`, { headers });
    if (!answer.ok) throw new Error(`GET /v1/slots answered ${answer.status}`);
    const bare = await listen(bareAnswer(await answer.text(), answer.headers).fetch);
    closing.push(bare.close);
    const load = (url: string, duration = seconds) =>
      generator.run({ url, seconds: duration, connections: CONNECTIONS, headers });

    const rows: Row[] = [];
    const note = `${ROUNDS} runs of ${seconds} s each, alternating, 50 connections from another process`;
    // Both servers warm up first, then take turns, so a slower moment of the machine falls on both.
    await load(`${cachedUrl}${slotsPath}`, 1);
    await load(`${bare.url}${slotsPath}`, 1);
    const proxyRuns: LoadFigures[] = [];
    const bareRuns: LoadFigures[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      proxyRuns.push(await load(`${cachedUrl}${slotsPath}`));
      bareRuns.push(await load(`${bare.url}${slotsPath}`));
    }
    const pairs = proxyRuns.map((run, i) => ({ proxy: run, bare: bareRuns[i] ?? run }));
    const figure = (name: string, unit: string, values: number[]) => ({
      group: 'Proxy',
      figure: name,
      unit,
      value: spread(values),
      note,
    });
    rows.push(
      figure(
        'cached GET /v1/slots throughput',
        'req/s',
        proxyRuns.map((r) => r.rps),
      ),
      figure(
        'bare Hono serving the same answer, throughput',
        'req/s',
        bareRuns.map((r) => r.rps),
      ),
      figure(
        'cached GET /v1/slots throughput / bare',
        '×',
        pairs.map((p) => p.proxy.rps / p.bare.rps),
      ),
      figure(
        'cached GET /v1/slots p50 latency',
        'ms',
        proxyRuns.map((r) => r.p50),
      ),
      figure(
        'cached GET /v1/slots p99 latency',
        'ms',
        proxyRuns.map((r) => r.p99),
      ),
      figure(
        'bare Hono serving the same answer, p99 latency',
        'ms',
        bareRuns.map((r) => r.p99),
      ),
      figure(
        'cached GET /v1/slots p99 / bare p99',
        '×',
        pairs.map((p) => p.proxy.p99 / p.bare.p99),
      ),
      figure(
        'cached GET /v1/slots CPU per request',
        'µs',
        proxyRuns.map((r) => r.cpuUs),
      ),
      figure(
        'bare Hono serving the same answer, CPU per request',
        'µs',
        bareRuns.map((r) => r.cpuUs),
      ),
    );

    const propertiesRuns: LoadFigures[] = [];
    for (let i = 0; i < ROUNDS; i++)
      propertiesRuns.push(await load(`${cachedUrl}/v1/properties?channel=sales`));
    rows.push(
      figure(
        'GET /v1/properties throughput',
        'req/s',
        propertiesRuns.map((r) => r.rps),
      ),
      figure(
        'GET /v1/properties p99 latency',
        'ms',
        propertiesRuns.map((r) => r.p99),
      ),
    );

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
      const p = await sequentialMedianMs(`${uncachedUrl}${slotsPath}`, { headers }, 200);
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
    generator.close();
    cached.stop();
    uncached.stop();
    await Promise.all([...servers.map((server) => server.close()), ...closing.map((close) => close())]);
    await sandbox.close();
    closeSync(logFd);
    logFd = undefined;
    rmSync(logDir, { recursive: true, force: true });
  }
}

/** Milliseconds from spawning `viewing-proxy` until it says it is listening. */
function startOnce(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [here('../bin/viewing-proxy.js')], {
      env: { ...process.env, BACKEND: 'sandbox', STORE: 'memory', HOST: '127.0.0.1', PORT: '0' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let printed = '';
    let listening: number | undefined;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      printed += chunk;
      if (listening !== undefined || !printed.includes('listening on')) return;
      listening = performance.now() - started;
      child.kill('SIGTERM');
    });
    // Resolved once the process is gone, so that the next start does not share the machine with this one.
    child.once('exit', (code) =>
      listening === undefined
        ? reject(new Error(`viewing-proxy exited (${code}) before listening`))
        : resolve(listening),
    );
    child.once('error', reject);
  });
}

/** How long the proxy command takes to start with the sandbox and the memory store, median of five starts. */
export async function proxyStartup(): Promise<Row[]> {
  // The command runs the compiled proxy: compiled here if the sources are newer.
  compileProxy();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) times.push(await startOnce());
  return [
    {
      group: 'Proxy',
      figure: 'proxy start-up',
      unit: 'ms',
      value: spread(times),
      note: '`viewing-proxy` with the sandbox and STORE=memory, from spawn to `listening on`; 5 starts',
    },
  ];
}
