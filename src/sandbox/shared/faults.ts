import { mulberry32 } from './random.ts';

/** What can go wrong with an upstream call, as seen from the caller. */
export type FaultKind = 'error' | 'rate_limit' | 'hang' | 'drop';

export interface FaultOptions {
  /** Share of requests (0–1) that fail. */
  rate: number;
  /** Which failures to draw from, equally likely. Default all four. */
  kinds?: readonly FaultKind[];
  /** How long a hung request waits before answering, unless the caller gives up first. Default 60 s. */
  hangMs?: number;
  /** Seed of the stream that decides which requests fail, so a run can be replayed. */
  seed?: number;
}

type Handler = (request: Request, env?: unknown) => Response | Promise<Response>;

/** The error body the emulated system sends with a 500 or a 429, in its own envelope. */
export type ErrorBody = (status: 500 | 429, message: string) => unknown;

const agentosStyle: ErrorBody = (_status, message) => ({ Message: message });

/**
 * Wraps an emulator's handler so that a share of requests fail the way real upstreams do: a 500, a 429 with
 * Retry-After, a request that hangs until the caller's timeout, or a connection dropped before any answer
 * (in memory, a rejected fetch, as Node's fetch rejects on a reset). Sandbox routes are never touched.
 */
export function withFaults(
  handler: Handler,
  errorBody: ErrorBody = agentosStyle,
): { fetch: Handler; set(options: FaultOptions | undefined): void } {
  let options: FaultOptions | undefined;
  let random = mulberry32(1);
  return {
    set(next) {
      options = next;
      random = mulberry32(next?.seed ?? 1);
    },
    async fetch(request, env) {
      if (!options || options.rate <= 0 || new URL(request.url).pathname.startsWith('/_sandbox'))
        return handler(request, env);
      if (random() >= options.rate) return handler(request, env);
      const kinds = options.kinds ?? ['error', 'rate_limit', 'hang', 'drop'];
      const kind = kinds[Math.floor(random() * kinds.length)] ?? 'error';
      switch (kind) {
        case 'error':
          return Response.json(errorBody(500, 'An error has occurred.'), { status: 500 });
        case 'rate_limit':
          return Response.json(errorBody(429, 'Rate limit exceeded.'), {
            status: 429,
            headers: { 'Retry-After': '1' },
          });
        case 'drop':
          throw new TypeError('fetch failed: the connection was reset');
        case 'hang': {
          const hangMs = options.hangMs ?? 60_000;
          await new Promise<void>((resolve, reject) => {
            const { signal } = request;
            const giveUp = () =>
              reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
            // A caller that gave up already would otherwise wait out the whole hang.
            if (signal.aborted) return giveUp();
            const timer = setTimeout(resolve, hangMs);
            signal.addEventListener('abort', () => {
              clearTimeout(timer);
              giveUp();
            });
          });
          return handler(request, env);
        }
      }
    },
  };
}
