import { serveOnLoopback } from '../shared/serve.ts';
import { createAgentOSEmulator, type AgentOSEmulator, type AgentOSEmulatorOptions } from './emulator.ts';

export interface RunningAgentOSEmulator {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  url: string;
  emulator: AgentOSEmulator;
  close(): Promise<void>;
}

/**
 * Serves an emulator on loopback only: it accepts any caller holding the sandbox key, so it must never
 * listen on a public interface. Port 0 (the default) picks a free port.
 */
export async function startAgentOSEmulator(
  options: AgentOSEmulatorOptions & { port?: number } = {},
): Promise<RunningAgentOSEmulator> {
  const { port = 0, ...emulatorOptions } = options;
  const emulator = createAgentOSEmulator(emulatorOptions);
  const served = await serveOnLoopback(emulator.fetch, port);
  return { ...served, emulator };
}
