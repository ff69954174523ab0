import type { Hono } from 'hono';
import type { AppEnv, EmulatorContext } from '../context.ts';
import { cancelAppointment } from '../operations.ts';
import { problem } from './http.ts';

/**
 * Not part of Pexip Engage: views for browser tests running in another process, and the back office's
 * hand, so a demo can cancel a viewing "as the agent" and watch the webhook arrive. No token, no limit,
 * open to any origin, since they expose only what the sandbox itself invented.
 */
export function registerSandboxRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  app.use('/_sandbox/*', async (c, next) => {
    await next();
    c.header('Access-Control-Allow-Origin', '*');
  });
  app.get('/_sandbox/appointments', (c) => {
    const all = context.appointments.all();
    return c.json({
      appointments: c.req.query('all') === 'true' ? all : all.filter((appointment) => !appointment.seeded),
    });
  });
  app.post('/_sandbox/appointments/:id/cancel', (c) => {
    const outcome = cancelAppointment(context, c.req.param('id'), { by: 'EMPLOYEE', from: 'BACKOFFICE_APP' });
    if (!outcome.ok)
      return problem(
        c,
        outcome.status,
        outcome.code,
        outcome.message,
        outcome.allowedStates ? { allowedStates: outcome.allowedStates } : {},
      );
    return c.json({ appointment: outcome.appointment });
  });
  app.get('/_sandbox/webhooks', (c) => c.json({ attempts: context.webhooks.attempts() }));
  app.get('/_sandbox/stats', (c) => c.json({ requests: context.requests.count(c.req.query('path')) }));
}
