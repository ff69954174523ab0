import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import {
  BookingRequest,
  IDEMPOTENCY_HEADER,
  IdempotencyKey,
  PropertiesQuery,
  SlotsQuery,
  type BranchesResponse,
  type PropertiesResponse,
  type Property,
  type PropertyResponse,
  type SlotsResponse,
} from '../contract/index.ts';
import { UpstreamError, type Backend, type Catalog } from '../backends/index.ts';
import { addIsoDays } from '../backends/slot-time.ts';
import { CatalogCache } from './catalog.ts';
import { originGuard, type OriginPolicy } from './cors.ts';
import { errorResponse, invalidRequest } from './errors.ts';
import { BookingService } from './bookings.ts';
import { ViewingRequests } from './requests.ts';
import { IdempotencyStore } from './idempotency.ts';
import { Metrics } from './metrics.ts';
import {
  clientLimits,
  DEFAULT_CLIENT_LIMITS,
  requestLog,
  securityHeaders,
  type ClientLimits,
} from './middleware.ts';
import { opsRoutes } from './ops.ts';
import { DEFAULT_MANAGE_SETTINGS, ManageService, manageRoutes, type ManageSettings } from './manage/index.ts';
import { MemoryStore, type Store } from './store/index.ts';
import { silentLogger, type Logger } from './log.ts';
import { FreeTimes } from './free-times.ts';
import { SlotMarks } from './slot-marks.ts';
import { Pictures } from './pictures.ts';
import { FormCheck } from './form-check.ts';
import { manageSecret } from './manage/token.ts';
import { managePage } from './manage-page.ts';
import { todayIn } from './today.ts';
import { DEFAULT_STAFF_SCRIPT, StaffDesk, StaffGate, staffRoutes, type StaffKey } from './staff/index.ts';
import { systemClock } from '../clock.ts';

export interface ProxyOptions extends Partial<OriginPolicy> {
  backend: Backend;
  /** The proxy's public base URL (e.g. `https://agency.example/api`), used for photo links; else taken from each request. */
  publicUrl?: string;
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
  /** When set, `/metrics` needs `Authorization: Bearer <token>`. */
  /** How long a visitor's picture request waits for a picture not yet in memory (default 8 s). */
  pictureWaitMs?: number;
  /** Read every listed home's picture in the background after each catalog sync. */
  prefetchPictures?: boolean;
  metricsToken?: string;
  /** The caller's address, for per-address limits; without it only per-site limits apply. */
  clientIp?: (c: Context) => string | undefined;
  clientLimits?: Partial<ClientLimits>;
  /** Where idempotent answers and locks live; memory unless given (the node server passes the configured store). */
  store?: Store;
  /** How often kept viewing requests are offered to the upstream again. Default 15 s. */
  requestRetryMs?: number;
  /** Largest accepted request body. */
  maxBodyBytes?: number;
  /** Manage links, notice period, reminders and feedback window; see ManageSettings. */
  manage?: Partial<ManageSettings>;
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
  /** Starts the background catalog sync and resolves after the first one. */
  start(): Promise<void>;
  stop(): void;
}

const DEFAULT_PAGE_SIZE = 24;
/** Free times are offered up to a year ahead; further out is a mistake or an attempt to fill the cache. */
const MAX_DAYS_AHEAD = 366;

/** The v1 proxy API as a fetch-handler app: mount it anywhere (`app.route('/api', proxy.app)`). */
export function createProxy(options: ProxyOptions): Proxy {
  const { backend } = options;
  const log = options.log ?? silentLogger;
  const now = options.now ?? systemClock;
  // Where and why, never what the record held: the path names fields, not values.
  backend.skipped.onSkip((record) => log.warn('upstream_record_skipped', { ...record }));
  const pictures = new Pictures({
    backend,
    log,
    ...(options.pictureWaitMs !== undefined ? { visitorWaitMs: options.pictureWaitMs } : {}),
  });
  const catalog = new CatalogCache(backend, {
    refreshMs: options.catalogRefreshMs ?? 10 * 60_000,
    log,
    ...(options.prefetchPictures
      ? {
          onSynced: ({ properties }: Catalog) =>
            void pictures.prefetch(properties.filter((p) => p.photoUrl).map((p) => p.id)),
        }
      : {}),
  });
  /** A property's times changed: through the proxy (a booking, a move) or, as a webhook says, upstream. */
  const freeTimesChanged = (propertyId: string, source: 'booking' | 'upstream' = 'booking') => {
    const property = catalog.property(propertyId);
    if (!property) return;
    freeTimes.changed(property, source);
    staffDesk?.diaryChanged(property.branchId);
  };
  const store = options.store ?? new MemoryStore();
  const bookings = new IdempotencyStore(store);
  const policy: OriginPolicy = {
    allowedOrigins: options.allowedOrigins ?? [],
    allowLocalhost: options.allowLocalhost ?? false,
  };

  const metrics = options.metrics ?? new Metrics();
  const requests = new ViewingRequests({
    backend,
    catalog,
    store,
    log,
    metrics,
    invalidate: freeTimesChanged,
    now,
    settled: (reference, outcome): Promise<void> => manage.requestSettled(reference, outcome),
  });
  const marks = new SlotMarks(store, now);
  const freeTimes = new FreeTimes({
    backend,
    log,
    now,
    ttlMs: options.slotsTtlMs ?? 30_000,
    staleMs: options.slotsStaleMs ?? 10 * 60_000,
    marks,
  });
  const bookingService = new BookingService({
    requests,
    backend,
    store,
    marks,
    freeTimes,
    log,
    metrics,
    now,
    invalidate: freeTimesChanged,
  });
  const formCheck =
    options.formCheck &&
    new FormCheck({
      minFillMs: options.formCheck.minFillMs,
      secret: () => manageSecret(store, options.formCheck?.secret),
      now,
    });
  const manage = new ManageService({
    backend,
    store,
    catalog,
    bookings: bookingService,
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
        invalidate: freeTimesChanged,
        log,
        now,
      })
    : undefined;
  const slotReads = metrics.counter(
    'viewing_slot_reads_total',
    'Free-time reads, by whether the cache answered.',
  );

  const app = new Hono();
  // Staff routes are for the proxy's own staff page: no other site's page is ever let in by CORS.
  const staffRequests = new WeakSet<Request>();
  if (staffOn) {
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
  app.use(
    '/v1/*',
    clientLimits(store, { ...DEFAULT_CLIENT_LIMITS, ...options.clientLimits }, options.clientIp),
  );

  /** Serves from the synced copy only; before the first sync completes the caller waits for it. */
  async function withCatalog(
    c: Context,
    use: (copy: Catalog) => Response | Promise<Response>,
  ): Promise<Response> {
    const copy = await catalog.ready();
    if (!copy)
      return errorResponse(
        c,
        503,
        'not_ready',
        'Property details are still loading. Please try again in a moment.',
      );
    return use(copy);
  }

  const baseUrl = (c: Context): string => {
    if (options.publicUrl) return options.publicUrl.replace(/\/$/, '');
    const url = new URL(c.req.url);
    return url.origin + url.pathname.slice(0, url.pathname.indexOf('/v1/'));
  };
  const present = (c: Context, property: Property): Property =>
    property.photoUrl && !/^https?:/.test(property.photoUrl)
      ? { ...property, photoUrl: `${baseUrl(c)}/${property.photoUrl}` }
      : property;

  app.get('/v1/branches', (c) =>
    withCatalog(c, (copy) => {
      c.header('Cache-Control', 'public, max-age=60');
      return c.json({ branches: copy.branches } satisfies BranchesResponse);
    }),
  );

  app.get('/v1/properties', (c) =>
    withCatalog(c, (copy) => {
      const query = PropertiesQuery.safeParse(c.req.query());
      if (!query.success) return invalidRequest(c, query.error, 'query');
      const { branchId, channel, cursor, limit = DEFAULT_PAGE_SIZE } = query.data;
      const matching = copy.properties.filter(
        (p) => (!branchId || p.branchId === branchId) && (!channel || p.channel === channel),
      );
      const offset = Number(cursor ?? 0);
      const page = matching.slice(offset, offset + limit).map((p) => present(c, p));
      const body: PropertiesResponse = { properties: page };
      if (offset + limit < matching.length) body.nextCursor = String(offset + limit);
      c.header('Cache-Control', 'public, max-age=60');
      return c.json(body);
    }),
  );

  app.get('/v1/properties/:id', (c) =>
    withCatalog(c, () => {
      const property = catalog.property(c.req.param('id'));
      if (!property)
        return errorResponse(
          c,
          404,
          'not_found',
          'There is no such property, or it is no longer advertised.',
        );
      return c.json({ property: present(c, property) } satisfies PropertyResponse);
    }),
  );

  app.get('/v1/photos/:id', async (c) => {
    if (!backend.fetchPhoto || !catalog.property(c.req.param('id'))) {
      return errorResponse(c, 404, 'not_found', 'There is no picture for this property.');
    }
    const photo = await pictures.get(c.req.param('id'));
    if (photo === 'busy') {
      c.header('Retry-After', '60');
      return errorResponse(
        c,
        503,
        'upstream_unavailable',
        'The picture cannot be read right now; it will be here shortly.',
      );
    }
    if (!photo) return errorResponse(c, 404, 'not_found', 'There is no picture for this property.');
    c.header('Content-Type', photo.contentType);
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(photo.body.slice().buffer);
  });

  app.get('/v1/slots', (c) =>
    withCatalog(c, async () => {
      const query = SlotsQuery.safeParse(c.req.query());
      if (!query.success) return invalidRequest(c, query.error, 'query');
      const { propertyId, from, days } = query.data;
      const property = catalog.property(propertyId);
      const branch = property && catalog.branch(property.branchId);
      if (!property || !branch) {
        return errorResponse(
          c,
          404,
          'not_found',
          'There is no such property, or it is no longer advertised.',
        );
      }
      const today = todayIn(branch.timeZone, now());
      if (from < addIsoDays(today, -1) || from > addIsoDays(today, MAX_DAYS_AHEAD)) {
        return errorResponse(
          c,
          422,
          'invalid_request',
          `from must be between today and ${MAX_DAYS_AHEAD} days ahead`,
          {
            fields: { from: `must be between ${today} and ${addIsoDays(today, MAX_DAYS_AHEAD)}` },
          },
        );
      }
      const { answer, cache } = await freeTimes.get(property, branch, from, days);
      slotReads({ cache });
      c.header('Cache-Control', 'no-store');
      const formToken = await formCheck?.issue();
      return c.json({ ...answer, ...(formToken ? { formToken } : {}) } satisfies SlotsResponse);
    }),
  );

  app.post(
    '/v1/bookings',
    bodyLimit({
      maxSize: options.maxBodyBytes ?? 16 * 1024,
      onError: (c) => errorResponse(c, 413, 'payload_too_large', 'The booking request is too large.'),
    }),
    (c) =>
      withCatalog(c, async () => {
        const key = IdempotencyKey.safeParse(c.req.header(IDEMPOTENCY_HEADER) ?? '');
        if (!key.success) return invalidRequest(c, key.error, 'Idempotency-Key header', IDEMPOTENCY_HEADER);
        let json: unknown;
        try {
          json = await c.req.json();
        } catch {
          return errorResponse(c, 422, 'invalid_request', 'The body must be a JSON booking request.', {
            fields: { '(body)': 'must be JSON' },
          });
        }
        const parsed = BookingRequest.safeParse(json);
        if (!parsed.success) return invalidRequest(c, parsed.error, 'booking request');
        const { formToken, website, ...request } = parsed.data;
        const property = catalog.property(request.propertyId);
        const branch = property && catalog.branch(property.branchId);
        if (!property || !branch) {
          return errorResponse(c, 422, 'invalid_request', 'That property is not advertised any more.', {
            fields: { propertyId: 'is not an advertised property' },
          });
        }

        const verdict = await formCheck?.check({ formToken, website });
        if (verdict && !verdict.ok) {
          log.warn('booking_looks_automated', { propertyId: property.id });
          return errorResponse(c, 400, 'looks_automated', verdict.message);
        }
        if (verdict?.holdMs) await new Promise((resolve) => setTimeout(resolve, verdict.holdMs));
        const outcome = await bookings.run(key.data, JSON.stringify(request), (run) =>
          bookingService.book(request, property, branch, (made) => manage.record(made, baseUrl(c)), run),
        );
        if (outcome.kind === 'in_progress') {
          c.header('Retry-After', '5');
          return errorResponse(
            c,
            409,
            'booking_in_progress',
            'This booking is still being made. Please try again in a moment.',
          );
        }
        if (outcome.kind === 'mismatch') {
          return errorResponse(
            c,
            422,
            'idempotency_conflict',
            'This Idempotency-Key was already used for a different booking request.',
          );
        }
        if (outcome.replayed) c.header('Idempotent-Replayed', 'true');
        return c.json(outcome.answer.body, outcome.answer.status);
      }),
  );

  manageRoutes(app, {
    service: manage,
    idempotency: bookings,
    maxBodyBytes: options.maxBodyBytes ?? 16 * 1024,
  });
  if (options.staff && staffDesk) {
    staffRoutes(app, {
      gate: new StaffGate({
        keys: options.staff.keys,
        store,
        ...(options.manage?.secret ? { secret: options.manage.secret } : {}),
        ...(options.clientIp ? { clientIp: options.clientIp } : {}),
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
  managePage(app, { manage, widgetUrl: options.widgetUrl, publicUrl: options.publicUrl });

  app.post(
    // The optional last part carries a shared secret for systems that cannot send one in a header.
    '/v1/webhooks/:system/:secret?',
    bodyLimit({
      maxSize: 256 * 1024,
      onError: (c) => errorResponse(c, 413, 'payload_too_large', 'The webhook body is too large.'),
    }),
    async (c) => {
      if (c.req.param('system') !== backend.name || !backend.handleWebhook) {
        return errorResponse(
          c,
          404,
          'not_found',
          `This proxy takes no webhooks from ${c.req.param('system')}.`,
        );
      }
      const pathSecret = c.req.param('secret');
      const outcome = await backend.handleWebhook({
        headers: c.req.raw.headers,
        rawBody: await c.req.text(),
        ...(pathSecret ? { pathSecret } : {}),
      });
      if (outcome.kind === 'rejected') {
        log.warn('webhook_rejected', {
          system: backend.name,
          status: outcome.status,
          message: outcome.message,
        });
        return errorResponse(
          c,
          outcome.status,
          outcome.status === 401 ? 'unauthorized' : 'invalid_request',
          outcome.message,
        );
      }
      if (outcome.kind === 'refresh') {
        if (outcome.propertyIds === 'all') freeTimes.forgetAll();
        else for (const id of outcome.propertyIds) freeTimesChanged(id, 'upstream');
        log.info('webhook_applied', {
          system: backend.name,
          properties: outcome.propertyIds === 'all' ? 'all' : outcome.propertyIds.length,
        });
      }
      return c.json({ ok: true, outcome: outcome.kind });
    },
  );

  opsRoutes(app, {
    backend,
    catalog,
    store,
    metrics,
    staleAfterMs: options.catalogStaleMs ?? 3 * (options.catalogRefreshMs ?? 10 * 60_000),
    ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
  });

  app.notFound((c) =>
    errorResponse(c, 404, 'not_found', `There is no ${c.req.method} ${new URL(c.req.url).pathname} here.`),
  );

  app.onError((error, c) => {
    if (error instanceof UpstreamError) {
      log.warn('upstream_failed', { code: error.code, status: error.status, message: error.message });
      // After a failed booking call we cannot promise nothing was booked; a retry re-checks the slot live.
      const booking = c.req.method === 'POST' ? ', so your viewing is not confirmed yet' : '';
      const message =
        error.code === 'upstream_unavailable'
          ? `The agency’s booking system is not answering right now${booking}. Please try again in a minute.`
          : `The agency’s booking system gave an answer we could not use${booking}. Please try again later.`;
      return errorResponse(c, error.code === 'upstream_unavailable' ? 503 : 502, error.code, message);
    }
    log.error('unhandled', { message: error instanceof Error ? error.message : String(error) });
    return errorResponse(c, 500, 'internal', 'Something went wrong on our side. Please try again.');
  });

  return {
    app,
    requests,
    manage,
    metrics,
    catalog,
    start: () => {
      requests.start(options.requestRetryMs);
      manage.start(options.manageRetryMs ?? 10_000);
      return catalog.start();
    },
    stop: () => {
      requests.stop();
      manage.stop();
      catalog.stop();
    },
  };
}
