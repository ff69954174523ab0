import type { Hono } from 'hono';
import type { AppEnv, EmulatorContext } from '../context.ts';
import { agencyFeed } from '../feed.ts';
import { wireAppointment } from '../wire.ts';

/**
 * Not part of OfficePlace: read-only views for browser tests in another process, and the agency's
 * catalogue feed. No token, no rate limit, open to any origin: they expose only what the sandbox invented.
 */
export function registerSandboxRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  app.use('/_sandbox/*', async (c, next) => {
    await next();
    c.header('Access-Control-Allow-Origin', '*');
  });
  app.get('/_sandbox/calendars', (c) =>
    c.json({
      calendars: context.seed.agents.map((agent) => ({
        adId: agent.adId,
        displayName: agent.displayName,
        appointments: context.calendars
          .all()
          .filter((row) => row.adId === agent.adId)
          .map((row) => wireAppointment(row, agent)),
      })),
    }),
  );
  app.get('/_sandbox/feed.json', (c) => c.json(agencyFeed(context.seed)));
  app.get('/_sandbox/stats', (c) => c.json({ requests: context.requests.count(c.req.query('path')) }));
}
