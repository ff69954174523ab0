import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import {
  createActuallyCareEmulator,
  type ActuallyCareEmulator,
  type ActuallyCareEmulatorOptions,
} from './emulator.ts';

export interface RunningActuallyCareEmulator {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  url: string;
  emulator: ActuallyCareEmulator;
  close(): Promise<void>;
}

/**
 * Serves an emulator on loopback only: it accepts any caller holding the sandbox key, so it must never
 * listen on a public interface. Port 0 (the default) picks a free port.
 */
export async function startActuallyCareEmulator(
  options: ActuallyCareEmulatorOptions & { port?: number } = {},
): Promise<RunningActuallyCareEmulator> {
  const { port = 0, ...emulatorOptions } = options;
  const emulator = createActuallyCareEmulator(emulatorOptions);
  const { server, address } = await new Promise<{ server: ReturnType<typeof serve>; address: AddressInfo }>(
    (resolve, reject) => {
      const server = serve({ fetch: emulator.fetch, port, hostname: '127.0.0.1' }, (address) =>
        resolve({ server, address }),
      );
      server.once('error', reject);
    },
  );
  return {
    url: `http://127.0.0.1:${address.port}`,
    emulator,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive sockets from a test's fetch would otherwise hold close() open for seconds.
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
