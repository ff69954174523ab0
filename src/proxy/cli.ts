import { parseArgs } from 'node:util';
import { clockFromEnvironment } from '../clock.ts';
import { ConfigError, loadConfig } from './config.ts';
import { formatReport, runDoctor } from './doctor.ts';
import { jsonLogger, type Logger } from './log.ts';
import { startProxyServer } from './server.ts';

const USAGE = `Usage: viewing-proxy [--config <file.json>]
       viewing-proxy doctor --config <file.json> [--record <dir>] [--json]

Serves the viewing widget's API and speaks to the agency's booking system.
Without a config file or BACKEND, it runs the sandbox: an emulated agentOS with seeded data.
Environment variables override the file: HOST, PORT, BASE_PATH, PUBLIC_URL, ALLOWED_ORIGINS (comma-separated),
BACKEND (agentos | sandbox), AGENTOS_BASE_URL, AGENTOS_SHORT_NAME, AGENTOS_API_KEY, AGENTOS_TIME_ZONE,
STORE (sqlite | redis | memory), STORE_PATH (default .viewing-proxy/state.db), REDIS_URL, REDIS_TIMEOUT_MS,
REDIS_ALLOW_VOLATILE (use a Redis that does not persist), MANAGE_SECRET (required with Redis),
ALLOWED_HOSTS (without PUBLIC_URL), TRUST_PROXY (false | true | hops | trusted addresses), METRICS_TOKEN,
HSTS_MAX_AGE_SECONDS, REQUEST_TIMEOUT_SECONDS, HEADERS_TIMEOUT_SECONDS, MAX_CONNECTIONS.

doctor checks the configured account without booking or changing anything: authentication and access, branches,
homes per branch, a week of free times for one home, one picture, and that webhooks reach publicUrl. Each check
says ok or what to fix, and how many upstream calls it spent. --record <dir> saves every upstream answer with
personal data and secrets removed, for a bug report. It exits with 1 when a check fails.`;

async function doctor(values: { config?: string; record?: string; json?: boolean }): Promise<void> {
  const config = loadConfig(values.config ? { file: values.config } : {});
  const report = await runDoctor(config, {
    now: clockFromEnvironment(),
    ...(values.record ? { record: values.record } : {}),
  });
  console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
  if (!report.ok) process.exitCode = 1;
}

/**
 * Work the proxy does in the background (queue workers, catalog syncs, metric collectors) must never end it:
 * a rejection nobody handled is logged, by its kind and message only (never a visitor's details), and the
 * proxy keeps serving. Node's default would end the process, and every visitor's request with it.
 */
function keepServing(log: Logger): void {
  process.on('unhandledRejection', (reason: unknown) => {
    const code = reason instanceof Error && 'code' in reason ? reason.code : undefined;
    log.error('unhandled_rejection', {
      kind: reason instanceof Error ? reason.name : typeof reason,
      message: reason instanceof Error ? reason.message : undefined,
      code: typeof code === 'string' || typeof code === 'number' ? code : undefined,
    });
  });
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      config: { type: 'string', short: 'c' },
      help: { type: 'boolean', short: 'h' },
      record: { type: 'string' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const [command, ...rest] = positionals;
  if (command === 'doctor' && rest.length === 0) return doctor(values);
  if (command !== undefined || values.record || values.json) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const log = jsonLogger();
  keepServing(log);
  const config = loadConfig(values.config ? { file: values.config } : {});
  const server = await startProxyServer(config, log);
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
