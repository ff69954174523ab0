import { withFaults, type FaultOptions } from '../shared/faults.ts';
import { createRequestLog } from '../shared/request-log.ts';
import { createApp } from './app.ts';
import type { EmulatorContext, KeyScopes } from './context.ts';
import { uuidFor } from '../shared/ids.ts';
import type { Appointment, AppointmentType, SeedAgent, SeedListing } from './model.ts';
import { DEFAULT_RATE_LIMIT, createRateLimiter, type RateLimitOptions } from './rate-limit.ts';
import { sandboxSettings, type ActuallyCareSandboxSettings } from './sandbox-settings.ts';
import { createSeed, seedAppointments } from './seed.ts';
import { createStore } from './store.ts';
import {
  createWebhookSender,
  signWebhook,
  type SignedWebhook,
  type WebhookDelivery,
  type WebhookEvent,
  type WebhookOptions,
} from './webhooks.ts';
import { systemClock } from '../../clock.ts';
import { chooseVariants } from '../shared/variants.ts';

/**
 * Answers the vendor documents in more than one shape, with the shapes this emulator can serve; the first of
 * each is the default.
 * - `listingRows`: a listings row in full as the listings reference shows it (`reference`), or abbreviated
 *   to `id, address, status, list_price` as the quickstart shows it (`quickstart`).
 * - `webhookPayload`: the appointment under `data.appointment` (`nested`) or as `data` itself (`flat`); the
 *   envelope is not published at all, so both are best guesses.
 */
export const VARIANTS = {
  listingRows: ['reference', 'quickstart'],
  webhookPayload: ['nested', 'flat'],
} as const;

/** Every scope the proxy uses: appointments read and write, listings read. */
export const ALL_SCOPES: KeyScopes = { appointments: ['read', 'write'], listings: ['read'] };

export interface ActuallyCareEmulatorOptions {
  /**
   * Which documented shape each answer takes where the vendor's pages show more than one (`VARIANTS`); the
   * first of each by default.
   */
  variants?: Readonly<Record<string, string>>;
  /**
   * Keys accepted in `X-API-Key`, each with the id of the CRM user it acts as. Default: one key per seeded
   * user (`keyFor`), the broker's being `sandbox-actuallycare-key`.
   */
  apiKeys?: Readonly<Record<string, string>>;
  /** What a key may do, by key; a key not named here has every scope the proxy uses (`ALL_SCOPES`). */
  scopes?: Readonly<Record<string, KeyScopes>>;
  /** The emulator's clock: seeded appointments are placed around it and envelopes are stamped with it. */
  now?: () => Date;
  /**
   * ActuallyCare's limit, on by default (500 per client address per 15 minutes). It runs on the real clock,
   * not `now`, so a pinned calendar never freezes the window. Lower it or pass `false` in tests only.
   */
  rateLimit?: RateLimitOptions | false;
  /** Failures injected into a share of requests (errors, 429s, hangs, dropped connections); none by default. */
  faults?: FaultOptions;
  /** Where appointment changes are delivered, signed with the secret; `configureWebhooks` changes it later. */
  webhook?: WebhookOptions;
}

/** An appointment staff enter in the CRM itself, not through the API. */
export interface StaffAppointment {
  userId: string;
  start: Date;
  end: Date;
  title?: string;
  type?: AppointmentType;
  listingId?: string;
}

export interface ActuallyCareEmulator {
  /** The emulator as a fetch handler: call it directly in tests, or serve it. */
  fetch: (request: Request, env?: unknown) => Response | Promise<Response>;
  /** Starts, changes or (with undefined) stops injected failures. */
  setFaults(options: FaultOptions | undefined): void;
  /** Every appointment, seeded or made since, in start order. */
  appointments(): Appointment[];
  listings(): readonly SeedListing[];
  agents(): readonly SeedAgent[];
  /** Requests received, authenticated or not, optionally only those whose path contains `pathContains`. */
  requestCount(pathContains?: string): number;
  resetRequestCount(): void;
  /** Adds an appointment as staff would in the CRM; resolves once the webhook (if any) was answered. */
  addAppointment(input: StaffAppointment): Promise<Appointment>;
  /** Cancels an appointment as staff would in the CRM; resolves once the webhook (if any) was answered. */
  cancelAppointment(id: string): Promise<Appointment>;
  /** Changes an appointment's title as staff would in the CRM (a new version); resolves once the webhook was answered. */
  editAppointment(id: string, change: { title: string }): Promise<Appointment>;
  /** A delivery signed as ActuallyCare signs them, for a test to post itself, late or tampered with. */
  signWebhook(
    event: WebhookEvent,
    appointment: Appointment,
    options?: { at?: Date; secret?: string },
  ): SignedWebhook;
  /** Where appointment changes are delivered from now on (e.g. once the proxy listens); `undefined` stops them. */
  configureWebhooks(options: WebhookOptions | undefined): void;
  /** Resolves once every webhook sent so far has been answered. */
  webhooksSettled(): Promise<void>;
  webhookDeliveries(): WebhookDelivery[];
  /** The proxy settings the sandbox brokerage would write: offices, their ZIP codes, agents and rules. */
  sandboxSettings(): ActuallyCareSandboxSettings;
  /** The broker's key (or the first accepted one). */
  apiKey: string;
  /** The key that acts as this CRM user. */
  keyFor(userId: string): string;
  timeZone: string;
}

/**
 * An in-memory ActuallyCare v1 for one brokerage in Kern County, California, with the same data every time.
 *
 * @example
 * const actuallycare = createActuallyCareEmulator({ now: () => new Date('2026-07-06T15:00:00Z') });
 * const response = await actuallycare.fetch(
 *   new Request('http://sandbox/v1/listings?status=active', { headers: { 'X-API-Key': actuallycare.apiKey } }),
 * );
 */
export function createActuallyCareEmulator(options: ActuallyCareEmulatorOptions = {}): ActuallyCareEmulator {
  const shapes = chooseVariants('ActuallyCare', VARIANTS, options.variants);
  // Option by option rather than a spread: an explicit `undefined` must mean "the default".
  const now = options.now ?? systemClock;
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const seed = createSeed();
  const broker = seed.agents.find((agent) => agent.role === 'broker');
  if (!broker) throw new Error('the seed has no broker');
  const keys = options.apiKeys ?? defaultKeys(seed.agents);
  const apiKey = Object.keys(keys).find((key) => keys[key] === broker.id) ?? Object.keys(keys)[0];
  if (apiKey === undefined) throw new Error('createActuallyCareEmulator needs at least one API key');
  const keyFor = (userId: string): string => {
    const key = Object.keys(keys).find((candidate) => keys[candidate] === userId);
    if (key === undefined) throw new Error(`no sandbox key acts as user ${userId}`);
    return key;
  };
  const counters = { correlation: 0, error: 0 };
  const context: EmulatorContext = {
    seed,
    store: createStore(seedAppointments(seed, now())),
    apiKeys: new Map(
      Object.entries(keys).map(([key, userId]) => [
        key,
        { userId, scopes: options.scopes?.[key] ?? ALL_SCOPES },
      ]),
    ),
    shapes,
    now,
    limiter: rateLimit === false ? undefined : createRateLimiter(rateLimit),
    requests: createRequestLog(),
    webhooks: createWebhookSender(options.webhook, now, shapes.webhookPayload),
    nextId: (kind) => uuidFor(`actuallycare:${kind}:${++counters[kind]}`),
  };
  const app = createApp(context);
  const faulty = withFaults(
    (request, env) => app.fetch(request, env),
    (status, message) => ({
      success: false,
      error: { code: status === 429 ? 'RATE_LIMIT_EXCEEDED' : 'INTERNAL_ERROR', message, details: null },
      timestamp: now().toISOString(),
    }),
  );
  faulty.set(options.faults);

  const staffChange = async (event: WebhookEvent, appointment: Appointment) => {
    await context.webhooks.send(event, appointment);
    return appointment;
  };
  return {
    fetch: faulty.fetch,
    setFaults: faulty.set,
    appointments: () => context.store.all(),
    listings: () => seed.listings,
    agents: () => seed.agents,
    requestCount: (pathContains) => context.requests.count(pathContains),
    resetRequestCount: () => context.requests.reset(),
    async addAppointment(input) {
      const listing = seed.listings.find((candidate) => candidate.id === input.listingId);
      const outcome = context.store.create(
        {
          userId: input.userId,
          title: input.title ?? (listing ? `Showing — ${listing.address}` : 'Busy'),
          description: null,
          type: input.type ?? (listing ? 'showing' : 'meeting'),
          start: input.start.toISOString(),
          end: input.end.toISOString(),
          location: listing ? `${listing.address}, ${listing.city}, CA ${listing.zipCode}` : null,
          clientId: null,
          listingId: listing?.id ?? null,
          escrowId: null,
          status: 'scheduled',
          attendees: [],
          reminderSent: false,
          notes: null,
        },
        now(),
      );
      if (!outcome.ok) throw new Error(`addAppointment: ${outcome.reason}`);
      return staffChange('appointment.created', outcome.appointment);
    },
    async cancelAppointment(id) {
      const outcome = context.store.update(id, { status: 'cancelled' }, undefined, now());
      if (!outcome.ok) throw new Error(`cancelAppointment: ${outcome.reason}`);
      return staffChange('appointment.cancelled', outcome.appointment);
    },
    async editAppointment(id, change) {
      const outcome = context.store.update(id, { title: change.title }, undefined, now());
      if (!outcome.ok) throw new Error(`editAppointment: ${outcome.reason}`);
      return staffChange('appointment.updated', outcome.appointment);
    },
    signWebhook(event, appointment, { at = now(), secret = context.webhooks.secret() } = {}) {
      if (secret === undefined)
        throw new Error('signWebhook needs a secret: pass one or configure `webhook`');
      return signWebhook(
        secret,
        event,
        appointment,
        at,
        context.webhooks.nextEventId(),
        shapes.webhookPayload,
      );
    },
    configureWebhooks: (next) => context.webhooks.configure(next),
    webhooksSettled: () => context.webhooks.settled(),
    webhookDeliveries: () => context.webhooks.deliveries(),
    sandboxSettings: () => sandboxSettings(seed, keyFor),
    apiKey,
    keyFor,
    timeZone: seed.company.timeZone,
  };
}

/** One key per CRM user: the broker's is `sandbox-actuallycare-key`, an agent's names them. */
function defaultKeys(agents: readonly SeedAgent[]): Record<string, string> {
  return Object.fromEntries(
    agents.map((agent) => [
      agent.role === 'broker'
        ? 'sandbox-actuallycare-key'
        : `sandbox-actuallycare-${agent.email.slice(0, agent.email.indexOf('@')).replace('.', '-')}`,
      agent.id,
    ]),
  );
}
