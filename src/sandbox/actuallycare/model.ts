/**
 * The emulator's own records, in our naming. The snake_case shapes ActuallyCare puts on the wire are built
 * from these in `wire.ts`.
 */

export type ListingStatus = 'active' | 'pending' | 'sold' | 'withdrawn' | 'expired';
export type PropertyType = 'single_family' | 'condo' | 'townhouse' | 'multi_family' | 'manufactured' | 'land';

export const APPOINTMENT_TYPES = ['showing', 'inspection', 'signing', 'meeting', 'call', 'other'] as const;
export type AppointmentType = (typeof APPOINTMENT_TYPES)[number];
export const APPOINTMENT_STATUSES = ['scheduled', 'completed', 'cancelled', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export interface SeedCompany {
  name: string;
  timeZone: string;
  emailDomain: string;
}

/** A user of the CRM: an agent, or the broker who owns the API key. */
export interface SeedAgent {
  id: string;
  /** Which office they work from; `null` for the broker, who covers both. */
  office: 'bakersfield' | 'tehachapi' | null;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  role: 'agent' | 'broker';
}

export interface SeedListing {
  id: string;
  mlsNumber: string;
  address: string;
  city: string;
  state: 'CA';
  zipCode: string;
  listPrice: number;
  propertyType: PropertyType;
  /** Null for land. */
  bedrooms: number | null;
  bathrooms: number | null;
  squareFeet: number | null;
  status: ListingStatus;
  listingAgentId: string;
  /** Days before the emulator's `now` it was listed; the date moves with the clock. */
  listedDaysAgo: number;
  description: string;
}

export interface Attendee {
  name: string;
  email?: string;
  phone?: string;
}

export interface Appointment {
  id: string;
  userId: string;
  title: string;
  description: string | null;
  type: AppointmentType;
  /** Instants, ISO 8601 in UTC, as ActuallyCare stores them. */
  start: string;
  end: string;
  location: string | null;
  clientId: string | null;
  listingId: string | null;
  escrowId: string | null;
  status: AppointmentStatus;
  attendees: Attendee[];
  reminderSent: boolean;
  notes: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Seed {
  company: SeedCompany;
  agents: readonly SeedAgent[];
  listings: readonly SeedListing[];
}
