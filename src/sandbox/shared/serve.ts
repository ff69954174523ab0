import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';

export interface ServedOnLoopback {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves an emulator's fetch handler on loopback only: emulators accept anyone holding the sandbox's
 * well-known credentials, so they must never listen on a public interface. Port 0 picks a free port.
 */
export async function serveOnLoopback(
  fetch: (request: Request) => Response | Promise<Response>,
  port = 0,
): Promise<ServedOnLoopback> {
  const { server, address } = await new Promise<{ server: ReturnType<typeof serve>; address: AddressInfo }>(
    (resolve, reject) => {
      const server = serve({ fetch, port, hostname: '127.0.0.1' }, (address) => resolve({ server, address }));
      server.once('error', reject);
    },
  );
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive sockets from a test's fetch would otherwise hold close() open for seconds.
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
