import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FetchLike } from '../backends/http.ts';
import type { Backend, Catalog } from '../backends/index.ts';
import { hidePersonalText } from '../backends/personal-text.ts';
import { systemClock, type Clock } from '../clock.ts';
import type { ProxyConfig } from './config.ts';
import { openBackend } from './open-backend.ts';
import { todayIn } from './today.ts';

/**
 * `viewing-proxy doctor`: read-only checks of the configured upstream account, for an integrator setting up a
 * real agency. It never books, moves or writes upstream: every call but a token request must be a read, and
 * the wrapper in front of the backend refuses anything else before it leaves the machine.
 */

export type CheckStatus = 'ok' | 'fail' | 'skip';

export interface DoctorCheck {
  name: string;
  status: CheckStatus;
  /** What was found: counts and names of branches or homes, never a person's details. */
  detail: string;
  /** What to change, when the check failed. */
  hint?: string;
  /** Upstream calls this check spent. */
  calls: number;
}

export interface DoctorReport {
  system: string;
  checks: DoctorCheck[];
  /** Upstream calls spent by the whole run. */
  calls: number;
  ok: boolean;
}

export interface DoctorOptions {
  now?: Clock;
  /** Every upstream call goes through this; the global `fetch` by default. */
  fetch?: FetchLike;
  /** Reaches the proxy's public URL for the webhook check; the global `fetch` by default. */
  probe?: FetchLike;
  /** Saves every upstream answer here, personal data removed, for a bug report. */
  record?: string;
}

const READS = new Set(['GET', 'HEAD']);
const FREE_TIME_DAYS = 7;

/** A token request is the one write allowed: without it no read can be made. */
const isTokenRequest = (request: Request) =>
  request.method === 'POST' && /\/(token|authentication\/token)$/.test(new URL(request.url).pathname);

/** Counts, checks and (optionally) records every upstream call. */
class UpstreamCalls {
  count = 0;
  private saved = 0;
  private readonly writes: Promise<void>[] = [];

  constructor(
    private readonly inner: FetchLike,
    private readonly recordDir: string | undefined,
  ) {}

  readonly fetch: FetchLike = async (input, init) => {
    const request = new Request(input, init);
    if (!READS.has(request.method) && !isTokenRequest(request)) {
      throw new Error(
        `The doctor only reads from the upstream; it refused ${request.method} ${new URL(request.url).pathname}.`,
      );
    }
    this.count += 1;
    const response = await this.inner(request);
    if (this.recordDir) this.writes.push(this.save(request, response.clone(), this.recordDir));
    return response;
  };

  async flushed(): Promise<void> {
    await Promise.all(this.writes);
  }

  private async save(request: Request, response: Response, dir: string): Promise<void> {
    this.saved += 1;
    const url = redactUrl(new URL(request.url));
    const contentType = response.headers.get('content-type') ?? '';
    const bytes = new Uint8Array(await response.arrayBuffer());
    let body: unknown;
    if (/json/i.test(contentType)) {
      try {
        body = redact(JSON.parse(new TextDecoder().decode(bytes)));
      } catch {
        body = { unreadable: `${bytes.length} bytes that are not JSON` };
      }
    } else {
      body = { bytes: bytes.length };
    }
    const name = `${String(this.saved).padStart(3, '0')}-${request.method}-${slug(url.pathname)}.json`;
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, name),
      `${JSON.stringify(
        {
          request: { method: request.method, url: url.toString() },
          response: { status: response.status, contentType, body },
        },
        null,
        2,
      )}\n`,
    );
  }
}

const slug = (path: string) =>
  path
    .replace(/[^\w.-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 80);

/** Keys whose values are secrets or a person's details, in any system's spelling. */
const SECRET_KEY = /token|secret|password|api[-_]?key|authorization|signature/i;
const PERSONAL_KEY =
  /e-?mail|phone|mobile|fore(name)?|surname|first[-_]?name|last[-_]?name|middle[-_]?name|full[-_]?name|^name$|guest|customer|contact|attendee|participant|comment|notes?$|message|body|description|subject|title|^staff(name)?$|^negotiator/i;
/** Branch and company records are the agency's own public details; people inside them are still removed. */
const PUBLIC_CONTAINER = /^(branch(es)?|office|offices|company)$/i;

/**
 * A copy of an upstream answer with every secret and personal detail replaced: values under keys that name
 * them, and any e-mail address or phone number wherever it sits.
 */
export function redact(value: unknown, key = '', parent = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => redact(item, key, parent));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redact(v, k, key)]),
    );
  }
  if (typeof value !== 'string') return value;
  if (SECRET_KEY.test(key)) return '[secret]';
  if (PERSONAL_KEY.test(key) && !(key === 'name' && PUBLIC_CONTAINER.test(parent))) return '[personal]';
  return hidePersonalText(value);
}

function redactUrl(url: URL): URL {
  const copy = new URL(url);
  for (const [name] of [...copy.searchParams]) {
    if (SECRET_KEY.test(name)) copy.searchParams.set(name, '[secret]');
    else if (PERSONAL_KEY.test(name)) copy.searchParams.set(name, '[personal]');
  }
  copy.pathname = hidePersonalText(copy.pathname);
  return copy;
}

function explain(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

function plural(count: number, one: string, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

type CheckOutcome = Omit<DoctorCheck, 'name' | 'calls'>;

/** Runs one named check, counts the upstream calls it spent, and adds it to the report. */
type Check = (name: string, run: () => Promise<CheckOutcome>, hintOnError: string) => Promise<DoctorCheck>;

/** A check that throws has failed: what it threw is the detail, and `hintOnError` says what to look at. */
function checker(upstream: UpstreamCalls, checks: DoctorCheck[]): Check {
  return async (name, run, hintOnError) => {
    const before = upstream.count;
    let outcome: CheckOutcome;
    try {
      outcome = await run();
    } catch (error) {
      outcome = { status: 'fail', detail: explain(error), hint: hintOnError };
    }
    const done = { name, ...outcome, calls: upstream.count - before };
    checks.push(done);
    return done;
  };
}

/** Runs every check against the configured upstream and says what works. */
export async function runDoctor(config: ProxyConfig, options: DoctorOptions = {}): Promise<DoctorReport> {
  const now = options.now ?? systemClock;
  const upstream = new UpstreamCalls(options.fetch ?? ((input, init) => fetch(input, init)), options.record);
  const checks: DoctorCheck[] = [];
  const check = checker(upstream, checks);

  const opened = await openBackend(config.backend, { now, fetch: upstream.fetch });
  const { backend } = opened;
  try {
    await accountChecks(backend, checks, upstream);
    // The checks after the catalog's ask about a home from it.
    const catalog = await catalogChecks(backend, check);
    await freeTimesCheck(backend, catalog, now, check);
    await pictureCheck(backend, catalog, check);
    await check(
      'webhooks',
      async () => webhookCheck(config, backend, options.probe ?? ((input, init) => fetch(input, init))),
      'The proxy could not be reached at its public URL.',
    );
  } finally {
    await opened.close();
    await upstream.flushed();
  }
  return {
    system: backend.title,
    checks,
    calls: upstream.count,
    ok: checks.every((c) => c.status !== 'fail'),
  };
}

/** The branches and homes the account shows, and how many homes each branch has; the catalog when read. */
async function catalogChecks(backend: Backend, check: Check): Promise<Catalog | undefined> {
  let found: Catalog | undefined;
  await check(
    'catalog',
    async () => {
      const catalog = await backend.loadCatalog();
      found = catalog;
      const skipped = backend.skipped.totals();
      const left = skipped.length
        ? `; left out ${skipped.map((s) => `${s.count} (${s.reason.replaceAll('_', ' ')})`).join(', ')}`
        : '';
      if (catalog.branches.length === 0) {
        return {
          status: 'fail',
          detail: `no branches${left}`,
          hint: 'The account shows no branch: check the key belongs to the agency and may read its branches.',
        };
      }
      return {
        status: 'ok',
        detail: `${plural(catalog.branches.length, 'branch', 'branches')}, ${plural(catalog.properties.length, 'home')}${left}`,
      };
    },
    'The proxy could not read the branches and homes: check the base URL, the key and that the account may read listings.',
  );

  const catalog = found;
  await check(
    'homes per branch',
    async () => {
      if (!catalog) return { status: 'skip', detail: 'no catalog to count' };
      const detail = catalog.branches
        .map(
          (branch) => `${branch.name}: ${catalog.properties.filter((p) => p.branchId === branch.id).length}`,
        )
        .join(', ');
      if (catalog.properties.length === 0) {
        return {
          status: 'fail',
          detail,
          hint: 'No home is advertised: visitors would have nothing to book. Check homes are marked as advertised.',
        };
      }
      return { status: 'ok', detail };
    },
    'Counting homes failed.',
  );
  return catalog;
}

/** A week of free times for the catalog's first home. */
async function freeTimesCheck(
  backend: Backend,
  catalog: Catalog | undefined,
  now: Clock,
  check: Check,
): Promise<void> {
  const sample = catalog?.properties[0];
  const sampleBranch = sample && catalog?.branches.find((b) => b.id === sample.branchId);
  await check(
    'free times',
    async () => {
      if (!sample || !sampleBranch) return { status: 'skip', detail: 'no home to ask about' };
      const from = todayIn(sampleBranch.timeZone, now());
      const slots = await backend.listSlots({
        property: sample,
        branch: sampleBranch,
        from,
        days: FREE_TIME_DAYS,
      });
      const detail = `${plural(slots.length, 'free time')} from ${from} over ${FREE_TIME_DAYS} days for "${sample.title}"`;
      if (slots.length === 0) {
        return {
          status: 'fail',
          detail,
          hint: `No free time in the next ${FREE_TIME_DAYS} days: check viewing times (slots, working hours or calendars) are set up for ${sampleBranch.name}.`,
        };
      }
      return { status: 'ok', detail };
    },
    'Free times could not be read: check the account may read appointments and availability.',
  );
}

/** One home's picture, fetched with the key, where the system keeps pictures behind it. */
async function pictureCheck(backend: Backend, catalog: Catalog | undefined, check: Check): Promise<void> {
  const sample = catalog?.properties[0];
  await check(
    'picture',
    async () => {
      if (!backend.capabilities.photos || !backend.fetchPhoto) {
        return {
          status: 'skip',
          detail: `${backend.title} pictures are linked directly, not fetched with the key`,
        };
      }
      if (!sample) return { status: 'skip', detail: 'no home to ask about' };
      const withPhoto = catalog?.properties.find((p) => p.photoUrl) ?? sample;
      const photo = await backend.fetchPhoto(withPhoto.id);
      if (!photo) {
        return {
          status: 'fail',
          detail: `no picture for "${withPhoto.title}"`,
          hint: 'Homes will show without pictures: check the key may read photos (and that the home has one).',
        };
      }
      if (!photo.contentType.startsWith('image/') || photo.body.length === 0) {
        return {
          status: 'fail',
          detail: `the picture came as ${photo.contentType || 'no type'}, ${photo.body.length} bytes`,
          hint: 'The upstream answered with something that is not an image.',
        };
      }
      return {
        status: 'ok',
        detail: `${photo.contentType}, ${photo.body.length} bytes for "${withPhoto.title}"`,
      };
    },
    'Pictures could not be read: check the key may read photos (agentOS: the Advertising tier).',
  );
}

async function accountChecks(backend: Backend, checks: DoctorCheck[], upstream: UpstreamCalls) {
  if (!backend.checkAccount) return;
  const before = upstream.count;
  try {
    const found = await backend.checkAccount();
    // The calls are the account checks' together; the first line carries them.
    found.forEach((c, i) =>
      checks.push({
        name: c.name,
        status: c.ok ? 'ok' : 'fail',
        detail: c.detail,
        ...(c.hint && !c.ok ? { hint: c.hint } : {}),
        calls: i === 0 ? upstream.count - before : 0,
      }),
    );
  } catch (error) {
    checks.push({
      name: 'account',
      status: 'fail',
      detail: explain(error),
      hint: 'Check the base URL and the credentials in the config file.',
      calls: upstream.count - before,
    });
  }
}

/**
 * Sends an unsigned, empty delivery to the proxy's own webhook URL: a proxy that is reachable there refuses
 * it (401 or 400) without acting on it, which is the answer this check wants.
 */
async function webhookCheck(config: ProxyConfig, backend: Backend, probe: FetchLike): Promise<CheckOutcome> {
  if (!backend.capabilities.webhooks) {
    return {
      status: 'skip',
      detail: `${backend.title} sends no webhooks; free times are re-read when they age`,
    };
  }
  if (!config.publicUrl) {
    return {
      status: 'skip',
      detail: 'no publicUrl configured, so there is no address to tell the system',
    };
  }
  const url = `${config.publicUrl.replace(/\/$/, '')}/v1/webhooks/${backend.name}`;
  const response = await probe(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
    signal: AbortSignal.timeout(5_000),
  });
  if (response.status === 401 || response.status === 400) {
    return { status: 'ok', detail: `${url} answers, and refuses an unsigned delivery (${response.status})` };
  }
  return {
    status: 'fail',
    detail: `${url} answered ${response.status}`,
    hint:
      response.status === 404
        ? `The proxy there does not take ${backend.title} webhooks: check publicUrl points at this proxy, with its base path.`
        : 'Check publicUrl points at this proxy, and that nothing in front of it blocks POST requests.',
  };
}

/** The report as an integrator reads it in a terminal. */
export function formatReport(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((c) => c.name.length), 8);
  const lines = [`viewing-proxy doctor: ${report.system}`, ''];
  for (const c of report.checks) {
    const mark = c.status === 'ok' ? 'ok  ' : c.status === 'fail' ? 'FAIL' : 'skip';
    const calls = c.calls ? ` (${plural(c.calls, 'call')})` : '';
    lines.push(`${mark}  ${c.name.padEnd(width)}  ${c.detail}${calls}`);
    if (c.hint) lines.push(`      ${' '.repeat(width)}  fix: ${c.hint}`);
  }
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  lines.push(
    '',
    `${plural(report.checks.length, 'check')}: ${failed ? `${failed} failed` : 'all ok'}; ${plural(report.calls, 'upstream call')}, none of them a write.`,
  );
  return lines.join('\n');
}
