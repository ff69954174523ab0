import { Hono, type Context } from 'hono';
import type { Backend, Catalog } from '../backends/index.ts';
import { systemClock } from '../clock.ts';
import { BookingService } from './bookings.ts';
import { cachePurger } from './cache-purge.ts';
import { CatalogCache } from './catalog.ts';
import { ChangeFeed, type Change } from './changes.ts';
import { socketAddress } from './client-address.ts';
import { originGuard, type OriginPolicy } from './cors.ts';
import { FormCheck } from './form-check.ts';
import { FreeTimes } from './free-times.ts';
import { IdempotencyStore } from './idempotency.ts';
import { linkBase } from './link-base.ts';
import { silentLogger, type Logger } from './log.ts';
import { DEFAULT_MANAGE_SETTINGS, ManageService, type ManageSettings } from './manage/index.ts';
import { manageSecret } from './manage/token.ts';
import { managePage } from './manage-page.ts';
import { Metrics } from './metrics.ts';
import {
  bookingAllowance,
  clientLimits,
  clientSpend,
  DEFAULT_CLIENT_LIMITS,
  requestLog,
  securityHeaders,
  type ClientLimits,
} from './middleware.ts';
import { opsRoutes } from './ops.ts';
import { Pictures } from './pictures.ts';
import type { RecipientLimit } from './recipient-limit.ts';
import { ViewingRequests } from './requests.ts';
import { bookingRoutes } from './routes/bookings.ts';
import { manageRoutes } from './routes/manage.ts';
import { DEFAULT_STAFF_SCRIPT, staffRoutes } from './routes/staff.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { routeContext } from './routes/context.ts';
import { answerErrors } from './routes/errors.ts';
import { slotsRoutes } from './routes/slots.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { SlotLedger } from './ledger.ts';
import { StaffDesk, StaffGate, type StaffKey } from './staff/index.ts';
import { MemoryStore, type Store } from './store/index.ts';

export interface ProxyOptions extends Partial<OriginPolicy> {
  backend: Backend;
  /**
   * The proxy's public base URL (e.g. `https://agency.example/api`), for every link it makes: manage links in
   * messages, calendar files, pictures. Without it, links are made from the request only when it came by a
   * loopback name or one of `allowedHosts`; any other request that needs a link is answered 421.
   */
  publicUrl?: string;
  /** Without `publicUrl`: the hosts (`bookings.agency.example`, optionally with a port) links may be made for. */
  allowedHosts?: readonly string[];
  catalogRefreshMs?: number;
  /** A catalog older than this makes `/readyz` fail: the upstream has stopped answering. Three refreshes by default. */
  catalogStaleMs?: number;
  /** How long free times are served from cache; bookings always re-check live. */
  slotsTtlMs?: number;
  /** How long after that cached free times are still served while a background read refreshes them. */
  slotsStaleMs?: number;
  /**
   * Refuse bookings without a genuine form token at least `minFillMs` old, or with the hidden field filled.
   * The secret defaults to the one kept in the store for manage links.
   */
  formCheck?: { minFillMs: number; secret?: string };
  metrics?: Metrics;
  /** How long a visitor's picture request waits for a picture not yet in memory (default 8 s). */
  pictureWaitMs?: number;
  /** Read every listed home's picture in the background after each catalog sync. */
  prefetchPictures?: boolean;
  /** `/metrics` needs `Authorization: Bearer <token>`; without a token it answers no one (404). */
  metricsToken?: string;
  /**
   * The caller's address, for per-address limits and the staff lockout; by default the connection's address
   * where the runtime tells it (Node), else only per-site limits apply.
   */
  clientIp?: (c: Context) => string | undefined;
  clientLimits?: Partial<ClientLimits>;
  /** Bookings one e-mail address may be given per window (default 10 an hour), whoever sends them. */
  recipientLimit?: Partial<RecipientLimit>;
  /** Where idempotent answers and locks live; memory unless given (the node server passes the configured store). */
  store?: Store;
  /** How often kept viewing requests are offered to the upstream again. Default 15 s. */
  requestRetryMs?: number;
  /** Largest accepted request body. */
  maxBodyBytes?: number;
  /** Manage links, notice period, reminders and feedback window; see ManageSettings. */
  manage?: Partial<ManageSettings>;
  /**
   * Shared caches in front of the proxy (Varnish with `deploy/varnish.vcl`) to tell, with a `BAN`, when a home's
   * free times change.
   */
  cachePurgeUrls?: readonly string[];
  /** Where browsers load `viewing-widget.js`, for the proxy's own manage page (`/manage/:token`). */
  widgetUrl?: string;
  /** How often queued visitor messages and upstream changes are worked through. Default 10 s. */
  manageRetryMs?: number;
  /**
   * The staff diary under `/staff`: who may sign in (at least one key turns it on; without, every staff path is
   * a 404), and where its script is (default `dist/viewing-staff.js` of this package).
   */
  staff?: { keys: readonly StaffKey[]; script?: string };
  log?: Logger;
  now?: () => Date;
}

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
  /** Starts the background catalog sync and resolves after the first one. */
  start(): Promise<void>;
  stop(): void;
}

/** The proxy's services, built on one store and backend; nothing is served or started here. */
function createServices(options: ProxyOptions) {
  const { backend } = options;
  const log = options.log ?? silentLogger;
  const now = options.now ?? systemClock;
  // Where and why, never what the record held: the path names fields, not values.
  backend.skipped.onSkip((record) => log.warn('upstream_record_skipped', { ...record }));
  const store = options.store ?? new MemoryStore();
  const pictures = new Pictures({
    backend,
    store,
    log,
    now: () => now().getTime(),
    ...(options.pictureWaitMs !== undefined ? { visitorWaitMs: options.pictureWaitMs } : {}),
  });
  const catalog = new CatalogCache(backend, {
    refreshMs: options.catalogRefreshMs ?? 10 * 60_000,
    log,
    store,
    ...(options.prefetchPictures
      ? {
          onSynced: ({ properties }: Catalog) =>
            void pictures.prefetch(properties.filter((p) => p.photoUrl).map((p) => p.id)),
        }
      : {}),
  });
  /** Drops what this instance cached that the change makes stale. */
  const applyChange = (change: Change) => {
    if (change.kind === 'all-times') return freeTimes.forgetAll();
    if (change.kind === 'diary') return staffDesk?.diaryChanged(change.branchId);
    const property = catalog.property(change.propertyId);
    if (!property) return;
    freeTimes.changed(property, change.source);
    staffDesk?.diaryChanged(property.branchId);
  };
  const changes = new ChangeFeed(store, applyChange, log);
  const purge = cachePurger(options.cachePurgeUrls ?? [], log);
  /** Every instance drops its copies, and the shared caches in front theirs. */
  const tell = (change: Change) => {
    changes.tell(change);
    purge(change);
  };
  /** A property's times changed: through the proxy (a booking, a move) or, as a webhook says, upstream. */
  const freeTimesChanged = (propertyId: string, source: 'booking' | 'upstream' = 'booking') =>
    tell({ kind: 'times', propertyId, source });
  const bookings = new IdempotencyStore(store);

  const metrics = options.metrics ?? new Metrics();
  const ledger = new SlotLedger({ store, now, changed: freeTimesChanged });
  const requests = new ViewingRequests({
    backend,
    catalog,
    store,
    log,
    metrics,
    ledger,
    now,
    settled: (reference, outcome): Promise<void> => manage.requestSettled(reference, outcome),
  });
  const freeTimes = new FreeTimes({
    backend,
    store,
    log,
    now,
    ttlMs: options.slotsTtlMs ?? 30_000,
    staleMs: options.slotsStaleMs ?? 10 * 60_000,
    ledger,
  });
  const bookingService = new BookingService({ requests, backend, ledger, freeTimes, log, metrics, now });
  const formCheck =
    options.formCheck &&
    new FormCheck({
      minFillMs: options.formCheck.minFillMs,
      secret: () => manageSecret(store, options.formCheck?.secret),
      store,
      now,
    });
  const manage = new ManageService({
    backend,
    store,
    catalog,
    bookings: bookingService,
    ledger,
    requests,
    log,
    metrics,
    now,
    settings: { ...DEFAULT_MANAGE_SETTINGS, ...options.manage },
  });
  const staffOn = (options.staff?.keys.length ?? 0) > 0;
  const staffDesk = staffOn
    ? new StaffDesk({
        backend,
        catalog,
        store,
        manage,
        bookings: bookingService,
        ledger,
        changed: (branchId, propertyId) => {
          tell({ kind: 'diary', branchId });
          if (propertyId) freeTimesChanged(propertyId);
        },
        log,
        now,
      })
    : undefined;
  return {
    backend,
    log,
    now,
    store,
    pictures,
    catalog,
    changes,
    tell,
    bookings,
    metrics,
    ledger,
    requests,
    freeTimes,
    bookingService,
    formCheck,
    manage,
    staffDesk,
  };
}

/** The v1 proxy API as a fetch-handler app: mount it anywhere (`app.route('/api', proxy.app)`). */
export function createProxy(options: ProxyOptions): Proxy {
  const services = createServices(options);
  const { backend, log, now, store, pictures, catalog, changes, tell, bookings, metrics } = services;
  const { requests, freeTimes, bookingService, formCheck, manage, staffDesk } = services;
  const policy: OriginPolicy = {
    allowedOrigins: options.allowedOrigins ?? [],
    allowLocalhost: options.allowLocalhost ?? false,
  };

  const app = new Hono();
  // Staff routes are for the proxy's own staff page: no other site's page is ever let in by CORS.
  const staffRequests = new WeakSet<Request>();
  if (staffDesk) {
    for (const path of ['/staff', '/staff/*']) {
      app.use(path, (c, next) => {
        staffRequests.add(c.req.raw);
        return next();
      });
    }
  }
  const cors = originGuard(policy);
  app.use('*', requestLog(log, metrics), securityHeaders(), (c, next) =>
    staffRequests.has(c.req.raw) ? next() : cors(c, next),
  );
  const clientIp = options.clientIp ?? socketAddress;
  const limits = { ...DEFAULT_CLIENT_LIMITS, ...options.clientLimits };
  app.use(
    '/v1/*',
    clientLimits(store, limits, clientIp, () => now().getTime()),
  );
  const allowBooking = bookingAllowance(store, limits, clientIp);
  const spendFor = clientSpend(store, limits, clientIp);

  const linksFor = linkBase(options);
  const context = routeContext(catalog, linksFor);

  catalogRoutes(app, { context, backend, pictures });
  slotsRoutes(app, {
    context,
    freeTimes,
    formCheck,
    spendFor,
    metrics,
    slotsTtlMs: options.slotsTtlMs ?? 30_000,
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
    maxBodyBytes: options.maxBodyBytes ?? 16 * 1024,
    log,
  });

  manageRoutes(app, {
    service: manage,
    idempotency: bookings,
    allowBooking,
    spendFor,
    maxBodyBytes: options.maxBodyBytes ?? 16 * 1024,
  });
  if (options.staff && staffDesk) {
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
      maxBodyBytes: options.maxBodyBytes ?? 16 * 1024,
      now,
    });
  }
  managePage(app, {
    manage,
    widgetUrl: options.widgetUrl,
    base: (c) => {
      const url = new URL(c.req.url);
      return linksFor(url, url.pathname.slice(0, url.pathname.lastIndexOf('/manage/')));
    },
    misdirected: context.misdirected,
  });

  webhookRoutes(app, { backend, tell, log });

  opsRoutes(app, {
    backend,
    catalog,
    store,
    metrics,
    staleAfterMs: options.catalogStaleMs ?? 3 * (options.catalogRefreshMs ?? 10 * 60_000),
    ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
  });

  answerErrors(app, log);

  return {
    app,
    requests,
    manage,
    metrics,
    catalog,
    changes,
    start: () => {
      changes.start();
      requests.start(options.requestRetryMs);
      manage.start(options.manageRetryMs ?? 10_000);
      return catalog.start();
    },
    stop: () => {
      changes.stop();
      requests.stop();
      manage.stop();
      catalog.stop();
    },
  };
}
