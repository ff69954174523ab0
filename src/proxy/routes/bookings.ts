import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import {
  BookingRequest,
  type Booking,
  type BookingResponse,
  type Branch,
  type ErrorResponse,
  type Property,
} from '../../contract/index.ts';
import type { BookingResult, BookingService } from '../bookings.ts';
import { errorResponse, invalidRequest } from '../errors.ts';
import type { FormCheck } from '../form-check.ts';
import type { IdempotencyStore, StoredAnswer } from '../idempotency.ts';
import type { Logger } from '../log.ts';
import type { ManageService } from '../manage/index.ts';
import type { CheckedBookingRequest, QuestionBook } from '../questions.ts';
import type { clientSpend } from '../middleware.ts';
import { DEFAULT_RECIPIENT_LIMIT, takeRecipientPlace, type RecipientLimit } from '../recipient-limit.ts';
import type { Store } from '../store/index.ts';
import type { CatalogCache } from '../catalog.ts';
import type { RouteContext } from './context.ts';
import { idempotentAnswer, readIdempotencyKey, type IdempotentWording } from './idempotent.ts';

/** A booking's outcome once a booking made is recorded for the visitor (its manage link added). */
type Recorded = Exclude<BookingResult, { kind: 'booked' }> | { kind: 'booked'; booking: Booking };

/** The answer a booking's outcome is given, and kept for a retry with the same Idempotency-Key. */
export function answerFor(result: Recorded): StoredAnswer {
  switch (result.kind) {
    case 'booked':
      return { status: 201, body: { booking: result.booking } satisfies BookingResponse };
    case 'taken':
      return {
        status: 409,
        body: {
          error: {
            code: 'slot_taken',
            message: 'That time has just been taken. Please choose another.',
            alternatives: result.alternatives,
          },
        } satisfies ErrorResponse,
      };
    case 'not_free':
      return {
        status: 422,
        body: {
          error: {
            code: 'invalid_request',
            message: 'That time is not one of this property’s free times.',
            fields: { slotId: 'is not a free time of this property' },
          },
        } satisfies ErrorResponse,
      };
  }
}

export interface BookingRoutesOptions {
  context: RouteContext;
  store: Store;
  bookingService: BookingService;
  manage: ManageService;
  /** Idempotent answers, by key: a retry gets the first answer. */
  bookings: IdempotencyStore;
  formCheck: FormCheck | undefined;
  /** A refusal when the caller has booked too often, else undefined. */
  allowBooking: (c: Context) => Promise<Response | undefined>;
  spendFor: ReturnType<typeof clientSpend>;
  recipientLimit: Partial<RecipientLimit> | undefined;
  maxBodyBytes: number;
  /** The questions asked with a booking, which its answers are checked against. */
  questions: QuestionBook;
  log: Logger;
}

/** A booking request read and found sound, with the home and branch it names. */
interface SoundBooking {
  key: string;
  /** The anti-bot fields, kept apart from what is booked. */
  form: Pick<BookingRequest, 'formToken' | 'website'>;
  /** With its answers checked against the home's questions. */
  request: Omit<CheckedBookingRequest, 'formToken' | 'website'>;
  property: Property;
  branch: Branch;
}

/** The Idempotency-Key and body, read and checked against the catalog, or the 4xx that says what is wrong. */
async function readBooking(
  c: Context,
  catalog: CatalogCache,
  questions: QuestionBook,
  needsApproval: (property: Property) => boolean,
): Promise<SoundBooking | Response> {
  const key = readIdempotencyKey(c, 'required');
  if (!key.ok) return key.response;
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    return errorResponse(c, 422, 'invalid_request', 'The body must be a JSON booking request.', {
      fields: { '(body)': 'must be JSON' },
    });
  }
  const parsed = BookingRequest.safeParse(json);
  if (!parsed.success) return invalidRequest(c, parsed.error, 'booking request');
  const { formToken, website, answers: given, ...request } = parsed.data;
  const property = catalog.property(request.propertyId);
  const branch = property && catalog.branch(property.branchId);
  if (!property || !branch) {
    return errorResponse(c, 422, 'invalid_request', 'That property is not advertised any more.', {
      fields: { propertyId: 'is not an advertised property' },
    });
  }
  const answers = questions.check(property, given);
  if (!answers.ok) {
    return errorResponse(c, 422, 'invalid_request', 'Some answers need another look.', {
      fields: answers.fields,
    });
  }
  return {
    key: key.key,
    form: { formToken, website },
    request: {
      ...request,
      ...(answers.answers.length ? { answers: answers.answers } : {}),
      ...(needsApproval(property) ? { ownerApproval: true as const } : {}),
    },
    property,
    branch,
  };
}

/**
 * Refuses, before anything is booked, a form that looks sent by a script, an address that has booked too often,
 * and an e-mail address given too many viewings just now; undefined when the booking may go ahead.
 */
export function bookingGuard({
  formCheck,
  allowBooking,
  store,
  recipientLimit,
  log,
}: Pick<BookingRoutesOptions, 'formCheck' | 'allowBooking' | 'store' | 'recipientLimit' | 'log'>) {
  const perRecipient = { ...DEFAULT_RECIPIENT_LIMIT, ...recipientLimit };
  return async (
    c: Context,
    {
      form,
      request,
      property,
    }: Pick<SoundBooking, 'form' | 'property'> & { request: { guest: { email: string } } },
  ): Promise<Response | undefined> => {
    const verdict = await formCheck?.check(form, property.id);
    if (verdict && !verdict.ok) {
      log.warn('booking_looks_automated', { propertyId: property.id });
      return errorResponse(c, 400, 'looks_automated', verdict.message);
    }
    const refused = await allowBooking(c);
    if (refused) return refused;
    if (verdict?.holdMs) await new Promise((resolve) => setTimeout(resolve, verdict.holdMs));
    const recipient = await takeRecipientPlace(store, request.guest.email, perRecipient);
    if (recipient.ok) return undefined;
    log.warn('booking_recipient_limited', { propertyId: property.id });
    c.header('Retry-After', String(Math.max(1, Math.ceil(recipient.retryAfterMs / 1000))));
    return errorResponse(
      c,
      429,
      'rate_limited',
      'Too many viewings were booked for this email address just now. Please try again later.',
    );
  };
}

const BOOKING_WORDING: IdempotentWording = {
  inProgress: 'This booking is still being made. Please try again in a moment.',
  mismatch: 'This Idempotency-Key was already used for a different booking request.',
};

/** Books once per Idempotency-Key, with the manage link made from `base`; a retry gets the first answer. */
function bookOnce({ bookingService, manage, bookings, spendFor }: BookingRoutesOptions) {
  return async (c: Context, { key, request, property, branch }: SoundBooking, base: string) => {
    const outcome = await bookings.run(
      ['booking', request.propertyId, key],
      JSON.stringify(request),
      async (run) => {
        const result = await bookingService.book(request, property, branch, run, spendFor(c));
        // Recorded here, inside the same attempt, so a retry is answered with the same manage link.
        return answerFor(
          result.kind === 'booked'
            ? { kind: 'booked', booking: await manage.record(result.made, base) }
            : result,
        );
      },
    );
    return idempotentAnswer(c, outcome, BOOKING_WORDING);
  };
}

/** A visitor's booking: checked, limited, made once per Idempotency-Key. */
export function bookingRoutes(app: Hono, options: BookingRoutesOptions): void {
  const { catalog, withCatalog, baseUrl, misdirected } = options.context;
  const guard = bookingGuard(options);
  const book = bookOnce(options);
  app.post(
    '/v1/bookings',
    bodyLimit({
      maxSize: options.maxBodyBytes,
      onError: (c) => errorResponse(c, 413, 'payload_too_large', 'The booking request is too large.'),
    }),
    (c) =>
      withCatalog(c, async () => {
        // The manage link in the agency's messages is made from it: refused before anything is booked.
        const base = baseUrl(c);
        if (!base) return misdirected(c);
        const sound = await readBooking(c, catalog, options.questions, (p) =>
          options.manage.approvals.needed(p),
        );
        if (sound instanceof Response) return sound;
        return (await guard(c, sound)) ?? book(c, sound, base);
      }),
  );
}
