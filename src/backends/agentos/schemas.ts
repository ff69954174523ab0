import { z } from 'zod';

/**
 * agentOS V4 response shapes, as documented (V3 diary OpenAPI, believed mirrored by V4). Kept apart from our
 * contract and joined to it only by the pure functions in `mapping.ts`. Unknown extra fields are allowed.
 */

/** `{Count, Data}`: every list answer; `Count` is the total over all pages. */
export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ Count: z.number().int().nonnegative(), Data: z.array(item) });

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

export const AppointmentSystemType = z.enum([
  'Viewing',
  'ViewAndValue',
  'OpeningInspection',
  'InterimInspection',
  'ClosingInspection',
  'SalesAppraisal',
  'Custom',
]);

export const AgentAppointmentType = z.object({
  OID: z.string().min(1),
  Name: z.string(),
  ETag: optionalText,
  SystemType: AppointmentSystemType,
});
export type AgentAppointmentType = z.infer<typeof AgentAppointmentType>;

/** Local wall-clock time of the company, without an offset: `2026-11-24T10:30:00`. */
export const LocalDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/);

export const Allocation = z.object({
  Start: LocalDateTime,
  End: LocalDateTime,
  StaffID: z.string().min(1),
  StaffName: z.string(),
});
export type Allocation = z.infer<typeof Allocation>;

const address = {
  Address1: optionalText,
  Address2: optionalText,
  Address3: optionalText,
  Address4: optionalText,
  Postcode: optionalText,
};

export const RentSchedule = z.enum(['Weekly', 'Monthly', 'Quarterly', 'Yearly']);

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

export const SalesAdvertised = z.object({
  OID: z.string().min(1),
  Price: z.number().nonnegative(),
  POA: z.boolean().nullish(),
  State: optionalText,
  Tenure: optionalText,
  Bedrooms: z.number().int().nonnegative().nullish(),
  PropertyType: optionalText,
  GlobalReference: optionalText,
  ...address,
});
export type SalesAdvertised = z.infer<typeof SalesAdvertised>;

export const GuestMatch = z.object({
  OID: z.string().min(1),
  Forename: optionalText,
  Surname: optionalText,
  EmailAddress: optionalText,
  ContactMobile: optionalText,
  Links: z.array(z.object({ Href: z.string(), Method: z.string(), Relationship: z.string() })).nullish(),
});
export type GuestMatch = z.infer<typeof GuestMatch>;

/** Create, update and cancel answer a bare JSON string: the appointment's reference. */
export const DiaryReference = z.string().min(1);

export interface DiarySubmission {
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

/** A diary appointment (V3's DiaryAppointmentModel): `Staff` and `AppointmentType` are ids, times are local. */
export const AgentAppointment = z.object({
  OID: z.string().min(1),
  Start: LocalDateTime,
  End: LocalDateTime,
  Staff: optionalText,
  AppointmentType: optionalText,
  Subject: optionalText,
  Comment: optionalText,
  Cancelled: z.boolean().nullish(),
  CreatedAt: optionalText,
  CreatedBy: optionalText,
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
