import type { Hono } from 'hono';
import type { AppEnv, EmulatorContext } from '../context.ts';

/**
 * Not part of agentOS: read-only views for browser tests running in another process. No key, no rate limit,
 * and open to any origin, since they expose only what the sandbox itself invented.
 */
export function registerSandboxRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  app.use('/_sandbox/*', async (c, next) => {
    await next();
    c.header('Access-Control-Allow-Origin', '*');
  });
  app.get('/_sandbox/diary', (c) => c.json({ diary: context.diary.entries() }));
  app.get('/_sandbox/messages', (c) => c.json({ messages: context.messages.list() }));
  app.get('/_sandbox/feedback', (c) => c.json({ feedback: context.feedback.list() }));
  app.get('/_sandbox/stats', (c) => c.json({ requests: context.requests.count(c.req.query('path')) }));
}
