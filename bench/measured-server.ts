/**
 * One server under load, in a process of its own: the proxy as `viewing-proxy` runs it (compiled, alone in its
 * process, its upstream elsewhere), or the bare Hono yardstick. Sharing a process with the emulator and the
 * other servers of the bench, the proxy would pay for their heap at every garbage collection, which the
 * yardstick, making almost no garbage, hardly notices.
 *
 * Forked by `bench/proxy-load.ts`. The first message says what to serve; the answer is its address. After
 * that, `cpu` is answered with this process's CPU time so far, so the bench can price each request.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { createProxy as createProxyFunction } from '../src/proxy/app.ts';
import type {
  batchedLines as batchedLinesFunction,
  jsonLogger as jsonLoggerFunction,
} from '../src/proxy/log.ts';
import type {
  AgentOSBackend as AgentOSBackendClass,
  RateBudget as RateBudgetClass,
} from '../src/backends/index.ts';

export type ServeRequest =
  | {
      kind: 'proxy';
      /** The emulated agentOS, served by the bench's own process. */
      upstream: { baseUrl: string; shortName: string; apiKey: string };
      allowedOrigin: string;
      /** Where the proxy's request log goes, as in production one line per request. */
      logFile: string;
    }
  | { kind: 'bare'; body: string; headers: Record<string, string> };

export type ServerMessage = { url: string } | { cpuUs: number };

/** The compiled proxy in lib/ (`npm run build:proxy`), with the types of its sources. */
async function compiledProxy() {
  const lib = (path: string) => new URL(`../lib/${path}`, import.meta.url).href;
  const [app, backends, log] = await Promise.all([
    import(lib('proxy/app.js')) as Promise<{ createProxy: typeof createProxyFunction }>,
    import(lib('backends/index.js')) as Promise<{
      AgentOSBackend: typeof AgentOSBackendClass;
      RateBudget: typeof RateBudgetClass;
    }>,
    import(lib('proxy/log.js')) as Promise<{
      batchedLines: typeof batchedLinesFunction;
      jsonLogger: typeof jsonLoggerFunction;
    }>,
  ]);
  return { ...app, ...backends, ...log };
}

async function appFor(request: ServeRequest): Promise<(request: Request) => Response | Promise<Response>> {
  if (request.kind === 'bare') {
    const app = new Hono();
    app.get('*', (c) => c.body(request.body, 200, request.headers));
    return app.fetch;
  }
  const { createProxy, AgentOSBackend, RateBudget, batchedLines, jsonLogger } = await compiledProxy();
  const logFd = openSync(request.logFile, 'a');
  process.once('exit', () => closeSync(logFd));
  const proxy = createProxy({
    allowedOrigins: [request.allowedOrigin],
    // All the load comes from one address and one site: the limits are counted as ever, set out of reach.
    clientLimits: { perIp: Number.MAX_SAFE_INTEGER, perOrigin: Number.MAX_SAFE_INTEGER },
    log: jsonLogger(batchedLines((bytes) => writeSync(logFd, bytes))),
    // As `viewing-proxy` does by default: booking asks for a signed form token.
    formCheck: { minFillMs: 3_000, secret: 'bench' },
    backend: new AgentOSBackend({
      ...request.upstream,
      // The figures are the proxy's, not the upstream queue's.
      budget: new RateBudget({ limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 }),
    }),
  });
  await proxy.start();
  return proxy.app.fetch;
}

process.once('message', (request: ServeRequest) => {
  void appFor(request).then(
    (fetch) => {
      const server = serve({ fetch, hostname: '127.0.0.1', port: 0 });
      server.once('listening', () => {
        const { port } = server.address() as AddressInfo;
        process.send?.({ url: `http://127.0.0.1:${port}` } satisfies ServerMessage);
      });
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
  process.on('message', (message: unknown) => {
    if (message !== 'cpu') return;
    const used = process.cpuUsage();
    process.send?.({ cpuUs: used.user + used.system } satisfies ServerMessage);
  });
});
