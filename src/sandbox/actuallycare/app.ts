import { Hono } from 'hono';
import type { AppEnv, EmulatorContext } from './context.ts';
import { fail } from './envelope.ts';
import { registerAppointmentRoutes } from './routes/appointments.ts';
import { correlate, rateLimit, requireApiKey } from './routes/guards.ts';
import { registerListingRoutes } from './routes/listings.ts';
import { registerSandboxRoutes } from './routes/sandbox.ts';

/** The ActuallyCare v1 surface the proxy uses, plus the sandbox's own inspection routes. */
export function createApp(context: EmulatorContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (!path.startsWith('/_sandbox/')) context.requests.record(path);
    await next();
  });
  registerSandboxRoutes(app, context);

  app.use('/v1/*', correlate(context), rateLimit(context), requireApiKey(context));
  registerListingRoutes(app, context);
  registerAppointmentRoutes(app, context);

  app.notFound((c) =>
    fail(context, c, 404, 'NOT_FOUND', `Route ${c.req.method} ${new URL(c.req.url).pathname} not found`),
  );
  app.onError((error, c) => {
    // A thrown error is an emulator bug; say so loudly rather than let a test see a plausible 500.
    console.error('ActuallyCare emulator failed', error);
    return fail(context, c, 500, 'INTERNAL_ERROR', 'Internal server error');
  });
  return app;
}
