import type { Context, Hono } from 'hono';
import {
  CancelRequest,
  ConsentChange,
  Feedback,
  RescheduleRequest,
  type ErrorResponse,
} from '../../contract/index.ts';
import type { IdempotencyStore, StoredAnswer } from '../idempotency.ts';
import type { ManageResult, ManageService } from '../manage/service.ts';
import type { ViewingRecord } from '../manage/record.ts';
import type { Spend } from '../allowance.ts';
import { limitBody, readBody, withBody } from './body.ts';
import { answeringTrouble, refusalAnswer, statusOf } from './errors.ts';
import { idempotentAnswer, readIdempotencyKey, type IdempotentWording } from './idempotent.ts';

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

type RecordHandler = (c: Context, record: ViewingRecord) => Promise<Response>;

/** Never kept by any cache: it is one visitor's own viewing. */
async function viewingAnswer(c: Context, service: ManageService, record: ViewingRecord): Promise<Response> {
  c.header('Cache-Control', 'no-store');
  return c.json(await service.view(record), 200);
}

/** Opens the link's record, runs `use` on it, and turns the known failures into answers. */
const withRecord =
  (service: ManageService, use: RecordHandler) =>
  async (c: Context): Promise<Response> => {
    const opened = await service.open(c.req.param('token') ?? '');
    if (!opened.ok) return refusalAnswer(c, opened);
    return answeringTrouble(c, VISITOR_TROUBLE, () => use(c, opened.record));
  };

const VISITOR_TROUBLE = {
  locked: 'Another change to this viewing is under way. Please try again in a moment.',
  unreachable:
    'The agency’s booking system is not answering right now, so your viewing is unchanged. Please try again in a minute.',
};

const MOVE_WORDING: IdempotentWording = {
  inProgress: 'This change is still being made. Please try again in a moment.',
  mismatch: 'This Idempotency-Key was already used for a different change.',
  noStore: true,
};

/**
 * A move books a new time, so it is held to the caller's booking allowance and, sent with an
 * `Idempotency-Key`, is made once: a retry gets the first answer.
 */
function moveHandler({ service, idempotency, allowBooking, spendFor }: ManageRoutesOptions): RecordHandler {
  return async (c, record) => {
    const key = readIdempotencyKey(c, 'optional');
    if (!key.ok) return key.response;
    const body = await readBody(c, RescheduleRequest, 'new time');
    if (!body.ok) return body.response;
    const refused = await allowBooking?.(c);
    if (refused) return refused;
    const attempt = async (): Promise<StoredAnswer> => {
      const result = await service.reschedule(record.id, body.data.slotId, {
        ...(spendFor ? { spend: spendFor(c) } : {}),
      });
      if (result.ok) return { status: 200, body: await service.view(result.record) };
      const status = statusOf(result);
      if (status === 404 || status === 410) throw new Error('the viewing record went away');
      return { status, body: { error: result.error } satisfies ErrorResponse };
    };
    if (key.key === undefined) {
      const { status, body: json } = await attempt();
      return c.json(json, status);
    }
    const outcome = await idempotency.run(
      ['reschedule', record.id, key.key],
      JSON.stringify(body.data),
      attempt,
    );
    return idempotentAnswer(c, outcome, MOVE_WORDING);
  };
}

/**
 * The visitor's own routes for one viewing, all named by the signed token from their link:
 * `GET /v1/bookings/:token`, `POST …/cancel`, `…/reschedule`, `…/feedback`, `…/consent`, and
 * `GET …/calendar.ics`. Each change answers with the viewing as it now is.
 */
export function manageRoutes(app: Hono, options: ManageRoutesOptions): void {
  const { service, maxBodyBytes } = options;
  const limit = limitBody(maxBodyBytes);
  const opened = (use: RecordHandler) => withRecord(service, use);
  const answer = async (c: Context, result: ManageResult) =>
    result.ok ? viewingAnswer(c, service, result.record) : refusalAnswer(c, result);

  app.get(
    '/v1/bookings/:token',
    opened((c, record) => viewingAnswer(c, service, record)),
  );

  app.get(
    '/v1/bookings/:token/calendar.ics',
    opened(async (c, record) => {
      c.header('Content-Type', 'text/calendar; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="viewing.ics"');
      c.header('Cache-Control', 'no-store');
      return c.body(await service.ics(record));
    }),
  );

  app.post('/v1/bookings/:token/reschedule', limit, opened(moveHandler(options)));

  app.post(
    '/v1/bookings/:token/cancel',
    limit,
    opened(
      withBody(CancelRequest, 'cancellation', async (c, body, record) =>
        answer(c, await service.cancel(record.id, body)),
      ),
    ),
  );

  app.post(
    '/v1/bookings/:token/feedback',
    limit,
    opened(
      withBody(Feedback, 'feedback', async (c, body, record) =>
        answer(c, await service.feedback(record.id, body)),
      ),
    ),
  );

  app.post(
    '/v1/bookings/:token/consent',
    limit,
    opened(
      withBody(ConsentChange, 'consent change', async (c, body, record) =>
        answer(c, await service.consent(record.id, body)),
      ),
    ),
  );
}
