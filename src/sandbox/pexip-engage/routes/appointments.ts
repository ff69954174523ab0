import type { Context, Hono } from 'hono';
import type { AppEnv, EmulatorContext } from '../context.ts';
import {
  cancelAppointment,
  createAppointment,
  reopenAppointment,
  rescheduleAppointment,
  type Outcome,
} from '../operations.ts';
import {
  APPOINTMENT_LIST_FILTERS,
  AppointmentCancel,
  AppointmentCreate,
  AppointmentQuery,
  AppointmentReschedule,
  parseInput,
  queryObject,
} from '../request-schemas.ts';
import { wireAppointment } from '../wire.ts';
import { requireScope } from './guards.ts';
import { invalid, jsonBody, page, problem } from './http.ts';

const BASE = '/enterprises/:enterprise/appointments';

/** Booking, listing, reading back, cancelling, reopening and rescheduling, each change announced by webhook. */
export function registerAppointmentRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  const write = requireScope('engage:appointments:readWrite');
  const read = requireScope('engage:appointments:readOnly', 'engage:appointments:readWrite');
  const answer = (c: Context, outcome: Outcome, status: 200 | 201) =>
    outcome.ok
      ? c.json({ data: wireAppointment(outcome.appointment) }, status)
      : problem(
          c,
          outcome.status,
          outcome.code,
          outcome.message,
          outcome.allowedStates ? { allowedStates: outcome.allowedStates } : {},
        );

  app.post(BASE, write, async (c) => {
    const body = await jsonBody(c);
    if (!body.ok) return invalid(c, 'The body must be JSON.');
    const input = parseInput(AppointmentCreate, body.value);
    if (!input.ok) return invalid(c, input.message);
    return answer(c, createAppointment(context, input.data), 201);
  });

  app.get(BASE, read, (c) => {
    const query = parseInput(AppointmentQuery, queryObject(new URL(c.req.url), APPOINTMENT_LIST_FILTERS));
    if (!query.ok) return invalid(c, query.message);
    const { from, to, status } = query.data;
    const keep = (filter: readonly string[] | undefined, value: string | null) =>
      !filter || (value !== null && filter.includes(value));
    const rows = context.appointments
      .all()
      .filter(
        (appointment) =>
          keep(query.data['office-id'], appointment.officeId) &&
          keep(query.data['employee-id'], appointment.employeeId) &&
          keep(query.data['subject-id'], appointment.subjectId) &&
          keep(query.data['listing-id'], appointment.listingId) &&
          keep(status, appointment.status) &&
          (!from || Date.parse(appointment.start) >= Date.parse(from)) &&
          (!to || Date.parse(appointment.start) < Date.parse(to)),
      )
      .sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || Number(a.id) - Number(b.id))
      .map(wireAppointment);
    return c.json(page(rows, query.data));
  });

  app.get(`${BASE}/:id`, read, (c) => {
    const appointment = context.appointments.find(c.req.param('id'));
    if (!appointment) {
      return problem(c, 404, 'APPOINTMENT_NOT_FOUND', `Appointment ${c.req.param('id')} was not found.`);
    }
    return c.json({ data: wireAppointment(appointment) });
  });

  app.post(`${BASE}/:id/_actions/cancel`, write, async (c) => {
    const body = await jsonBody(c);
    if (!body.ok) return invalid(c, 'The body must be JSON.');
    const input = parseInput(AppointmentCancel, body.value);
    if (!input.ok) return invalid(c, input.message);
    return answer(
      c,
      cancelAppointment(context, c.req.param('id'), {
        by: 'OTHER',
        from: 'OTHER',
        message: input.data.message,
      }),
      200,
    );
  });

  app.post(`${BASE}/:id/_actions/reopen`, write, async (c) => {
    const body = await jsonBody(c);
    if (!body.ok) return invalid(c, 'The body must be JSON.');
    const input = parseInput(AppointmentCancel, body.value);
    if (!input.ok) return invalid(c, input.message);
    return answer(
      c,
      reopenAppointment(context, c.req.param('id'), {
        by: 'OTHER',
        from: 'OTHER',
        message: input.data.message,
      }),
      200,
    );
  });

  app.post(`${BASE}/:id/_actions/reschedule`, write, async (c) => {
    const body = await jsonBody(c);
    if (!body.ok) return invalid(c, 'The body must be JSON.');
    const input = parseInput(AppointmentReschedule, body.value);
    if (!input.ok) return invalid(c, input.message);
    const { start, end, message } = input.data;
    return answer(
      c,
      rescheduleAppointment(context, c.req.param('id'), new Date(start), new Date(end), {
        by: 'OTHER',
        from: 'OTHER',
        message,
      }),
      200,
    );
  });
}
