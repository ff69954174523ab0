import { Hono } from 'hono';
import type { AppEnv, EmulatorContext } from './context.ts';
import { problem } from './problem.ts';
import { registerAppointmentRoutes } from './routes/appointments.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { rateLimit, requireBearer, requireTenant } from './routes/guards.ts';
import { registerSandboxRoutes } from './routes/sandbox.ts';

/** The Connector Public API's authentication and appointments, plus the sandbox's own routes. */
export function createApp(context: EmulatorContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (!path.startsWith('/_sandbox/')) context.requests.record(path);
    c.set('traceId', context.nextTraceId());
    await next();
  });
  registerSandboxRoutes(app, context);

  app.use('/:tenantId/authentication/*', requireTenant(context), rateLimit(context));
  // `/*` matches the bare `/appointment` too: a second registration for it would count a booking twice.
  app.use('/:tenantId/appointment/*', requireTenant(context), rateLimit(context), requireBearer(context));
  registerAuthRoutes(app, context);
  registerAppointmentRoutes(app, context);

  app.notFound((c) => problem(c, 404, `No endpoint ${c.req.method} ${new URL(c.req.url).pathname}.`));
  app.onError((error, c) => {
    // A thrown error is an emulator bug; say so loudly rather than let a test see a plausible 500.
    console.error('OfficePlace emulator failed', error);
    return problem(c, 500, 'An unexpected error occurred.');
  });
  return app;
}
