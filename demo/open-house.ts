import type { OpenHouseSettingsInput } from '../src/proxy/open-houses.ts';
import type { DemoBackend } from './server.ts';

/**
 * A home of the demo agency whose every time is an open house for six visitors, on the two systems that keep
 * several viewers at one time (each their own appointment with the same agent): a home the browser tests
 * leave alone. agentOS and Pexip Engage cannot hold them (`Capabilities.openHouses` says why), so their demo
 * has none.
 */
export const DEMO_OPEN_HOUSES: Partial<Record<DemoBackend, OpenHouseSettingsInput>> = {
  actuallycare: { properties: { '2f532e55-bd56-4f54-b091-618bd0e15162': 6 } },
  officeplace: { properties: { 'TW-K-L2': 6 } },
};
