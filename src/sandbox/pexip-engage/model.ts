/**
 * The emulator's own records, in our naming. The shapes Pexip Engage puts on the wire (translations arrays,
 * `{id}` references, `meta` paging) are built from these in `wire.ts`.
 */

export type Language = 'nl' | 'fr' | 'en';
export type MeetingType = 'OFFICE' | 'ON_LOCATION' | 'PHONE' | 'VIDEO';
export const MEETING_TYPES: readonly MeetingType[] = ['OFFICE', 'ON_LOCATION', 'PHONE', 'VIDEO'];

/** One text in several languages; at least one is present. */
export type Translated = Partial<Record<Language, string>>;

export interface SeedLocation {
  countryCode: 'BE' | 'NL';
  postalCode: string;
  street1: Translated;
  city: Translated;
  latitude: number;
  longitude: number;
}

export interface SeedOffice {
  id: string;
  externalId: string;
  name: Translated;
  timeZone: string;
  location: SeedLocation;
  email: string;
  phoneNumber: string;
}

/** A stretch of a working day in local wall-clock time, `HH:mm` to `HH:mm`. */
export interface WorkingPeriod {
  from: string;
  to: string;
}

export interface SeedEmployee {
  id: string;
  officeId: string;
  firstName: string;
  lastName: string;
  email: string;
  language: Language;
  /** Subjects this employee may be booked for. */
  subjectIds: readonly string[];
  /** Seven entries, Sunday first; an empty list is a day off. */
  hours: readonly (readonly WorkingPeriod[])[];
}

export interface SeedSubject {
  id: string;
  externalId: string;
  name: Translated;
  description: Translated;
  /** Minutes a meeting lasts. */
  duration: number;
  /** Minutes between possible start times. */
  granularity: number;
  /** Minutes the employee stays unavailable after the meeting (travel, notes). */
  trailingBufferTime: number;
  meetingTypes: readonly MeetingType[];
  order: number;
}

export type TransactionType = 'RENT' | 'SALE';

/**
 * A listing with the facts the sandbox agency knows about it. Pexip itself holds none of `officeId`,
 * `transactionType`, `price` or `bedrooms`: they shape the seed (whose agents show it, its tags) and the
 * emulator's own behaviour, and reach the wire only through `tags`.
 */
export interface SeedListing {
  id: string;
  externalId: string;
  officeId: string;
  active: boolean;
  name: Translated;
  description: Translated;
  location: SeedLocation;
  transactionType: TransactionType;
  /** Euros; per month for rentals. */
  price: number;
  bedrooms: number;
  propertyType: string;
  /** As the agency tagged it in Pexip. */
  tags: readonly string[];
  createdAt: string;
}

export interface SeedCustomer {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  phoneNumber: string | null;
  language: Language;
  createdAt: string;
}

export interface Seed {
  offices: readonly SeedOffice[];
  employees: readonly SeedEmployee[];
  subjects: readonly SeedSubject[];
  listings: readonly SeedListing[];
  customers: readonly SeedCustomer[];
}

export const APPOINTMENT_STATUSES = [
  'ACCEPTED',
  'ALTERNATIVE_DATE_REQUESTED',
  'CANCELLED',
  'COMPLETED',
  'INCOMING_REQUEST',
  'NO_SHOW',
  'OUTGOING_INVITE',
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export type Actor = 'CUSTOMER' | 'EMPLOYEE' | 'OTHER';
export type Channel = 'PLUGIN' | 'BACKOFFICE_APP' | 'PARTNER_BOOKING_APP' | 'OTHER';

export interface Answer {
  questionId: string;
  value: string | null;
}

export interface Appointment {
  id: string;
  externalId: string | null;
  officeId: string;
  subjectId: string;
  listingId: string | null;
  meetingType: MeetingType;
  employeeId: string;
  customerId: string;
  status: AppointmentStatus;
  /** Instants, ISO 8601 in UTC. */
  start: string;
  end: string;
  trailingBufferTime: number;
  answers: Answer[];
  internalNotes: string | null;
  metadata: Record<string, unknown>;
  createdAt: string;
  createdByType: Actor;
  createdFrom: Channel;
  updatedAt: string;
  updatedByType: Actor;
  updatedFrom: Channel;
  /** Booked before the emulator started (not through its API). */
  seeded: boolean;
}

/** A customer created through the API; seeded customers are `SeedCustomer`s. */
export type Customer = SeedCustomer;
