import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import {
  BookingRequest,
  IDEMPOTENCY_HEADER,
  IdempotencyKey,
  type BookingResponse,
  type ErrorResponse,
} from '../../contract/index.ts';
import type { BookingResult, BookingService } from '../bookings.ts';
import { errorResponse, invalidRequest } from '../errors.ts';
import type { FormCheck } from '../form-check.ts';
import type { IdempotencyStore, StoredAnswer } from '../idempotency.ts';
import type { Logger } from '../log.ts';
import type { ManageService } from '../manage/index.ts';
import type { clientSpend } from '../middleware.ts';
import { DEFAULT_RECIPIENT_LIMIT, takeRecipientPlace, type RecipientLimit } from '../recipient-limit.ts';
import type { Store } from '../store/index.ts';
import type { RouteContext } from './context.ts';

/** The answer a booking's outcome is given, and kept for a retry with the same Idempotency-Key. */
export function answerFor(result: BookingResult): StoredAnswer {
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
  log: Logger;
}

/** A visitor's booking: checked, limited, made once per Idempotency-Key. */
export function bookingRoutes(
  app: Hono,
  {
    context,
    store,
    bookingService,
    manage,
    bookings,
    formCheck,
    allowBooking,
    spendFor,
    recipientLimit,
    maxBodyBytes,
    log,
  }: BookingRoutesOptions,
): void {
  const { catalog, withCatalog, baseUrl, misdirected } = context;
  app.post(
    '/v1/bookings',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) => errorResponse(c, 413, 'payload_too_large', 'The booking request is too large.'),
    }),
    (c) =>
      withCatalog(c, async () => {
        // The manage link in the agency's messages is made from it: refused before anything is booked.
        const base = baseUrl(c);
        if (!base) return misdirected(c);
        const key = IdempotencyKey.safeParse(c.req.header(IDEMPOTENCY_HEADER) ?? '');
        if (!key.success) return invalidRequest(c, key.error, 'Idempotency-Key header', IDEMPOTENCY_HEADER);
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
        const { formToken, website, ...request } = parsed.data;
        const property = catalog.property(request.propertyId);
        const branch = property && catalog.branch(property.branchId);
        if (!property || !branch) {
          return errorResponse(c, 422, 'invalid_request', 'That property is not advertised any more.', {
            fields: { propertyId: 'is not an advertised property' },
          });
        }

        const verdict = await formCheck?.check({ formToken, website }, property.id);
        if (verdict && !verdict.ok) {
          log.warn('booking_looks_automated', { propertyId: property.id });
          return errorResponse(c, 400, 'looks_automated', verdict.message);
        }
        const refused = await allowBooking(c);
        if (refused) return refused;
        if (verdict?.holdMs) await new Promise((resolve) => setTimeout(resolve, verdict.holdMs));
        const recipient = await takeRecipientPlace(store, request.guest.email, {
          ...DEFAULT_RECIPIENT_LIMIT,
          ...recipientLimit,
        });
        if (!recipient.ok) {
          log.warn('booking_recipient_limited', { propertyId: property.id });
          c.header('Retry-After', String(Math.max(1, Math.ceil(recipient.retryAfterMs / 1000))));
          return errorResponse(
            c,
            429,
            'rate_limited',
            'Too many viewings were booked for this email address just now. Please try again later.',
          );
        }
        const outcome = await bookings.run(
          ['booking', request.propertyId, key.data],
          JSON.stringify(request),
          async (run) =>
            answerFor(
              await bookingService.book(
                request,
                property,
                branch,
                (made) => manage.record(made, base),
                run,
                spendFor(c),
              ),
            ),
        );
        if (outcome.kind === 'in_progress') {
          c.header('Retry-After', '5');
          return errorResponse(
            c,
            409,
            'booking_in_progress',
            'This booking is still being made. Please try again in a moment.',
          );
        }
        if (outcome.kind === 'mismatch') {
          return errorResponse(
            c,
            422,
            'idempotency_conflict',
            'This Idempotency-Key was already used for a different booking request.',
          );
        }
        if (outcome.replayed) c.header('Idempotent-Replayed', 'true');
        return c.json(outcome.answer.body, outcome.answer.status);
      }),
  );
}
