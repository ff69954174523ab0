/** The emulator's own records. The wire shapes are built from these in `wire.ts`. */

export type ShowAs = 'free' | 'tentative' | 'busy' | 'oof';

export interface SeedTenant {
  /** The Connector tenant in every path and `tenantId` header. */
  tenantId: string;
  /** The directory (Entra) tenant the agents' calendars live in: `domainId` in every call. */
  domainId: string;
  name: string;
  timeZone: string;
  emailDomain: string;
}

export interface SeedAgent {
  /** The agent's directory user id: `adId`. */
  adId: string;
  office: 'richmond' | 'kingston';
  displayName: string;
  email: string;
}

export interface CalendarAppointment {
  appointmentId: string;
  adId: string;
  subject: string;
  body: { content: string; contentType: 'Text' | 'Html' };
  /** Instants in UTC, ISO 8601. */
  start: string;
  end: string;
  /** The zone the appointment was made in; all-day events are whole days there. */
  timeZone: string;
  isAllDay: boolean;
  showAs: ShowAs;
  isCancelled: boolean;
  location: string | null;
  createdAt: string;
  lastModifiedAt: string;
}

export interface Seed {
  tenant: SeedTenant;
  agents: readonly SeedAgent[];
}
