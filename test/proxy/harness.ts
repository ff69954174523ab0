import { AgentOSBackend, RateBudget, type AgentOSBackendOptions } from '../../src/backends/index.ts';
import { createProxy, type ProxyOptions } from '../../src/proxy/app.ts';
import { createAgentOSEmulator, type AgentOSEmulatorOptions } from '../../src/sandbox/agentos/index.ts';

/** Monday 23 November 2026, 08:00 in London: every test sees the same week. */
export const NOW = new Date('2026-11-23T08:00:00Z');
export const TODAY = '2026-11-23';

export interface HarnessOptions {
  emulator?: AgentOSEmulatorOptions;
  proxy?: Partial<ProxyOptions>;
  /** Lift the upstream budget (and the emulator's limit) for tests that send more than agentOS allows. */
  unlimited?: boolean;
  /** Extra options for the agentOS backend, e.g. a short timeout or a quick breaker. */
  backend?: Partial<AgentOSBackendOptions>;
  /** Lets a test change what the upstream answers, e.g. to corrupt it. */
  intercept?: (request: Request, answer: () => Promise<Response>) => Promise<Response>;
}

/** The proxy in front of the agentOS emulator, joined in memory: real HTTP semantics, no sockets. */
export async function startHarness(options: HarnessOptions = {}) {
  const emulator = createAgentOSEmulator({
    now: () => NOW,
    ...(options.unlimited ? { rateLimit: false } : {}),
    ...options.emulator,
  });
  const upstream = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const answer = async () => emulator.fetch(request);
    return options.intercept ? options.intercept(request, answer) : answer();
  };
  const backend = new AgentOSBackend({
    baseUrl: 'http://agentos.sandbox',
    shortName: emulator.shortName,
    apiKey: emulator.apiKey,
    fetch: upstream,
    ...(options.unlimited
      ? { budget: new RateBudget({ limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 }) }
      : {}),
    ...options.backend,
  });
  const proxy = createProxy({
    backend,
    allowedOrigins: ['https://www.harbour.example'],
    allowedHosts: ['proxy.test'],
    now: () => NOW,
    ...options.proxy,
  });
  await proxy.start();

  const call = (path: string, init: RequestInit = {}) => proxy.app.request(`http://proxy.test${path}`, init);
  const json = async <T = unknown>(path: string, init: RequestInit = {}) => {
    const response = await call(path, init);
    return { status: response.status, headers: response.headers, body: (await response.json()) as T };
  };
  let keys = 0;
  const book = (body: unknown, key = `test-key-${++keys}-${Math.random().toString(36).slice(2)}`) =>
    json<{
      booking?: { reference: string; start: string; status?: string };
      error?: {
        code: string;
        fields?: Record<string, string>;
        alternatives?: { id: string; start: string }[];
      };
    }>('/v1/bookings', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
  return { emulator, backend, proxy, call, json, book, stop: () => proxy.stop() };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

export interface TestSlot {
  id: string;
  start: string;
  end: string;
}

/** A lettings property and its free times this week, read through the proxy. */
export async function propertyWithSlots(harness: Harness, channel: 'lettings' | 'sales' = 'lettings') {
  const { body } = await harness.json<{ properties: { id: string; branchId: string }[] }>(
    `/v1/properties?channel=${channel}`,
  );
  const property = body.properties[0];
  if (!property) throw new Error('the sandbox has no property');
  const slots = await harness.json<{ timeZone: string; slots: TestSlot[] }>(
    `/v1/slots?propertyId=${property.id}&from=${TODAY}&days=7`,
  );
  return { property, slots: slots.body.slots, timeZone: slots.body.timeZone };
}

export const guest = {
  firstName: 'Priya',
  lastName: 'Natarajan',
  email: 'priya.natarajan@example.org',
  phone: '07700 900456',
};
