/**
 * The emulator's own records, in our naming. The PascalCase shapes agentOS puts on the wire are built from
 * these in `wire.ts`, so the seed never has to know the upstream's spelling.
 */

export type Department = 'lettings' | 'sales' | 'both';

/** A stretch of a working day in local wall-clock time, `HH:mm` to `HH:mm`. */
export interface WorkingPeriod {
  from: string;
  to: string;
}

export interface SeedCompany {
  name: string;
  webAddress: string;
  timeZone: string;
}

export interface SeedBranch {
  id: string;
  name: string;
  address1: string;
  address2: string;
  address3: string;
  address4: string | null;
  county: string;
  postcode: string;
  email: string;
  phone: string;
  webAddress: string;
}

export interface SeedStaff {
  id: string;
  branchId: string;
  forename: string;
  surname: string;
  /** Forename and surname, as agentOS shows it in `StaffName`. */
  name: string;
  department: Department;
  /** Seven entries, Sunday first; an empty list is a day off. */
  hours: readonly (readonly WorkingPeriod[])[];
}

export type PropertyType =
  'Studio' | 'Flat' | 'Maisonette' | 'Terraced house' | 'Semi-detached house' | 'Detached house' | 'Cottage';

interface SeedPropertyBase {
  /** The id the booking calls take: the property OID for lettings, the instruction OID for sales. */
  id: string;
  branchId: string;
  propertyType: PropertyType;
  bedrooms: number;
  /** `Flat 2, 14 Alma Road` or `14 Alma Road`. */
  address1: string;
  locality: string;
  town: string;
  county: string;
  postcode: string;
  /** Listed without pictures yet. */
  noPhotos?: boolean;
}

export interface SeedLetting extends SeedPropertyBase {
  channel: 'lettings';
  /** The advertised tenancy's own OID; agentOS lists tenancies, each pointing at its property. */
  tenancyId: string;
  rent: number;
  /** V2's TenancyModel values; `Once` (one payment for a whole short let) and `Daily` are seeded on purpose. */
  rentSchedule: 'Monthly' | 'Weekly' | 'Daily' | 'Once';
  bond: number;
  furnished: 'Furnished' | 'Unfurnished' | 'Part furnished';
  maximumTenants: number;
  /** Days after `now()` the tenancy can start; the date itself moves with the clock. */
  availableInDays: number;
  /** A sitting tenant's renewal: listed only when the caller asks for renewals. */
  renewal: boolean;
}

export interface SeedSale extends SeedPropertyBase {
  channel: 'sales';
  /** Zero when the price is on application. */
  price: number;
  poa: boolean;
  /** V2's SalesInstructionModel `State` values that are advertised. */
  state: 'Advertised' | 'UnderOffer';
  /** V2's `Tenure` values. */
  tenure: 'Freehold' | 'Leasehold' | 'ShareOfFreehold';
  globalReference: string;
  development: boolean;
  investment: boolean;
}

export type SeedProperty = SeedLetting | SeedSale;

export interface SeedContact {
  id: string;
  forename: string;
  surname: string;
  email: string;
  mobile: string;
}

export type AppointmentSystemType =
  | 'Viewing'
  | 'ViewAndValue'
  | 'OpeningInspection'
  | 'InterimInspection'
  | 'ClosingInspection'
  | 'SalesAppraisal'
  | 'Custom';

export interface SeedAppointmentType {
  id: string;
  name: string;
  systemType: AppointmentSystemType;
}

export interface Seed {
  company: SeedCompany;
  branches: readonly SeedBranch[];
  staff: readonly SeedStaff[];
  properties: readonly SeedProperty[];
  contacts: readonly SeedContact[];
  appointmentTypes: readonly SeedAppointmentType[];
}

/** A free 30-minute slot in one negotiator's diary, in local wall-clock time (`2026-11-24T10:30:00`). */
export interface FreeAllocation {
  start: string;
  end: string;
  staffId: string;
  staffName: string;
}

export interface DiaryGuest {
  contactId?: string;
  forename: string;
  surname: string;
  email: string;
  mobile: string;
  allowMarketing: boolean;
}

/** A booking made through `POST /diary`; the seeded busy slots are not entries. */
export interface DiaryEntry {
  reference: string;
  appointmentTypeId: string;
  staffId: string;
  staffName: string;
  /** Local wall-clock time, e.g. `2026-11-24T10:30:00`. */
  start: string;
  end: string;
  propertyIds: string[];
  lettings: boolean;
  subject: string;
  comments: string;
  guests: DiaryGuest[];
  createdAt: string;
  cancelled: boolean;
}

/** A message sent through `POST /messaging/{branchID}`; it goes no further than the emulator's outbox. */
export interface SentMessage {
  reference: string;
  branchId: string;
  appointmentId?: string;
  contactId?: string;
  /** The e-mail addresses agentOS would have sent it to: the appointment's guests, or the contact. */
  recipients: string[];
  subject: string;
  body: string;
  sentAt: string;
}

/** Post-viewing feedback received through `POST /diary/feedback`. */
export interface FeedbackRecord {
  reference: string;
  appointmentId: string;
  propertyId: string;
  feedback: string;
  receivedAt: string;
}
