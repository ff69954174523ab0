import { serve } from '@hono/node-server';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AgentOSBackend, RateBudget } from '../src/backends/index.ts';
import { createProxy } from '../src/proxy/app.ts';
import { silentLogger } from '../src/proxy/log.ts';
import { startAgentOSEmulator } from '../src/sandbox/agentos/index.ts';
import compileProxy from '../test/fixtures/compiled-proxy.ts';
import type { LoadRequest } from './load-worker.ts';
import type { ServeRequest } from './measured-server.ts';
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
/** `cpuUs`: the measured server's CPU time per answered request during the run, its cost without the wait. */
type LoadFigures = { rps: number; p50: number; p99: number; cpuUs: number };

/** A child process that answers one message with one reply, in order. */
class Child {
  constructor(private readonly child: ChildProcess) {}

  ask<T>(message: unknown, parse: (reply: unknown) => T): Promise<T> {
    return new Promise((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`a bench process exited (${code})`));
      this.child.once('exit', exited);
      this.child.once('message', (reply: unknown) => {
        this.child.off('exit', exited);
        try {
          resolve(parse(reply));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
      this.child.send(message as object);
    });
  }

  close() {
    this.child.kill();
  }
}

const forkChild = (module: string) =>
  new Child(
    fork(here(module), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );

const Started = z.object({ url: z.string() });
const CpuSoFar = z.object({ cpuUs: z.number() });

/** A server measured under load, in a process of its own (see `bench/measured-server.ts`). */
class MeasuredServer {
  private readonly child = forkChild('./measured-server.ts');

  start(request: ServeRequest): Promise<string> {
    return this.child.ask(request, (reply) => Started.parse(reply).url);
  }

  cpuUs(): Promise<number> {
    return this.child.ask('cpu', (reply) => CpuSoFar.parse(reply).cpuUs);
  }

  close() {
    this.child.close();
  }
}

/** autocannon in a child process of its own, so that it takes no CPU from the process measured. */
class LoadGenerator {
  private readonly child = forkChild('./load-worker.ts');

  async run(request: LoadRequest, server: MeasuredServer): Promise<LoadFigures> {
    const before = await server.cpuUs();
    const answer = await this.child.ask(request, (reply) => LoadAnswer.parse(reply));
    if (!answer.ok) throw new Error(`${request.url}: ${answer.error}`);
    const { non2xx, errors, ...figures } = answer.result;
    if (non2xx > 0 || errors > 0) throw new Error(`${request.url}: ${non2xx} non-2xx, ${errors} errors`);
    const used = (await server.cpuUs()) - before;
    return { ...figures, cpuUs: used / (figures.rps * request.seconds) };
  }

  close() {
    this.child.close();
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
 * The yardstick's headers: every header of the proxy's answer but those Node writes itself. A bare Hono app
 * answering every request with these and the proxy's bytes costs what any server must; what the proxy costs
 * beyond it is everything the proxy does per request.
 */
function sentHeaders(headers: Headers): Record<string, string> {
  const sent: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!CONNECTION_HEADERS.has(name)) sent[name] = value;
  });
  return sent;
}

async function listen(fetch: (request: Request) => Response | Promise<Response>) {
  const server = serve({ fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * The proxy under load on loopback (autocannon in its own process, 50 connections) beside a bare Hono app
 * serving the same answer, each in a process of its own, and what the proxy adds over asking the emulated
 * agentOS directly. The upstream limit is lifted here: the figures are the proxy's, not the queue's. The
 * per-address and per-site limits are counted as ever but set too high to be reached, since all the load comes
 * from one address.
 */
export async function proxyLoad(seconds = 5): Promise<Row[]> {
  // The measured proxy runs compiled, as `viewing-proxy` does: compiled here if the sources are newer.
  compileProxy();
  const sandbox = await startAgentOSEmulator({ rateLimit: false });
  const upstream = {
    baseUrl: sandbox.url,
    shortName: sandbox.emulator.shortName,
    apiKey: sandbox.emulator.apiKey,
  };
  // Each request is logged as in production, to a file rather than the terminal.
  const logDir = mkdtempSync(join(tmpdir(), 'proxy-load-'));
  const cached = new MeasuredServer();
  const bare = new MeasuredServer();
  // No slot cache: every read goes to the emulator, so the difference to a direct call is the proxy's own cost.
  // Called one request at a time, so it shares this process.
  const uncached = createProxy({
    allowedOrigins: [PAGE_ORIGIN],
    clientLimits: { perIp: Number.MAX_SAFE_INTEGER, perOrigin: Number.MAX_SAFE_INTEGER },
    log: silentLogger,
    formCheck: { minFillMs: 3_000, secret: 'bench' },
    backend: new AgentOSBackend({
      ...upstream,
      budget: new RateBudget({ limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 }),
    }),
    slotsTtlMs: 0,
  });
  const uncachedServer = await listen(uncached.app.fetch);
  await uncached.start();
  const generator = new LoadGenerator();
  try {
    const cachedUrl = await cached.start({
      kind: 'proxy',
      upstream,
      allowedOrigin: PAGE_ORIGIN,
      logFile: join(logDir, 'proxy.log'),
    });
    const uncachedUrl = uncachedServer.url;
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
    const bareUrl = await bare.start({
      kind: 'bare',
      body: await answer.text(),
      headers: sentHeaders(answer.headers),
    });
    const load = (server: MeasuredServer, url: string, duration = seconds) =>
      generator.run({ url, seconds: duration, connections: CONNECTIONS, headers }, server);

    const rows: Row[] = [];
    const note = `${ROUNDS} runs of ${seconds} s each, alternating; each server and the load generator (50 connections) in a process of its own`;
    // Both servers warm up first, then take turns, so a slower moment of the machine falls on both.
    await load(cached, `${cachedUrl}${slotsPath}`, 1);
    await load(bare, `${bareUrl}${slotsPath}`, 1);
    const proxyRuns: LoadFigures[] = [];
    const bareRuns: LoadFigures[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      proxyRuns.push(await load(cached, `${cachedUrl}${slotsPath}`));
      bareRuns.push(await load(bare, `${bareUrl}${slotsPath}`));
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
      propertiesRuns.push(await load(cached, `${cachedUrl}/v1/properties?channel=sales`));
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
    cached.close();
    bare.close();
    uncached.stop();
    await uncachedServer.close();
    await sandbox.close();
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
