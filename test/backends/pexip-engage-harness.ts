/** The proxy in front of the Pexip Engage emulator, for the tests that book through it. */
import { z } from 'zod';
import { PexipEngageBackend, type PexipEngageBackendOptions } from '../../src/backends/pexip-engage/index.ts';
import { Booking, ErrorResponse, SlotsResponse } from '../../src/contract/index.ts';
import { createProxy, type ProxyOptions } from '../../src/proxy/app.ts';
import {
  createPexipEngageEmulator,
  type PexipEngageEmulator,
  type PexipEngageEmulatorOptions,
} from '../../src/sandbox/pexip-engage/index.ts';

/** Monday 23 November 2026, 09:00 in Antwerp and Utrecht. */
export const NOW = new Date('2026-11-23T08:00:00Z');
export const TODAY = '2026-11-23';
export const SECRET = 'a long random secret the agency chose';
export const ANTWERP = '101';
export const UTRECHT = '104';

export interface HarnessOptions {
  emulator?: PexipEngageEmulatorOptions;
  /** Agency configuration of the backend, beside its credentials. */
  backend?: Partial<PexipEngageBackendOptions>;
  proxy?: Partial<ProxyOptions>;
  /** Lets a test act on the upstream between the backend's calls. */
  intercept?: (request: Request, answer: () => Promise<Response>) => Promise<Response>;
  /** Pexip's webhooks go to the proxy's route, with this secret. */
  deliverWebhooks?: { secret: string };
}

/** The proxy in front of the Pexip Engage emulator, joined in memory both ways: calls out, webhooks in. */
export async function startHarness(options: HarnessOptions = {}) {
  const emulator: PexipEngageEmulator = createPexipEngageEmulator({
    now: () => NOW,
    rateLimit: false,
    ...(options.deliverWebhooks
      ? {
          webhooks: {
            url: 'http://proxy.test/v1/webhooks/pexip-engage',
            secret: options.deliverWebhooks.secret,
            // Deliveries start only once the harness is up, so `proxy` is there by then.
            fetch: async (input, init) => proxy.app.request(input, init),
            retryDelaysMs: [1],
            duplicateRate: 0,
          },
        }
      : {}),
    ...options.emulator,
  });
  const backend = new PexipEngageBackend({
    baseUrl: 'http://pexip.sandbox',
    enterprise: emulator.enterprise,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    webhookSecret: SECRET,
    now: () => NOW,
    ...options.backend,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const answer = async () => emulator.fetch(request);
      return options.intercept ? options.intercept(request, answer) : answer();
    },
  });
  const proxy = createProxy({
    backend,
    allowedOrigins: ['https://www.scheldedijk.example'],
    allowedHosts: ['proxy.test'],
    now: () => NOW,
    ...options.proxy,
  });
  await proxy.start();

  const call = (path: string, init: RequestInit = {}) => proxy.app.request(`http://proxy.test${path}`, init);
  const json = async <T extends z.ZodType>(path: string, schema: T, init: RequestInit = {}) => {
    const response = await call(path, init);
    return { status: response.status, body: schema.parse(await response.json()) };
  };
  let keys = 0;
  const book = (payload: unknown) =>
    json('/v1/bookings', BookingAnswer, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `pexip-test-${++keys}` },
      body: JSON.stringify(payload),
    });
  const slotsOf = async (propertyId: string) =>
    (await json(`/v1/slots?propertyId=${propertyId}&from=${TODAY}&days=7`, SlotsResponse)).body;
  const webhook = (payload: unknown, secret = SECRET) =>
    json('/v1/webhooks/pexip-engage', WebhookAnswer, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-webhook-secret': secret },
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  /** A delivery to the URL a Pexip webhook configuration holds: the secret is its last part. */
  const webhookTo = (payload: unknown, secret: string) =>
    json(`/v1/webhooks/pexip-engage/${encodeURIComponent(secret)}`, WebhookAnswer, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
  return {
    emulator,
    backend,
    proxy,
    call,
    json,
    book,
    slotsOf,
    webhook,
    webhookTo,
    stop: () => proxy.stop(),
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

export const BookingAnswer = z.union([z.object({ booking: Booking }), ErrorResponse]);
export const WebhookAnswer = z.union([z.object({ ok: z.literal(true), outcome: z.string() }), ErrorResponse]);
