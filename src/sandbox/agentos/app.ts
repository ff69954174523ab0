import { Hono } from 'hono';
import type { AppEnv, EmulatorContext } from './context.ts';
import { registerAdvertisingRoutes } from './routes/advertising.ts';
import { registerAppointmentRoutes } from './routes/appointments.ts';
import { registerCatalogRoutes } from './routes/catalog.ts';
import { registerContactRoutes } from './routes/contacts.ts';
import { registerDiaryRoutes } from './routes/diary.ts';
import { registerFeedbackRoutes } from './routes/feedback.ts';
import { rateLimit, requireApiKey, requireCompany } from './routes/guards.ts';
import { message } from './routes/http.ts';
import { registerMessagingRoutes } from './routes/messaging.ts';
import { registerSandboxRoutes } from './routes/sandbox.ts';
import { registerStaffRoutes } from './routes/staff.ts';

/** The agentOS V4 surface the widget's proxy uses, plus the sandbox's own inspection routes. */
export function createApp(context: EmulatorContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (!path.startsWith('/_sandbox/')) context.requests.record(path);
    await next();
  });
  registerSandboxRoutes(app, context);

  // Key first, then the limit: agentOS counts a key's calls, and an unknown key has nothing to count against.
  app.use('/v4/*', requireApiKey(context), rateLimit(context));
  app.use('/v4/:tier/:shortName/*', requireCompany(context));
  registerCatalogRoutes(app, context);
  registerDiaryRoutes(app, context);
  registerAppointmentRoutes(app, context);
  registerFeedbackRoutes(app, context);
  registerContactRoutes(app, context);
  registerStaffRoutes(app, context);
  registerMessagingRoutes(app, context);
  registerAdvertisingRoutes(app, context);

  app.notFound((c) =>
    message(c, 404, `No HTTP resource was found that matches the request URI '${c.req.url}'.`),
  );
  app.onError((error, c) => {
    // A thrown error is an emulator bug; say so loudly rather than let a test see a plausible 500.
    console.error('agentOS emulator failed', error);
    return message(c, 500, 'An error has occurred.');
  });
  return app;
}
