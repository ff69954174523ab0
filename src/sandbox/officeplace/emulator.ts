import { withFaults, type FaultOptions } from '../shared/faults.ts';
import { createHash } from 'node:crypto';
import { createRequestLog } from '../shared/request-log.ts';
import { createApp } from './app.ts';
import { createCalendars } from './calendar.ts';
import type { EmulatorContext } from './context.ts';
import { agencyFeed, type OfficePlaceSandboxFeed } from './feed.ts';
import type { CalendarAppointment, SeedAgent, ShowAs } from './model.ts';
import { DEFAULT_RATE_LIMIT, createRateLimiter, type RateLimitOptions } from './rate-limit.ts';
import { createSeed, seedCalendars } from './seed.ts';
import { createTokens, type Client } from './tokens.ts';
import { systemClock } from '../../clock.ts';
import { chooseVariants, type Variants } from '../shared/variants.ts';

/**
 * Answers the vendor documents in more than one shape, with the shapes this emulator can serve (the first
 * of each is the default).
 * - `token`: the API Reference's `{accessToken, refreshToken, expiresIn}` or the Authentication Guide's
 *   `{token, expiresIn, tokenType}`; the two pages disagree.
 * - `preview`: the API Reference's "List appointment preview data" as a bare JSON array, or the same rows
 *   wrapped as `{appointments: [...]}` (Best guess: no page shows a wrapper; kept because the reference's
 *   words do not rule one out).
 */
export const VARIANTS = {
  token: ['reference', 'guide'],
  preview: ['list', 'wrapped'],
} as const satisfies Record<string, readonly [string, ...string[]]>;
export type OfficePlaceVariants = Variants<typeof VARIANTS>;

export interface OfficePlaceEmulatorOptions {
  /**
   * Which documented shape each answer takes where the vendor's pages show more than one (`VARIANTS`); the
   * first of each by default.
   */
  variants?: Readonly<Record<string, string>>;
  /** Client credentials accepted by the token endpoint. Default one sandbox client. */
  clients?: Client[];
  /** The emulator's clock: calendars are seeded around it and tokens expire by it. */
  now?: () => Date;
  /** How long a token lives, in seconds. Default 3600, as the Connector issues them. */
  tokenLifetimeSeconds?: number;
  /**
   * The Connector's limit, on by default (60 per rolling minute per tenant). It runs on the real clock, not
   * `now`, so a pinned calendar never freezes the window. Lower it or pass `false` in tests only.
   */
  rateLimit?: RateLimitOptions | false;
  /** Failures injected into a share of requests (errors, 429s, hangs, dropped connections); none by default. */
  faults?: FaultOptions;
}

/** An appointment someone adds in Outlook, not through the Connector. */
export interface OutlookAppointment {
  adId: string;
  subject: string;
  start: Date;
  end: Date;
  showAs?: ShowAs;
}

export interface OfficePlaceEmulator {
  /** The emulator as a fetch handler: call it directly in tests, or serve it. */
  fetch: (request: Request) => Response | Promise<Response>;
  /** Starts, changes or (with undefined) stops injected failures. */
  setFaults(options: FaultOptions | undefined): void;
  /** Every calendar's appointments, in start order, optionally one agent's only. */
  appointments(adId?: string): CalendarAppointment[];
  agents(): readonly SeedAgent[];
  /** Adds an appointment as the agent would in Outlook; like Outlook, it may overlap others. */
  addAppointment(input: OutlookAppointment): CalendarAppointment;
  /** Every token issued so far stops working, as when an admin rotates the client secret. */
  revokeTokens(): void;
  /** Requests received, optionally only those whose path contains `pathContains`. */
  requestCount(pathContains?: string): number;
  resetRequestCount(): void;
  /** The agency's catalogue feed (also at `/_sandbox/feed.json`): branches, agents, rules, properties. */
  feed(): OfficePlaceSandboxFeed;
  tenantId: string;
  domainId: string;
  /** The first accepted client. */
  clientId: string;
  clientSecret: string;
  timeZone: string;
}

/**
 * An in-memory OfficePlace Connector for one UK agency's Exchange calendars, the same every time.
 *
 * @example
 * const officeplace = createOfficePlaceEmulator({ now: () => new Date('2026-11-23T08:00:00Z') });
 * const token = await officeplace.fetch(
 *   new Request(`http://sandbox/${officeplace.tenantId}/authentication/token`, {
 *     method: 'POST',
 *     body: JSON.stringify({ clientId: officeplace.clientId, clientSecret: officeplace.clientSecret }),
 *   }),
 * );
 */
export function createOfficePlaceEmulator(options: OfficePlaceEmulatorOptions = {}): OfficePlaceEmulator {
  const variants = chooseVariants('OfficePlace', VARIANTS, options.variants);
  // Option by option rather than a spread: an explicit `undefined` must mean "the default".
  const now = options.now ?? systemClock;
  const clients = options.clients ?? [
    { clientId: 'sandbox-officeplace-client', clientSecret: 'sandbox-officeplace-secret' },
  ];
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const client = clients[0];
  if (!client) throw new Error('createOfficePlaceEmulator needs at least one client');
  const seed = createSeed();
  let traces = 0;
  const context: EmulatorContext = {
    seed,
    variants,
    clients,
    tokens: createTokens(options.tokenLifetimeSeconds ?? 3600, now),
    calendars: createCalendars(seedCalendars(seed, now())),
    now,
    limiter: rateLimit === false ? undefined : createRateLimiter(rateLimit),
    requests: createRequestLog(),
    nextTraceId: () => {
      const hex = createHash('sha256').update(`officeplace:trace:${++traces}`).digest('hex');
      return `00-${hex.slice(0, 32)}-${hex.slice(32, 48)}-00`;
    },
  };
  const app = createApp(context);
  const faulty = withFaults(
    (request, env) => app.fetch(request, env),
    (status, message) => ({
      type: status === 429 ? 'about:blank#too-many-requests' : 'about:blank#internal-error',
      title: message,
      status,
    }),
  );
  faulty.set(options.faults);
  return {
    fetch: faulty.fetch,
    setFaults: faulty.set,
    appointments: (adId) => context.calendars.all().filter((row) => adId === undefined || row.adId === adId),
    agents: () => seed.agents,
    addAppointment(input) {
      return context.calendars.create(
        {
          adId: input.adId,
          subject: input.subject,
          body: { content: '', contentType: 'Text' },
          start: input.start.toISOString(),
          end: input.end.toISOString(),
          timeZone: seed.tenant.timeZone,
          isAllDay: false,
          showAs: input.showAs ?? 'busy',
          isCancelled: false,
          location: null,
        },
        now(),
      ).appointment;
    },
    revokeTokens: () => context.tokens.revokeAll(),
    requestCount: (pathContains) => context.requests.count(pathContains),
    resetRequestCount: () => context.requests.reset(),
    feed: () => agencyFeed(seed),
    tenantId: seed.tenant.tenantId,
    domainId: seed.tenant.domainId,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    timeZone: seed.tenant.timeZone,
  };
}
