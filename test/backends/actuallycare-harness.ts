import { z } from 'zod';
import {
  ActuallyCareBackend,
  type ActuallyCareBackendOptions,
} from '../../src/backends/actuallycare/index.ts';
import { Booking, ErrorResponse, PropertiesResponse, SlotsResponse } from '../../src/contract/index.ts';
import { createProxy, type ProxyOptions } from '../../src/proxy/app.ts';
import {
  createActuallyCareEmulator,
  type ActuallyCareEmulatorOptions,
} from '../../src/sandbox/actuallycare/index.ts';

/** Monday 6 July 2026, 08:00 in California (PDT): every test sees the same week. */
export const NOW = new Date('2026-07-06T15:00:00Z');
export const TODAY = '2026-07-06';
export const SECRET = 'whsec_sandbox_0123456789';
export const WEBHOOK_URL = 'http://proxy.test/v1/webhooks/actuallycare';

export interface HarnessOptions {
  emulator?: ActuallyCareEmulatorOptions;
  backend?: Partial<ActuallyCareBackendOptions>;
  proxy?: Partial<ProxyOptions>;
  /** Lets a test change what the upstream answers, e.g. to corrupt it or race a booking. */
  intercept?: (request: Request, answer: () => Promise<Response>) => Promise<Response>;
}

const BookingAnswer = z.union([z.object({ booking: Booking }), ErrorResponse]);

/** The proxy in front of the ActuallyCare emulator, joined in memory both ways: calls out, webhooks in. */
export async function startHarness(options: HarnessOptions = {}) {
  let deliver: (request: Request) => Promise<Response> = async () => new Response(null, { status: 503 });
  const emulator = createActuallyCareEmulator({
    now: () => NOW,
    webhook: { url: WEBHOOK_URL, secret: SECRET, fetch: (request) => deliver(request) },
    ...options.emulator,
  });
  const upstream = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const answer = async () => emulator.fetch(request);
    return options.intercept ? options.intercept(request, answer) : answer();
  };
  const backend = new ActuallyCareBackend({
    baseUrl: 'http://actuallycare.sandbox',
    apiKey: emulator.apiKey,
    webhookSecret: SECRET,
    ...emulator.sandboxSettings(),
    fetch: upstream,
    now: () => NOW,
    ...options.backend,
  });
  const proxy = createProxy({
    backend,
    allowedOrigins: ['https://www.kerncrest.example'],
    now: () => NOW,
    ...options.proxy,
  });
  deliver = async (request) => proxy.app.request(request);
  await proxy.start();

  const call = (path: string, init: RequestInit = {}) => proxy.app.request(`http://proxy.test${path}`, init);
  const json = async <T extends z.ZodType>(schema: T, path: string, init: RequestInit = {}) => {
    const response = await call(path, init);
    return { status: response.status, body: schema.parse(await response.json()) };
  };
  const properties = async (branchId?: string) =>
    (await json(PropertiesResponse, `/v1/properties?limit=100${branchId ? `&branchId=${branchId}` : ''}`))
      .body.properties;
  const slots = async (propertyId: string, from = TODAY, days = 7) =>
    (await json(SlotsResponse, `/v1/slots?propertyId=${propertyId}&from=${from}&days=${days}`)).body;
  let keys = 0;
  const book = (body: unknown) =>
    json(BookingAnswer, '/v1/bookings', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `ac-test-${++keys}` },
      body: JSON.stringify(body),
    });
  return { emulator, backend, proxy, call, json, properties, slots, book, stop: () => proxy.stop() };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

export const guest = {
  firstName: 'Dana',
  lastName: 'Whitfield',
  email: 'dana.whitfield@example.org',
  phone: '+1 661 555 0199',
};

/** The agents (ActuallyCare user ids) who show properties from a branch of the sandbox settings. */
export function branchAgents(harness: Harness, branchId: string): string[] {
  const branch = harness.emulator.sandboxSettings().branches.find((candidate) => candidate.id === branchId);
  return branch?.agents.map((agent) => agent.userId) ?? [];
}

/** Fills every listed agent's calendar at `start`–`end`, as staff would in the CRM. */
export async function everyoneBusy(harness: Harness, agents: readonly string[], start: string, end: string) {
  for (const userId of agents) {
    const clash = harness.emulator
      .appointments()
      .some(
        (row) =>
          row.userId === userId &&
          row.status === 'scheduled' &&
          row.start < new Date(end).toISOString() &&
          new Date(start).toISOString() < row.end,
      );
    if (!clash)
      await harness.emulator.addAppointment({
        userId,
        start: new Date(start),
        end: new Date(end),
        title: 'Busy',
        type: 'meeting',
      });
  }
}
