import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import {
  CancelRequest,
  ConsentChange,
  Feedback,
  IDEMPOTENCY_HEADER,
  IdempotencyKey,
  RescheduleRequest,
  type ErrorResponse,
} from '../../contract/index.ts';
import { UpstreamError } from '../../backends/index.ts';
import { errorResponse, invalidRequest } from '../errors.ts';
import type { IdempotencyStore, StoredAnswer } from '../idempotency.ts';
import { LockTimeout } from '../lock.ts';
import type { ManageResult, ManageService } from '../manage/service.ts';
import type { ViewingRecord } from '../manage/record.ts';
import type { Spend } from '../allowance.ts';

export interface ManageRoutesOptions {
  service: ManageService;
  /** Where answers to moves sent with an `Idempotency-Key` are kept, as for bookings. */
  idempotency: IdempotencyStore;
  /** Takes one of the caller's booking attempts for a sound move, or answers why not (see `bookingAllowance`). */
  allowBooking?: (c: Context) => Promise<Response | undefined>;
  /** The caller's share of the upstream budget, which a move spends (see `clientSpend`). */
  spendFor?: (c: Context) => Spend;
  maxBodyBytes: number;
}

type Parsed<T> = { ok: true; data: T } | { ok: false; response: Response };

/** The JSON body parsed with `schema`; an empty body counts as `{}` where every field is optional. */
export async function readBody<T>(c: Context, schema: z.ZodType<T>, what: string): Promise<Parsed<T>> {
  const text = await c.req.text();
  let json: unknown = {};
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      return {
        ok: false,
        response: errorResponse(c, 422, 'invalid_request', `The body must be a JSON ${what}.`, {
          fields: { '(body)': 'must be JSON' },
        }),
      };
    }
  }
  const parsed = schema.safeParse(json);
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, response: invalidRequest(c, parsed.error, what) };
}

/**
 * The visitor's own routes for one viewing, all named by the signed token from their link:
 * `GET /v1/bookings/:token`, `POST …/cancel`, `…/reschedule`, `…/feedback`, `…/consent`, and
 * `GET …/calendar.ics`. Each change answers with the viewing as it now is.
 */
export function manageRoutes(
  app: Hono,
  { service, idempotency, allowBooking, spendFor, maxBodyBytes }: ManageRoutesOptions,
): void {
  const limit = bodyLimit({
    maxSize: maxBodyBytes,
    onError: (c) => errorResponse(c, 413, 'payload_too_large', 'The request is too large.'),
  });

  const viewing = async (c: Context, record: ViewingRecord) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await service.view(record), 200);
  };

  const failure = (c: Context, result: Exclude<ManageResult, { ok: true }>) =>
    c.json({ error: result.error } satisfies ErrorResponse, result.status);

  /** Opens the link's record, runs `use` on it, and turns the known failures into answers. */
  const withRecord =
    (use: (c: Context, record: ViewingRecord) => Promise<Response>) =>
    async (c: Context): Promise<Response> => {
      const opened = await service.open(c.req.param('token') ?? '');
      if (!opened.ok) return failure(c, opened);
      try {
        return await use(c, opened.record);
      } catch (error) {
        if (error instanceof LockTimeout) {
          c.header('Retry-After', '5');
          return errorResponse(
            c,
            409,
            'booking_in_progress',
            'Another change to this viewing is under way. Please try again in a moment.',
          );
        }
        if (error instanceof UpstreamError) {
          return errorResponse(
            c,
            error.code === 'upstream_unavailable' ? 503 : 502,
            error.code,
            'The agency’s booking system is not answering right now, so your viewing is unchanged. Please try again in a minute.',
          );
        }
        throw error;
      }
    };

  const answer = async (c: Context, result: ManageResult) =>
    result.ok ? viewing(c, result.record) : failure(c, result);

  app.get(
    '/v1/bookings/:token',
    withRecord((c, record) => viewing(c, record)),
  );

  app.get(
    '/v1/bookings/:token/calendar.ics',
    withRecord(async (c, record) => {
      c.header('Content-Type', 'text/calendar; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="viewing.ics"');
      c.header('Cache-Control', 'no-store');
      return c.body(await service.ics(record));
    }),
  );

  app.post(
    '/v1/bookings/:token/cancel',
    limit,
    withRecord(async (c, record) => {
      const body = await readBody(c, CancelRequest, 'cancellation');
      if (!body.ok) return body.response;
      return answer(c, await service.cancel(record.id, body.data));
    }),
  );

  app.post(
    '/v1/bookings/:token/reschedule',
    limit,
    withRecord(async (c, record) => {
      const header = c.req.header(IDEMPOTENCY_HEADER);
      const key = header === undefined ? undefined : IdempotencyKey.safeParse(header);
      if (key && !key.success) {
        return invalidRequest(c, key.error, 'Idempotency-Key header', IDEMPOTENCY_HEADER);
      }
      const body = await readBody(c, RescheduleRequest, 'new time');
      if (!body.ok) return body.response;
      const refused = await allowBooking?.(c);
      if (refused) return refused;
      const attempt = async (): Promise<StoredAnswer> => {
        const result = await service.reschedule(record.id, body.data.slotId, {
          ...(spendFor ? { spend: spendFor(c) } : {}),
        });
        if (result.ok) return { status: 200, body: await service.view(result.record) };
        if (result.status === 404 || result.status === 410) throw new Error('the viewing record went away');
        return { status: result.status, body: { error: result.error } satisfies ErrorResponse };
      };
      if (!key) {
        const { status, body: json } = await attempt();
        return c.json(json, status);
      }
      const outcome = await idempotency.run(
        ['reschedule', record.id, key.data],
        JSON.stringify(body.data),
        attempt,
      );
      if (outcome.kind === 'in_progress') {
        c.header('Retry-After', '5');
        return errorResponse(
          c,
          409,
          'booking_in_progress',
          'This change is still being made. Please try again in a moment.',
        );
      }
      if (outcome.kind === 'mismatch') {
        return errorResponse(
          c,
          422,
          'idempotency_conflict',
          'This Idempotency-Key was already used for a different change.',
        );
      }
      if (outcome.replayed) c.header('Idempotent-Replayed', 'true');
      c.header('Cache-Control', 'no-store');
      return c.json(outcome.answer.body, outcome.answer.status);
    }),
  );

  app.post(
    '/v1/bookings/:token/feedback',
    limit,
    withRecord(async (c, record) => {
      const body = await readBody(c, Feedback, 'feedback');
      if (!body.ok) return body.response;
      return answer(c, await service.feedback(record.id, body.data));
    }),
  );

  app.post(
    '/v1/bookings/:token/consent',
    limit,
    withRecord(async (c, record) => {
      const body = await readBody(c, ConsentChange, 'consent change');
      if (!body.ok) return body.response;
      return answer(c, await service.consent(record.id, body.data));
    }),
  );
}
