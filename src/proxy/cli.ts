import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.ts';
import { startProxyServer } from './server.ts';

const USAGE = `Usage: viewing-proxy [--config <file.json>]

Serves the viewing widget's API and speaks to the agency's booking system.
Without a config file or BACKEND, it runs the sandbox: an emulated agentOS with seeded data.
Environment variables override the file: HOST, PORT, BASE_PATH, PUBLIC_URL, ALLOWED_ORIGINS (comma-separated),
BACKEND (agentos | sandbox), AGENTOS_BASE_URL, AGENTOS_SHORT_NAME, AGENTOS_API_KEY, AGENTOS_TIME_ZONE,
STORE (sqlite | redis | memory), STORE_PATH (default .viewing-proxy/state.db), REDIS_URL.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const config = loadConfig(values.config ? { file: values.config } : {});
  const server = await startProxyServer(config);
  console.log(`viewing-proxy (${config.backend.type}) listening on ${server.url}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
