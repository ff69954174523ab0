export { AgentOSBackend, type AgentOSBackendOptions } from './backend.ts';
export { AgentOSClient, AGENTOS_REQUESTS_PER_MINUTE, type AgentOSClientOptions } from './client.ts';
export { AgentOSSettings } from './settings.ts';
