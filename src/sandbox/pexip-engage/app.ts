import { Hono } from 'hono';
import type { AppEnv, EmulatorContext } from './context.ts';
import { registerAppointmentRoutes } from './routes/appointments.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { registerCatalogRoutes } from './routes/catalog.ts';
import { registerCustomerRoutes } from './routes/customers.ts';
import { rateLimit, requireEnterprise, requireToken } from './routes/guards.ts';
import { problem } from './routes/http.ts';
import { registerSandboxRoutes } from './routes/sandbox.ts';
import { registerTimetableRoutes } from './routes/timetable.ts';

/**
 * The Pexip Engage surface the widget's proxy uses: the realm's token endpoint (auth.pexipengage.com) and
 * the enterprise API (api.pexipengage.com) on one origin, plus the sandbox's own routes.
 */
export function createApp(context: EmulatorContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (!path.startsWith('/_sandbox/')) context.requests.record(path);
    await next();
  });
  registerSandboxRoutes(app, context);
  registerAuthRoutes(app, context);

  // Token first, then the limit: it is counted per API client, and an unknown caller has nothing to count.
  app.use(
    '/enterprises/:enterprise/*',
    requireEnterprise(context),
    requireToken(context),
    rateLimit(context),
  );
  registerCatalogRoutes(app, context);
  registerTimetableRoutes(app, context);
  registerCustomerRoutes(app, context);
  registerAppointmentRoutes(app, context);

  app.notFound((c) =>
    problem(c, 404, 'ROUTE_NOT_FOUND', `No route ${c.req.method} ${new URL(c.req.url).pathname}.`),
  );
  app.onError((error, c) => {
    // A thrown error is an emulator bug; say so loudly rather than let a test see a plausible 500.
    console.error('Pexip Engage emulator failed', error);
    return problem(c, 500, 'INTERNAL_SERVER_ERROR', 'An unexpected error occurred.');
  });
  return app;
}
