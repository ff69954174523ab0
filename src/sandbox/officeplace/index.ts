/**
 * The OfficePlace ("Connector Public API") emulator: one UK agency's Exchange calendars behind client
 * credentials, bearer tokens with a tenantId header, RFC 7807 problems and a 60-a-minute limit, plus the
 * agency's own catalogue feed. Adapters are tested against it; it never imports them.
 */
export { createOfficePlaceEmulator } from './emulator.ts';
export type { OfficePlaceEmulator, OfficePlaceEmulatorOptions, OutlookAppointment } from './emulator.ts';
export { startOfficePlaceEmulator } from './server.ts';
export type { RunningOfficePlaceEmulator } from './server.ts';
export type { CalendarAppointment, SeedAgent, ShowAs } from './model.ts';
export type { OfficePlaceSandboxFeed } from './feed.ts';
export type { RateLimitOptions } from './rate-limit.ts';
export type { Client } from './tokens.ts';
