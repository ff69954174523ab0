import { fromZonedTime } from 'date-fns-tz';
import { z } from 'zod';

/** What the Connector accepts from a caller. Every query and body is parsed with these before use. */

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
const ShowAs = z.enum(['free', 'tentative', 'busy', 'oof']);
const DateTime = (name: string) =>
  z
    .string({ error: `The ${name} field is required.` })
    .refine(
      (value) => ZONED.test(value) || LOCAL.test(value),
      `The ${name} field must be an ISO 8601 date-time.`,
    );

/** `adId` is not in the documented create body, but a calendar must be named: DELETE names it too. */
export const CreateBody = z.object({
  domainId: Guid('domainId'),
  adId: Guid('adId'),
  subject: z
    .string({ error: 'The subject field is required.' })
    .min(1, 'The subject field is required.')
    .max(255),
  body: Body.default({ content: '', contentType: 'Text' }),
  startTime: DateTime('startTime'),
  endTime: DateTime('endTime'),
  timeZone: IanaZone,
  location: z.string().max(255).optional(),
  showAs: ShowAs.default('busy'),
});

export const UpdateBody = z.object({
  domainId: Guid('domainId'),
  adId: Guid('adId'),
  appointmentId: Guid('appointmentId'),
  subject: z.string().min(1).max(255).optional(),
  body: Body.optional(),
  startTime: DateTime('startTime').optional(),
  endTime: DateTime('endTime').optional(),
  timeZone: IanaZone.optional(),
  location: z.string().max(255).optional(),
  showAs: ShowAs.optional(),
});

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
