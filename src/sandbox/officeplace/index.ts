/**
 * The OfficePlace ("Connector Public API") emulator: one UK agency's Exchange calendars behind client
 * credentials, bearer tokens with a tenantId header and a 60-a-minute limit, in every shape the vendor's
 * pages document (`VARIANTS`), plus the agency's own catalogue feed. What the vendor does not publish is
 * guessed and listed in README.md. Adapters are tested against it; it never imports them.
 */
export { createOfficePlaceEmulator, VARIANTS } from './emulator.ts';
export type {
  OfficePlaceEmulator,
  OfficePlaceEmulatorOptions,
  OfficePlaceVariants,
  OutlookAppointment,
} from './emulator.ts';
export { startOfficePlaceEmulator } from './server.ts';
export type { RunningOfficePlaceEmulator } from './server.ts';
export type { CalendarAppointment, SeedAgent, ShowAs } from './model.ts';
export type { OfficePlaceSandboxFeed } from './feed.ts';
export type { RateLimitOptions } from './rate-limit.ts';
export type { Client } from './tokens.ts';
