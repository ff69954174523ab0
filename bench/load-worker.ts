/**
 * The load generator, in a process of its own: autocannon in the server's process takes half the CPU the server
 * is being measured on. Started by `bench/proxy-load.ts` with `fork`; each message asks for one run, and the
 * answer is the run's figures.
 */
import autocannon from 'autocannon';

export interface LoadRequest {
  url: string;
  seconds: number;
  connections: number;
  headers?: Record<string, string>;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  /** Answers other than 2xx, and connection errors or timeouts: a run with any is not a figure. */
  non2xx: number;
  errors: number;
}

async function run(request: LoadRequest): Promise<LoadResult> {
  const result = await autocannon({
    url: request.url,
    connections: request.connections,
    duration: request.seconds,
    ...(request.headers ? { headers: request.headers } : {}),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

process.on('message', (message: LoadRequest) => {
  run(message).then(
    (result) => process.send?.({ ok: true, result }),
    (error: unknown) =>
      process.send?.({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
