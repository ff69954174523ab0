import {
  ActuallyCareBackend,
  type ActuallyCareBackendOptions,
} from '../../src/backends/actuallycare/index.ts';
import { createProxy, type ProxyOptions } from '../../src/proxy/app.ts';
import { proxyClient } from './proxy-client.ts';
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
    allowedHosts: ['proxy.test'],
    now: () => NOW,
    ...options.proxy,
  });
  deliver = async (request) => proxy.app.request(request);
  await proxy.start();

  const client = proxyClient(proxy, { today: TODAY, keyPrefix: 'ac-test' });
  return { emulator, backend, proxy, ...client, stop: () => proxy.stop() };
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
