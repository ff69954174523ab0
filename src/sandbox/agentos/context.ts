import type { Diary } from './diary.ts';
import type { FeedbackRecord, Seed, SentMessage } from './model.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { Records } from './records.ts';
import type { RequestLog } from '../shared/request-log.ts';

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
}

/** Hono variables set by the guards: the key that authenticated the request. */
export interface AppEnv {
  Variables: { apiKey: string };
}
