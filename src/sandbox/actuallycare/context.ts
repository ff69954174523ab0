import type { RequestLog } from '../shared/request-log.ts';
import type { Seed } from './model.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { AppointmentStore } from './store.ts';
import type { WebhookSender } from './webhooks.ts';

/** Everything one emulator instance owns; handed to the routes, never kept in module state. */
export interface EmulatorContext {
  seed: Seed;
  store: AppointmentStore;
  /** Each accepted key and the CRM user it belongs to. */
  apiKeys: ReadonlyMap<string, string>;
  now: () => Date;
  /** Absent when a test switched the limit off. */
  limiter: RateLimiter | undefined;
  requests: RequestLog;
  webhooks: WebhookSender;
  /** Numbers the correlation and error ids handed out. */
  nextId: (kind: 'correlation' | 'error') => string;
}

/** Hono variables set by the guards. */
export interface AppEnv {
  Variables: { userId: string; correlationId: string };
}
