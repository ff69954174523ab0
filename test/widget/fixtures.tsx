import { fireEvent, render, screen } from '@testing-library/preact';
import type { Booking, Branch, Property, Question, Slot } from '../../src/contract/index.ts';
import { HomeIndex } from '../../src/proxy/home-search.ts';
import { App, loadSteps } from '../../widget/App.tsx';
import { createApi } from '../../widget/api.ts';
import { createFlowModel, type FlowEvent, type FlowOptions } from '../../widget/model.ts';

// The steps after the time come from a file of their own; here they are had before any test starts, so a test
// that walks the flow sees each step as soon as it is reached (App.test covers the wait and a failed load).
await loadSteps();

/** A summer day, so London is on BST (UTC+1) and a late UTC slot falls on the next London day. */
export const NOW = new Date('2026-07-01T08:00:00Z');

export const branches: Branch[] = [
  {
    id: 'br-ken',
    name: 'Kensington',
    address: '12 High Street, London W8 4PT',
    timeZone: 'Europe/London',
    phone: '020 7946 0001',
  },
  { id: 'br-isl', name: 'Islington', address: '5 Upper Street, London N1 0PQ', timeZone: 'Europe/London' },
];

export const properties: Property[] = [
  {
    id: 'p-flat',
    branchId: 'br-ken',
    channel: 'lettings',
    title: 'Two-bed flat, Abingdon Road',
    address: '4 Abingdon Road, London W8',
    price: { amount: 1250, currency: 'GBP', period: 'month' },
    bedrooms: 2,
    photoUrl: 'https://img.example/flat.jpg',
  },
  {
    id: 'p-studio',
    branchId: 'br-ken',
    channel: 'lettings',
    title: 'Studio, Earls Court Road',
    address: '90 Earls Court Road, London W8',
    price: { amount: 300, currency: 'GBP', period: 'week' },
    bedrooms: 0,
  },
  {
    id: 'p-house',
    branchId: 'br-ken',
    channel: 'sales',
    title: 'Three-bed house, Phillimore Walk',
    address: '7 Phillimore Walk, London W8',
    price: { amount: 425000, currency: 'GBP' },
    bedrooms: 3,
    photoUrl: 'https://img.example/house.jpg',
  },
  {
    id: 'p-isl',
    branchId: 'br-isl',
    channel: 'sales',
    title: 'Flat, Upper Street',
    address: '200 Upper Street, London N1',
    price: { amount: 550000, currency: 'GBP' },
    bedrooms: 1,
  },
];

const slot = (id: string, start: string, end: string): Slot => ({ id, start, end });

/** Slots of the week from 2026-07-01, as the proxy sends them: ISO with the branch's offset or in UTC. */
export const weekSlots: Slot[] = [
  slot('s-wed-1000', '2026-07-01T10:00:00+01:00', '2026-07-01T10:30:00+01:00'),
  slot('s-wed-1030', '2026-07-01T10:30:00+01:00', '2026-07-01T11:00:00+01:00'),
  // 23:30 UTC on Wednesday is 00:30 on Thursday in London.
  slot('s-late', '2026-07-01T23:30:00Z', '2026-07-02T00:00:00Z'),
  slot('s-fri-1400', '2026-07-03T14:00:00+01:00', '2026-07-03T14:30:00+01:00'),
];

/** Free times three weeks out, for the week from 2026-07-22. */
export const laterSlots: Slot[] = [
  slot('s-later-0900', '2026-07-23T09:00:00+01:00', '2026-07-23T09:30:00+01:00'),
];

export const booking: Booking = {
  reference: 'VW-7K2Q9',
  propertyId: 'p-flat',
  branchId: 'br-ken',
  start: '2026-07-01T10:00:00+01:00',
  end: '2026-07-01T10:30:00+01:00',
  timeZone: 'Europe/London',
  status: 'confirmed',
};

export interface Call {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
  /** How the request may use the browser's HTTP cache. */
  cache: RequestCache | undefined;
}

type Reply = { status: number; body: unknown } | 'network';
type Handler = (call: Call) => Reply | Promise<Reply>;

export interface FakeProxyOptions {
  branches?: Branch[];
  properties?: Property[];
  /** Slots per `from` date; weeks not listed are empty. */
  slots?: Record<string, Slot[]>;
  /** Page size of the property list; a `nextCursor` is sent while more remain. */
  pageSize?: number;
  /** Answers to successive bookings; the last one repeats. */
  bookings?: Reply[];
  /** The agency's questions, for every home. */
  questions?: Question[];
  /** The agency keeps a waiting list for every home. */
  waitlist?: boolean;
  /** Every home's owner agrees each viewing first. */
  ownerApproval?: boolean;
  /** Overrides by path, e.g. `/v1/branches`. */
  routes?: Record<string, Handler>;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** A stand-in for the proxy behind `fetch`, recording every request the widget makes. */
export function fakeProxy(options: FakeProxyOptions = {}) {
  const calls: Call[] = [];
  const allBranches = options.branches ?? branches;
  const allProperties = options.properties ?? properties;
  const slotsByWeek = options.slots ?? { '2026-07-01': weekSlots };
  const bookings = [...(options.bookings ?? [{ status: 201, body: { booking } }])];

  const handle = (call: Call): Reply | Promise<Reply> => {
    const path = call.url.pathname.replace(/^\/api/, '');
    const route = options.routes?.[path];
    if (route) return route(call);
    const q = call.url.searchParams;
    if (path === '/v1/branches') return { status: 200, body: { branches: allBranches } };
    if (path === '/v1/properties') {
      // Searched the way the proxy searches (src/proxy/home-search.ts).
      const number = (name: string) => (q.get(name) ? Number(q.get(name)) : undefined);
      const channel = q.get('channel');
      const list = new HomeIndex(allProperties).find({
        branchId: q.get('branchId') ?? undefined,
        channel: channel === 'lettings' || channel === 'sales' ? channel : undefined,
        q: q.get('q') ?? undefined,
        minPrice: number('minPrice'),
        maxPrice: number('maxPrice'),
        bedrooms: number('bedrooms'),
      });
      const start = Number(q.get('cursor') ?? 0);
      const size = options.pageSize ?? 50;
      const page = list.slice(start, start + size);
      const next = start + size < list.length ? { nextCursor: String(start + size) } : {};
      return { status: 200, body: { properties: page, total: list.length, ...next } };
    }
    const one = /^\/v1\/properties\/(.+)$/.exec(path);
    if (one) {
      const p = allProperties.find((x) => x.id === decodeURIComponent(one[1] ?? ''));
      return p
        ? { status: 200, body: { property: p } }
        : { status: 404, body: { error: { code: 'not_found', message: 'No such property' } } };
    }
    if (path === '/v1/slots') {
      return {
        status: 200,
        body: {
          timeZone: 'Europe/London',
          slots: slotsByWeek[q.get('from') ?? ''] ?? [],
        },
      };
    }
    if (path === '/v1/questions') {
      const list = options.waitlist ? { waitlist: true } : {};
      const owner = options.ownerApproval ? { ownerApproval: true } : {};
      return { status: 200, body: { questions: options.questions ?? [], ...list, ...owner } };
    }
    if (path === '/v1/waitlist') {
      const url = 'http://proxy.test/api/waitlist/place-token';
      return { status: 201, body: { waitlist: { reference: 'WL-1A2B3C4D', url, status: 'waiting' } } };
    }
    if (path === '/v1/form-token')
      return { status: 200, body: { formToken: `issued-for-${q.get('propertyId')}` } };
    if (path === '/v1/bookings') {
      const next = bookings.length > 1 ? bookings.shift() : bookings[0];
      return next ?? { status: 500, body: { error: { code: 'internal', message: 'no reply set' } } };
    }
    return { status: 404, body: { error: { code: 'not_found', message: path } } };
  };

  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const raw = init?.body;
    const call: Call = {
      method: init?.method ?? 'GET',
      url,
      headers: new Headers(init?.headers),
      body: typeof raw === 'string' ? JSON.parse(raw) : undefined,
      cache: init?.cache,
    };
    calls.push(call);
    const reply = await handle(call);
    if (reply === 'network') throw new TypeError('Failed to fetch');
    return json(reply.status, reply.body);
  };

  const requests = (path: string) => calls.filter((c) => c.url.pathname.endsWith(path));
  return { fetch, calls, requests };
}

export type FakeProxy = ReturnType<typeof fakeProxy>;

/** A model on a fake proxy with the clock pinned to {@link NOW}; events are collected. */
export function setupModel(options: Partial<FlowOptions> & { proxy?: FakeProxyOptions } = {}) {
  const proxy = fakeProxy(options.proxy);
  const events: FlowEvent[] = [];
  const model = createFlowModel({
    api: createApi('http://proxy.test/api/', proxy.fetch),
    now: () => NOW,
    onEvent: (e) => events.push(e),
    ...options,
  });
  return { model, proxy, events };
}

/** The whole widget UI on a fake proxy, started. */
export function setupApp(options: Partial<FlowOptions> & { proxy?: FakeProxyOptions } = {}) {
  const setup = setupModel(options);
  const view = render(<App model={setup.model} />);
  void setup.model.start();
  return { ...setup, view };
}

export const ada = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@example.com',
  phone: '+44 7700 900123',
};

/** Types into the details form as a visitor would. */
export function fillDetails(values: Partial<typeof ada & { message: string }> = ada) {
  const labels = {
    firstName: 'First name',
    lastName: 'Last name',
    email: 'Email',
    phone: 'Phone',
    message: 'Message for the agent (optional)',
  } as const;
  for (const [field, label] of Object.entries(labels)) {
    const value = values[field as keyof typeof labels];
    if (value !== undefined) fireEvent.input(screen.getByLabelText(label), { target: { value } });
  }
}

/** From a preselected property: picks Wednesday 10:00 and lands on the details form. */
export async function reachDetails() {
  fireEvent.click(await screen.findByRole('button', { name: 'Wednesday 1 July 2026, 10:00 to 10:30' }));
  await screen.findByRole('heading', { name: 'Your details' });
}

/** From a preselected property: picks a time, types Ada's details and lands on the confirm step. */
export async function reachConfirm(values: Partial<typeof ada & { message: string }> = ada) {
  await reachDetails();
  fillDetails(values);
  fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
  await screen.findByRole('heading', { name: 'Check and book' });
}
