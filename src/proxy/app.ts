import { Hono, type Context } from 'hono';
import { socketAddress } from './client-address.ts';
import { originGuard } from './cors.ts';
import { linkBase } from './link-base.ts';
import type { ManageService } from './manage/index.ts';
import { managePage } from './manage-page.ts';
import { approvalRoutes } from './routes/approvals.ts';
import { waitlistRoutes } from './routes/waitlist.ts';
import type { Waitlist } from './waitlist.ts';
import { bookingGuard } from './routes/bookings.ts';
import {
  bookingAllowance,
  clientLimits,
  clientSpend,
  DEFAULT_CLIENT_LIMITS,
  requestLog,
  securityHeaders,
} from './middleware.ts';
import type { Metrics } from './metrics.ts';
import type { CatalogCache } from './catalog.ts';
import type { ChangeFeed } from './changes.ts';
import { opsRoutes } from './ops.ts';
import { PROXY_DEFAULTS, type ProxyOptions } from './options.ts';
import type { ViewingRequests } from './requests.ts';
import { bookingRoutes } from './routes/bookings.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { routeContext, type RouteContext } from './routes/context.ts';
import { answerErrors } from './routes/errors.ts';
import { manageRoutes } from './routes/manage.ts';
import { slotsRoutes } from './routes/slots.ts';
import { DEFAULT_STAFF_SCRIPT, staffRoutes } from './routes/staff.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { createServices, type Services } from './services.ts';
import { StaffGate } from './staff/index.ts';

export type { ProxyOptions } from './options.ts';

export interface Proxy {
  app: Hono;
  /** Bookings kept while the upstream could not take them, and their delivery. */
  requests: ViewingRequests;
  /** Viewings after booking: records, manage links, changes, messages. */
  manage: ManageService;
  metrics: Metrics;
  catalog: CatalogCache;
  /** What this instance tells, and hears from, the others sharing its store. */
  changes: ChangeFeed;
  /** Each home's waiting list, where the agency keeps one. */
  waitlist: Waitlist | undefined;
  /** Starts the background catalog sync and resolves after the first one. */
  start(): Promise<void>;
  stop(): void;
}

/** Who is calling, and how much they may ask of the proxy and of the upstream behind it. */
function callerRules(options: ProxyOptions, { store }: Services) {
  const clientIp = options.clientIp ?? socketAddress;
  const limits = { ...DEFAULT_CLIENT_LIMITS, ...options.clientLimits };
  return {
    clientIp,
    limits,
    allowBooking: bookingAllowance(store, limits, clientIp),
    spendFor: clientSpend(store, limits, clientIp),
  };
}

type Callers = ReturnType<typeof callerRules>;

/**
 * What every request passes before its route, in this order: the request log, the security headers, CORS
 * (except on the proxy's own pages: staff, and the owner's), then the per-caller limits on the API.
 */
function useMiddleware(
  app: Hono,
  options: ProxyOptions,
  services: Services,
  { clientIp, limits }: Callers,
): void {
  const { log, metrics, store, now, staffDesk } = services;
  // The proxy's own pages are not the widget's: no other site's page is ever let in by CORS on the staff routes,
  // and the owner's page and the waiting visitor's (whose forms a browser posts with `Origin: null`, the pages
  // sending no referrer) are opened by their signed links alone.
  const ownPages = new WeakSet<Request>();
  for (const path of [...(staffDesk ? ['/staff', '/staff/*'] : []), '/approve/*', '/waitlist/*']) {
    app.use(path, (c, next) => {
      ownPages.add(c.req.raw);
      return next();
    });
  }
  const cors = originGuard({
    allowedOrigins: options.allowedOrigins ?? [],
    allowLocalhost: options.allowLocalhost ?? false,
  });
  app.use('*', requestLog(log, metrics), securityHeaders(), (c, next) =>
    ownPages.has(c.req.raw) ? next() : cors(c, next),
  );
  app.use(
    '/v1/*',
    clientLimits(store, limits, clientIp, () => now().getTime()),
  );
}

/** The widget's API: catalog reads, free times, booking, and the visitor's own viewing. */
function visitorRoutes(
  app: Hono,
  options: ProxyOptions,
  services: Services,
  callers: Callers,
  context: RouteContext,
) {
  const {
    backend,
    pictures,
    freeTimes,
    formCheck,
    metrics,
    now,
    store,
    bookingService,
    manage,
    bookings,
    questions,
    waitlist,
    log,
  } = services;
  const { allowBooking, spendFor } = callers;
  const maxBodyBytes = options.maxBodyBytes ?? PROXY_DEFAULTS.maxBodyBytes;
  catalogRoutes(app, {
    context,
    backend,
    pictures,
    questions,
    waitlist: waitlist !== undefined,
    ownerApproval: (property) => manage.approvals.needed(property),
  });
  slotsRoutes(app, {
    context,
    freeTimes,
    formCheck,
    spendFor,
    metrics,
    slotsTtlMs: options.slotsTtlMs ?? PROXY_DEFAULTS.slotsTtlMs,
    now,
  });
  bookingRoutes(app, {
    context,
    store,
    bookingService,
    manage,
    bookings,
    formCheck,
    allowBooking,
    spendFor,
    recipientLimit: options.recipientLimit,
    maxBodyBytes,
    questions,
    log,
  });
  manageRoutes(app, { service: manage, idempotency: bookings, allowBooking, spendFor, maxBodyBytes });
  approvalRoutes(app, { service: manage, spendFor, maxBodyBytes });
  waitlistRoutes(app, {
    context,
    waitlist,
    guard: bookingGuard({
      formCheck,
      allowBooking,
      store,
      recipientLimit: options.recipientLimit,
      log,
    }),
    spendFor,
    maxBodyBytes,
  });
}

/** The staff diary's page and API, when staff keys are configured. */
function staffDeskRoutes(app: Hono, options: ProxyOptions, services: Services, { clientIp }: Callers): void {
  const { staffDesk, store, log, now, catalog } = services;
  if (!options.staff || !staffDesk) return;
  staffRoutes(app, {
    gate: new StaffGate({
      keys: options.staff.keys,
      store,
      ...(options.manage?.secret ? { secret: options.manage.secret } : {}),
      clientIp,
      log,
      now,
    }),
    desk: staffDesk,
    catalog,
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    script: options.staff.script ?? DEFAULT_STAFF_SCRIPT,
    maxBodyBytes: options.maxBodyBytes ?? PROXY_DEFAULTS.maxBodyBytes,
    now,
    ...(services.waitlist ? { waitlist: services.waitlist } : {}),
  });
}

/** The page a manage link opens when the agency's own site has none. */
function managePageRoute(
  app: Hono,
  options: ProxyOptions,
  { manage }: Services,
  context: RouteContext,
): void {
  managePage(app, {
    manage,
    widgetUrl: options.widgetUrl,
    base: (c: Context) => {
      const url = new URL(c.req.url);
      return context.linksFor(url, url.pathname.slice(0, url.pathname.lastIndexOf('/manage/')));
    },
    misdirected: context.misdirected,
  });
}

/** The upstream's webhooks, health and metrics. */
function operatorRoutes(app: Hono, options: ProxyOptions, services: Services): void {
  const { backend, tell, log, catalog, store, metrics, requests, manage } = services;
  webhookRoutes(app, { backend, tell, log });
  const refreshMs = options.catalogRefreshMs ?? PROXY_DEFAULTS.catalogRefreshMs;
  opsRoutes(app, {
    backend,
    catalog,
    store,
    metrics,
    staleAfterMs: options.catalogStaleMs ?? 3 * refreshMs,
    queues: {
      requests,
      messages: manage.outbox.worker,
      upstream_changes: manage.upstream.worker,
      webhooks_out: manage.webhooks.worker,
      approval_deadlines: manage.approvals.worker,
    },
    ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
  });
}

/** The background work: the change feed, kept requests' delivery, manage's queue and the catalog sync. */
function lifecycle(options: ProxyOptions, { changes, requests, manage, catalog, waitlist }: Services) {
  return {
    start: () => {
      changes.start();
      requests.start(options.requestRetryMs);
      manage.start(options.manageRetryMs ?? PROXY_DEFAULTS.manageRetryMs);
      waitlist?.start(WAITLIST_SWEEP_MS);
      return catalog.start();
    },
    stop: () => {
      changes.stop();
      requests.stop();
      manage.stop();
      waitlist?.stop();
      catalog.stop();
    },
  };
}

/** How often every home's waiting list is looked at: offers past their hold lapse, free times are offered. */
const WAITLIST_SWEEP_MS = 5 * 60_000;

/** The v1 proxy API as a fetch-handler app: mount it anywhere (`app.route('/api', proxy.app)`). */
export function createProxy(options: ProxyOptions): Proxy {
  const services = createServices(options);
  const callers = callerRules(options, services);
  const context = routeContext(services.catalog, linkBase(options));
  const app = new Hono();
  useMiddleware(app, options, services, callers);
  visitorRoutes(app, options, services, callers, context);
  staffDeskRoutes(app, options, services, callers);
  managePageRoute(app, options, services, context);
  operatorRoutes(app, options, services);
  answerErrors(app, services.log);
  const { requests, manage, metrics, catalog, changes, waitlist } = services;
  return { app, requests, manage, metrics, catalog, changes, waitlist, ...lifecycle(options, services) };
}
