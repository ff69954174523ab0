import { AgentOSBackend, RateBudget } from '../src/backends/index.ts';
import { AGENTOS_REQUESTS_PER_MINUTE } from '../src/backends/agentos/client.ts';
import { addIsoDays, encodeOpaque } from '../src/backends/slot-time.ts';
import { createProxy } from '../src/proxy/app.ts';
import { createAgentOSEmulator } from '../src/sandbox/agentos/index.ts';
import { DEFAULT_RATE_LIMIT } from '../src/sandbox/agentos/rate-limit.ts';
import { mulberry32 } from '../src/sandbox/shared/random.ts';
import { spread, type Row } from './stats.ts';

/**
 * One abusive client against real visitors, at the real agentOS limit (50 calls a minute per key, the proxy
 * budgeting 48). The abuser sends ten times what a security review found enough to starve every visitor from
 * one address: 240 free-time reads a minute over random windows of the coming year, and 480 bookings a minute
 * of times that were never free. Meanwhile visitors arrive one after another, each reading free times for two
 * weeks and booking one of them, from addresses of their own.
 *
 * Everything runs in this process on the clock of a fixed Monday morning that moves with real time, so the
 * budget's windows roll as they would in production and the outcome does not depend on the day it runs. The
 * clock steps a minute on after the proxy's first catalog sync, as for a proxy that has been up a while.
 */
export interface AbuseOptions {
  durationMs: number;
  visitors: number;
  /** Every n-th visitor books (the first always does); the others only browse. Default 1: all book. */
  bookEvery?: number;
  /** Multiple of the review's thresholds (24 window reads and 48 bookings a minute). Default 10. */
  factor?: number;
  seed?: number;
  /** Called with the path of each upstream call, for finding where the budget goes. */
  onUpstreamCall?: (path: string, atMs: number) => void;
}

export interface AbuseResult {
  visitors: {
    requests: number;
    statuses: Record<string, number>;
    /** Answers a visitor's widget would show as "busy, try again". */
    unavailable: number;
    slowestReadMs: number;
    slowestBookingMs: number;
    /** What each visitor was told at the end: booked, kept as a request, or nothing they could use. */
    /** Visitors who set out to book. */
    booking: number;
    confirmed: number;
    requested: number;
    failed: number;
    /** Times a visitor's first choice was gone and an alternative was booked. */
    takenThenRebooked: number;
  };
  abuser: {
    requests: number;
    statuses: Record<string, number>;
    /** The abuser's bookings answered 201: never-free times kept or booked. */
    accepted: number;
  };
  upstream: { calls: number; refused: number };
}

const START = Date.parse('2026-11-23T09:00:00Z');
const TODAY = '2026-11-23';
const ABUSER = '203.0.113.66';
const FIRST_NAMES = [
  'Ada',
  'Ben',
  'Cora',
  'Dev',
  'Ella',
  'Finn',
  'Gita',
  'Hugo',
  'Iris',
  'Jon',
  'Kit',
  'Lena',
];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runAbuse(options: AbuseOptions): Promise<AbuseResult> {
  const factor = options.factor ?? 10;
  const rand = mulberry32(options.seed ?? 7);
  const began = performance.now();
  // The proxy has been up a while when the run begins: its start-up catalog sync is out of the budget's window.
  let upFor = 0;
  const now = () => new Date(START + upFor + (performance.now() - began));
  // agentOS's own limit, counted on the same clock as the proxy's budget.
  const emulator = createAgentOSEmulator({
    now,
    rateLimit: { ...DEFAULT_RATE_LIMIT, clock: () => now().getTime() },
  });
  let upstreamCalls = 0;
  let upstreamRefused = 0;
  const backend = new AgentOSBackend({
    baseUrl: 'http://agentos.sandbox',
    shortName: emulator.shortName,
    apiKey: emulator.apiKey,
    budget: new RateBudget({
      limit: AGENTOS_REQUESTS_PER_MINUTE,
      windowMs: 60_000,
      now: () => now().getTime(),
    }),
    fetch: async (input, init) => {
      upstreamCalls++;
      options.onUpstreamCall?.(new URL(new Request(input, init).url).pathname, performance.now() - began);
      const answer = await emulator.fetch(new Request(input, init));
      if (answer.status === 429 || answer.status === 403) upstreamRefused++;
      return answer;
    },
  });
  const proxy = createProxy({
    backend,
    now,
    allowedHosts: ['proxy.test'],
    // One trusted balancer in front: each simulated client comes with its own address.
    clientIp: (c) => c.req.header('x-forwarded-for'),
  });
  await proxy.start();
  upFor = 60_000;

  const call = async (client: string, path: string, init: RequestInit = {}) => {
    const started = performance.now();
    const response = await proxy.app.request(`http://proxy.test${path}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), 'x-forwarded-for': client },
    });
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    return { status: response.status, body, ms: performance.now() - started };
  };
  const postBooking = (client: string, body: unknown) =>
    call(client, '/v1/bookings', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify(body),
    });

  const { body: listing } = await call('198.51.100.1', '/v1/properties?limit=48');
  const properties = (listing.properties as { id: string }[]).map((p) => p.id);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

  const tally = (into: Record<string, number>, status: number) => {
    into[status] = (into[status] ?? 0) + 1;
  };
  const visitorStatuses: Record<string, number> = {};
  const abuserStatuses: Record<string, number> = {};
  const result: AbuseResult = {
    visitors: {
      requests: 0,
      statuses: visitorStatuses,
      unavailable: 0,
      slowestReadMs: 0,
      slowestBookingMs: 0,
      booking: 0,
      confirmed: 0,
      requested: 0,
      failed: 0,
      takenThenRebooked: 0,
    },
    abuser: { requests: 0, statuses: abuserStatuses, accepted: 0 },
    upstream: { calls: 0, refused: 0 },
  };

  // The abuser: fire and forget at a steady rate, whatever the answers.
  const inFlight = new Set<Promise<unknown>>();
  let abusing = true;
  const fire = (work: () => Promise<{ status: number }>) => {
    const sent = work()
      .then(({ status }) => {
        result.abuser.requests++;
        tally(abuserStatuses, status);
      })
      .finally(() => inFlight.delete(sent));
    inFlight.add(sent);
  };
  const every = async (perMinute: number, work: () => Promise<{ status: number }>) => {
    const gap = 60_000 / perMinute;
    for (let next = performance.now(); abusing; next += gap) {
      fire(work);
      await sleep(Math.max(0, next + gap - performance.now()));
    }
  };
  const abuser = Promise.all([
    every(24 * factor, () =>
      call(
        ABUSER,
        `/v1/slots?propertyId=${pick(properties)}&from=${addIsoDays(TODAY, Math.floor(rand() * 366))}&days=${1 + Math.floor(rand() * 14)}`,
      ),
    ),
    every(48 * factor, async () => {
      const day = addIsoDays(TODAY, 1 + Math.floor(rand() * 30));
      const answer = await postBooking(ABUSER, {
        propertyId: pick(properties),
        slotId: encodeOpaque(`a1|${day}T03:00:00|${day}T03:30:00`),
        guest: {
          firstName: 'Sam',
          lastName: 'Flood',
          email: `flood${Math.floor(rand() * 1e9)}@example.org`,
          phone: '07700 900999',
        },
        consent: { marketing: false },
      });
      if (answer.status === 201) result.abuser.accepted++;
      return answer;
    }),
  ]);

  // The visitors: one after another over the first four fifths of the run, each from an address of their own.
  const visit = async (i: number) => {
    const client = `198.51.100.${10 + i}`;
    const seen = async (request: Promise<Awaited<ReturnType<typeof call>>>, booking = false) => {
      const answer = await request;
      result.visitors.requests++;
      tally(visitorStatuses, answer.status);
      if (answer.status === 503) result.visitors.unavailable++;
      const slowest = booking ? 'slowestBookingMs' : 'slowestReadMs';
      result.visitors[slowest] = Math.max(result.visitors[slowest], answer.ms);
      return answer;
    };
    await seen(call(client, '/v1/branches'));
    const property = properties[(i * 7) % properties.length] as string;
    const week = await seen(call(client, `/v1/slots?propertyId=${property}&from=${TODAY}&days=7`));
    await seen(call(client, `/v1/slots?propertyId=${property}&from=${addIsoDays(TODAY, 7)}&days=7`));
    if (i % (options.bookEvery ?? 1) !== 0) return;
    result.visitors.booking++;
    const slots = (week.body.slots as { id: string; start: string }[] | undefined) ?? [];
    const later = slots.filter((s) => Date.parse(s.start) > now().getTime() + 3_600_000);
    const choice = later[(i * 5) % Math.max(1, later.length)];
    if (!choice) {
      result.visitors.failed++;
      return;
    }
    const booking = {
      propertyId: property,
      slotId: choice.id,
      guest: {
        firstName: FIRST_NAMES[i % FIRST_NAMES.length] as string,
        lastName: 'Visitor',
        email: `visitor${i}@example.org`,
        phone: '07700 900456',
      },
      consent: { marketing: false },
    };
    let answer = await seen(postBooking(client, booking), true);
    const error = answer.body.error as { code?: string; alternatives?: { id: string }[] } | undefined;
    const alternative = error?.code === 'slot_taken' ? error.alternatives?.[0] : undefined;
    if (alternative) {
      answer = await seen(postBooking(client, { ...booking, slotId: alternative.id }), true);
      if (answer.status === 201) result.visitors.takenThenRebooked++;
    }
    const status = (answer.body.booking as { status?: string } | undefined)?.status;
    if (answer.status === 201 && status === 'confirmed') result.visitors.confirmed++;
    else if (answer.status === 201 && status === 'requested') result.visitors.requested++;
    else result.visitors.failed++;
  };
  const arrivals = (options.durationMs * 0.8) / options.visitors;
  const visits: Promise<void>[] = [];
  for (let i = 0; i < options.visitors; i++) {
    await sleep(Math.max(0, began + i * arrivals - performance.now()));
    visits.push(visit(i));
  }
  await Promise.all(visits);
  await sleep(Math.max(0, began + options.durationMs - performance.now()));
  abusing = false;
  await abuser;
  await Promise.all(inFlight);
  proxy.stop();
  result.upstream = { calls: upstreamCalls, refused: upstreamRefused };
  return result;
}

/** The bench's two-minute run, as report rows, and what it missed of its targets. */
export async function abuseBench(): Promise<{ rows: Row[]; missed: string[] }> {
  const result = await runAbuse({ durationMs: 120_000, visitors: 16, bookEvery: 2 });
  const one = (value: number) => spread([value]);
  const group = 'abuse: one client at 10× for 2 min';
  const { visitors, abuser, upstream } = result;
  const rows: Row[] = [
    {
      group,
      figure: 'visitors booked',
      unit: '',
      value: one(visitors.confirmed),
      note: `of ${visitors.booking} who booked, among 16 who browsed`,
    },
    { group, figure: 'visitor answers 503', unit: '', value: one(visitors.unavailable) },
    { group, figure: 'slowest visitor booking', unit: 'ms', value: one(visitors.slowestBookingMs) },
    { group, figure: 'slowest visitor free-time read', unit: 'ms', value: one(visitors.slowestReadMs) },
    {
      group,
      figure: 'abuser requests refused (429)',
      unit: '%',
      value: one((100 * (abuser.statuses['429'] ?? 0)) / Math.max(1, abuser.requests)),
      note: `${abuser.requests} sent, ${abuser.accepted} bookings accepted`,
    },
    {
      group,
      figure: 'upstream calls',
      unit: '',
      value: one(upstream.calls),
      note: 'agentOS allows 50 a minute',
    },
  ];
  const missed = [
    ...(visitors.unavailable > 0 ? [`${visitors.unavailable} visitor answers were 503`] : []),
    ...(visitors.slowestBookingMs >= 5_000
      ? [`a visitor's booking took ${visitors.slowestBookingMs} ms`]
      : []),
    ...(visitors.confirmed < visitors.booking
      ? [`${visitors.booking - visitors.confirmed} of ${visitors.booking} visitors were not booked`]
      : []),
    ...(abuser.accepted > 0 ? [`${abuser.accepted} of the abuser's bookings were accepted`] : []),
    ...(upstream.refused > 0 ? [`${upstream.refused} upstream refusals`] : []),
  ];
  return { rows, missed };
}
