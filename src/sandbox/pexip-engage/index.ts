/**
 * The Pexip Engage emulator: an in-memory agency with offices, employees and their agendas, listings,
 * subjects and customers, behind Pexip's OAuth2 client-credentials tokens, offset/limit paging, error
 * envelopes and a rate limit, delivering Appointment webhooks with retries and duplicates. Adapters are
 * tested against it; it never imports them.
 */
export { createPexipEngageEmulator } from './emulator.ts';
export type { PexipEngageEmulator, PexipEngageEmulatorOptions } from './emulator.ts';
export { startPexipEngageEmulator } from './server.ts';
export type { RunningPexipEngageEmulator } from './server.ts';
export type {
  Appointment,
  AppointmentStatus,
  Customer,
  Language,
  MeetingType,
  SeedEmployee,
  SeedListing,
  SeedOffice,
  SeedSubject,
  Translated,
  WorkingPeriod,
} from './model.ts';
export type { RateLimitOptions } from './rate-limit.ts';
export { SCOPES, type ApiClient, type Scope } from './tokens.ts';
export {
  DEFAULT_SECRET_HEADER,
  type WebhookAttempt,
  type WebhookFetch,
  type WebhookOptions,
} from './webhooks.ts';
export { EARLIEST_POSSIBLE_MINUTES, LATEST_POSSIBLE_DAYS } from './timetable.ts';
