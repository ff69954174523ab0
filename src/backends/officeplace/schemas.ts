import { z } from 'zod';

/**
 * OfficePlace ("Connector Public API") response shapes. Kept apart from our contract and joined to it only
 * by the pure functions in `mapping.ts`. Unknown extra fields are allowed.
 */

export const TokenResponse = z.object({
  accessToken: z.string().min(1),
  tokenType: z
    .string()
    .regex(/^bearer$/i, 'must be Bearer')
    .optional(),
  /** Seconds. */
  expiresIn: z.number().int().positive(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

/** RFC 7807, as ASP.NET Core writes it. */
export const Problem = z.object({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().optional(),
  detail: z.string().optional(),
  errors: z.record(z.string(), z.array(z.string())).optional(),
  traceId: z.string().optional(),
});
export type Problem = z.infer<typeof Problem>;

const OFFSET = /(?:Z|[+-]\d{2}:\d{2})$/i;
const DateTimeText = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?$/i,
    'must be an ISO 8601 date-time',
  );

const isZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/**
 * One calendar entry. Times normally carry `Z`; a wall-clock time without an offset is read in the entry's
 * own `timeZone`, which must then be one we can read.
 */
export const PreviewItem = z
  .object({
    appointmentId: z.string().min(1),
    subject: z.string().nullish(),
    startTime: DateTimeText,
    endTime: DateTimeText,
    timeZone: z.string().nullish(),
    isAllDay: z.boolean().optional(),
    /** Exchange's free/busy: only `free` leaves the person available; anything else, even unknown, does not. */
    showAs: z.string().optional(),
    isCancelled: z.boolean().optional(),
    location: z.string().nullish(),
  })
  .superRefine((item, ctx) => {
    for (const field of ['startTime', 'endTime'] as const) {
      if (!OFFSET.test(item[field]) && !(item.timeZone && isZone(item.timeZone))) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: 'has no offset and no time zone we can read',
        });
      }
    }
  });
export type PreviewItem = z.infer<typeof PreviewItem>;

export const Preview = z.object({ appointments: z.array(PreviewItem) });

export const Created = z.object({ appointmentId: z.string().min(1) });

/** One appointment read back by id: what a viewing moved to another calendar takes with it. */
export const AppointmentDetail = z.object({
  appointmentId: z.string().min(1),
  subject: z.string().nullish(),
  body: z.object({ content: z.string(), contentType: z.enum(['Text', 'Html']) }).nullish(),
  location: z.string().nullish(),
});
export type AppointmentDetail = z.infer<typeof AppointmentDetail>;

/** Which calendar an appointment is in: the directory tenant and the agent's directory user. */
export interface Calendar {
  domainId: string;
  adId: string;
}

/** The guide's update body, with the calendar named as DELETE names it; absent fields stay as they are. */
export interface AppointmentUpdate extends Calendar {
  appointmentId: string;
  startTime: string;
  endTime: string;
  timeZone: string;
}

/** The create body: the guide's fields plus `adId`, since the calendar must be named (as DELETE names it). */
export interface NewAppointment {
  domainId: string;
  adId: string;
  subject: string;
  body: { content: string; contentType: 'Text' | 'Html' };
  startTime: string;
  endTime: string;
  timeZone: string;
  location: string;
}
