export * from './types.ts';
export { RateBudget, type CallPriority, type RateBudgetOptions } from './budget.ts';
export {
  SeenEvents,
  processMemory,
  type EventMemory,
  type ProcessMemoryOptions,
  type SeenEventsOptions,
} from './seen-events.ts';
export { AgentOSBackend, type AgentOSBackendOptions } from './agentos/index.ts';
export { PexipEngageBackend, type PexipEngageBackendOptions } from './pexip-engage/index.ts';
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
