import type { AppointmentBook } from './appointments.ts';
import type { CustomerBook } from './customers.ts';
import type { Seed } from './model.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { RequestLog } from '../shared/request-log.ts';
import type { IssuedToken, TokenIssuer } from './tokens.ts';
import type { WebhookSender } from './webhooks.ts';

/** Everything one emulator instance owns; handed to the routes, never kept in module state. */
export interface EmulatorContext {
  seed: Seed;
  enterprise: string;
  now: () => Date;
  tokens: TokenIssuer;
  /** Absent when a test switched the limit off. */
  limiter: RateLimiter | undefined;
  requests: RequestLog;
  appointments: AppointmentBook;
  customers: CustomerBook;
  webhooks: WebhookSender;
  webhookConfigurationId: string;
}

/** Hono variables set by the guards: the grant behind the request's bearer token. */
export interface AppEnv {
  Variables: { token: IssuedToken };
}
