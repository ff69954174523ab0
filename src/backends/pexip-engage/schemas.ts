import { z } from 'zod';

/**
 * Pexip Engage response shapes, as documented (developer.pexipengage.com and the Appointment webhook
 * reference) where the reference shows them, and best guesses where it does not (the timetable's slot list).
 * Kept apart from our contract and joined to it only by the pure functions in `mapping.ts`. Extra fields are
 * allowed; what the proxy needs is strict, and lists are read row by row so one odd row is skipped, not fatal.
 */

const Id = z.string().min(1);
const optionalText = z.string().nullish();
/** Instants with `Z` or an offset; Pexip writes milliseconds, the webhook reference writes `+00:00`. */
export const DateTime = z.iso.datetime({ offset: true });

/** A reference to another record. */
export const Ref = z.object({ id: Id });

/** Every human text is a list of translations; which ones exist depends on the agency's languages. */
export const Translations = z.array(z.object({ language: z.string(), value: z.string() }));
export type Translations = z.infer<typeof Translations>;

/** `{data: [...], meta: {offset, limit, totalCount}}`: every list answer; `totalCount` is over all pages. */
export const Page = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    meta: z.object({
      offset: z.number().int().nonnegative(),
      limit: z.number().int().positive(),
      totalCount: z.number().int().nonnegative(),
    }),
  });

/** `{data: {...}}`: every single-record answer. */
export const One = <T extends z.ZodType>(item: T) => z.object({ data: item });

export const Location = z.object({
  postalCode: optionalText,
  countryCode: optionalText,
  translations: z
    .object({
      city: Translations.nullish(),
      street1: Translations.nullish(),
      street2: Translations.nullish(),
      state: Translations.nullish(),
    })
    .nullish(),
});
export type Location = z.infer<typeof Location>;

/** An IANA zone name; an office's times are wall-clock times there. */
const TimeZoneName = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone' },
);

export const Office = z.object({
  id: Id,
  active: z.boolean().nullish(),
  email: optionalText,
  externalId: optionalText,
  phoneNumber: optionalText,
  timeZone: TimeZoneName,
  location: Location.nullish(),
  translations: z.object({ name: Translations.min(1) }),
});
export type Office = z.infer<typeof Office>;

/**
 * A listing as the webhook reference and the create body show it: `id, active, externalId, timeZone,
 * location, tags, translations{name, description}, createdAt, updatedAt`. It has no office, price or
 * channel: those come from the agency's configuration or its tags (`listing-facts.ts`).
 */
export const Listing = z.object({
  id: Id,
  active: z.boolean(),
  externalId: optionalText,
  timeZone: optionalText,
  location: Location.nullish(),
  tags: z.array(z.string()).nullish(),
  translations: z.object({ name: Translations.nullish(), description: Translations.nullish() }).nullish(),
});
export type Listing = z.infer<typeof Listing>;

export const Subject = z.object({
  id: Id,
  externalId: optionalText,
  translations: z.object({ name: Translations }),
});
export type Subject = z.infer<typeof Subject>;

export const MeetingType = z.enum(['OFFICE', 'ON_LOCATION', 'PHONE', 'VIDEO']);
export type MeetingType = z.infer<typeof MeetingType>;

/** One bookable time and the employees free then. */
export const TimeSlot = z.object({ start: DateTime, end: DateTime, employees: z.array(Ref) });
export type TimeSlot = z.infer<typeof TimeSlot>;

/** `timeSlots` is not in the public reference (a best guess); its rows are parsed one by one. */
export const Timetable = z.object({
  duration: z.number().int().nonnegative(),
  earliestPossible: DateTime,
  latestPossible: DateTime,
  timeSlots: z.array(z.unknown()),
});
export type Timetable = z.infer<typeof Timetable>;

export const Customer = z.object({
  id: Id,
  email: optionalText,
  firstName: optionalText,
  lastName: optionalText,
});
export type Customer = z.infer<typeof Customer>;

export const AppointmentStatus = z.enum([
  'ACCEPTED',
  'ALTERNATIVE_DATE_REQUESTED',
  'CANCELLED',
  'COMPLETED',
  'INCOMING_REQUEST',
  'NO_SHOW',
  'OUTGOING_INVITE',
]);
export type AppointmentStatus = z.infer<typeof AppointmentStatus>;

/** A status Pexip adds later is kept as it is, and read as a request awaiting the agency (`mapping.ts`). */
const AnyStatus = z.string().min(1);

/** Who takes part: the employee and the customer, each by id. */
export const Participant = z.object({
  role: z.string(),
  type: z.string(),
  participant: Ref.nullish(),
});

export const Appointment = z.object({
  id: Id,
  start: DateTime.nullish(),
  end: DateTime.nullish(),
  status: AnyStatus,
  office: Ref,
  listing: Ref.nullish(),
  subject: Ref.nullish(),
  meetingType: MeetingType.nullish(),
  internalNotes: optionalText,
  metadata: z.record(z.string(), z.unknown()).nullish(),
  appointmentParticipants: z.array(Participant).nullish(),
});
export type Appointment = z.infer<typeof Appointment>;

export const Employee = z.object({
  id: Id,
  firstName: optionalText,
  lastName: optionalText,
  /** `ACTIVE`, `SUSPENDED` or `PENDING`, as the webhook reference lists them. */
  status: z.string().nullish(),
});
export type Employee = z.infer<typeof Employee>;

/** Every API error: `statusCode` is a string in the reference, a number from some gateways. */
export const ErrorBody = z.object({
  errors: z
    .array(
      z.object({
        message: z.string(),
        code: z.string(),
        type: z.string().nullish(),
        statusCode: z.union([z.string(), z.number()]).nullish(),
        /** Named with `APPOINTMENT_STATUS_INVALID` on the error-codes page; where it sits is not shown. */
        allowedStates: z.array(z.string()).nullish(),
      }),
    )
    .min(1),
});

/** The realm's token answer (Keycloak). */
export const TokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: z.string().regex(/^bearer$/i, 'must be Bearer'),
  scope: z.string().nullish(),
});

/** OAuth2 errors from the token endpoint (RFC 6749 §5.2). */
export const OAuthError = z.object({ error: z.string(), error_description: z.string().nullish() });

/**
 * The Appointment webhook envelope, reduced to what the receiver acts on. `eventType` is any string so that
 * an event type Pexip adds later is still acknowledged (and refreshes, to be safe) instead of retried.
 */
export const WebhookEnvelope = z.object({
  id: Id,
  entity: z.string(),
  data: z.object({
    eventType: z.string().min(1),
    appointment: z.object({
      id: Id,
      updatedAt: DateTime,
      office: Ref.nullish(),
      listing: Ref.nullish(),
    }),
    previousAppointment: z.object({ office: Ref.nullish(), listing: Ref.nullish() }).nullish(),
  }),
});
export type WebhookEnvelope = z.infer<typeof WebhookEnvelope>;

export interface AppointmentSubmission {
  start: string;
  end: string;
  subjectId: string;
  officeId: string;
  meetingType: MeetingType;
  listingId: string;
  appointmentParticipants: {
    role: 'PRIMARY' | 'SECONDARY';
    participantId: string;
    type: 'CUSTOMER' | 'EMPLOYEE';
  }[];
  /** The questionnaire's answers, by the agency's question ids in Pexip [P2]. */
  answers?: { questionId: string; value: string }[];
  internalNotes: string;
  metadata: Record<string, unknown>;
}

export interface CustomerSubmission {
  firstName: string;
  lastName: string;
  email: string;
  phoneNumber: string;
}
