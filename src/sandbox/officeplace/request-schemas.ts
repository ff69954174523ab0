import { fromZonedTime } from 'date-fns-tz';
import { z } from 'zod';
import type { ShowAs } from './model.ts';

/** What the Connector accepts from a caller. Every query and body is parsed with these before use. */

/**
 * Best guess: ids are GUIDs (Entra tenant and user ids are; appointment ids are taken to be too). The guide's
 * example id `"123"` is not one, so it is refused here; settled by the reference's parameter formats.
 */
const Guid = (name: string) =>
  z
    .string({ error: `The ${name} field is required.` })
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      `The ${name} field must be a GUID.`,
    );

const ZONED = /(?:Z|[+-]\d{2}:\d{2})$/i;
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

export const IanaZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'The timeZone field must be an IANA time zone such as Europe/London.' },
);

/**
 * An instant from a date-time as calendars take them: with an offset it is that instant; without one it is
 * a wall-clock time in `timeZone`. A bare date (for previews) is midnight UTC.
 */
export function instantOf(value: string, timeZone: string): number | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return Date.parse(`${value}T00:00:00Z`);
  if (ZONED.test(value) && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  if (LOCAL.test(value)) {
    const instant = fromZonedTime(value, timeZone).getTime();
    return Number.isNaN(instant) ? undefined : instant;
  }
  return undefined;
}

export const TokenRequest = z.object({
  clientId: z.string({ error: 'The clientId field is required.' }).min(1, 'The clientId field is required.'),
  clientSecret: z
    .string({ error: 'The clientSecret field is required.' })
    .min(1, 'The clientSecret field is required.'),
});

const DateValue = (name: string) =>
  z
    .string({ error: `The ${name} field is required.` })
    .refine(
      (value) => instantOf(value, 'UTC') !== undefined,
      `The ${name} field must be an ISO 8601 date or date-time.`,
    );

export const PreviewQuery = z.object({
  domainId: Guid('domainId'),
  adId: Guid('adId'),
  startDate: DateValue('startDate'),
  endDate: DateValue('endDate'),
});

export const AppointmentQuery = z.object({
  appointmentId: Guid('appointmentId'),
  domainId: Guid('domainId'),
  adId: Guid('adId'),
});

/** The guide reads one appointment by `appointmentId` alone; a caller may name its calendar as well. */
export const AppointmentLookup = AppointmentQuery.partial({ domainId: true, adId: true });

const Body = z.object({ content: z.string().max(20_000), contentType: z.enum(['Text', 'Html']) });
/**
 * Best guess: the reference shows the field `showAsStatus` but not its values; these are Exchange's free/busy
 * values, read in any case as ASP.NET reads an enum written as text. Settled by the
 * `CreateAppointmentDto` model in the API Reference.
 */
const ShowAsStatus = z
  .string()
  .transform((value) => value.toLowerCase())
  .pipe(z.enum(['free', 'tentative', 'busy', 'oof', 'workingelsewhere', 'unknown']))
  .transform((value): ShowAs =>
    value === 'free' || value === 'tentative' || value === 'oof' ? value : 'busy',
  );
const DateTime = (name: string) =>
  z
    .string({ error: `The ${name} field is required.` })
    .refine(
      (value) => ZONED.test(value) || LOCAL.test(value),
      `The ${name} field must be an ISO 8601 date-time.`,
    );
const Subject = z.string().min(1, 'The subject field is required.').max(255);

/**
 * `CreateAppointmentDto` as the API Reference shows it (`domainId, subject, body{content, contentType},
 * startTime, endTime, timeZone, showAsStatus`), also taking the Appointments Guide's example fields
 * (`title`, `description`) in place of `subject` and `body`, since the vendor publishes both.
 *
 * Best guesses: `adId` is required, because a calendar must be named and every other appointment call
 * names it (GET, preview, DELETE); `location` is taken though the visible DTO stops before it; `timeZone`
 * defaults to UTC as the reference's example has it, and the guide's example, which omits it, writes `Z`
 * times. Settled by the full `CreateAppointmentDto` model.
 */
export const CreateBody = z
  .object({
    domainId: Guid('domainId'),
    adId: Guid('adId'),
    subject: Subject.optional(),
    title: Subject.optional(),
    body: Body.optional(),
    description: z.string().max(20_000).optional(),
    startTime: DateTime('startTime'),
    endTime: DateTime('endTime'),
    timeZone: IanaZone.default('UTC'),
    location: z.string().max(255).optional(),
    showAsStatus: ShowAsStatus.default('busy'),
  })
  .refine((input) => input.subject !== undefined || input.title !== undefined, {
    path: ['subject'],
    message: 'The subject field is required.',
  })
  .transform(({ subject, title, body, description, ...rest }) => ({
    ...rest,
    subject: subject ?? title ?? '',
    body: body ?? { content: description ?? '', contentType: 'Text' as const },
  }));

/**
 * `UpdateAppointmentDto`, whose fields are not published (Best guess): the calendar named as DELETE names
 * it, then any of the create fields, the guide's `title` included; absent fields stay as they are.
 */
export const UpdateBody = z
  .object({
    domainId: Guid('domainId'),
    adId: Guid('adId'),
    appointmentId: Guid('appointmentId'),
    subject: Subject.optional(),
    title: Subject.optional(),
    body: Body.optional(),
    description: z.string().max(20_000).optional(),
    startTime: DateTime('startTime').optional(),
    endTime: DateTime('endTime').optional(),
    timeZone: IanaZone.optional(),
    location: z.string().max(255).optional(),
    showAsStatus: ShowAsStatus.optional(),
  })
  .transform(({ title, description, subject, body, showAsStatus, ...rest }) => ({
    ...rest,
    ...((subject ?? title) ? { subject: subject ?? title } : {}),
    ...(body
      ? { body }
      : description !== undefined
        ? { body: { content: description, contentType: 'Text' as const } }
        : {}),
    ...(showAsStatus ? { showAs: showAsStatus } : {}),
  }));

export const DeleteBody = AppointmentQuery;

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: Record<string, string[]> };

/** zod issues as ASP.NET's `errors`: messages per field name. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): Parsed<z.output<T>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const errors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.') || '$';
    (errors[field] ??= []).push(issue.message);
  }
  return { ok: false, errors };
}
