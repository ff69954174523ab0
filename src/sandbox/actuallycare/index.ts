/**
 * The ActuallyCare v1 emulator: an in-memory Californian brokerage with agents, listings and a calendar of
 * appointments, behind ActuallyCare's key, envelopes, paging, errors, rate limit and signed webhooks.
 * Adapters are tested against it; it never imports them.
 */
export { createActuallyCareEmulator } from './emulator.ts';
export type { ActuallyCareEmulator, ActuallyCareEmulatorOptions, StaffAppointment } from './emulator.ts';
export { startActuallyCareEmulator } from './server.ts';
export type { RunningActuallyCareEmulator } from './server.ts';
export type {
  Appointment,
  AppointmentStatus,
  AppointmentType,
  ListingStatus,
  PropertyType,
  SeedAgent,
  SeedListing,
} from './model.ts';
export type { RateLimitOptions } from './rate-limit.ts';
export type { ActuallyCareSandboxSettings } from './sandbox-settings.ts';
export type { SignedWebhook, WebhookDelivery, WebhookEvent, WebhookOptions } from './webhooks.ts';
