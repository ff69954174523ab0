export { ActuallyCareBackend, type ActuallyCareBackendOptions } from './backend.ts';
export {
  ActuallyCareClient,
  ACTUALLYCARE_REQUESTS_PER_15_MINUTES,
  type ActuallyCareClientOptions,
} from './client.ts';
export { ActuallyCareAgent, ActuallyCareBranch, ActuallyCareSettings } from './settings.ts';
