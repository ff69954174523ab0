import type { Hono } from 'hono';
import { createHash, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Backend } from '../backends/index.ts';
import { openApiDocument } from '../contract/openapi.ts';
import type { CatalogCache } from './catalog.ts';
import { UPSTREAM_BUCKETS, type Metrics } from './metrics.ts';
import type { Store } from './store/index.ts';

export interface OpsOptions {
  backend: Backend;
  catalog: CatalogCache;
  store: Store;
  metrics: Metrics;
  /**
   * `/metrics` answers only `Authorization: Bearer <token>`, and without a token it is off: its counts tell
   * booking volumes, live budget use and (summed around one booking) what a booking cost upstream.
   */
  metricsToken?: string;
  /** A catalog older than this means the upstream has not answered for a while. */
  staleAfterMs: number;
  /** The queues kept in the store, by the name the metrics give them. */
  queues: Record<string, { size(): Promise<number> }>;
}

/**
 * The upstream's side: calls and their time per system, the rate budget (use, waits, refusals) and the records
 * left out of answers. Calls and waits are timed where they happen (see `RateBudget.meter`); the rest is read
 * from the budget and the backend at scrape time.
 */
function upstreamMetrics(backend: Backend, metrics: Metrics): void {
  const system = backend.name;
  const { budget } = backend;
  const callTime = metrics.histogram(
    'viewing_upstream_call_duration_seconds',
    'Upstream calls by system and answer (a status class, or "unreachable"), and how long each took.',
    ['system', 'status'],
    UPSTREAM_BUCKETS,
  );
  const waitTime = metrics.histogram(
    'viewing_upstream_budget_wait_seconds',
    'How long upstream calls waited for the rate budget, by system.',
    ['system'],
    UPSTREAM_BUCKETS,
  );
  budget.meter = {
    called: (status, seconds) => callTime({ system, status }, seconds),
    waited: (seconds) => waitTime({ system }, seconds),
  };
  const labels = { backend: system };
  // What the budget keeps: levels now, and counts since start.
  const budgetReadings: [kind: 'gauge' | 'total', name: string, help: string, value: () => number][] = [
    [
      'gauge',
      'viewing_upstream_budget_used',
      'Upstream calls made in the current rate-limit window.',
      () => budget.used(),
    ],
    [
      'gauge',
      'viewing_upstream_budget_limit',
      'Upstream calls allowed per rate-limit window.',
      () => budget.limit,
    ],
    [
      'gauge',
      'viewing_upstream_calls_waiting',
      'Upstream calls queued for budget now.',
      () => budget.waiting,
    ],
    [
      'total',
      'viewing_upstream_calls_total',
      'Upstream calls the budget let through since start.',
      () => budget.granted,
    ],
    [
      'total',
      'viewing_upstream_calls_refused_total',
      'Calls that gave up waiting for upstream budget.',
      () => budget.refused,
    ],
    [
      'total',
      'viewing_upstream_budget_windows_lost_total',
      'Times the shared store lost the count of upstream calls and a whole window was waited out.',
      () => budget.windowsLost,
    ],
  ];
  for (const [kind, name, help, value] of budgetReadings) {
    metrics[kind](name, help, ['backend'], () => [{ labels, value: value() }]);
  }
  metrics.total(
    'upstream_records_skipped_total',
    'Upstream records left out of answers because they could not be used, by reason.',
    ['system', 'reason'],
    () => backend.skipped.totals().map(({ reason, count }) => ({ labels: { system, reason }, value: count })),
  );
}

/**
 * How long `/readyz` waits for the store's answer: a load balancer's check must not hang on a frozen store,
 * and an instance whose store takes this long to answer a ping is not ready.
 */
const STORE_PING_MS = 800;

/** The store's answer to a ping, or false when it has none within `STORE_PING_MS`. */
function storeAnswers(store: Store): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), STORE_PING_MS)));
  return Promise.race([store.ping().catch(() => false), late]).finally(() => clearTimeout(timer));
}

const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** Liveness, readiness and metrics for whoever runs the proxy. */
export function opsRoutes(
  app: Hono,
  { backend, catalog, store, metrics, metricsToken, staleAfterMs, queues }: OpsOptions,
): void {
  upstreamMetrics(backend, metrics);
  metrics.gauge(
    'viewing_catalog_age_seconds',
    'Seconds since the catalog was last synced.',
    ['backend'],
    () => {
      const synced = catalog.lastSyncedAt;
      return synced
        ? [{ labels: { backend: backend.name }, value: (Date.now() - synced.getTime()) / 1000 }]
        : [];
    },
  );
  metrics.gauge(
    'viewing_queue_depth',
    'Work kept in the store for later, by queue: requests for the upstream, messages to visitors, changes to send upstream, events for the agency’s URLs, owners’ answers due.',
    ['queue'],
    async () =>
      Promise.all(
        Object.entries(queues).map(async ([queue, held]) => ({
          labels: { queue },
          value: await held.size(),
        })),
      ),
  );
  if (metricsToken) metrics.withProcessMetrics();

  app.get('/healthz', (c) => c.json({ ok: true }));

  // Made on first request: the same for every caller until the proxy is upgraded.
  let document: { json: string; etag: string } | undefined;
  app.get('/v1/openapi.json', (c) => {
    document ??= documentJson();
    c.header('Cache-Control', 'public, max-age=3600');
    c.header('ETag', document.etag);
    if (c.req.header('If-None-Match')?.includes(document.etag)) return c.body(null, 304);
    return c.body(document.json, 200, { 'Content-Type': 'application/json' });
  });

  app.get('/readyz', async (c) => {
    const storeOk = await storeAnswers(store);
    const synced = catalog.lastSyncedAt;
    const upstreamOk = synced !== undefined && Date.now() - synced.getTime() < staleAfterMs;
    const body = {
      ok: storeOk && upstreamOk,
      store: storeOk ? 'ok' : 'unreachable',
      upstream: upstreamOk ? 'ok' : synced ? 'stale' : 'not synced',
      catalogSyncedAt: synced?.toISOString() ?? null,
      lastError: catalog.lastError?.message ?? null,
    };
    return c.json(body, body.ok ? 200 : 503);
  });

  app.get('/metrics', async (c) => {
    if (!metricsToken) {
      return c.json(
        {
          error: {
            code: 'not_found',
            message: 'Metrics are served only once a metrics token is configured.',
          },
        },
        404,
      );
    }
    const given = c.req.header('authorization')?.replace(/^Bearer\s+/i, '') ?? '';
    if (!sameSecret(given, metricsToken)) {
      return c.json({ error: { code: 'unauthorized', message: 'Metrics need the metrics token.' } }, 401);
    }
    c.header('Content-Type', metrics.contentType);
    return c.body(await metrics.text());
  });
}

/** This proxy's release, which versions the document. Read from the package, beside both src/ and lib/. */
const packageVersion = (): string =>
  (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** The OpenAPI document as sent, and its tag. */
export function documentJson(): { json: string; etag: string } {
  const json = JSON.stringify(openApiDocument(packageVersion()));
  return { json, etag: `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"` };
}
