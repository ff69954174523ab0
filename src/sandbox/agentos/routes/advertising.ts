import type { Hono } from 'hono';
import type { AppEnv, EmulatorContext } from '../context.ts';
import type { SeedProperty } from '../model.ts';
import { photoDocument, photosOf } from '../photos.ts';
import { Paging, parseInput } from '../request-schemas.ts';
import { wireBranch, wirePhoto } from '../wire.ts';
import { invalid, message, page } from './http.ts';

const BASE = '/v4/advertising/:shortName';

/**
 * The advertising tier, as far as a website needs it: branches, each home's pictures (V2's PhotoModel) and
 * the download of one picture by the photo's own OID. A lettings home is listed by its property id, a sale by
 * its instruction id, as the public V4 importers call them.
 */
export function registerAdvertisingRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  const { seed } = context;
  const photos = seed.properties.flatMap((property) =>
    photosOf(property).map((photo) => ({ photo, property })),
  );

  app.get(`${BASE}/company/branches/:offset/:count`, (c) => {
    const paging = parseInput(Paging, c.req.param());
    if (!paging.ok) return invalid(c, paging.message);
    const rows = seed.branches.map((branch) => wireBranch(branch, seed.company.name));
    return c.json(page(rows, paging.data));
  });

  const paths = {
    lettings: `${BASE}/lettings/properties/:id/photos/:offset/:count`,
    sales: `${BASE}/sales/salesinstructions/:id/photos/:offset/:count`,
  } as const;
  for (const channel of ['lettings', 'sales'] as const satisfies readonly SeedProperty['channel'][]) {
    app.get(paths[channel], (c) => {
      const paging = parseInput(Paging, { offset: c.req.param('offset'), count: c.req.param('count') });
      if (!paging.ok) return invalid(c, paging.message);
      const id = c.req.param('id');
      const property = seed.properties.find((one) => one.id === id && one.channel === channel);
      if (!property) {
        return message(c, 404, channel === 'lettings' ? 'Property not found.' : 'Instruction not found.');
      }
      return c.json(page(photosOf(property).map(wirePhoto), paging.data));
    });
  }

  // By the photo's OID only: a property's or an instruction's id is not a document. Best guess: the content
  // type; agentOS serves the uploaded file, and the emulator's pictures are drawn as SVG.
  app.get(`${BASE}/download/:oid`, (c) => {
    const found = photos.find(({ photo }) => photo.id === c.req.param('oid'));
    if (!found) return message(c, 404, 'Document not found.');
    return c.body(photoDocument(found.property, found.photo), 200, {
      'Content-Type': 'image/svg+xml; charset=utf-8',
      'Cache-Control': 'public, max-age=86400',
    });
  });
}
