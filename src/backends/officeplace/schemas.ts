import { z } from 'zod';

/**
 * OfficePlace ("Connector Public API") response shapes. Kept apart from our contract and joined to it only
 * by the pure functions in `mapping.ts`. Unknown extra fields are allowed.
 */

/**
 * The token answer. The vendor's pages disagree: the API Reference shows `{accessToken, refreshToken,
 * expiresIn}`, the Authentication Guide `{token, expiresIn, tokenType}`; either is taken, and read as one.
 * `refreshToken` is not used: no call that takes it is documented, so a new token is asked for instead.
 */
export const TokenResponse = z
  .object({
    accessToken: z.string().min(1).optional(),
    token: z.string().min(1).optional(),
    tokenType: z.string().nullish(),
    /** Seconds. */
    expiresIn: z.number().positive(),
  })
  .refine((answer) => answer.accessToken !== undefined || answer.token !== undefined, {
    path: ['accessToken'],
    message: 'has neither accessToken nor token',
  })
  .transform(({ accessToken, token, expiresIn }) => ({
    accessToken: accessToken ?? token ?? '',
    expiresIn,
    /** Which documented shape it came in. */
    field: accessToken !== undefined ? ('accessToken' as const) : ('token' as const),
  }));
export type TokenResponse = z.output<typeof TokenResponse>;

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
 * Exchange's free/busy as a word. The reference names the create field `showAsStatus` and shows no values;
 * a number is read as Microsoft Graph numbers them (`free` 0, `tentative` 1, `busy` 2, `oof` 3,
 * `workingElsewhere` 4, `unknown` -1), a guess; any other value counts as busy downstream.
 */
const FreeBusy = z
  .union([z.string(), z.number()])
  .transform((value) =>
    typeof value === 'number'
      ? (['free', 'tentative', 'busy', 'oof', 'workingElsewhere'][value] ?? 'unknown')
      : value,
  );

/** A date-time as written (`2026-11-24T10:00:00Z`) or, as Graph writes it, `{dateTime, timeZone}`. */
const WhenText = z.union([
  DateTimeText.transform((dateTime) => ({ dateTime, timeZone: undefined })),
  z.object({ dateTime: DateTimeText, timeZone: z.string().nullish() }),
]);

/** A place as text or, as Graph writes it, `{displayName}`; anything else is left out. */
const Place = z
  .unknown()
  .transform((value) =>
    typeof value === 'string'
      ? value
      : typeof value === 'object' &&
          value !== null &&
          'displayName' in value &&
          typeof value.displayName === 'string'
        ? value.displayName
        : undefined,
  );

/**
 * One calendar entry of a preview (`AppointmentResponseDto`, whose fields the vendor does not publish).
 * What is needed is read strictly: an id (`appointmentId` as the create answer names it, or `id`) and the
 * start and end. The rest is tolerated: free/busy as `showAsStatus` (the create field's name) or `showAs`,
 * text or number; the place as text or object; cancelled and all-day flags that may be null. Times normally
 * carry `Z`; a wall-clock time without an offset is read in the entry's own `timeZone`, which must then be
 * one we can read.
 */
export const PreviewItem = z
  .object({
    appointmentId: z.string().min(1).optional(),
    id: z.string().min(1).optional(),
    subject: z.string().nullish(),
    startTime: WhenText,
    endTime: WhenText,
    timeZone: z.string().nullish(),
    isAllDay: z.boolean().nullish(),
    showAsStatus: FreeBusy.nullish(),
    showAs: FreeBusy.nullish(),
    isCancelled: z.boolean().nullish(),
    location: Place.optional(),
    /** When the entry was made: who was there first when two bookings meet. */
    createdDateTime: DateTimeText.nullish(),
  })
  .refine((item) => item.appointmentId !== undefined || item.id !== undefined, {
    path: ['appointmentId'],
    message: 'has neither appointmentId nor id',
  })
  .transform((item) => ({
    appointmentId: item.appointmentId ?? item.id ?? '',
    subject: item.subject ?? undefined,
    startTime: item.startTime.dateTime,
    endTime: item.endTime.dateTime,
    timeZone: item.startTime.timeZone ?? item.timeZone ?? undefined,
    isAllDay: item.isAllDay ?? undefined,
    showAs: item.showAsStatus ?? item.showAs ?? undefined,
    isCancelled: item.isCancelled ?? undefined,
    location: item.location,
    createdDateTime: item.createdDateTime ?? undefined,
  }))
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
export type PreviewItem = z.output<typeof PreviewItem>;

/**
 * "List appointment preview data" (API Reference): a bare JSON array; the same rows wrapped as
 * `{appointments: [...]}` are taken too. Rows are read one by one (`PreviewItem`), so one odd entry does
 * not lose the calendar.
 */
export const Preview = z.union([
  z.array(z.unknown()),
  z.looseObject({ appointments: z.array(z.unknown()) }).transform((answer) => answer.appointments),
]);

export const Created = z.object({ appointmentId: z.string().min(1) });

/**
 * The PUT's "Updated appointment details": read only to see it is JSON; its fields are not published and
 * nothing in it is needed, so an answer without `appointmentId` (or an empty one) is still a success.
 */
export const Updated = z.union([z.record(z.string(), z.unknown()), z.null()]);

/** One appointment read back by id: what a viewing moved to another calendar takes with it. */
/**
 * One appointment read back by id (`AppointmentResponseDto`, fields not published): only the subject and
 * body are used, so the id is not required and a content type written in any case (Graph writes `text`,
 * `html`) is read.
 */
export const AppointmentDetail = z.object({
  appointmentId: z.string().min(1).optional(),
  subject: z.string().nullish(),
  body: z
    .object({
      content: z.string().nullish(),
      contentType: z.string().nullish(),
    })
    .nullish()
    .transform((body) =>
      body
        ? {
            content: body.content ?? '',
            contentType: /^html$/i.test(body.contentType ?? '') ? ('Html' as const) : ('Text' as const),
          }
        : undefined,
    ),
  location: Place.optional(),
});
export type AppointmentDetail = z.output<typeof AppointmentDetail>;

/** Which calendar an appointment is in: the directory tenant and the agent's directory user. */
export interface Calendar {
  domainId: string;
  adId: string;
}

/**
 * The update body: `UpdateAppointmentDto`'s fields are not published, so it is the reference's create field
 * names for what changes, with the calendar named as DELETE names it; absent fields stay as they are.
 */
export interface AppointmentUpdate extends Calendar {
  appointmentId: string;
  startTime: string;
  endTime: string;
  timeZone: string;
}

/**
 * The create body: the API Reference's `CreateAppointmentDto` fields (`domainId, subject, body, startTime,
 * endTime, timeZone, showAsStatus`), plus `adId`, since the calendar must be named (as GET, preview and
 * DELETE name it), and `location`, which the visible part of the DTO does not show. An ASP.NET API ignores
 * fields it does not know, so the two extras cost nothing if they are not taken.
 */
export interface NewAppointment {
  domainId: string;
  adId: string;
  subject: string;
  body: { content: string; contentType: 'Text' | 'Html' };
  startTime: string;
  endTime: string;
  timeZone: string;
  /** How the entry shows in free/busy: busy, in whatever form the settings say the Connector takes. */
  showAsStatus: string | number;
  location: string;
}
