import type { RequestLog } from '../shared/request-log.ts';
import type { Calendars } from './calendar.ts';
import type { OfficePlaceVariants } from './emulator.ts';
import type { Seed } from './model.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { Client, Tokens } from './tokens.ts';

/** Everything one emulator instance owns; handed to the routes, never kept in module state. */
export interface EmulatorContext {
  seed: Seed;
  /** Which documented shape each answer takes. */
  variants: OfficePlaceVariants;
  clients: readonly Client[];
  tokens: Tokens;
  calendars: Calendars;
  now: () => Date;
  /** Absent when a test switched the limit off. */
  limiter: RateLimiter | undefined;
  requests: RequestLog;
  /** W3C trace ids for problem bodies, numbered so every run hands out the same ones. */
  nextTraceId: () => string;
}

/** Hono variables: the request's trace id. */
export interface AppEnv {
  Variables: { traceId: string };
}
