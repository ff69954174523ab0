import { AgentOSBackend, RateBudget } from '../src/backends/index.ts';
import { addIsoDays } from '../src/backends/slot-time.ts';
import { createProxy } from '../src/proxy/app.ts';
import { createAgentOSEmulator } from '../src/sandbox/agentos/index.ts';
import { spread, type Row } from './stats.ts';
import { mulberry32 } from '../src/sandbox/shared/random.ts';

const SESSIONS = 1_000;
/** The sessions arrive over five minutes of simulated time, one every 300 ms. */
const SPAN_MS = 5 * 60_000;
const START = new Date('2026-11-23T09:00:00Z');

interface Counts {
  upstream: number;
  sync: number;
  slots: number;
  booking: number;
  widgetRequests: number;
  bookings: number;
}

async function simulate(seed: number): Promise<Counts> {
  let now = START.getTime();
  const clock = () => new Date(now);
  const emulator = createAgentOSEmulator({ now: clock, rateLimit: false });
  const backend = new AgentOSBackend({
    baseUrl: 'http://agentos.sandbox',
    shortName: emulator.shortName,
    apiKey: emulator.apiKey,
    fetch: async (input, init) => emulator.fetch(new Request(input, init)),
    // Calls are counted here, not paced: the real budget would only spread the same calls over time.
    budget: new RateBudget({ limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 }),
  });
  // The widget's page reaches the proxy at its public address: links in answers are made from it.
  const proxy = createProxy({ backend, now: clock, publicUrl: 'http://proxy.bench' });
  await proxy.start();
  const sync = emulator.requestCount();

  const rand = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => {
    const item = list[Math.floor(rand() * list.length)];
    if (item === undefined) throw new Error('nothing to pick from');
    return item;
  };
  let widgetRequests = 0;
  const get = async <T>(path: string): Promise<T> => {
    widgetRequests++;
    const response = await proxy.app.request(`http://proxy.bench${path}`);
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    return (await response.json()) as T;
  };
  const today = START.toISOString().slice(0, 10);
  let bookings = 0;

  for (let visitor = 0; visitor < SESSIONS; visitor++) {
    now = START.getTime() + Math.floor((visitor * SPAN_MS) / SESSIONS);
    const { branches } = await get<{ branches: { id: string }[] }>('/v1/branches');
    const branch = pick(branches);
    const channel = pick(['', '&channel=lettings', '&channel=sales']);
    const { properties } = await get<{ properties: { id: string }[] }>(
      `/v1/properties?branchId=${branch.id}${channel}`,
    );
    let slots: { id: string }[] = [];
    let last = '';
    for (let viewed = 1 + Math.floor(rand() * 3); viewed > 0; viewed--) {
      last = pick(properties).id;
      await get(`/v1/properties/${last}`);
      slots = (await get<{ slots: { id: string }[] }>(`/v1/slots?propertyId=${last}&from=${today}&days=7`))
        .slots;
      if (rand() < 0.3) await get(`/v1/slots?propertyId=${last}&from=${addIsoDays(today, 7)}&days=7`);
    }
    if (rand() < 0.05 && slots.length > 0) {
      widgetRequests++;
      const response = await proxy.app.request('http://proxy.bench/v1/bookings', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${seed}-${visitor}` },
        body: JSON.stringify({
          propertyId: last,
          slotId: pick(slots.slice(0, 5)).id,
          guest: {
            firstName: 'Bench',
            lastName: `Visitor ${[...String(visitor)].map((d) => 'abcdefghij'[Number(d)]).join('')}`,
            email: `visitor${visitor}@example.org`,
            phone: '07700900000',
          },
          consent: { marketing: false },
        }),
      });
      if (response.status === 201) bookings++;
      else if (response.status !== 409) throw new Error(`booking answered ${response.status}`);
    }
  }
  proxy.stop();
  const upstream = emulator.requestCount();
  const slots = emulator.requestCount('allocations');
  return { upstream, sync, slots, booking: upstream - sync - slots, widgetRequests, bookings };
}

/** Upstream calls the proxy makes for 1,000 visitors who browse, look at free times and sometimes book. */
export async function upstreamEfficiency(seeds = [1, 2, 3]): Promise<Row[]> {
  const runs: Counts[] = [];
  for (const seed of seeds) runs.push(await simulate(seed));
  const of = (key: keyof Counts) => spread(runs.map((r) => r[key]));
  const note = `${SESSIONS} sessions over 5 simulated minutes, ${seeds.length} seeds`;
  return [
    {
      group: 'Upstream efficiency',
      figure: 'widget requests to the proxy',
      unit: '',
      value: of('widgetRequests'),
      note,
    },
    {
      group: 'Upstream efficiency',
      figure: 'agentOS calls, all',
      unit: '',
      value: of('upstream'),
      note: 'what the agency’s key pays for',
    },
    {
      group: 'Upstream efficiency',
      figure: 'of which catalog sync',
      unit: '',
      value: of('sync'),
      note: 'once at start; then every 10 minutes',
    },
    {
      group: 'Upstream efficiency',
      figure: 'of which free-time reads',
      unit: '',
      value: of('slots'),
      note: 'includes each booking’s live re-check',
    },
    {
      group: 'Upstream efficiency',
      figure: 'of which guest match and diary posts',
      unit: '',
      value: of('booking'),
    },
    { group: 'Upstream efficiency', figure: 'viewings booked', unit: '', value: of('bookings') },
  ];
}
