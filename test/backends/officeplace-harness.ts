import { OfficePlaceBackend, type OfficePlaceBackendOptions } from '../../src/backends/officeplace/index.ts';
import { createProxy, type ProxyOptions } from '../../src/proxy/app.ts';
import { proxyClient } from './proxy-client.ts';
import {
  createOfficePlaceEmulator,
  type OfficePlaceEmulatorOptions,
} from '../../src/sandbox/officeplace/index.ts';

/** Monday 23 November 2026, 08:00 in London (GMT): every test starts in the same week. */
export const NOW = new Date('2026-11-23T08:00:00Z');
export const TODAY = '2026-11-23';
/** Where the agency's feed is published, answered in memory by the emulator's sandbox route. */
export const FEED_URL = 'https://www.thamesandwren.example.co.uk/viewings/feed.json';

export interface HarnessOptions {
  emulator?: OfficePlaceEmulatorOptions;
  backend?: Partial<OfficePlaceBackendOptions>;
  proxy?: Partial<ProxyOptions>;
  /** Lets a test change what the upstream answers, e.g. to corrupt it or race a booking. */
  intercept?: (request: Request, answer: () => Promise<Response>) => Promise<Response>;
}

/**
 * The proxy in front of the OfficePlace emulator, joined in memory, reading the catalogue from the agency's
 * feed. The clock is one for all three and can be moved: `harness.advance(ms)`.
 */
export async function startHarness(options: HarnessOptions = {}) {
  let now = NOW;
  const clock = () => now;
  const emulator = createOfficePlaceEmulator({ now: clock, ...options.emulator });
  const upstream = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const answer = async () =>
      request.url === FEED_URL
        ? emulator.fetch(new Request('http://sandbox/_sandbox/feed.json'))
        : emulator.fetch(request);
    return options.intercept ? options.intercept(request, answer) : answer();
  };
  const backend = new OfficePlaceBackend({
    baseUrl: 'https://connector.officeplace.example',
    tenantId: emulator.tenantId,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    domainId: emulator.domainId,
    catalogUrl: FEED_URL,
    fetch: upstream,
    now: clock,
    ...options.backend,
  });
  const proxy = createProxy({
    backend,
    allowedOrigins: ['https://www.thamesandwren.example.co.uk'],
    allowedHosts: ['proxy.test'],
    now: clock,
    ...options.proxy,
  });
  await proxy.start();

  const client = proxyClient(proxy, { today: TODAY, keyPrefix: 'op-test' });
  return {
    emulator,
    backend,
    proxy,
    ...client,
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
    stop: () => proxy.stop(),
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

export const guest = {
  firstName: 'Eleanor',
  lastName: 'Marsh',
  email: 'eleanor.marsh@example.co.uk',
  phone: '07700 900321',
};

/** The directory ids of a branch's agents in the agency feed. */
export const branchAgents = (harness: Harness, branchId: string): string[] =>
  harness.emulator
    .feed()
    .branches.find((branch) => branch.id === branchId)
    ?.agents.map((agent) => agent.adId) ?? [];

/** Fills every listed agent's calendar at `start`–`end`, as they would in Outlook. */
export function everyoneBusy(harness: Harness, agents: readonly string[], start: string, end: string): void {
  for (const adId of agents) {
    const clash = harness.emulator
      .appointments(adId)
      .some(
        (row) =>
          !row.isCancelled &&
          row.showAs !== 'free' &&
          Date.parse(row.start) < Date.parse(end) &&
          Date.parse(start) < Date.parse(row.end),
      );
    if (!clash)
      harness.emulator.addAppointment({ adId, subject: 'Busy', start: new Date(start), end: new Date(end) });
  }
}
