import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { openBackend } from './open-backend.ts';
import { createProxy, type Proxy } from './app.ts';
import { clientAddress } from './client-address.ts';
import { ConfigError, type ProxyConfig } from './config.ts';
import { jsonLogger, type Logger } from './log.ts';
import { guardPersistence, type PersistenceGuard } from './redis-persistence.ts';
import { MemoryStore, type RedisStore, type Store } from './store/index.ts';

export interface ProxyServer {
  url: string;
  proxy: Proxy;
  sandboxUrl?: string;
  close(): Promise<void>;
}

/**
 * A store's module, whose driver (better-sqlite3, ioredis) is an optional dependency: when it was not installed,
 * or its native part could not be built, a clear word on what to install or choose instead.
 */
async function storeModule<T>(load: () => Promise<T>, store: string, driver: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const text = String(error);
    if (!text.includes(driver) && !/bindings|\.node\b/.test(text)) throw error;
    throw new ConfigError(
      `The ${store} store needs the ${driver} package, which is not installed or could not be built here ` +
        `(${text.split('\n')[0]}). Install it (npm install ${driver}) or choose another store: STORE=memory, sqlite or redis.`,
    );
  }
}

/**
 * The configured store; SQLite and Redis load their driver only when chosen. `log` hears when a shared store
 * stops answering and when it is back.
 */
export async function openStore(config: ProxyConfig['store'], log?: Logger): Promise<Store> {
  if (config.type === 'sqlite') {
    const { SqliteStore } = await storeModule(() => import('./store/sqlite.ts'), 'SQLite', 'better-sqlite3');
    return new SqliteStore(config.path);
  }
  if (config.type === 'redis') {
    const { RedisStore } = await storeModule(() => import('./store/redis.ts'), 'Redis', 'ioredis');
    return new RedisStore(config.url, { timeoutMs: config.timeoutMs, log });
  }
  return new MemoryStore();
}

/** The proxy built from its config, before anything serves it. */
export interface BuiltProxy {
  proxy: Proxy;
  /** The proxy's routes under `basePath`, with the headers every answer gets: a fetch handler. */
  fetch: (request: Request, env?: unknown) => Response | Promise<Response>;
  sandboxUrl?: string;
  /** Tells an emulator that pushes webhooks where the proxy now listens. */
  connect?(proxyBaseUrl: string): void;
  close(): Promise<void>;
}

/** Opens the configured store and backend and builds the proxy on them; nothing is served or started yet. */
export async function buildProxy(config: ProxyConfig, log: Logger = jsonLogger()): Promise<BuiltProxy> {
  const store = await openStore(config.store, log);
  let guard: PersistenceGuard | undefined;
  if (config.store.type === 'redis') {
    try {
      guard = await guardPersistence(store as RedisStore, { allowVolatile: config.store.allowVolatile, log });
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  const opened = await openBackend(config.backend, { store, log });
  const proxy = createProxy({
    backend: opened.backend,
    store,
    clientIp: clientAddress(config.trustProxy),
    clientLimits: config.limits,
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
    allowedOrigins: config.allowedOrigins,
    allowLocalhost: config.backend.type === 'sandbox',
    catalogRefreshMs: config.cache.catalogRefreshSeconds * 1000,
    slotsTtlMs: config.cache.slotsTtlSeconds * 1000,
    cachePurgeUrls: config.cache.purgeUrls,
    manage: {
      noticeMinutes: config.manage.noticeMinutes,
      reminderHours: config.manage.reminderHours,
      feedbackDays: config.manage.feedbackDays,
      ...(config.manage.secret ? { secret: config.manage.secret } : {}),
      ...(config.manage.url ? { urlTemplate: config.manage.url } : {}),
    },
    slotsStaleMs: config.cache.slotsStaleSeconds * 1000,
    prefetchPictures: true,
    ...(config.limits.minFillSeconds > 0
      ? {
          formCheck: {
            minFillMs: config.limits.minFillSeconds * 1000,
            ...(config.manage.secret ? { secret: config.manage.secret } : {}),
          },
        }
      : {}),
    log,
    ...(config.staff.keys.length > 0 ? { staff: { keys: config.staff.keys } } : {}),
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    allowedHosts: config.allowedHosts,
    ...(config.widgetUrl ? { widgetUrl: config.widgetUrl } : {}),
    ...(config.questions ? { questions: config.questions } : {}),
    ...(config.approval ? { approval: config.approval } : {}),
    ...(config.waitlist ? { waitlist: config.waitlist } : {}),
    ...(config.openHouses ? { openHouses: config.openHouses } : {}),
    ...(config.webhooksOut.secret
      ? { webhooksOut: { urls: config.webhooksOut.urls, secret: config.webhooksOut.secret } }
      : {}),
  });
  const root = new Hono();
  const { hsts } = config;
  if (hsts) {
    const value = `max-age=${hsts.maxAgeSeconds}${hsts.includeSubDomains ? '; includeSubDomains' : ''}`;
    root.use('*', async (c, next) => {
      await next();
      // On the answer itself: `c.header` after the answer is made would rebuild it as a stream.
      c.res.headers.set('Strict-Transport-Security', value);
    });
  }
  root.route(config.basePath || '/', proxy.app);
  return {
    proxy,
    fetch: root.fetch,
    ...(opened.sandboxUrl ? { sandboxUrl: opened.sandboxUrl } : {}),
    ...(opened.connect ? { connect: (url: string) => opened.connect?.(url) } : {}),
    close: async () => {
      guard?.stop();
      proxy.stop();
      await opened.close();
      await store.close();
    },
  };
}

/** Builds the proxy from its config and serves it with Node. */
export async function startProxyServer(
  config: ProxyConfig,
  log: Logger = jsonLogger(),
): Promise<ProxyServer> {
  const built = await buildProxy(config, log);
  const { proxy } = built;
  const { connections } = config;
  const server = serve({
    fetch: built.fetch,
    hostname: config.host,
    port: config.port,
    serverOptions: {
      requestTimeout: connections.requestTimeoutSeconds * 1000,
      headersTimeout: connections.headersTimeoutSeconds * 1000,
      // Node looks for connections past their time on this beat (30 s by default, longer than the limits).
      connectionsCheckingInterval: 1_000,
    },
  });
  // Node closes each connection beyond this as soon as it is accepted.
  server.maxConnections = connections.max;
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  void proxy.start();
  const { port } = server.address() as AddressInfo;
  built.connect?.(`http://${config.host}:${port}${config.basePath}`);
  return {
    url: `http://${config.host}:${port}${config.basePath}`,
    proxy,
    ...(built.sandboxUrl ? { sandboxUrl: built.sandboxUrl } : {}),
    close: async () => {
      // Background work stops first; requests under way finish on the store, which closes last.
      proxy.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await built.close();
    },
  };
}
