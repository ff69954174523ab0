import { withFaults, type FaultOptions } from '../shared/faults.ts';
import { createRequestLog } from '../shared/request-log.ts';
import { createApp } from './app.ts';
import { createAppointmentBook } from './appointments.ts';
import type { EmulatorContext } from './context.ts';
import { createCustomerBook } from './customers.ts';
import type { Appointment, Customer, SeedEmployee, SeedListing, SeedOffice, SeedSubject } from './model.ts';
import { cancelAppointment, rescheduleAppointment } from './operations.ts';
import { DEFAULT_RATE_LIMIT, createRateLimiter, type RateLimitOptions } from './rate-limit.ts';
import { seedAgendas } from './schedule.ts';
import { VIEWING_SUBJECT, createSeed } from './seed.ts';
import { ENTERPRISE } from './seed-tables.ts';
import { createTokenIssuer, type ApiClient } from './tokens.ts';
import { createWebhookSender, type WebhookAttempt, type WebhookOptions } from './webhooks.ts';
import { systemClock } from '../../clock.ts';
import { chooseVariants } from '../shared/variants.ts';

/**
 * Answers the vendor documents in more than one shape, with the shapes this emulator can serve. None: the
 * Pexip pages stored with the project never disagree on one answer's shape (the webhook's expanded
 * appointment and the REST answer's `{id}` references are two answers, each served as documented).
 */
export const VARIANTS = {} as const;

export interface PexipEngageEmulatorOptions {
  /**
   * Which documented shape each answer takes where the vendor's pages show more than one (`VARIANTS`); the
   * first of each by default.
   */
  variants?: Readonly<Record<string, string>>;
  /** The enterprise in every API path and the realm of the token endpoint. Default `scheldedijk`. */
  enterprise?: string;
  /** API clients allowed the client-credentials grant. Default one, `sandbox-client` / `sandbox-secret`. */
  clients?: ApiClient[];
  /** The emulator's clock: agendas, lead times, token expiry and `updatedAt` follow it. */
  now?: () => Date;
  /**
   * Access token lifetime. Best guess: Keycloak's default, 300 s; Pexip publishes none. A test sets a few
   * seconds to see a refresh.
   */
  tokenLifetimeSeconds?: number;
  /**
   * The per-client limit, on by default (100 per rolling 60 s). It runs on the real clock, not `now`, so a
   * pinned calendar never freezes the window. `false` lifts it: for tests only.
   */
  rateLimit?: RateLimitOptions | false;
  /** Failures injected into a share of requests (errors, 429s, hangs, dropped connections); none by default. */
  faults?: FaultOptions;
  /** Where and how appointment webhooks are delivered; none are sent without it. */
  webhooks?: WebhookOptions;
}

export interface PexipEngageEmulator {
  /** The emulator as a fetch handler: call it directly in tests, or serve it. */
  fetch: (request: Request) => Response | Promise<Response>;
  /** Starts, changes or (with undefined) stops injected failures. */
  setFaults(options: FaultOptions | undefined): void;
  /** Appointments created through the API (their later changes included); the seeded agendas are not listed. */
  appointments(): Appointment[];
  /** Every appointment, the seeded agendas included. */
  allAppointments(): Appointment[];
  /** Known customers, those created through the API included. */
  customers(): Customer[];
  offices(): readonly SeedOffice[];
  listings(): readonly SeedListing[];
  subjects(): readonly SeedSubject[];
  employees(): readonly SeedEmployee[];
  /** Requests received, authenticated or not, optionally only those whose path contains `pathContains`. */
  requestCount(pathContains?: string): number;
  resetRequestCount(): void;
  /** Cancels as an agent in the back office would; the webhook follows. Undefined if there is no such live one. */
  cancelAppointment(id: string): Appointment | undefined;
  /** Moves an appointment as an agent in the back office would; undefined if the new time is not free. */
  rescheduleAppointment(id: string, start: Date, end: Date): Appointment | undefined;
  /** Every issued token stops working, as after a key rotation in the realm. */
  revokeTokens(): void;
  configureWebhooks(options: WebhookOptions | undefined): void;
  /** Every delivery attempt so far, retries and duplicates included. */
  webhookAttempts(): WebhookAttempt[];
  /** Resolves once every webhook delivery under way (retries included) has finished. */
  webhooksSettled(): Promise<void>;
  enterprise: string;
  /** The first client's credentials. */
  clientId: string;
  clientSecret: string;
  /** The "Property viewing" subject. */
  viewingSubjectId: string;
}

const DEFAULTS = {
  enterprise: ENTERPRISE,
  clients: [{ clientId: 'sandbox-client', clientSecret: 'sandbox-secret' }],
  now: systemClock,
  tokenLifetimeSeconds: 300,
  rateLimit: DEFAULT_RATE_LIMIT,
} satisfies Omit<Required<PexipEngageEmulatorOptions>, 'webhooks' | 'faults' | 'variants'>;

/**
 * An in-memory Pexip Engage for one estate agency (offices in Antwerp, Ghent, Brussels and Utrecht), with
 * the same data every time for the same `now`.
 *
 * @example
 * const engage = createPexipEngageEmulator({ now: () => new Date('2026-11-23T08:00:00Z') });
 * const token = await engage.fetch(
 *   new Request(`http://sandbox/realms/${engage.enterprise}/protocol/openid-connect/token`, {
 *     method: 'POST',
 *     headers: { 'content-type': 'application/x-www-form-urlencoded' },
 *     body: new URLSearchParams({
 *       grant_type: 'client_credentials',
 *       client_id: engage.clientId,
 *       client_secret: engage.clientSecret,
 *     }),
 *   }),
 * );
 */
export function createPexipEngageEmulator(options: PexipEngageEmulatorOptions = {}): PexipEngageEmulator {
  chooseVariants('Pexip Engage', VARIANTS, options.variants);
  // Option by option rather than a spread: an explicit `undefined` must mean "the default".
  const settings = {
    enterprise: options.enterprise ?? DEFAULTS.enterprise,
    clients: options.clients ?? DEFAULTS.clients,
    now: options.now ?? DEFAULTS.now,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? DEFAULTS.tokenLifetimeSeconds,
    rateLimit: options.rateLimit ?? DEFAULTS.rateLimit,
  } satisfies Omit<Required<PexipEngageEmulatorOptions>, 'webhooks' | 'faults' | 'variants'>;
  const [client] = settings.clients;
  if (!client) throw new Error('createPexipEngageEmulator needs at least one API client');
  const seed = createSeed();
  const viewing = seed.subjects.find((subject) => subject.externalId === VIEWING_SUBJECT);
  if (!viewing) throw new Error('the seed has no viewing subject');
  const appointments = createAppointmentBook();
  seedAgendas(seed, appointments, settings.now());
  const context: EmulatorContext = {
    seed,
    enterprise: settings.enterprise,
    now: settings.now,
    tokens: createTokenIssuer(settings.clients, settings.tokenLifetimeSeconds, settings.now),
    limiter: settings.rateLimit === false ? undefined : createRateLimiter(settings.rateLimit),
    requests: createRequestLog(),
    appointments,
    customers: createCustomerBook(seed.customers),
    webhooks: createWebhookSender(options.webhooks),
    webhookConfigurationId: options.webhooks?.configurationId ?? 'whc-sandbox-appointments',
  };
  const app = createApp(context);
  const faulty = withFaults(
    (request, env) => app.fetch(request, env),
    (status, message) => ({
      errors: [
        {
          message,
          // Best guess: the codes of a 429 and a 5xx are not published.
          code: status === 429 ? 'TOO_MANY_REQUESTS' : 'INTERNAL_SERVER_ERROR',
          type: status === 429 ? 'RATE_LIMIT' : 'SERVER_ERROR',
          statusCode: String(status),
        },
      ],
    }),
  );
  faulty.set(options.faults);
  const backOffice = { by: 'EMPLOYEE', from: 'BACKOFFICE_APP' } as const;
  return {
    fetch: faulty.fetch,
    setFaults: faulty.set,
    appointments: () => appointments.all().filter((appointment) => !appointment.seeded),
    allAppointments: () => appointments.all(),
    customers: () => structuredClone([...context.customers.all()]),
    offices: () => seed.offices,
    listings: () => seed.listings,
    subjects: () => seed.subjects,
    employees: () => seed.employees,
    requestCount: (pathContains) => context.requests.count(pathContains),
    resetRequestCount: () => context.requests.reset(),
    cancelAppointment: (id) => {
      const outcome = cancelAppointment(context, id, backOffice);
      return outcome.ok ? outcome.appointment : undefined;
    },
    rescheduleAppointment: (id, start, end) => {
      const outcome = rescheduleAppointment(context, id, start, end, backOffice);
      return outcome.ok ? outcome.appointment : undefined;
    },
    revokeTokens: () => context.tokens.revokeAll(),
    configureWebhooks: (next) => context.webhooks.configure(next),
    webhookAttempts: () => context.webhooks.attempts(),
    webhooksSettled: () => context.webhooks.settled(),
    enterprise: settings.enterprise,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    viewingSubjectId: viewing.id,
  };
}
