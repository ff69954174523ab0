/**
 * The agentOS (LetMC) V4 emulator: an in-memory company with branches, negotiators, advertised properties,
 * contacts and a diary, behind agentOS's auth, paging, errors and rate limit. Adapters are tested against
 * it; it never imports them.
 */
export { createAgentOSEmulator } from './emulator.ts';
export type { AgentOSEmulator, AgentOSEmulatorOptions } from './emulator.ts';
export { startAgentOSEmulator } from './server.ts';
export type { RunningAgentOSEmulator } from './server.ts';
export type {
  Department,
  DiaryEntry,
  DiaryGuest,
  PropertyType,
  SeedAppointmentType,
  SeedBranch,
  SeedContact,
  SeedLetting,
  SeedProperty,
  SeedSale,
  SeedStaff,
  WorkingPeriod,
} from './model.ts';
export type { RateLimitOptions } from './rate-limit.ts';
