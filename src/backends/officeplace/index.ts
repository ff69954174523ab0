export { OfficePlaceBackend, type OfficePlaceBackendOptions } from './backend.ts';
export {
  OfficePlaceClient,
  OFFICEPLACE_REQUESTS_PER_MINUTE,
  type OfficePlaceClientOptions,
} from './client.ts';
export {
  OfficePlaceAgent,
  OfficePlaceBranch,
  OfficePlaceCatalog,
  OfficePlaceProperty,
  OfficePlaceSettings,
} from './settings.ts';
