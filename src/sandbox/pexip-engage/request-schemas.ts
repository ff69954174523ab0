import { z } from 'zod';
import { APPOINTMENT_STATUSES, MEETING_TYPES } from './model.ts';

/** What Pexip Engage accepts from a caller. Every query and body is parsed with these before use. */

const positiveInteger = (name: string) =>
  z
    .string()
    .regex(/^\d{1,6}$/, `${name} must be a non-negative whole number`)
    .transform(Number);

/**
 * Pexip's list paging: `offset` from 0 and `limit` 25 when absent (documented). Best guess: the most a page
 * holds, 100; no maximum is published.
 */
export const MAX_LIMIT = 100;
export const Paging = z.object({
  offset: positiveInteger('offset').default(0),
  limit: positiveInteger('limit')
    .pipe(
      z
        .number()
        .min(1, `limit must be from 1 to ${MAX_LIMIT}`)
        .max(MAX_LIMIT, `limit must be from 1 to ${MAX_LIMIT}`),
    )
    .default(25),
});
export type Paging = z.infer<typeof Paging>;

const DateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with an offset' });
const Id = z.string().min(1);
export const MeetingType = z.enum(MEETING_TYPES);

/** Best guess: the timetable spans at most this many days per request; no limit is published. */
export const MAX_TIMETABLE_DAYS = 31;

export const TimetableQuery = z
  .object({
    from: DateTime,
    to: DateTime,
    'office-id': Id,
    'subject-id': Id,
    'meeting-type': MeetingType,
    'listing-id': Id.optional(),
    'employee-id': z.array(Id).optional(),
  })
  .refine((query) => Date.parse(query.from) < Date.parse(query.to), {
    message: 'to must be after from',
    path: ['to'],
  })
  .refine((query) => Date.parse(query.to) - Date.parse(query.from) <= MAX_TIMETABLE_DAYS * 86_400_000, {
    message: `from and to may be at most ${MAX_TIMETABLE_DAYS} days apart`,
    path: ['to'],
  });

export const TokenRequest = z.object({
  grant_type: z.literal('client_credentials'),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  scope: z.string().optional(),
});

export const Language = z.enum(['da', 'de', 'el', 'en', 'es', 'fr', 'ja', 'nl', 'no', 'pl']);

export const CustomerCreate = z.strictObject({
  firstName: z.string().trim().min(1).max(255),
  lastName: z.string().trim().min(1).max(255),
  email: z.email().max(320),
  phoneNumber: z.string().min(1).max(50).nullish(),
  language: Language.nullish(),
  timeZone: z.string().nullish(),
  externalId: z.string().min(1).max(255).nullish(),
});

const Participant = z.strictObject({
  role: z.enum(['PRIMARY', 'SECONDARY']),
  participantId: Id,
  type: z.enum(['CUSTOMER', 'EMPLOYEE']),
});

export const AppointmentCreate = z.strictObject({
  start: DateTime,
  end: DateTime,
  subjectId: Id,
  officeId: Id,
  appointmentParticipants: z.array(Participant).min(1),
  // Best guess: [P2] names `answers` without its items; these mirror the webhook's answers [P10] (`question.id`, `value`).
  answers: z.array(z.strictObject({ questionId: Id, value: z.string().nullable() })).nullish(),
  callbackRequestId: Id.nullish(),
  location: z.record(z.string(), z.unknown()).nullish(),
  listingId: Id.nullish(),
  leadSegmentId: Id.nullish(),
  meetingRoomId: Id.nullish(),
  meetingType: MeetingType,
  externalId: z.string().min(1).max(255).nullish(),
  hybrid: z.boolean().nullish(),
  trailingBufferTime: z.number().int().min(0).nullish(),
  internalNotes: z.string().min(1).nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  messageForCustomer: z.string().min(1).nullish(),
  userCommunication: z.record(z.string(), z.unknown()).nullish(),
});
export type AppointmentCreate = z.infer<typeof AppointmentCreate>;

/**
 * `GET /appointments` as documented: `office-id[]`, `employee-id[]`, `subject-id[]`, `listing-id[]`,
 * `status[]`, and `from`/`to` on the appointment's start ("Start date and time of the appointment"). Best
 * guess: `from` counts inclusively, `to` exclusively; the reference does not say.
 */
export const AppointmentQuery = Paging.extend({
  'office-id': z.array(Id).optional(),
  'employee-id': z.array(Id).optional(),
  'subject-id': z.array(Id).optional(),
  'listing-id': z.array(Id).optional(),
  status: z.array(z.enum(APPOINTMENT_STATUSES)).optional(),
  from: DateTime.optional(),
  to: DateTime.optional(),
}).refine((query) => !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to), {
  message: 'to must be after from',
  path: ['to'],
});
export const APPOINTMENT_LIST_FILTERS = ['office-id', 'employee-id', 'subject-id', 'listing-id', 'status'];

export const AppointmentReschedule = z.strictObject({
  start: DateTime,
  end: DateTime,
  message: z.string().nullish(),
});
export const AppointmentCancel = z.strictObject({ message: z.string().nullish() }).prefault({});

export type Parsed<T> = { ok: true; data: T } | { ok: false; message: string };

/** Parses, and words a failure the way Pexip's validation errors read: the field, then what is wrong. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): Parsed<z.output<T>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const problems = result.error.issues.map((issue) =>
    issue.path.length > 0 ? `"${issue.path.join('.')}" ${issue.message}` : issue.message,
  );
  return { ok: false, message: problems.join('; ') };
}

/** A query string as an object; a parameter given more than once becomes a list. */
export function queryObject(url: URL, lists: readonly string[] = []): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = lists.includes(key) ? values : (values[0] ?? '');
  }
  return query;
}
