import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentOSBackend, RateBudget } from '../src/backends/index.ts';
import { addIsoDays } from '../src/backends/slot-time.ts';
import { createProxy } from '../src/proxy/app.ts';
import { ProxyConfig } from '../src/proxy/config.ts';
import type { Logger } from '../src/proxy/log.ts';
import { startProxyServer } from '../src/proxy/server.ts';
import { SqliteStore } from '../src/proxy/store/sqlite.ts';
import { createAgentOSEmulator } from '../src/sandbox/agentos/index.ts';
import { serveOnLoopback } from '../src/sandbox/shared/serve.ts';
import { percentile, spread, type Row } from './stats.ts';
import { mulberry32 } from '../src/sandbox/shared/random.ts';

/**
 * A thousand visitors over five minutes, in real time, against the agentOS emulator at its real limit of 50
 * requests a minute per key. Each visitor does what the widget does: branches, a branch's homes and their
 * pictures, one to three homes with their free times (a second week sometimes), and one in twenty books,
 * taking an offered alternative when their time was just taken. Success is 0 upstream 429s and no visitor
 * seeing an error. The proxy starts as after a restart: on the store it kept the day before (catalog and
 * pictures), as any proxy but a brand-new one does; `keptStore: false` starts it on an empty store instead.
 */
const VISITORS = 1_000;
const SPAN_MS = 5 * 60_000;
const ORIGIN = 'https://www.agency.example';
const BOOKING_SHARE = 0.05;

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Slot {
  id: string;
}

interface Tally {
  requests: number;
  visitorErrors: string[];
  latency: Record<'catalog' | 'photo' | 'slots' | 'booking', number[]>;
  booked: number;
  requested: number;
  conflicts: number;
  pictures: number;
  /** A picture that did not load shows the plain panel: visible, but not an error in the booking. */
  brokenPictures: number;
}

/** The most calls that arrived within any 60 s: what agentOS's rolling window saw at its fullest. */
function busiestMinute(arrivals: readonly number[]): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while ((sorted[last] ?? 0) - (sorted[first] ?? 0) >= 60_000) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

export interface VisitorLoadResult {
  rows: Row[];
  upstream429: number;
  visitorErrors: string[];
}

export interface VisitorLoadOptions {
  seed?: number;
  visitors?: number;
  spanMs?: number;
  /** Called with each upstream answer: when it arrived, its path and status. */
  onUpstream?: (at: number, path: string, status: number) => void;
  /**
   * Start on the store a proxy kept while it ran the day before (default), or on an empty one: a brand-new
   * proxy, which has to read every picture through agentOS's 50 a minute while visitors arrive.
   */
  keptStore?: boolean;
}

/**
 * The proxy as it ran the day before: it read the catalog and every home's picture into the store at `path`.
 * Outside the measured run, so it reads without agentOS's limit, from an emulator of its own with the same
 * seeded homes, and counts nothing in the measured run's budget window.
 */
async function keepYesterday(path: string): Promise<void> {
  const emulator = createAgentOSEmulator({ rateLimit: false });
  const store = new SqliteStore(path);
  let prefetched = false;
  const proxy = createProxy({
    backend: new AgentOSBackend({
      baseUrl: 'http://agentos.sandbox',
      shortName: emulator.shortName,
      apiKey: emulator.apiKey,
      fetch: async (input, init) => emulator.fetch(new Request(input, init)),
      budget: new RateBudget({ limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 }),
    }),
    store,
    prefetchPictures: true,
    log: { ...quiet, info: (event) => void (event === 'pictures_prefetched' && (prefetched = true)) },
  });
  try {
    await proxy.start();
    for (const deadline = Date.now() + 60_000; !prefetched; await sleep(100)) {
      if (Date.now() > deadline) throw new Error('the pictures were not read within a minute');
    }
  } finally {
    proxy.stop();
    await store.close();
  }
}

export async function visitorLoad(options: VisitorLoadOptions = {}): Promise<VisitorLoadResult> {
  const { seed = 1, visitors = VISITORS, spanMs = SPAN_MS, keptStore = true } = options;
  const statuses = new Map<number, number>();
  const arrivals: number[] = [];
  let upstreamCalls = 0;
  let pictureReads = 0;
  const emulator = createAgentOSEmulator({});
  const upstream = await serveOnLoopback(async (request) => {
    const arrived = Date.now();
    arrivals.push(arrived);
    const response = await emulator.fetch(request);
    options.onUpstream?.(arrived, new URL(request.url).pathname, response.status);
    upstreamCalls++;
    if (new URL(request.url).pathname.includes('/download/')) pictureReads++;
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    return response;
  });
  const dir = mkdtempSync(join(tmpdir(), 'viewing-load-'));
  if (keptStore) await keepYesterday(join(dir, 'state.db'));
  const config = ProxyConfig.parse({
    host: '127.0.0.1',
    port: 0,
    trustProxy: true,
    allowedOrigins: [ORIGIN],
    store: { type: 'sqlite', path: join(dir, 'state.db') },
    backend: {
      type: 'agentos',
      baseUrl: upstream.url,
      shortName: emulator.shortName,
      apiKey: emulator.apiKey,
    },
  });
  const proxy = await startProxyServer(config, quiet);
  const rand = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(rand() * list.length)];
  const tally: Tally = {
    requests: 0,
    visitorErrors: [],
    latency: { catalog: [], photo: [], slots: [], booking: [] },
    booked: 0,
    requested: 0,
    conflicts: 0,
    pictures: 0,
    brokenPictures: 0,
  };

  const visit = async (visitor: number, plan: () => number) => {
    const address = `198.51.${(visitor >> 8) & 255}.${visitor & 255}`;
    const call = async (kind: keyof Tally['latency'], path: string, init: RequestInit = {}) => {
      tally.requests++;
      const started = performance.now();
      const response = await fetch(`${proxy.url}${path}`, {
        ...init,
        headers: { origin: ORIGIN, 'x-forwarded-for': address, ...init.headers },
      });
      const body = await response.arrayBuffer();
      tally.latency[kind].push(performance.now() - started);
      return {
        status: response.status,
        json: () => JSON.parse(new TextDecoder().decode(body)) as unknown,
      };
    };
    const expectOk = async (kind: keyof Tally['latency'], path: string) => {
      const answer = await call(kind, path);
      if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}`);
      return answer.json();
    };
    const think = () => sleep(1_000 + plan() * 6_000);

    const { branches } = (await expectOk('catalog', '/v1/branches')) as { branches: { id: string }[] };
    const branch = pick(branches);
    if (!branch) throw new Error('no branches');
    const channel = pick(['', '&channel=lettings', '&channel=sales']);
    const { properties } = (await expectOk(
      'catalog',
      `/v1/properties?branchId=${branch.id}${channel}&limit=12`,
    )) as { properties: { id: string; photoUrl?: string }[] };
    // The list shows a picture per home. A picture is not JSON: only its status says whether it loaded.
    await Promise.all(
      properties
        .filter((p) => p.photoUrl)
        .map(async (p) => {
          tally.pictures++;
          const picture = await call('photo', `/v1/photos/${encodeURIComponent(p.id)}`).catch(
            () => undefined,
          );
          if (picture?.status !== 200) tally.brokenPictures++;
        }),
    );
    const today = new Date().toISOString().slice(0, 10);
    let home: string | undefined;
    let slots: Slot[] = [];
    let formToken: string | undefined;
    for (let viewed = 1 + Math.floor(plan() * 3); viewed > 0; viewed--) {
      await think();
      home = pick(properties)?.id;
      if (!home) return;
      await expectOk('catalog', `/v1/properties/${home}`);
      ({ slots } = (await expectOk('slots', `/v1/slots?propertyId=${home}&from=${today}&days=7`)) as {
        slots: Slot[];
      });
      // As the widget does once a home's first week is shown: the form token is one visitor's, asked on its own.
      ({ formToken } = (await expectOk('slots', `/v1/form-token?propertyId=${home}`)) as {
        formToken?: string;
      });
      if (plan() < 0.3) {
        await think();
        await expectOk('slots', `/v1/slots?propertyId=${home}&from=${addIsoDays(today, 7)}&days=7`);
      }
    }
    if (!home || slots.length === 0 || plan() >= BOOKING_SHARE) return;
    await think();
    let slotId = pick(slots.slice(0, 5))?.id;
    for (let attempt = 0; slotId && attempt < 3; attempt++) {
      const send = () =>
        call('booking', '/v1/bookings', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': `load-${seed}-${visitor}-${attempt}`,
          },
          body: JSON.stringify({
            propertyId: home,
            slotId,
            guest: {
              firstName: 'Load',
              lastName: `Visitor ${[...String(visitor)].map((d) => 'abcdefghij'[Number(d)]).join('')}`,
              email: `load.visitor${visitor}@example.org`,
              phone: '07700 900000',
            },
            consent: { marketing: false },
            formToken,
          }),
        });
      const answer = await send();
      if (answer.status === 201) {
        const { booking } = answer.json() as { booking: { status: string } };
        if (booking.status === 'confirmed') tally.booked++;
        else tally.requested++;
        return;
      }
      if (answer.status !== 409) throw new Error(`booking answered ${answer.status}`);
      tally.conflicts++;
      // The widget shows the alternatives the 409 carries; the visitor takes one.
      const { error } = answer.json() as { error: { alternatives?: Slot[] } };
      slotId = pick(error.alternatives ?? [])?.id;
    }
  };

  const started = Date.now();
  const sessions: Promise<void>[] = [];
  try {
    for (let visitor = 0; visitor < visitors; visitor++) {
      const due = started + (visitor * spanMs) / visitors;
      await sleep(Math.max(0, due - Date.now()));
      // Each visitor draws from its own stream, so one visitor's choices never shift another's.
      const plan = mulberry32(seed * 100_003 + visitor);
      sessions.push(
        visit(visitor, plan).catch((error: unknown) => {
          tally.visitorErrors.push(
            `visitor ${visitor}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }),
      );
    }
    await Promise.all(sessions);
  } finally {
    await proxy.close();
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  const upstream429 = (statuses.get(429) ?? 0) + (statuses.get(403) ?? 0);
  const note = `${visitors} visitors over ${Math.round(spanMs / 60_000)} minutes in ${seconds} s, agentOS emulator at 50 requests a minute`;
  const one = (value: number) => spread([value]);
  const ms = (values: number[], p: number) => spread([percentile(values, p)]);
  const group = 'Load: 1,000 visitors';
  const rows: Row[] = [
    { group, figure: 'visitor requests to the proxy', unit: '', value: one(tally.requests), note },
    { group, figure: 'visitors who saw an error', unit: '', value: one(tally.visitorErrors.length) },
    { group, figure: 'agentOS calls', unit: '', value: one(upstreamCalls) },
    {
      group,
      figure: 'agentOS calls in the busiest 60 s',
      unit: '',
      value: one(busiestMinute(arrivals)),
      note: 'agentOS allows 50; the proxy keeps to 48',
    },
    { group, figure: 'agentOS 429 or 403 answers', unit: '', value: one(upstream429) },
    { group, figure: 'viewings booked', unit: '', value: one(tally.booked) },
    {
      group,
      figure: 'bookings kept as requests',
      unit: '',
      value: one(tally.requested),
      note: 'the upstream could not take them in time',
    },
    {
      group,
      figure: 'times taken just before, alternative offered',
      unit: '',
      value: one(tally.conflicts),
    },
    { group, figure: 'free times p50', unit: 'ms', value: ms(tally.latency.slots, 50) },
    { group, figure: 'free times p99', unit: 'ms', value: ms(tally.latency.slots, 99) },
    { group, figure: 'free times slowest', unit: 'ms', value: ms(tally.latency.slots, 100) },
    { group, figure: 'booking p50', unit: 'ms', value: ms(tally.latency.booking, 50) },
    { group, figure: 'booking slowest', unit: 'ms', value: ms(tally.latency.booking, 100) },
    {
      group,
      figure: 'pictures that did not load',
      unit: '',
      value: one(tally.brokenPictures),
      note: keptStore
        ? 'restarted on the store kept the day before'
        : 'first start on an empty store: every picture read through agentOS',
    },
    {
      group,
      figure: 'pictures shown',
      unit: '',
      value: one(tally.pictures - tally.brokenPictures),
    },
    { group, figure: 'agentOS picture downloads', unit: '', value: one(pictureReads) },
    { group, figure: 'picture p99', unit: 'ms', value: ms(tally.latency.photo, 99) },
  ];
  return { rows, upstream429, visitorErrors: tally.visitorErrors };
}
