import type { RequestLog } from '../shared/request-log.ts';
import type { Seed } from './model.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { AppointmentStore } from './store.ts';
import type { WebhookSender } from './webhooks.ts';

/** The shapes the emulator serves where the vendor's pages show more than one (see `VARIANTS`). */
export interface ChosenShapes {
  listingRows: 'reference' | 'quickstart';
  webhookPayload: 'nested' | 'flat';
}

/** What a key may touch: `scopes` is an object such as `{"appointments":[…], "listings":[…]}`. */
export interface KeyScopes {
  appointments: readonly ('read' | 'write')[];
  listings: readonly 'read'[];
}

/** Whom a key acts as ("each key acts as you") and what it may do. */
export interface KeyHolder {
  userId: string;
  scopes: KeyScopes;
}

/** Everything one emulator instance owns; handed to the routes, never kept in module state. */
export interface EmulatorContext {
  seed: Seed;
  store: AppointmentStore;
  /** Each accepted key and the CRM user it acts as. */
  apiKeys: ReadonlyMap<string, KeyHolder>;
  shapes: ChosenShapes;
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
  Variables: { userId: string; scopes: KeyScopes; correlationId: string };
}
