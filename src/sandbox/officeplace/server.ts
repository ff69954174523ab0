import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import {
  createOfficePlaceEmulator,
  type OfficePlaceEmulator,
  type OfficePlaceEmulatorOptions,
} from './emulator.ts';

export interface RunningOfficePlaceEmulator {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  url: string;
  /** Where the agency's catalogue feed is served, for the backend's `catalogUrl`. */
  feedUrl: string;
  emulator: OfficePlaceEmulator;
  close(): Promise<void>;
}

/**
 * Serves an emulator on loopback only: it accepts any caller holding the sandbox client's secret, so it
 * must never listen on a public interface. Port 0 (the default) picks a free port.
 */
export async function startOfficePlaceEmulator(
  options: OfficePlaceEmulatorOptions & { port?: number } = {},
): Promise<RunningOfficePlaceEmulator> {
  const { port = 0, ...emulatorOptions } = options;
  const emulator = createOfficePlaceEmulator(emulatorOptions);
  const { server, address } = await new Promise<{ server: ReturnType<typeof serve>; address: AddressInfo }>(
    (resolve, reject) => {
      const server = serve({ fetch: emulator.fetch, port, hostname: '127.0.0.1' }, (address) =>
        resolve({ server, address }),
      );
      server.once('error', reject);
    },
  );
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    feedUrl: `${url}/_sandbox/feed.json`,
    emulator,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive sockets from a test's fetch would otherwise hold close() open for seconds.
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
