import { z } from 'zod';
import { isCalendarDate } from './allocations.ts';

/** What agentOS accepts from a caller. Every path, query and body is parsed with these before use. */

const digits = (name: string) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be a non-negative whole number`)
    .transform(Number);

export const Paging = z.object({
  offset: digits('offset'),
  count: digits('count').pipe(
    z.number().min(1, 'count must be from 1 to 1000').max(1000, 'count must be from 1 to 1000'),
  ),
});
export type Paging = z.infer<typeof Paging>;

/** .NET binds booleans from `true`/`false` in any case, and nothing else. */
const QueryBoolean = z
  .string()
  .regex(/^(true|false)$/i, 'must be true or false')
  .transform((value) => value.toLowerCase() === 'true');

const Id = z.string().trim().min(1);

export const LettingsQuery = z.object({
  includeRenewals: QueryBoolean.optional(),
  branchID: Id.optional(),
});

/** The misspellings are agentOS's own; a correctly spelt parameter is silently ignored there, and here. */
export const SalesQuery = z.object({
  branchID: Id.optional(),
  onlyDevelopement: QueryBoolean.optional(),
  onlyInvestements: QueryBoolean.optional(),
});

/** `2026-11-24`, or a date-time whose date part is taken as written (agentOS ignores the time). */
const PreferredDate = z
  .string({ error: 'preferredDate is required' })
  .refine(
    (value) => {
      const match = /^(\d{4}-\d{2}-\d{2})(T.+)?$/.exec(value);
      return (
        match !== null && isCalendarDate(match[1] ?? '') && (!match[2] || !Number.isNaN(Date.parse(value)))
      );
    },
    { message: 'must be a date, YYYY-MM-DD' },
  )
  .transform((value) => value.slice(0, 10));

export const AllocationsQuery = z.object({
  appointmentTypeID: z
    .string({ error: 'appointmentTypeID is required' })
    .trim()
    .min(1, 'appointmentTypeID is required'),
  preferredDate: PreferredDate,
  lettings: QueryBoolean.optional(),
  propertyIdentifier: Id.optional(),
  branchID: Id.optional(),
});

export const GuestMatchQuery = z
  .object({
    branchID: Id.optional(),
    forename: z.string().trim().optional(),
    surname: z.string().trim().optional(),
    emailaddress: z.string().trim().optional(),
  })
  .refine((query) => Boolean(query.emailaddress) || (Boolean(query.forename) && Boolean(query.surname)), {
    message: 'Supply emailaddress, or both forename and surname',
  });

export const DiaryQuery = z.object({
  propertyID: z.array(Id).min(1, 'propertyID is required'),
  lettings: QueryBoolean.optional().transform((value) => value ?? true),
});

const Guest = z.object({
  /** Present only when the guest was matched to a known contact first. */
  OID: Id.nullish(),
  Forename: z.string().trim().min(1, 'is required'),
  Surname: z.string().trim().min(1, 'is required'),
  EmailAddress: z.email('must be an e-mail address'),
  MobilePhone: z.string().nullish(),
  AllowMarketingCorrespondence: z.boolean().nullish(),
});

export const DiarySubmission = z.object({
  AllocationDetails: z.object({
    Start: z.string(),
    End: z.string(),
    StaffID: Id,
    StaffName: z.string().nullish(),
  }),
  AppointmentType: Id,
  Subject: z.string(),
  ExtraComments: z.string().nullish(),
  Guests: z.array(Guest).min(1, 'at least one guest is required'),
});
export type DiarySubmission = z.infer<typeof DiarySubmission>;

export type Parsed<T> = { ok: true; data: T } | { ok: false; message: string };

/** Parses, and words a failure the way the .NET API does: one `Message` naming each bad field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): Parsed<z.output<T>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const problems = result.error.issues.map((issue) =>
    issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
  );
  return { ok: false, message: `The request is invalid. ${problems.join('; ')}.` };
}

/**
 * Query parameters by name, matched case-insensitively as ASP.NET binds them, so `branchId` works for
 * `branchID`. A parameter given twice keeps its first value; `all` keeps every value.
 */
export function readQuery(url: URL, names: readonly string[]): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const name of names) values[name] = readAll(url, name)[0];
  return values;
}

export function readAll(url: URL, name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [key, value] of url.searchParams) if (key.toLowerCase() === wanted) values.push(value);
  return values;
}

/**
 * A bound of a diary search: a date (`2026-11-24`), a local date-time, or a date-time with an offset (read in
 * the company's zone). The route turns it into a local date-time.
 */
const DiaryBound = z.string().refine(
  (value) => {
    const match =
      /^(\d{4}-\d{2}-\d{2})(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(value);
    return match !== null && isCalendarDate(match[1] ?? '');
  },
  { message: 'must be an ISO 8601 date or date-time' },
);

export const AppointmentsQuery = z.object({
  startDate: DiaryBound.optional(),
  endDate: DiaryBound.optional(),
  /** Appointment type ids, the parameter repeated; none means every type. */
  appointmentTypesToSearch: z.array(Id),
});

export const StaffQuery = z.object({ branchID: Id.optional() });

/** .NET binds an enum from its name in any case; the misspelt "cancelation" is the path agentOS documents. */
export const CancelationStatus = z
  .string()
  .regex(/^(cancelled|uncancelled)$/i, 'cancelationStatus must be Cancelled or Uncancelled')
  .transform((value) => (value.toLowerCase() === 'cancelled' ? 'Cancelled' : 'Uncancelled'));

export const CancelationQuery = z.object({
  appointmentID: z.string({ error: 'appointmentID is required' }).trim().min(1, 'appointmentID is required'),
});

/**
 * AppointmentDiaryEntryUpdateSubmissionModel. Its fields are not published. Best guess: the appointment's id
 * with the creation model's fields, each optional and left unchanged when absent (it is a PATCH). V3's PUT took
 * `AllowMarketingCorrespondence` for the whole appointment, so here it is one flag applying to every guest.
 */
export const AppointmentUpdate = z.object({
  AppointmentID: Id,
  AllocationDetails: DiarySubmission.shape.AllocationDetails.nullish(),
  Subject: z.string().nullish(),
  /** Replaces the appointment's comment. */
  ExtraComments: z.string().nullish(),
  AllowMarketingCorrespondence: z.boolean().nullish(),
});

/**
 * The messaging body is not published. Best guess: who it is for (an appointment's guests, or one contact),
 * a subject and a plain-text body.
 */
export const MessageSubmission = z
  .object({
    AppointmentID: Id.nullish(),
    ContactID: Id.nullish(),
    Subject: z.string().trim().min(1, 'is required'),
    Body: z.string().trim().min(1, 'is required'),
  })
  .refine((body) => Boolean(body.AppointmentID) || Boolean(body.ContactID), {
    message: 'Supply AppointmentID or ContactID',
  });

/** AppointmentFeedbackSubmissionModel, as V3's FeedbackSubmissionModel. */
export const FeedbackSubmission = z.object({
  AppointmentID: Id,
  PropertyID: Id,
  Feedback: z.string().trim().min(1, 'is required'),
});
