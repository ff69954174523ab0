export { PexipEngageBackend, type PexipEngageBackendOptions } from './backend.ts';
export { PexipEngageClient, PEXIP_REQUESTS_PER_MINUTE, type PexipEngageClientOptions } from './client.ts';
export { WEBHOOK_SECRET_HEADER } from './webhooks.ts';
export { PexipEngageSettings } from './settings.ts';
