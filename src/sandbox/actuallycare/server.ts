import { serveOnLoopback } from '../shared/serve.ts';
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
  const served = await serveOnLoopback(emulator.fetch, port);
  return { ...served, emulator };
}
