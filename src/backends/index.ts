export * from './types.ts';
export { SkippedRecords, parseEach, type SkippedRecord } from './skipped.ts';
export { RateBudget, type BudgetMeter, type CallPriority, type RateBudgetOptions } from './budget.ts';
export {
  SeenEvents,
  processMemory,
  type EventMemory,
  type ProcessMemoryOptions,
  type SeenEventsOptions,
} from './seen-events.ts';
export { AgentOSBackend, AgentOSSettings, type AgentOSBackendOptions } from './agentos/index.ts';
export {
  PexipEngageBackend,
  PexipEngageSettings,
  type PexipEngageBackendOptions,
} from './pexip-engage/index.ts';
export {
  ActuallyCareBackend,
  ActuallyCareSettings,
  type ActuallyCareBackendOptions,
} from './actuallycare/index.ts';
export {
  OfficePlaceBackend,
  OfficePlaceSettings,
  type OfficePlaceBackendOptions,
} from './officeplace/index.ts';
