import { loadConfig, type ProxyConfig } from './config.ts';
import { jsonLogger, type Logger } from './log.ts';
import { buildProxy } from './server.ts';

export interface FetchHandler {
  /** Answers one request, as a runtime that speaks fetch (`Request` in, `Response` out) hands it over. */
  fetch(request: Request): Promise<Response>;
  /** Resolves once the first catalog sync is done; requests before it wait for it or answer `not_ready`. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * The proxy as a fetch handler, for a runtime that calls one per request instead of running `viewing-proxy`
 * (a Node serverless function, or a server of the host's own). It is configured as the command is, from the
 * environment (`loadConfig`) unless given a config, and runs the compiled JavaScript with no TypeScript
 * loader. Background work (catalog syncs, kept requests, messages) runs while the process lives, so the
 * store must be one that outlives it: Redis, or a SQLite file on a disk that stays.
 */
export async function createFetchHandler(
  options: { config?: ProxyConfig; log?: Logger } = {},
): Promise<FetchHandler> {
  const config = options.config ?? loadConfig();
  const built = await buildProxy(config, options.log ?? jsonLogger());
  const ready = built.proxy.start();
  return {
    fetch: async (request) => built.fetch(request),
    ready,
    close: () => built.close(),
  };
}
