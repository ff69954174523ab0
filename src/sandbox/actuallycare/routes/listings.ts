import type { Hono } from 'hono';
import type { AppEnv, EmulatorContext } from '../context.ts';
import { fail, ok, page } from '../envelope.ts';
import { IdParam, ListingsQuery, parseInput } from '../request-schemas.ts';
import { wireListing } from '../wire.ts';

/** The brokerage's listings, filtered and paged as the API reference describes. */
export function registerListingRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  app.get('/v1/listings', (c) => {
    const query = parseInput(ListingsQuery, c.req.query());
    if (!query.ok)
      return fail(context, c, 400, 'VALIDATION_ERROR', 'Invalid query parameters', query.details);
    const { status, minPrice, maxPrice } = query.data;
    const rows = context.seed.listings
      .filter(
        (listing) =>
          (status === undefined || listing.status === status) &&
          (minPrice === undefined || listing.listPrice >= minPrice) &&
          (maxPrice === undefined || listing.listPrice <= maxPrice),
      )
      .map((listing) => wireListing(listing, context.now()));
    return ok(context, c, page('listings', rows, query.data));
  });

  app.get('/v1/listings/:id', (c) => {
    const param = parseInput(IdParam, c.req.param());
    if (!param.ok) return fail(context, c, 400, 'VALIDATION_ERROR', 'Invalid listing id', param.details);
    const listing = context.seed.listings.find((candidate) => candidate.id === param.data.id);
    if (!listing) return fail(context, c, 404, 'NOT_FOUND', 'Listing not found');
    return ok(context, c, wireListing(listing, context.now()));
  });
}
