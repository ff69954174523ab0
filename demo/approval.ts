import type { ApprovalSettingsInput } from '../src/proxy/manage/approval.ts';
import type { DemoBackend } from './server.ts';

/**
 * Homes of the demo agency whose owner agrees each viewing: one to let and one for sale on each system, chosen
 * from the emulators' fixed catalogs among homes the browser tests leave alone. A booking of one is `requested`
 * until the owner answers through the link the staff diary shows (`/api/staff`, with the demo key).
 */
export const DEMO_APPROVAL: Record<DemoBackend, ApprovalSettingsInput> = {
  agentos: { properties: ['7F470A7E16D6097A', 'D7FCEF469B126572'] },
  'pexip-engage': { properties: ['30016', '30022'] },
  actuallycare: { properties: ['c8315947-e6d9-41a7-8b1d-2d446f0424c1'] },
  officeplace: { properties: ['TW-K-L3', 'TW-K-S3'] },
};
