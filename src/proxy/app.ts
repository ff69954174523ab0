import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { etag } from 'hono/etag';
import {
  BookingRequest,
  FormTokenQuery,
  IDEMPOTENCY_HEADER,
  IdempotencyKey,
  PropertiesQuery,
  SlotsQuery,
  type BranchesResponse,
  type FormTokenResponse,
  type PropertiesResponse,
  type Property,
  type PropertyResponse,
} from '../contract/index.ts';
import { UpstreamError, type Backend, type Catalog } from '../backends/index.ts';
import { addIsoDays } from '../backends/slot-time.ts';
import { CatalogCache } from './catalog.ts';
import { cachePurger } from './cache-purge.ts';
import { ChangeFeed, type Change } from './changes.ts';
import { originGuard, type OriginPolicy } from './cors.ts';
import { errorResponse, invalidRequest } from './errors.ts';
import { BookingService } from './bookings.ts';
import { ViewingRequests } from './requests.ts';
import { IdempotencyStore } from './idempotency.ts';
import { Metrics } from './metrics.ts';
import {
  bookingAllowance,
  clientLimits,
  clientSpend,
  DEFAULT_CLIENT_LIMITS,
  requestLog,
  securityHeaders,
  tooManyRequests,
  type ClientLimits,
} from './middleware.ts';
import { opsRoutes } from './ops.ts';
import { socketAddress } from './client-address.ts';
import { DEFAULT_MANAGE_SETTINGS, ManageService, manageRoutes, type ManageSettings } from './manage/index.ts';
import { MemoryStore, StoreUnavailableError, type Store } from './store/index.ts';
import { silentLogger, type Logger } from './log.ts';
import { FreeTimes, MAX_DAYS_AHEAD } from './free-times.ts';
import { AllowanceSpent } from './allowance.ts';
import { SlotMarks } from './slot-marks.ts';
import { Pictures } from './pictures.ts';
import { linkBase, MISDIRECTED_MESSAGE } from './link-base.ts';
import { DEFAULT_RECIPIENT_LIMIT, takeRecipientPlace, type RecipientLimit } from './recipient-limit.ts';
import { FormCheck } from './form-check.ts';
import { manageSecret } from './manage/token.ts';
import { managePage } from './manage-page.ts';
import { todayIn } from './today.ts';
import { DEFAULT_STAFF_SCRIPT, StaffDesk, StaffGate, staffRoutes, type StaffKey } from './staff/index.ts';
import { systemClock } from '../clock.ts';

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

const DEFAULT_PAGE_SIZE = 24;

/**
 * Branches and homes change only with a catalog sync (every 10 minutes by default): a browser keeps them a
 * minute, a shared cache five, and either may answer from a copy up to ten minutes old while it asks again.
 */
const CATALOG_CACHE = 'public, max-age=60, s-maxage=300, stale-while-revalidate=600';

/** Picture types passed on from the upstream; anything else is not shown. */
const PICTURE_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/avif',
  'image/svg+xml',
]);
const PICTURE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

/** The upstream's media type without parameters, when it is a picture type browsers show; else undefined. */
function pictureType(contentType: string): string | undefined {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return PICTURE_TYPES.has(type) ? type : undefined;
}

/** The v1 proxy API as a fetch-handler app: mount it anywhere (`app.route('/api', proxy.app)`). */
export function createProxy(options: ProxyOptions): Proxy {
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
    store,
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
      store,
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
        changed: (branchId, propertyId) => {
          tell({ kind: 'diary', branchId });
          if (propertyId) freeTimesChanged(propertyId);
        },
        log,
        now,
      })
    : undefined;
  const slotsTtlSeconds = Math.round((options.slotsTtlMs ?? 30_000) / 1000);
  const slotsCache = `public, max-age=${Math.min(10, slotsTtlSeconds)}, s-maxage=${slotsTtlSeconds}, stale-while-revalidate=${slotsTtlSeconds}`;
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
  const clientIp = options.clientIp ?? socketAddress;
  const limits = { ...DEFAULT_CLIENT_LIMITS, ...options.clientLimits };
  app.use(
    '/v1/*',
    clientLimits(store, limits, clientIp, () => now().getTime()),
  );
  const allowBooking = bookingAllowance(store, limits, clientIp);
  const spendFor = clientSpend(store, limits, clientIp);

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

  const linksFor = linkBase(options);
  /** The base for links made while answering `c`; undefined when the request's host is not the proxy's. */
  const baseUrl = (c: Context): string | undefined => {
    const url = new URL(c.req.url);
    return linksFor(url, url.pathname.slice(0, url.pathname.indexOf('/v1/')));
  };
  const misdirected = (c: Context) => errorResponse(c, 421, 'misdirected_request', MISDIRECTED_MESSAGE);
  const present = (base: string, property: Property): Property =>
    property.photoUrl && !/^https?:/.test(property.photoUrl)
      ? { ...property, photoUrl: `${base}/${property.photoUrl}` }
      : property;

  // The same for every visitor until the next catalog sync: any shared cache may keep it, and a browser or cache
  // that has it asks again with If-None-Match and is answered 304.
  for (const path of ['/v1/branches', '/v1/properties', '/v1/properties/:id']) app.use(path, etag());

  app.get('/v1/branches', (c) =>
    withCatalog(c, (copy) => {
      c.header('Cache-Control', CATALOG_CACHE);
      return c.json({ branches: copy.branches } satisfies BranchesResponse);
    }),
  );

  app.get('/v1/properties', (c) =>
    withCatalog(c, (copy) => {
      const base = baseUrl(c);
      if (!base) return misdirected(c);
      const query = PropertiesQuery.safeParse(c.req.query());
      if (!query.success) return invalidRequest(c, query.error, 'query');
      const { branchId, channel, cursor, limit = DEFAULT_PAGE_SIZE } = query.data;
      const matching = copy.properties.filter(
        (p) => (!branchId || p.branchId === branchId) && (!channel || p.channel === channel),
      );
      const offset = Number(cursor ?? 0);
      const page = matching.slice(offset, offset + limit).map((p) => present(base, p));
      const body: PropertiesResponse = { properties: page };
      if (offset + limit < matching.length) body.nextCursor = String(offset + limit);
      c.header('Cache-Control', CATALOG_CACHE);
      return c.json(body);
    }),
  );

  app.get('/v1/properties/:id', (c) =>
    withCatalog(c, () => {
      const base = baseUrl(c);
      if (!base) return misdirected(c);
      const property = catalog.property(c.req.param('id'));
      if (!property)
        return errorResponse(
          c,
          404,
          'not_found',
          'There is no such property, or it is no longer advertised.',
        );
      c.header('Cache-Control', CATALOG_CACHE);
      return c.json({ property: present(base, property) } satisfies PropertyResponse);
    }),
  );

  // The tag is the one kept with the picture; `etag()` answers 304 to a browser or cache that already has it.
  app.get('/v1/photos/:id', etag(), async (c) => {
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
    const type = photo && pictureType(photo.contentType);
    if (!photo || !type) return errorResponse(c, 404, 'not_found', 'There is no picture for this property.');
    // The proxy reads a picture once a day, so browsers and shared caches may too; after that a cached copy is
    // still shown at once for a week while one revalidation runs, which costs a 304 and never the upstream.
    c.header('Cache-Control', 'public, max-age=86400, stale-while-revalidate=604800');
    c.header('ETag', photo.etag);
    c.header('Content-Type', type);
    // Upstream pictures are served from the proxy's own origin, beside the staff diary: opened as a page, an
    // SVG could run script there. As an <img> nothing of this applies; opened directly, it runs nothing.
    c.header('Content-Security-Policy', PICTURE_POLICY);
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(photo.body.slice().buffer);
  });

  // The tag is made once with the kept text; `etag()` answers 304 to a browser or cache that already has it.
  app.get('/v1/slots', etag(), (c) =>
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
      // Most visitors ask a window already answered today: its text is sent again as it is, and `from` was
      // found in range when it was made.
      const kept = freeTimes.kept(property, branch, from, days);
      if (kept === undefined) {
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
      }
      const {
        json,
        etag: tag,
        cache,
      } = kept !== undefined
        ? { ...kept, cache: 'hit' as const }
        : await freeTimes.json(property, branch, from, days, spendFor(c));
      slotReads({ cache });
      // The same for every visitor: shared caches keep it, and are told to drop it when the home's times change
      // (see cachePurger), found by this tag. Browsers, which no purge reaches, keep it only briefly.
      c.header('Cache-Control', slotsCache);
      c.header('ETag', tag);
      c.header('X-Viewing-Property', property.id);
      return c.body(json, 200, { 'Content-Type': 'application/json' });
    }),
  );

  app.get('/v1/form-token', (c) =>
    withCatalog(c, async () => {
      const query = FormTokenQuery.safeParse(c.req.query());
      if (!query.success) return invalidRequest(c, query.error, 'query');
      if (!catalog.property(query.data.propertyId))
        return errorResponse(
          c,
          404,
          'not_found',
          'There is no such property, or it is no longer advertised.',
        );
      // One visitor's: never kept by any cache, unlike the free times it goes with.
      c.header('Cache-Control', 'no-store');
      const formToken = await formCheck?.issue(query.data.propertyId);
      return c.json((formToken ? { formToken } : {}) satisfies FormTokenResponse);
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
        // The manage link in the agency's messages is made from it: refused before anything is booked.
        const base = baseUrl(c);
        if (!base) return misdirected(c);
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

        const verdict = await formCheck?.check({ formToken, website }, property.id);
        if (verdict && !verdict.ok) {
          log.warn('booking_looks_automated', { propertyId: property.id });
          return errorResponse(c, 400, 'looks_automated', verdict.message);
        }
        const refused = await allowBooking(c);
        if (refused) return refused;
        if (verdict?.holdMs) await new Promise((resolve) => setTimeout(resolve, verdict.holdMs));
        const recipient = await takeRecipientPlace(store, request.guest.email, {
          ...DEFAULT_RECIPIENT_LIMIT,
          ...options.recipientLimit,
        });
        if (!recipient.ok) {
          log.warn('booking_recipient_limited', { propertyId: property.id });
          c.header('Retry-After', String(Math.max(1, Math.ceil(recipient.retryAfterMs / 1000))));
          return errorResponse(
            c,
            429,
            'rate_limited',
            'Too many viewings were booked for this email address just now. Please try again later.',
          );
        }
        const outcome = await bookings.run(
          ['booking', request.propertyId, key.data],
          JSON.stringify(request),
          (run) =>
            bookingService.book(
              request,
              property,
              branch,
              (made) => manage.record(made, base),
              run,
              spendFor(c),
            ),
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
    misdirected,
  });

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
        if (outcome.propertyIds === 'all') tell({ kind: 'all-times' });
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
    if (error instanceof AllowanceSpent) {
      // The request log line beside this one names the route; the path itself can hold a manage token.
      log.warn('client_allowance_spent', { method: c.req.method });
      return tooManyRequests(c, error.retryAfterMs);
    }
    // The store says once that it stopped answering; each request only needs its answer. A budget shared
    // through the store cannot be read either, and the upstream is not to blame for that.
    if (
      error instanceof StoreUnavailableError ||
      (error instanceof UpstreamError && error.cause instanceof StoreUnavailableError)
    ) {
      c.header('Retry-After', '5');
      const change = c.req.method === 'POST' ? ', so this is not confirmed yet' : '';
      return errorResponse(
        c,
        503,
        'store_unavailable',
        `The booking service cannot reach its records for a moment${change}. Please try again in a few seconds.`,
      );
    }
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
