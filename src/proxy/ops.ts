import type { Hono } from 'hono';
import { createHash, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Backend } from '../backends/index.ts';
import { openApiDocument } from '../contract/openapi.ts';
import type { CatalogCache } from './catalog.ts';
import type { Metrics } from './metrics.ts';
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
  { backend, catalog, store, metrics, metricsToken, staleAfterMs }: OpsOptions,
): void {
  const budgetUsed = metrics.gauge(
    'viewing_upstream_budget_used',
    'Upstream calls made in the current rate-limit window.',
  );
  const budgetLimit = metrics.gauge(
    'viewing_upstream_budget_limit',
    'Upstream calls allowed per rate-limit window.',
  );
  const budgetWaiting = metrics.gauge('viewing_upstream_calls_waiting', 'Upstream calls queued for budget.');
  const upstreamCalls = metrics.gauge('viewing_upstream_calls_total', 'Upstream calls made since start.');
  const refused = metrics.gauge(
    'viewing_upstream_calls_refused_total',
    'Calls that gave up waiting for upstream budget.',
  );
  const windowsLost = metrics.gauge(
    'viewing_upstream_budget_windows_lost_total',
    'Times the shared store lost the count of upstream calls and a whole window was waited out.',
  );
  const catalogAge = metrics.gauge(
    'viewing_catalog_age_seconds',
    'Seconds since the catalog was last synced.',
  );
  const skipped = metrics.gauge(
    'upstream_records_skipped_total',
    'Upstream records left out of answers because they could not be used, by reason.',
  );
  metrics.onCollect(() => {
    const labels = { backend: backend.name };
    budgetUsed(backend.budget.used(), labels);
    budgetLimit(backend.budget.limit, labels);
    budgetWaiting(backend.budget.waiting, labels);
    upstreamCalls(backend.budget.granted, labels);
    refused(backend.budget.refused, labels);
    windowsLost(backend.budget.windowsLost, labels);
    for (const { reason, count } of backend.skipped.totals()) {
      skipped(count, { system: backend.name, reason });
    }
    if (catalog.lastSyncedAt) catalogAge((Date.now() - catalog.lastSyncedAt.getTime()) / 1000, labels);
  });

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

  app.get('/metrics', (c) => {
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
    c.header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
    return c.body(metrics.text());
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
