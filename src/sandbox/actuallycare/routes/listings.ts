import type { Hono } from 'hono';
import type { AppEnv, EmulatorContext } from '../context.ts';
import { fail, ok, page } from '../envelope.ts';
import { ListingsQuery, parseInput } from '../request-schemas.ts';
import { requireScope } from './guards.ts';
import { wireListing, wireListingAbbreviated } from '../wire.ts';

/** The brokerage's listings, filtered and paged as the listings reference describes. */
export function registerListingRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  const wire = context.shapes.listingRows === 'quickstart' ? wireListingAbbreviated : wireListing;
  app.get('/v1/listings', requireScope(context, 'listings', 'read'), (c) => {
    const query = parseInput(ListingsQuery, c.req.query());
    if (!query.ok)
      return fail(context, c, 400, 'VALIDATION_ERROR', 'Invalid query parameters', query.details);
    const { status, minPrice, maxPrice } = query.data;
    // Best guess: every key sees the brokerage's listings (no per-user visibility of listings is published).
    const rows = context.seed.listings
      .filter(
        (listing) =>
          (status === undefined || listing.status === status) &&
          (minPrice === undefined || listing.listPrice >= minPrice) &&
          (maxPrice === undefined || listing.listPrice <= maxPrice),
      )
      .map(wire);
    // "The envelope also carries data.stats aggregates"; best guess for what they hold: counts by status.
    const stats: Record<string, number> = {};
    for (const listing of context.seed.listings) stats[listing.status] = (stats[listing.status] ?? 0) + 1;
    return ok(context, c, { ...page('listings', rows, query.data), stats });
  });
}
