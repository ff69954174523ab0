import type { Context, Hono } from 'hono';
import type { AppEnv, EmulatorContext } from '../context.ts';
import { fail, ok, page } from '../envelope.ts';
import type { Appointment } from '../model.ts';
import {
  AppointmentsQuery,
  CreateAppointment,
  IdParam,
  UpdateAppointment,
  parseInput,
} from '../request-schemas.ts';
import type { WriteOutcome } from '../store.ts';
import {
  wireAppointment,
  wireAppointmentCreated,
  wireAppointmentFound,
  wireAppointmentRow,
} from '../wire.ts';
import { requireScope } from './guards.ts';

const iso = (value: string) => new Date(value).toISOString();

/**
 * Calendar events: list, create, read, update with optimistic locking, delete. Best guess: a key sees and
 * changes only its own user's appointments ("each key acts as you"); another user's is 404 to it.
 */
export function registerAppointmentRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  const { store, seed } = context;
  const read = requireScope(context, 'appointments', 'read');
  const write = requireScope(context, 'appointments', 'write');

  async function readBody(
    c: Context<AppEnv>,
  ): Promise<{ ok: true; json: unknown } | { ok: false; response: Response }> {
    try {
      return { ok: true, json: JSON.parse(await c.req.text()) };
    } catch {
      return {
        ok: false,
        response: fail(context, c, 400, 'VALIDATION_ERROR', 'Request body must be valid JSON', [
          { field: '(body)', message: 'must be JSON' },
        ]),
      };
    }
  }

  /** The caller's own appointment, or undefined (another user's is as good as missing). */
  const own = (c: Context<AppEnv>, id: string): Appointment | undefined => {
    const row = store.find(id);
    return row && row.userId === c.get('userId') ? row : undefined;
  };

  /** A refused write, in the envelope and status ActuallyCare gives it. */
  function refused(c: Context<AppEnv>, outcome: Exclude<WriteOutcome, { ok: true }>): Response {
    switch (outcome.reason) {
      case 'not_found':
        return fail(context, c, 404, 'NOT_FOUND', 'Appointment not found');
      case 'version':
        // Best guess: `version` is documented for optimistic locking, its refusal (status, code) is not.
        return fail(context, c, 409, 'VERSION_CONFLICT', 'Appointment was modified by another request', {
          currentVersion: outcome.current,
        });
    }
  }

  app.get('/v1/appointments', read, (c) => {
    const query = parseInput(AppointmentsQuery, c.req.query());
    if (!query.ok)
      return fail(context, c, 400, 'VALIDATION_ERROR', 'Invalid query parameters', query.details);
    const { appointment_type: type, status, start_date: startDate } = query.data;
    const userId = c.get('userId');
    // Best guess: `start_date` keeps appointments starting on or after that (UTC) date, in start order.
    const rows = store
      .all()
      .filter(
        (row) =>
          row.userId === userId &&
          (type === undefined || row.type === type) &&
          (status === undefined || row.status === status) &&
          (startDate === undefined || row.start.slice(0, 10) >= startDate),
      )
      .map(wireAppointmentRow);
    return ok(context, c, page('appointments', rows, query.data));
  });

  app.post('/v1/appointments', write, async (c) => {
    const body = await readBody(c);
    if (!body.ok) return body.response;
    const input = parseInput(CreateAppointment, body.json);
    if (!input.ok) return fail(context, c, 400, 'VALIDATION_ERROR', 'Invalid request data', input.details);
    const fields = input.data;
    if (fields.listing_id && !seed.listings.some((listing) => listing.id === fields.listing_id)) {
      return fail(context, c, 400, 'VALIDATION_ERROR', 'Invalid request data', [
        { field: 'listing_id', message: 'no such listing' },
      ]);
    }
    const outcome = store.create(
      {
        userId: c.get('userId'),
        title: fields.title,
        description: fields.description ?? null,
        type: fields.appointment_type,
        start: iso(fields.start_time),
        end: iso(fields.end_time),
        location: fields.location ?? null,
        clientId: fields.client_id ?? null,
        listingId: fields.listing_id ?? null,
        escrowId: null,
        status: 'scheduled',
        attendees: fields.attendees,
        reminderSent: false,
        notes: fields.notes ?? null,
      },
      context.now(),
    );
    if (!outcome.ok) return refused(c, outcome);
    void context.webhooks.send('appointment.created', outcome.appointment);
    return ok(
      context,
      c,
      wireAppointmentCreated(outcome.appointment),
      201,
      'Appointment created successfully',
    );
  });

  app.get('/v1/appointments/:id', read, (c) => {
    const param = parseInput(IdParam, c.req.param());
    if (!param.ok) return fail(context, c, 400, 'VALIDATION_ERROR', 'Invalid appointment id', param.details);
    const row = own(c, param.data.id);
    if (!row) return fail(context, c, 404, 'NOT_FOUND', 'Appointment not found');
    return ok(context, c, wireAppointmentFound(row));
  });

  app.put('/v1/appointments/:id', write, async (c) => {
    const param = parseInput(IdParam, c.req.param());
    if (!param.ok) return fail(context, c, 400, 'VALIDATION_ERROR', 'Invalid appointment id', param.details);
    const body = await readBody(c);
    if (!body.ok) return body.response;
    const input = parseInput(UpdateAppointment, body.json);
    if (!input.ok) return fail(context, c, 400, 'VALIDATION_ERROR', 'Invalid request data', input.details);
    const before = own(c, param.data.id);
    if (!before) return fail(context, c, 404, 'NOT_FOUND', 'Appointment not found');
    const { version, start_time: start, end_time: end, status } = input.data;
    const patch: Partial<Appointment> = {
      ...(status ? { status } : {}),
      ...(start ? { start: iso(start) } : {}),
      ...(end ? { end: iso(end) } : {}),
    };
    if (Date.parse(patch.start ?? before.start) >= Date.parse(patch.end ?? before.end)) {
      return fail(context, c, 400, 'VALIDATION_ERROR', 'Invalid request data', [
        { field: 'end_time', message: 'end_time must be after start_time' },
      ]);
    }
    const outcome = store.update(param.data.id, patch, version, context.now());
    if (!outcome.ok) return refused(c, outcome);
    const cancelled = outcome.appointment.status === 'cancelled' && before.status !== 'cancelled';
    void context.webhooks.send(
      cancelled ? 'appointment.cancelled' : 'appointment.updated',
      outcome.appointment,
    );
    return ok(context, c, wireAppointment(outcome.appointment));
  });

  app.delete('/v1/appointments/:id', write, (c) => {
    const param = parseInput(IdParam, c.req.param());
    if (!param.ok) return fail(context, c, 400, 'VALIDATION_ERROR', 'Invalid appointment id', param.details);
    if (!own(c, param.data.id)) return fail(context, c, 404, 'NOT_FOUND', 'Appointment not found');
    const outcome = store.remove(param.data.id);
    if (!outcome.ok) return refused(c, outcome);
    void context.webhooks.send('appointment.deleted', outcome.appointment);
    return ok(context, c, {});
  });
}
