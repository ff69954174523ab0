import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  ActuallyCareSettings,
  AgentOSSettings,
  OfficePlaceSettings,
  PexipEngageSettings,
} from '../backends/index.ts';
import { isAddressOrRange } from './client-address.ts';
import { QuestionsSettings } from './questions.ts';
import { ApprovalSettings } from './manage/approval.ts';
import { WaitlistSettings } from './waitlist.ts';
import { OpenHouseSettings } from './open-houses.ts';
import { StaffKeyList } from './staff/keys.ts';

/** Names of this machine: the only hosts an address that carries personal data may reach over plain HTTP. */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

const Origin = z
  .string()
  .regex(
    /^https?:\/\/[^/\s]+$/,
    'must be an origin such as https://www.agency.example (scheme and host, no path)',
  );

/** Each system's own settings live beside its adapter; here they only gain the `type` that picks one. */
const AgentOSConfig = AgentOSSettings.safeExtend({ type: z.literal('agentos') });
const PexipEngageConfig = PexipEngageSettings.safeExtend({ type: z.literal('pexip-engage') });
/** ActuallyCare's and OfficePlace's settings carry branches, agents and viewing rules: the upstreams have none. */
const ActuallyCareConfig = ActuallyCareSettings.safeExtend({ type: z.literal('actuallycare') });
const OfficePlaceConfig = OfficePlaceSettings.safeExtend({ type: z.literal('officeplace') });

export const SANDBOX_SYSTEMS = ['agentos', 'pexip-engage', 'actuallycare', 'officeplace'] as const;
/**
 * The agentOS emulator's seeds (`SEED_PRESETS` in `src/sandbox/agentos/seed-presets.ts`), named here so that
 * reading the configuration loads no emulator; a test keeps the two lists the same.
 */
export const SANDBOX_SEEDS = ['standard', 'large-branch'] as const;

/** The embedded default: emulated upstreams on loopback with seeded agency data. */
const SandboxConfig = z
  .object({
    type: z.literal('sandbox'),
    system: z.enum(SANDBOX_SYSTEMS).default('agentos'),
    /** Port of the emulator; 0 picks a free one. */
    port: z.number().int().min(0).max(65535).default(0),
    /**
     * Where a vendor documents more than one shape for an answer, which one the emulator serves, e.g.
     * `{ "token": "accessToken" }`; each system's emulator lists its own (`src/sandbox/<system>/README.md`).
     */
    variants: z.record(z.string(), z.string()).default({}),
    /**
     * Which company the agentOS emulator holds (`src/sandbox/agentos/seed-presets.ts`): `large-branch` adds a
     * branch of 300 homes. agentOS only.
     */
    seed: z.enum(SANDBOX_SEEDS).default('standard'),
  })
  .refine((sandbox) => sandbox.seed === 'standard' || sandbox.system === 'agentos', {
    message: 'only the agentOS emulator has other seeds',
    path: ['seed'],
  });

/** Where the proxy keeps idempotent answers, locks and queued work: a SQLite file unless said otherwise. */
const StoreConfig = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('sqlite'), path: z.string().min(1).default('.viewing-proxy/state.db') }),
    z.object({
      type: z.literal('redis'),
      url: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
      /**
       * How long one Redis command may take before the request it serves is answered 503 (default 1500 ms):
       * the longest a frozen Redis holds a visitor up. Later calls fail at once until Redis answers again.
       */
      timeoutMs: z.number().int().min(100).max(30_000).optional(),
      /**
       * The proxy refuses a Redis that keeps nothing across a restart (no append-only file, no snapshots), or
       * whose settings it cannot read, since a restart would forget every manage link, idempotent answer and
       * the shared upstream budget. true uses it anyway (a throwaway Redis for a trial). Default false.
       */
      allowVolatile: z.boolean().default(false),
    }),
    z.object({ type: z.literal('memory') }),
  ],
  { error: 'must say its type: "sqlite", "redis" or "memory"' },
);

export const ProxyConfig = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65535).default(8787),
    /** Where the routes live on this server, e.g. `/api`; empty for the root. */
    basePath: z
      .string()
      .regex(/^(\/[\w.~-]+)*$/, 'must be empty or a path such as /api, without a trailing slash')
      .default(''),
    publicUrl: z.url().optional(),
    /**
     * Without `publicUrl`, the host names a request may arrive by for the proxy to build links (manage links,
     * calendar files) from it, e.g. `["bookings.agency.example"]`; loopback names always may. Any other host is
     * answered 421, so a forged Host header never puts a stranger's address in the agency's messages.
     */
    allowedHosts: z
      .array(z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, 'must be a host name, optionally with :port'))
      .default([]),
    /**
     * Where browsers load `viewing-widget.js` (the files it loads sit beside it), for the manage
     * page the proxy serves at `/manage/<token>`; without it that page only says how to reach the branch.
     */
    widgetUrl: z
      .string()
      .regex(/^(https?:\/\/|\/)\S+\.js(\?\S*)?$/, 'must be an http(s) URL or a /path ending in .js')
      .optional(),
    allowedOrigins: z.array(Origin).default([]),
    trustProxy: z
      .union([
        z.boolean(),
        z.number().int().min(0).max(10),
        z
          .array(z.string().refine(isAddressOrRange, 'must be an address or a range such as 10.0.0.0/8'))
          .min(1),
      ])
      .default(false)
      .describe(
        "Who may tell the proxy the visitor's address in X-Forwarded-For. false: nobody, the connection's " +
          "address is the visitor's. true or 1: one load balancer in front, which appends the address it saw; " +
          'a number: that many such hops in a row (a CDN before a load balancer is 2). A list of addresses and ' +
          'ranges (["10.0.0.0/8"]): the hops themselves. The address taken is the rightmost that no trusted hop ' +
          'wrote, so a visitor who writes X-Forwarded-For themselves changes nothing.',
      ),
    /**
     * Sends `Strict-Transport-Security` with every answer, so browsers reach the proxy only over HTTPS for
     * `maxAgeSeconds`. Only for a proxy served over HTTPS (its TLS terminator may send the header instead).
     */
    hsts: z
      .object({
        maxAgeSeconds: z
          .number()
          .int()
          .min(0)
          .max(2 * 365 * 24 * 60 * 60)
          .default(365 * 24 * 60 * 60),
        /** Every subdomain of the proxy's host too: only when all of them are served over HTTPS. */
        includeSubDomains: z.boolean().default(false),
      })
      .optional(),
    /**
     * What one connection may take: slow senders are cut off and the number of open connections is capped,
     * so a handful of clients cannot hold the server. A reverse proxy in front may hold tighter limits.
     */
    connections: z
      .object({
        /** The whole request, headers and body, must arrive within this (408 otherwise). */
        requestTimeoutSeconds: z.number().int().min(1).max(300).default(15),
        /** The request's headers must arrive within this. */
        headersTimeoutSeconds: z.number().int().min(1).max(300).default(10),
        /** Connections open at once; further ones are closed at once. */
        max: z.number().int().min(1).max(1_000_000).default(1_000),
      })
      .prefault({}),
    /** `/metrics` answers only `Authorization: Bearer <token>`; without a token it answers no one. */
    metricsToken: z.string().min(16, 'must be at least 16 characters').optional(),
    backend: z.discriminatedUnion(
      'type',
      [AgentOSConfig, PexipEngageConfig, ActuallyCareConfig, OfficePlaceConfig, SandboxConfig],
      { error: 'must say its type: "agentos", "pexip-engage", "actuallycare", "officeplace" or "sandbox"' },
    ),
    /** Per-caller limits that stop a script from spending the agency's upstream budget. */
    limits: z
      .object({
        perIp: z.number().int().min(1).default(300),
        perOrigin: z.number().int().min(1).default(6_000),
        bookingsPerIp: z.number().int().min(1).default(10),
        /** Upstream calls one address may cause a minute (weeks of free times nobody had read, bookings). */
        upstreamPerIp: z.number().int().min(1).default(8),
        /** A booking sent sooner after its free times were shown is held back until this many seconds; 0: off. */
        minFillSeconds: z.number().min(0).max(60).default(3),
      })
      .prefault({}),
    store: StoreConfig.default({ type: 'sqlite', path: '.viewing-proxy/state.db' }),
    cache: z
      .object({
        catalogRefreshSeconds: z.number().int().min(30).default(600),
        slotsTtlSeconds: z.number().int().min(0).max(600).default(30),
        slotsStaleSeconds: z.number().int().min(0).max(3600).default(600),
        /**
         * Shared caches in front of the proxy (Varnish with `deploy/varnish.vcl`), each sent a `BAN` when a home's
         * free times change, e.g. `["http://varnish:6081"]`.
         */
        purgeUrls: z.array(z.url()).default([]),
      })
      .prefault({}),
    /** The visitor's own link to see, move or cancel their viewing, and what it allows. */
    manage: z
      .object({
        /** Signs manage links; without it one is made and kept in the store (fine for one proxy or a shared store). */
        secret: z.string().min(32, 'must be at least 32 characters').optional(),
        /** A page of the agency's site that shows `<viewing-widget manage="…">`, with `{token}` where the link's token goes. */
        url: z
          .string()
          .regex(/^https?:\/\/\S+$/, 'must be an http(s) URL')
          .refine(
            (url) => url.includes('{token}'),
            'must contain {token}, e.g. https://agency.example/viewing?manage={token}',
          )
          .optional(),
        /** Moves and cancellations are refused this close to the start; the visitor is given the branch's number. */
        noticeMinutes: z
          .number()
          .int()
          .min(0)
          .max(30 * 24 * 60)
          .default(120),
        /** A reminder goes this long before the start; 0 sends none. */
        reminderHours: z
          .number()
          .int()
          .min(0)
          .max(14 * 24)
          .default(24),
        /** How long after the viewing feedback is asked for and the link works. */
        feedbackDays: z.number().int().min(0).max(365).default(14),
      })
      .prefault({}),
    /**
     * The agency's own tools (a CRM, Zapier, Make) told of every booking, move, cancellation and feedback:
     * each URL is sent each event, signed the Standard Webhooks way with the secret.
     */
    /**
     * Questions asked with a booking, by channel, and by branch id over that (see `QuestionsSettings`). A
     * lettings question about children or benefits stops the proxy: the Renters' Rights Act 2025 forbids
     * turning tenants away for either.
     */
    questions: QuestionsSettings.optional(),
    /**
     * Homes (by id) and branches whose owner agrees each viewing first, and how long they have to answer (see
     * `ApprovalSettings`).
     */
    approval: ApprovalSettings.optional(),
    /**
     * A waiting list for each home, for visitors no shown time suits: how long an offered time is held for the
     * visitor, and how long a place is kept (see `WaitlistSettings`). Off unless set.
     */
    waitlist: WaitlistSettings.optional(),
    /**
     * Open houses and block viewings: how many visitors a time holds, per branch id, home id, or one time of a
     * home (see `OpenHouseSettings`). agentOS and Pexip Engage cannot hold them, and the proxy says why.
     */
    openHouses: OpenHouseSettings.optional(),
    webhooksOut: z
      .object({
        /** HTTPS (plain HTTP only on this machine): the events carry the visitor's details. */
        urls: z
          .array(
            z
              .url({ protocol: /^https?$/ })
              .refine(
                (url) => url.startsWith('https:') || LOOPBACK.test(new URL(url).hostname),
                'must be an https:// URL (events carry the visitor’s details); http:// only for this machine',
              ),
          )
          .default([]),
        /** `whsec_` then at least 24 random bytes in base64, e.g. from `openssl rand -base64 32`. */
        secret: z
          .string()
          .regex(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/, 'must be whsec_ then a base64 key of at least 24 bytes')
          .optional(),
      })
      .prefault({}),
    /** The staff diary at `<basePath>/staff`; off (every staff path a 404) until a key is given. */
    staff: z
      .object({
        /** `name:key` (changes are attributed to the name) or bare keys, each at least 24 characters. */
        keys: StaffKeyList.default([]),
      })
      .prefault({}),
  })
  .superRefine((config, ctx) => {
    if (config.connections.headersTimeoutSeconds > config.connections.requestTimeoutSeconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['connections', 'headersTimeoutSeconds'],
        message: 'must not be longer than connections.requestTimeoutSeconds',
      });
    }
    if (config.hsts && config.publicUrl?.startsWith('http:')) {
      ctx.addIssue({
        code: 'custom',
        path: ['hsts'],
        message: 'is for a proxy served over HTTPS, but publicUrl is an http:// address',
      });
    }
    if (config.store.type === 'redis' && !config.manage.secret) {
      ctx.addIssue({
        code: 'custom',
        path: ['manage', 'secret'],
        message:
          'must be given with a Redis store: every instance sharing it must sign manage links, staff sessions ' +
          'and form tokens with the same secret, and one kept only in Redis would be lost with its data',
      });
    }
    if (config.webhooksOut.urls.length > 0 && !config.webhooksOut.secret) {
      ctx.addIssue({
        code: 'custom',
        path: ['webhooksOut', 'secret'],
        message: 'must be given with webhooksOut.urls: receivers tell real events from forged ones by it',
      });
    }
    if (config.backend.type !== 'sandbox' && config.allowedOrigins.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['allowedOrigins'],
        message: 'must list the websites that may use this proxy, e.g. ["https://www.agency.example"]',
      });
    }
  });
export type ProxyConfig = z.infer<typeof ProxyConfig>;

/** Environment variables and the config field each one sets. */
export const ENVIRONMENT: Record<string, string> = {
  HOST: 'host',
  PORT: 'port',
  BASE_PATH: 'basePath',
  PUBLIC_URL: 'publicUrl',
  ALLOWED_HOSTS: 'allowedHosts',
  WIDGET_URL: 'widgetUrl',
  ALLOWED_ORIGINS: 'allowedOrigins',
  TRUST_PROXY: 'trustProxy',
  METRICS_TOKEN: 'metricsToken',
  HSTS_MAX_AGE_SECONDS: 'hsts.maxAgeSeconds',
  REQUEST_TIMEOUT_SECONDS: 'connections.requestTimeoutSeconds',
  HEADERS_TIMEOUT_SECONDS: 'connections.headersTimeoutSeconds',
  MAX_CONNECTIONS: 'connections.max',
  BACKEND: 'backend.type',
  AGENTOS_BASE_URL: 'backend.baseUrl',
  AGENTOS_SHORT_NAME: 'backend.shortName',
  AGENTOS_API_KEY: 'backend.apiKey',
  AGENTOS_TIME_ZONE: 'backend.timeZone',
  AGENTOS_VIEWING_TYPE_ID: 'backend.viewingTypeId',
  AGENTOS_ALLOCATIONS_PER: 'backend.allocationsPer',
  PEXIP_BASE_URL: 'backend.baseUrl',
  PEXIP_AUTH_URL: 'backend.authUrl',
  PEXIP_ENTERPRISE: 'backend.enterprise',
  PEXIP_CLIENT_ID: 'backend.clientId',
  PEXIP_CLIENT_SECRET: 'backend.clientSecret',
  PEXIP_SUBJECT_ID: 'backend.subjectId',
  PEXIP_WEBHOOK_SECRET: 'backend.webhookSecret',
  ACTUALLYCARE_BASE_URL: 'backend.baseUrl',
  ACTUALLYCARE_API_KEY: 'backend.apiKey',
  ACTUALLYCARE_WEBHOOK_SECRET: 'backend.webhookSecret',
  OFFICEPLACE_BASE_URL: 'backend.baseUrl',
  OFFICEPLACE_TENANT_ID: 'backend.tenantId',
  OFFICEPLACE_CLIENT_ID: 'backend.clientId',
  OFFICEPLACE_CLIENT_SECRET: 'backend.clientSecret',
  OFFICEPLACE_DOMAIN_ID: 'backend.domainId',
  OFFICEPLACE_CATALOG_URL: 'backend.catalogUrl',
  SANDBOX_SYSTEM: 'backend.system',
  SANDBOX_SEED: 'backend.seed',
  LIMIT_PER_IP: 'limits.perIp',
  LIMIT_PER_ORIGIN: 'limits.perOrigin',
  LIMIT_BOOKINGS_PER_IP: 'limits.bookingsPerIp',
  LIMIT_UPSTREAM_PER_IP: 'limits.upstreamPerIp',
  LIMIT_MIN_FILL_SECONDS: 'limits.minFillSeconds',
  STORE: 'store.type',
  STORE_PATH: 'store.path',
  REDIS_URL: 'store.url',
  REDIS_TIMEOUT_MS: 'store.timeoutMs',
  REDIS_ALLOW_VOLATILE: 'store.allowVolatile',
  CATALOG_REFRESH_SECONDS: 'cache.catalogRefreshSeconds',
  SLOTS_TTL_SECONDS: 'cache.slotsTtlSeconds',
  SLOTS_STALE_SECONDS: 'cache.slotsStaleSeconds',
  CACHE_PURGE_URLS: 'cache.purgeUrls',
  MANAGE_SECRET: 'manage.secret',
  MANAGE_URL: 'manage.url',
  CHANGE_NOTICE_MINUTES: 'manage.noticeMinutes',
  REMINDER_HOURS: 'manage.reminderHours',
  FEEDBACK_DAYS: 'manage.feedbackDays',
  STAFF_KEYS: 'staff.keys',
  WEBHOOK_URLS: 'webhooksOut.urls',
  WEBHOOK_SECRET: 'webhooksOut.secret',
};

/** Variables named for one system apply only when that system is the backend. */
const SYSTEM_PREFIX: Record<string, string> = {
  AGENTOS_: 'agentos',
  PEXIP_: 'pexip-engage',
  ACTUALLYCARE_: 'actuallycare',
  OFFICEPLACE_: 'officeplace',
};

const appliesTo = (variable: string, backendType: unknown): boolean => {
  const prefix = Object.keys(SYSTEM_PREFIX).find((p) => variable.startsWith(p));
  return !prefix || SYSTEM_PREFIX[prefix] === backendType;
};

const NUMERIC = new Set([
  'hsts.maxAgeSeconds',
  'connections.requestTimeoutSeconds',
  'connections.headersTimeoutSeconds',
  'connections.max',
  'store.timeoutMs',
  'cache.catalogRefreshSeconds',
  'cache.slotsTtlSeconds',
  'cache.slotsStaleSeconds',
  'limits.perIp',
  'limits.perOrigin',
  'limits.bookingsPerIp',
  'limits.upstreamPerIp',
  'limits.minFillSeconds',
  'manage.noticeMinutes',
  'manage.reminderHours',
  'manage.feedbackDays',
]);
/** `true`/`yes` or `false`/`no`; anything else is passed on for the schema to refuse. */
const BOOLEAN = new Set(['store.allowVolatile']);
/** `true`/`false`, a number of hops, or a comma-separated list of addresses and ranges. */
const TRUST = new Set(['trustProxy']);
/** Comma-separated in their variable. */
const LIST = new Set(['allowedOrigins', 'allowedHosts', 'staff.keys', 'cache.purgeUrls', 'webhooksOut.urls']);

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (isRecord(next)) node = next;
    else node = node[part] = {};
  }
  node[parts.at(-1) ?? path] = value;
}

function booleanFromVariable(value: string): boolean | string {
  const word = value.trim().toLowerCase();
  if (['true', 'yes'].includes(word)) return true;
  if (['false', 'no'].includes(word)) return false;
  return value;
}

function trustFromVariable(value: string): boolean | number | string[] {
  const word = value.trim().toLowerCase();
  if (['true', 'yes'].includes(word)) return true;
  if (['false', 'no'].includes(word)) return false;
  if (/^\d+$/.test(word)) return Number(word);
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * Where JSON.parse stopped, as a line and column. Never its message: that quotes the text around the mistake,
 * which in a config file is often an API key.
 */
function whereJsonFailed(text: string, error: unknown): string {
  const position = /at position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  if (position === undefined) return ' (look for a missing quote or comma)';
  const before = text.slice(0, Number(position)).split('\n');
  return ` at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/**
 * Reads the config file (if any), lets environment variables override it, and parses the result.
 * A bad value stops start-up with a message naming the field and, where there is one, its variable.
 */
export function loadConfig({
  file,
  env = process.env,
}: { file?: string; env?: NodeJS.ProcessEnv } = {}): ProxyConfig {
  let raw: Record<string, unknown> = {};
  const path = file ?? env.VIEWING_PROXY_CONFIG;
  if (path) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ConfigError(
        `Cannot read the config file ${path}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(`The config file ${path} is not valid JSON${whereJsonFailed(text, error)}.`);
    }
    if (!isRecord(parsed)) throw new ConfigError(`The config file ${path} must hold a JSON object.`);
    raw = parsed;
  }
  const backendType = env.BACKEND || (isRecord(raw.backend) ? raw.backend.type : undefined);
  for (const [variable, field] of Object.entries(ENVIRONMENT)) {
    const value = env[variable];
    if (value === undefined || value === '' || !appliesTo(variable, backendType)) continue;
    const typed = LIST.has(field)
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : NUMERIC.has(field)
        ? Number(value)
        : TRUST.has(field)
          ? trustFromVariable(value)
          : BOOLEAN.has(field)
            ? booleanFromVariable(value)
            : value;
    setPath(raw, field, typed);
  }
  if (raw.backend === undefined) raw.backend = { type: 'sandbox' };
  // SANDBOX_SYSTEM or SANDBOX_SEED alone means the sandbox.
  if (
    isRecord(raw.backend) &&
    raw.backend.type === undefined &&
    ('system' in raw.backend || 'seed' in raw.backend)
  )
    raw.backend.type = 'sandbox';
  // STORE_PATH or REDIS_URL alone say which store is meant.
  if (isRecord(raw.store) && raw.store.type === undefined)
    raw.store.type = 'url' in raw.store ? 'redis' : 'sqlite';
  const result = ProxyConfig.safeParse(raw);
  if (result.success) return result.data;
  const byField = Object.fromEntries(
    Object.entries(ENVIRONMENT)
      .filter(([variable]) => appliesTo(variable, backendType))
      .map(([variable, field]) => [field, variable]),
  );
  const lines = result.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || '(config)';
    const variable = byField[field] ?? byField[field.replace(/\.\d+$/, '')];
    return `  - ${field}${variable ? ` (${variable})` : ''}: ${issue.message}`;
  });
  throw new ConfigError(`The proxy configuration is not valid:\n${lines.join('\n')}`);
}
