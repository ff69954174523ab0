import { withFaults, type FaultOptions } from '../shared/faults.ts';
import { createApp } from './app.ts';
import type { EmulatorContext } from './context.ts';
import { createDiary } from './diary.ts';
import type {
  DiaryEntry,
  FeedbackRecord,
  SeedAppointmentType,
  SeedBranch,
  SeedContact,
  SeedProperty,
  SeedStaff,
  SentMessage,
} from './model.ts';
import { DEFAULT_RATE_LIMIT, createRateLimiter, type RateLimitOptions } from './rate-limit.ts';
import { createRecords } from './records.ts';
import { createRequestLog } from '../shared/request-log.ts';
import { createSeed } from './seed.ts';
import { SEED_PRESETS, isSeedPreset, type SeedPreset } from './seed-presets.ts';
import { systemClock } from '../../clock.ts';
import { chooseVariants } from '../shared/variants.ts';

/**
 * Answers the vendor documents in more than one shape, with the shapes this emulator can serve (the first is
 * the default).
 * - `allocationsShape`: `page` is `{Count, Data}`, as every V4 `{offset}/{count}` list; `array` is the bare
 *   array of DiaryBookingModel that V3's allocations answered.
 * - `allocationTimes`: `local` is the company's wall-clock time without an offset, as the V4 page says
 *   ("returned in the company's local timezone"); `offset` is V3's `format: date-time`, in UTC with `Z`.
 */
export const VARIANTS = {
  allocationsShape: ['page', 'array'],
  allocationTimes: ['local', 'offset'],
} as const;

/** agentOS V4's tiers; a key is granted some of them, and a 401 on a tier can mean it lacks that one. */
export type Tier = 'appointments' | 'advertising' | 'contacts';

export interface AgentOSEmulatorOptions {
  /**
   * Which documented shape each answer takes where the vendor's pages show more than one (`VARIANTS`); the
   * first of each by default.
   */
  variants?: Readonly<Record<string, string>>;
  /**
   * Which company's data the emulator holds (`SEED_PRESETS`): `standard` (the default) has three branches and
   * 48 homes; `large-branch` adds a fourth branch advertising 300 homes. The demo takes it from `SANDBOX_SEED`.
   */
  seed?: SeedPreset;
  /** The company's short name in every path. Default `harbourandfinch`. */
  shortName?: string;
  /** Keys accepted as `api_key` header or query parameter. Default `['sandbox-key']`. */
  apiKeys?: string[];
  /**
   * The tiers a key is granted, for keys that lack some: a call to another tier answers 401, as agentOS does.
   * Keys not named here have every tier.
   */
  tiers?: Readonly<Record<string, readonly Tier[]>>;
  /** The emulator's clock; allocations, lead times and `TermStart` dates are relative to it. */
  now?: () => Date;
  /**
   * agentOS's per-key limit, on by default (50 per rolling 60 s, then a 5-minute block for ignoring a 429).
   * It runs on the real clock, not `now`, so a pinned calendar never freezes the window. `false` lifts it:
   * for tests only.
   */
  rateLimit?: RateLimitOptions | false;
  /** Failures injected into a share of requests (errors, 429s, hangs, dropped connections); none by default. */
  faults?: FaultOptions;
}

export interface AgentOSEmulator {
  /** The emulator as a fetch handler: call it directly in tests, or serve it. */
  fetch: (request: Request) => Response | Promise<Response>;
  /** Starts, changes or (with undefined) stops injected failures. */
  setFaults(options: FaultOptions | undefined): void;
  /** Bookings made through `POST /diary`; the seeded busy slots are not listed. */
  diary(): DiaryEntry[];
  /** Messages sent through `POST /messaging/{branchID}`, oldest first. */
  messages(): SentMessage[];
  /** Feedback sent through `POST /diary/feedback`, oldest first. */
  feedback(): FeedbackRecord[];
  /** Requests received, authenticated or not, optionally only those whose path contains `pathContains`. */
  requestCount(pathContains?: string): number;
  resetRequestCount(): void;
  contacts(): readonly SeedContact[];
  /** Lettings (by property id) and sales (by instruction id), renewals included. */
  properties(): readonly SeedProperty[];
  staff(): readonly SeedStaff[];
  branches(): readonly SeedBranch[];
  appointmentTypes(): readonly SeedAppointmentType[];
  /** The first accepted key. */
  apiKey: string;
  shortName: string;
}

const DEFAULTS = {
  shortName: 'harbourandfinch',
  apiKeys: ['sandbox-key'],
  now: systemClock,
  rateLimit: DEFAULT_RATE_LIMIT,
  seed: SEED_PRESETS[0],
} satisfies Omit<Required<AgentOSEmulatorOptions>, 'faults' | 'variants' | 'tiers'>;

/**
 * An in-memory agentOS (LetMC) V4 for one company, with the same data every time.
 *
 * @example
 * const agentos = createAgentOSEmulator({ now: () => new Date('2026-11-23T08:00:00Z') });
 * const response = await agentos.fetch(
 *   new Request(`http://sandbox/v4/appointments/${agentos.shortName}/company/branches/0/10`, {
 *     headers: { api_key: agentos.apiKey },
 *   }),
 * );
 */
export function createAgentOSEmulator(options: AgentOSEmulatorOptions = {}): AgentOSEmulator {
  const variants = chooseVariants('agentOS', VARIANTS, options.variants);
  // Option by option rather than a spread: an explicit `undefined` (easy to pass through from a caller's own
  // options) must mean "the default", not "no clock".
  const settings = {
    shortName: options.shortName ?? DEFAULTS.shortName,
    apiKeys: options.apiKeys ?? DEFAULTS.apiKeys,
    now: options.now ?? DEFAULTS.now,
    rateLimit: options.rateLimit ?? DEFAULTS.rateLimit,
    seed: options.seed ?? DEFAULTS.seed,
  } satisfies Omit<Required<AgentOSEmulatorOptions>, 'faults' | 'variants' | 'tiers'>;
  const apiKey = settings.apiKeys[0];
  if (apiKey === undefined) throw new Error('createAgentOSEmulator needs at least one API key');
  // Callers from plain JavaScript or a config file can pass any string.
  if (!isSeedPreset(settings.seed)) {
    throw new Error(
      `The agentOS emulator's seed is one of ${SEED_PRESETS.join(', ')}, not "${settings.seed}".`,
    );
  }
  const seed = createSeed(settings.seed);
  const context: EmulatorContext = {
    seed,
    shortName: settings.shortName,
    apiKeys: new Set(settings.apiKeys),
    now: settings.now,
    diary: createDiary(),
    messages: createRecords<SentMessage>('MSG'),
    feedback: createRecords<FeedbackRecord>('FB'),
    limiter: settings.rateLimit === false ? undefined : createRateLimiter(settings.rateLimit),
    requests: createRequestLog(),
    variants,
    tiers: new Map(Object.entries(options.tiers ?? {}).map(([key, tiers]) => [key, new Set(tiers)])),
  };
  const app = createApp(context);
  const faulty = withFaults((request) => app.fetch(request));
  faulty.set(options.faults);
  return {
    fetch: faulty.fetch,
    setFaults: faulty.set,
    diary: () => context.diary.entries(),
    messages: () => context.messages.list(),
    feedback: () => context.feedback.list(),
    requestCount: (pathContains) => context.requests.count(pathContains),
    resetRequestCount: () => context.requests.reset(),
    contacts: () => seed.contacts,
    properties: () => seed.properties,
    staff: () => seed.staff,
    branches: () => seed.branches,
    appointmentTypes: () => seed.appointmentTypes,
    apiKey,
    shortName: settings.shortName,
  };
}
