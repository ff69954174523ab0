import type { Context, Hono } from 'hono';
import type { AppEnv, EmulatorContext } from '../context.ts';
import { cancelAppointment, createAppointment, rescheduleAppointment, type Outcome } from '../operations.ts';
import {
  AppointmentCancel,
  AppointmentCreate,
  AppointmentReschedule,
  parseInput,
} from '../request-schemas.ts';
import { wireAppointment } from '../wire.ts';
import { requireScope } from './guards.ts';
import { invalid, jsonBody, problem } from './http.ts';

const BASE = '/enterprises/:enterprise/appointments';

/** Booking, reading back, cancelling and rescheduling, each change announced by webhook. */
export function registerAppointmentRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  const write = requireScope('engage:appointments:readWrite');
  const answer = (c: Context, outcome: Outcome, status: 200 | 201) =>
    outcome.ok
      ? c.json({ data: wireAppointment(outcome.appointment) }, status)
      : problem(c, outcome.status, outcome.code, outcome.message);

  app.post(BASE, write, async (c) => {
    const body = await jsonBody(c);
    if (!body.ok) return invalid(c, 'The body must be JSON.');
    const input = parseInput(AppointmentCreate, body.value);
    if (!input.ok) return invalid(c, input.message);
    return answer(c, createAppointment(context, input.data), 201);
  });

  app.get(
    `${BASE}/:id`,
    requireScope('engage:appointments:readOnly', 'engage:appointments:readWrite'),
    (c) => {
      const appointment = context.appointments.find(c.req.param('id'));
      if (!appointment) {
        return problem(c, 404, 'APPOINTMENT_NOT_FOUND', `Appointment ${c.req.param('id')} was not found.`);
      }
      return c.json({ data: wireAppointment(appointment) });
    },
  );

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
