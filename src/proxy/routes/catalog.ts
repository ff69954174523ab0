import type { Hono } from 'hono';
import { etag } from 'hono/etag';
import type { Backend } from '../../backends/index.ts';
import {
  PropertiesQuery,
  QuestionsQuery,
  type QuestionsResponse,
  type BranchesResponse,
  type PropertiesResponse,
  type Property,
  type PropertyResponse,
} from '../../contract/index.ts';
import { errorResponse, invalidRequest, noSuchHome } from '../errors.ts';
import type { Pictures } from '../pictures.ts';
import type { QuestionBook } from '../questions.ts';
import type { RouteContext } from './context.ts';

const DEFAULT_PAGE_SIZE = 24;

/**
 * Branches and homes change only with a catalog sync (every 10 minutes by default): a browser keeps them a
 * minute, a shared cache five, and either may answer from a copy up to ten minutes old while it asks again.
 */
const CATALOG_CACHE = 'public, max-age=60, s-maxage=300, stale-while-revalidate=600';

/** Picture types passed on from the upstream; anything else is not shown. */
const PICTURE_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/avif',
  'image/svg+xml',
]);
const PICTURE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

/** The upstream's media type without parameters, when it is a picture type browsers show; else undefined. */
function pictureType(contentType: string): string | undefined {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return PICTURE_TYPES.has(type) ? type : undefined;
}

/** A picture the proxy serves is linked from under its own base. */
const present = (base: string, property: Property): Property =>
  property.photoUrl && !/^https?:/.test(property.photoUrl)
    ? { ...property, photoUrl: `${base}/${property.photoUrl}` }
    : property;

/** Branches, homes and their pictures: read from the synced catalog, never from the upstream on a visitor's behalf. */
export function catalogRoutes(
  app: Hono,
  {
    context,
    backend,
    pictures,
    questions,
    waitlist,
    ownerApproval,
  }: {
    context: RouteContext;
    backend: Backend;
    pictures: Pictures;
    questions: QuestionBook;
    /** Whether the agency keeps waiting lists: the booking form offers them. */
    waitlist: boolean;
    /** Whether the home's owner agrees each viewing: the booking form says so. */
    ownerApproval: (property: Property) => boolean;
  },
): void {
  const { catalog, withCatalog, baseUrl, misdirected } = context;
  // The same for every visitor until the next catalog sync: any shared cache may keep it, and a browser or cache
  // that has it asks again with If-None-Match and is answered 304.
  for (const path of ['/v1/branches', '/v1/properties', '/v1/properties/:id', '/v1/questions']) {
    app.use(path, etag());
  }

  app.get('/v1/branches', (c) =>
    withCatalog(c, (copy) => {
      c.header('Cache-Control', CATALOG_CACHE);
      return c.json({ branches: copy.branches } satisfies BranchesResponse);
    }),
  );

  app.get('/v1/properties', (c) =>
    withCatalog(c, (copy) => {
      const base = baseUrl(c);
      if (!base) return misdirected(c);
      const query = PropertiesQuery.safeParse(c.req.query());
      if (!query.success) return invalidRequest(c, query.error, 'query');
      const { cursor, limit = DEFAULT_PAGE_SIZE, ...filter } = query.data;
      const matching = catalog.homes(copy, filter);
      const offset = Number(cursor ?? 0);
      const page = matching.slice(offset, offset + limit).map((p) => present(base, p));
      const body: PropertiesResponse = { properties: page, total: matching.length };
      if (offset + limit < matching.length) body.nextCursor = String(offset + limit);
      c.header('Cache-Control', CATALOG_CACHE);
      return c.json(body);
    }),
  );

  app.get('/v1/properties/:id', (c) =>
    withCatalog(c, () => {
      const base = baseUrl(c);
      if (!base) return misdirected(c);
      const property = catalog.property(c.req.param('id'));
      if (!property) return noSuchHome(c);
      c.header('Cache-Control', CATALOG_CACHE);
      return c.json({ property: present(base, property) } satisfies PropertyResponse);
    }),
  );

  // The agency's questions for a home's branch and channel: configuration, the same for every visitor.
  app.get('/v1/questions', (c) =>
    withCatalog(c, () => {
      const query = QuestionsQuery.safeParse(c.req.query());
      if (!query.success) return invalidRequest(c, query.error, 'query');
      const property = catalog.property(query.data.propertyId);
      if (!property) return noSuchHome(c);
      c.header('Cache-Control', CATALOG_CACHE);
      return c.json({
        questions: questions.questionsFor(property),
        ...(waitlist ? { waitlist: true as const } : {}),
        ...(ownerApproval(property) ? { ownerApproval: true as const } : {}),
      } satisfies QuestionsResponse);
    }),
  );

  // The tag is the one kept with the picture; `etag()` answers 304 to a browser or cache that already has it.
  app.get('/v1/photos/:id', etag(), async (c) => {
    if (!backend.fetchPhoto || !catalog.property(c.req.param('id'))) {
      return errorResponse(c, 404, 'not_found', 'There is no picture for this property.');
    }
    const photo = await pictures.get(c.req.param('id'));
    if (photo === 'busy') {
      c.header('Retry-After', '60');
      return errorResponse(
        c,
        503,
        'upstream_unavailable',
        'The picture cannot be read right now; it will be here shortly.',
      );
    }
    const type = photo && pictureType(photo.contentType);
    if (!photo || !type) return errorResponse(c, 404, 'not_found', 'There is no picture for this property.');
    // The proxy reads a picture once a day, so browsers and shared caches may too; after that a cached copy is
    // still shown at once for a week while one revalidation runs, which costs a 304 and never the upstream.
    c.header('Cache-Control', 'public, max-age=86400, stale-while-revalidate=604800');
    c.header('ETag', photo.etag);
    c.header('Content-Type', type);
    // Upstream pictures are served from the proxy's own origin, beside the staff diary: opened as a page, an
    // SVG could run script there. As an <img> nothing of this applies; opened directly, it runs nothing.
    c.header('Content-Security-Policy', PICTURE_POLICY);
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(photo.body.slice().buffer);
  });
}
