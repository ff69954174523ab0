import type { Hono } from 'hono';
import type { AppEnv, EmulatorContext } from '../context.ts';
import { propertyPhoto } from '../photos.ts';
import { message } from './http.ts';

/** The advertising tier's photo download, behind the same key as everything else. */
export function registerAdvertisingRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  app.get('/v4/advertising/:shortName/download/:oid', (c) => {
    const property = context.seed.properties.find((candidate) => candidate.id === c.req.param('oid'));
    if (!property) return message(c, 404, 'Document not found.');
    return c.body(propertyPhoto(property), 200, {
      'Content-Type': 'image/svg+xml; charset=utf-8',
      'Cache-Control': 'public, max-age=86400',
    });
  });
}
