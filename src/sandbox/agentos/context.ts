import type { Diary } from './diary.ts';
import type { FeedbackRecord, Seed, SentMessage } from './model.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { Records } from './records.ts';
import type { RequestLog } from '../shared/request-log.ts';
import type { Variants } from '../shared/variants.ts';
import type { Tier, VARIANTS } from './emulator.ts';

/** Everything one emulator instance owns; handed to the routes, never kept in module state. */
export interface EmulatorContext {
  seed: Seed;
  shortName: string;
  apiKeys: ReadonlySet<string>;
  now: () => Date;
  diary: Diary;
  messages: Records<SentMessage>;
  feedback: Records<FeedbackRecord>;
  /** Absent when a test switched the limit off. */
  limiter: RateLimiter | undefined;
  requests: RequestLog;
  /** Which documented shape the answers take where the vendor's pages show more than one. */
  variants: Variants<typeof VARIANTS>;
  /** The tiers each key may use; a key not named here may use every tier. */
  tiers: ReadonlyMap<string, ReadonlySet<Tier>>;
}

/** Hono variables set by the guards: the key that authenticated the request. */
export interface AppEnv {
  Variables: { apiKey: string };
}
