import { z } from 'zod';

/**
 * agentOS V4 response shapes, as documented (V3 diary OpenAPI, V2 free-tier models, believed mirrored by V4).
 * Kept apart from our contract and joined to it only by the pure functions in `mapping.ts`. What the proxy
 * needs is strict; everything else is optional, unknown extra fields pass and unknown enum values are kept.
 */

/** `{Count, Data}`: every documented list answer; `Count` is the total over all pages. */
export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ Count: z.number().int().nonnegative(), Data: z.array(item) });

/**
 * A list answer as it arrives, rows unparsed: `{Count, Data}` (V4 paths take `{offset}/{count}`), or the bare
 * array V3 answered allocations with. Rows are then parsed one by one, so one odd row is skipped, not fatal.
 */
export const ListAnswer = z.union([
  Page(z.unknown()),
  z.array(z.unknown()).transform((Data) => ({ Count: undefined, Data })),
]);
export type ListAnswer = z.infer<typeof ListAnswer>;

const optionalText = z.string().nullish();

export const AgentBranch = z.object({
  OID: z.string().min(1),
  Name: z.string().min(1),
  CompanyName: optionalText,
  Address1: optionalText,
  Address2: optionalText,
  Address3: optionalText,
  Address4: optionalText,
  County: optionalText,
  Postcode: optionalText,
  EMailAddress: optionalText,
  LandPhone: optionalText,
  WebAddress: optionalText,
  ETag: optionalText,
});
export type AgentBranch = z.infer<typeof AgentBranch>;

/** The documented `SystemType` values; a value added later is kept as it is (it is simply not a viewing). */
export const APPOINTMENT_SYSTEM_TYPES = [
  'Viewing',
  'ViewAndValue',
  'OpeningInspection',
  'InterimInspection',
  'ClosingInspection',
  'SalesAppraisal',
  'Custom',
] as const;

export const AgentAppointmentType = z.object({
  OID: z.string().min(1),
  Name: z
    .string()
    .nullish()
    .transform((name) => name ?? ''),
  ETag: optionalText,
  SystemType: z.string().nullish(),
});
export type AgentAppointmentType = z.infer<typeof AgentAppointmentType>;

/** Local wall-clock time of the company, without an offset: `2026-11-24T10:30:00`. */
export const LocalDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/);

/**
 * A local time as V4 documents ("returned in the company's local timezone"), or a date-time with `Z` or an
 * offset as V3's `format: date-time` allowed; the latter is converted to the company's zone on reading.
 */
export const AgentDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i);

/** V3's DiaryBookingModel: one negotiator free at one time. */
export const Allocation = z.object({
  Start: AgentDateTime,
  End: AgentDateTime,
  StaffID: z.string().min(1),
  StaffName: z
    .string()
    .nullish()
    .transform((name) => name ?? ''),
});
export type Allocation = z.infer<typeof Allocation>;

const address = {
  Address1: optionalText,
  Address2: optionalText,
  Address3: optionalText,
  Address4: optionalText,
  Postcode: optionalText,
};

/**
 * V2's TenancyModel lists `Once, Daily, Weekly, Monthly, Yearly`; V4 importers also meet `Quarterly`. Any
 * string is read; `mapping.ts` decides which ones make a price a visitor can compare.
 */
export const RentSchedule = z.string().min(1);

export const LettingsAdvertised = z.object({
  OID: z.string().min(1),
  PropertyID: z.string().min(1),
  RentAdvertised: z.number().nonnegative(),
  RentSchedule: RentSchedule,
  BondRequired: z.number().nullish(),
  TermStart: z.string().nullish(),
  Furnished: z.string().nullish(),
  MaximumTenants: z.number().int().nullish(),
  Bedrooms: z.number().int().nonnegative().nullish(),
  PropertyType: optionalText,
  ...address,
});
export type LettingsAdvertised = z.infer<typeof LettingsAdvertised>;

/** V2's SalesInstructionModel names the type `PropertyOwnableType`; V4 importers also read `PropertyType`. */
export const SalesAdvertised = z.object({
  OID: z.string().min(1),
  Price: z.number().nonnegative(),
  POA: z.boolean().nullish(),
  State: optionalText,
  Tenure: optionalText,
  Bedrooms: z.number().int().nonnegative().nullish(),
  PropertyOwnableType: optionalText,
  PropertyType: optionalText,
  DevelopmentOpp: z.boolean().nullish(),
  InvestmentOpp: z.boolean().nullish(),
  GlobalReference: optionalText,
  ...address,
});
export type SalesAdvertised = z.infer<typeof SalesAdvertised>;

/** V3's GuestDiaryParametersModel; the result's `Links` sit on the wrapper and are not needed. */
export const GuestMatch = z.object({
  OID: z.string().min(1),
  Forename: optionalText,
  Surname: optionalText,
  EmailAddress: optionalText,
  ContactMobile: optionalText,
});
export type GuestMatch = z.infer<typeof GuestMatch>;

/** V2's PhotoModel, as the advertising tier lists a home's pictures; downloads go by the photo's own `OID`. */
export const AgentPhoto = z.object({
  OID: z.string().min(1),
  PhotoType: optionalText,
  PhotoNumber: z.number().int().nullish(),
  Name: optionalText,
  FileName: optionalText,
  ETag: optionalText,
});
export type AgentPhoto = z.infer<typeof AgentPhoto>;

/** ASP.NET Web API's error body. */
export const ErrorBody = z.object({ Message: z.string() });

/** Create, update and cancel answer a bare JSON string: the appointment's reference. */
export const DiaryReference = z.string().min(1);

export interface DiarySubmission {
  /** The allocation exactly as agentOS listed it: there is no slot id, so the whole allocation goes back. */
  AllocationDetails: Allocation;
  AppointmentType: string;
  Subject: string;
  ExtraComments: string;
  Guests: {
    OID?: string;
    Forename: string;
    Surname: string;
    EmailAddress: string;
    MobilePhone: string;
    AllowMarketingCorrespondence: boolean;
  }[];
}

/**
 * A diary appointment (V3's DiaryAppointmentModel): `Staff` and `AppointmentType` are ids. It names no guest;
 * `LinkedGuest` is read only where an account sends it.
 */
export const AgentAppointment = z.object({
  OID: z.string().min(1),
  Start: AgentDateTime,
  End: AgentDateTime,
  Staff: optionalText,
  AppointmentType: optionalText,
  Subject: optionalText,
  Comment: optionalText,
  Cancelled: z.boolean().nullish(),
  CreatedAt: optionalText,
  CreatedBy: optionalText,
  RemindAt: optionalText,
  RemindBefore: optionalText,
  LinkedProperties: z.array(z.object({ OID: z.string().min(1) })).nullish(),
  LinkedGuest: z
    .array(z.object({ OID: optionalText, Name: optionalText, Email: optionalText, Mobile: optionalText }))
    .nullish(),
  ETag: optionalText,
});
export type AgentAppointment = z.infer<typeof AgentAppointment>;

/** V2's ApplicationStaffModel, the only published staff shape (best guess for V4); `ManagedBy` is the branch. */
export const AgentStaff = z.object({
  OID: z.string().min(1),
  Title: optionalText,
  Forename: optionalText,
  Middlename: optionalText,
  Surname: optionalText,
  GlobalReference: optionalText,
  IsEnabled: z.boolean().nullish(),
  ManagedBy: optionalText,
  ETag: optionalText,
});
export type AgentStaff = z.infer<typeof AgentStaff>;

/**
 * AppointmentDiaryEntryUpdateSubmissionModel. Unpublished; best guess: the appointment's id and whichever of the
 * creation model's fields change (absent ones stay as they are). `AllowMarketingCorrespondence` applies to the
 * appointment's guests, as V3's update took it.
 */
export interface AppointmentUpdate {
  AppointmentID: string;
  AllocationDetails?: Allocation;
  Subject?: string;
  /** Replaces the appointment's comment. */
  ExtraComments?: string;
  AllowMarketingCorrespondence?: boolean;
}

/** The path segment of `PATCH /diary/cancelationStatus/{cancelationStatus}`. */
export type CancelationStatus = 'Cancelled' | 'Uncancelled';

/** The messaging body is unpublished; best guess: the recipients by appointment or contact, a subject, a text. */
export interface MessageSubmission {
  AppointmentID?: string;
  ContactID?: string;
  Subject: string;
  Body: string;
}

/** AppointmentFeedbackSubmissionModel: one free text against the appointment and the property viewed. */
export interface FeedbackSubmission {
  AppointmentID: string;
  PropertyID: string;
  Feedback: string;
}
