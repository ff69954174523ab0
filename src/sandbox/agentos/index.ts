/**
 * The agentOS (LetMC) V4 emulator: an in-memory company with branches, negotiators, advertised properties,
 * contacts and a diary, behind agentOS's auth, paging, errors and rate limit. Adapters are tested against
 * it; it never imports them.
 *
 * The paths of the staff calls (appointment update, cancelation status, messaging, staff) are agentOS's own;
 * their bodies are not published, so the shapes here are a Best guess, each marked where it is defined
 * (`request-schemas.ts`, `routes/appointments.ts`, `routes/messaging.ts`, `routes/feedback.ts`, `wire.ts`).
 */
export { createAgentOSEmulator } from './emulator.ts';
export type { AgentOSEmulator, AgentOSEmulatorOptions } from './emulator.ts';
export { startAgentOSEmulator } from './server.ts';
export type { RunningAgentOSEmulator } from './server.ts';
export type {
  Department,
  DiaryEntry,
  DiaryGuest,
  FeedbackRecord,
  PropertyType,
  SeedAppointmentType,
  SeedBranch,
  SeedContact,
  SeedLetting,
  SeedProperty,
  SeedSale,
  SeedStaff,
  SentMessage,
  WorkingPeriod,
} from './model.ts';
export type { RateLimitOptions } from './rate-limit.ts';
export { SEED_PRESETS, isSeedPreset } from './seed-presets.ts';
export type { SeedPreset } from './seed-presets.ts';
