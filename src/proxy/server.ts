import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { AgentOSBackend, RateBudget, type Backend } from '../backends/index.ts';
import { startAgentOSEmulator } from '../sandbox/agentos/index.ts';
import { createProxy, type Proxy } from './app.ts';
import type { ProxyConfig } from './config.ts';
import { jsonLogger, type Logger } from './log.ts';
import { MemoryStore, RedisStore, SqliteStore, type Store } from './store/index.ts';

export interface RunningBackend {
  backend: Backend;
  /** Where the emulator listens, for the sandbox. */
  sandboxUrl?: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Sandbox only: no upstream rate limit and no budget, for benchmarks. */
  unlimited?: boolean;
  /** Count upstream calls in this store, so every instance sharing it shares one budget per key. */
  store?: Store;
}

/** The configured backend; the sandbox first starts its emulator on loopback. */
export async function openBackend(
  config: ProxyConfig['backend'],
  opening: OpenOptions = {},
): Promise<RunningBackend> {
  if (config.type === 'agentos') {
    const { requestsPerMinute, ...options } = config;
    const budget = new RateBudget({
      limit: requestsPerMinute,
      windowMs: 60_000,
      ...(opening.store
        ? { shared: { window: opening.store, key: `budget:agentos:${config.shortName}` } }
        : {}),
    });
    return { backend: new AgentOSBackend({ ...options, budget }), close: async () => {} };
  }
  const sandbox = await startAgentOSEmulator({
    port: config.port,
    ...(opening.unlimited ? { rateLimit: false } : {}),
  });
  const backend = new AgentOSBackend({
    baseUrl: sandbox.url,
    shortName: sandbox.emulator.shortName,
    apiKey: sandbox.emulator.apiKey,
    ...(opening.unlimited
      ? { budget: new RateBudget({ limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 }) }
      : {}),
  });
  return { backend, sandboxUrl: sandbox.url, close: () => sandbox.close() };
}

export interface ProxyServer {
  url: string;
  proxy: Proxy;
  sandboxUrl?: string;
  close(): Promise<void>;
}

export function openStore(config: ProxyConfig['store']): Store {
  if (config.type === 'sqlite') return new SqliteStore(config.path);
  if (config.type === 'redis') return new RedisStore(config.url);
  return new MemoryStore();
}

/** Builds the proxy from its config and serves it with Node. */
export async function startProxyServer(
  config: ProxyConfig,
  log: Logger = jsonLogger(),
): Promise<ProxyServer> {
  const store = openStore(config.store);
  const opened = await openBackend(config.backend, { store });
  const proxy = createProxy({
    backend: opened.backend,
    store,
    clientIp: (c) => {
      if (config.trustProxy) {
        const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
        if (forwarded) return forwarded;
      }
      return getConnInfo(c).remote.address;
    },
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
    allowedOrigins: config.allowedOrigins,
    allowLocalhost: config.backend.type === 'sandbox',
    catalogRefreshMs: config.cache.catalogRefreshSeconds * 1000,
    slotsTtlMs: config.cache.slotsTtlSeconds * 1000,
    log,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
  });
  const root = new Hono();
  root.route(config.basePath || '/', proxy.app);
  const server = serve({ fetch: root.fetch, hostname: config.host, port: config.port });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  void proxy.start();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${config.host}:${port}${config.basePath}`,
    proxy,
    ...(opened.sandboxUrl ? { sandboxUrl: opened.sandboxUrl } : {}),
    close: async () => {
      proxy.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await opened.close();
      await store.close();
    },
  };
}
