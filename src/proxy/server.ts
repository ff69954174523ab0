import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { openBackend } from './open-backend.ts';
import { createProxy, type Proxy } from './app.ts';
import { clientAddress } from './client-address.ts';
import type { ProxyConfig } from './config.ts';
import { jsonLogger, type Logger } from './log.ts';
import { guardPersistence, type PersistenceGuard } from './redis-persistence.ts';
import { MemoryStore, RedisStore, SqliteStore, type Store } from './store/index.ts';

export interface ProxyServer {
  url: string;
  proxy: Proxy;
  sandboxUrl?: string;
  close(): Promise<void>;
}

/** The configured store; `log` hears when a shared store stops answering and when it is back. */
export function openStore(config: ProxyConfig['store'], log?: Logger): Store {
  if (config.type === 'sqlite') return new SqliteStore(config.path);
  if (config.type === 'redis') return new RedisStore(config.url, { timeoutMs: config.timeoutMs, log });
  return new MemoryStore();
}

/** Builds the proxy from its config and serves it with Node. */
export async function startProxyServer(
  config: ProxyConfig,
  log: Logger = jsonLogger(),
): Promise<ProxyServer> {
  const store = openStore(config.store, log);
  let guard: PersistenceGuard | undefined;
  if (store instanceof RedisStore && config.store.type === 'redis') {
    try {
      guard = await guardPersistence(store, { allowVolatile: config.store.allowVolatile, log });
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
  });
  const root = new Hono();
  const { hsts } = config;
  if (hsts) {
    const value = `max-age=${hsts.maxAgeSeconds}${hsts.includeSubDomains ? '; includeSubDomains' : ''}`;
    root.use('*', async (c, next) => {
      await next();
      c.header('Strict-Transport-Security', value);
    });
  }
  root.route(config.basePath || '/', proxy.app);
  const { connections } = config;
  const server = serve({
    fetch: root.fetch,
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
  opened.connect?.(`http://${config.host}:${(server.address() as AddressInfo).port}${config.basePath}`);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${config.host}:${port}${config.basePath}`,
    proxy,
    ...(opened.sandboxUrl ? { sandboxUrl: opened.sandboxUrl } : {}),
    close: async () => {
      guard?.stop();
      proxy.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await opened.close();
      await store.close();
    },
  };
}
