import type { Hono } from 'hono';
import type { AppEnv, EmulatorContext } from '../context.ts';
import { wireAppointment } from '../wire.ts';

/**
 * Not part of ActuallyCare: read-only views for browser tests running in another process. No key, no rate
 * limit, and open to any origin, since they expose only what the sandbox itself invented.
 */
export function registerSandboxRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  app.use('/_sandbox/*', async (c, next) => {
    await next();
    c.header('Access-Control-Allow-Origin', '*');
  });
  app.get('/_sandbox/appointments', (c) =>
    c.json({ appointments: context.store.all().map(wireAppointment) }),
  );
  app.get('/_sandbox/stats', (c) => c.json({ requests: context.requests.count(c.req.query('path')) }));
}
