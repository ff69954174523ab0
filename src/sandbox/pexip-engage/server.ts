import { serveOnLoopback } from '../shared/serve.ts';
import {
  createPexipEngageEmulator,
  type PexipEngageEmulator,
  type PexipEngageEmulatorOptions,
} from './emulator.ts';

export interface RunningPexipEngageEmulator {
  /** `http://127.0.0.1:PORT`, without a trailing slash: both the token and the API base URL. */
  url: string;
  emulator: PexipEngageEmulator;
  close(): Promise<void>;
}

/**
 * Serves an emulator on loopback only: it hands tokens to anyone holding the sandbox credentials, so it must
 * never listen on a public interface. Port 0 (the default) picks a free port.
 */
export async function startPexipEngageEmulator(
  options: PexipEngageEmulatorOptions & { port?: number } = {},
): Promise<RunningPexipEngageEmulator> {
  const { port = 0, ...emulatorOptions } = options;
  const emulator = createPexipEngageEmulator(emulatorOptions);
  const served = await serveOnLoopback(emulator.fetch, port);
  return { ...served, emulator };
}
