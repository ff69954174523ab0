import { serveOnLoopback } from '../shared/serve.ts';
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
  const served = await serveOnLoopback(emulator.fetch, port);
  return { ...served, feedUrl: `${served.url}/_sandbox/feed.json`, emulator };
}
