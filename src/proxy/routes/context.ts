import type { Context } from 'hono';
import type { Catalog } from '../../backends/index.ts';
import type { CatalogCache } from '../catalog.ts';
import { errorResponse } from '../errors.ts';
import { MISDIRECTED_MESSAGE, type linkBase } from '../link-base.ts';

/** What the route modules share of the proxy around them. */
export interface RouteContext {
  catalog: CatalogCache;
  /** Serves from the synced copy only; before the first sync completes the caller waits for it. */
  withCatalog(c: Context, use: (copy: Catalog) => Response | Promise<Response>): Response | Promise<Response>;
  /** The base for links made while answering `c`; undefined when the request's host is not the proxy's. */
  baseUrl(c: Context): string | undefined;
  /** The base for links from a request to a path that starts at `marker` (e.g. `/manage/`). */
  linksFor: ReturnType<typeof linkBase>;
  /** The answer to a request whose host the proxy may not make links for. */
  misdirected(c: Context): Response;
}

const notReady = (c: Context) =>
  errorResponse(c, 503, 'not_ready', 'Property details are still loading. Please try again in a moment.');

export function routeContext(catalog: CatalogCache, linksFor: ReturnType<typeof linkBase>): RouteContext {
  return {
    catalog,
    withCatalog(c, use) {
      // Nearly always there: answered without waiting a turn for it.
      const copy = catalog.current;
      return copy ? use(copy) : catalog.ready().then((synced) => (synced ? use(synced) : notReady(c)));
    },
    baseUrl(c) {
      const url = new URL(c.req.url);
      return linksFor(url, url.pathname.slice(0, url.pathname.indexOf('/v1/')));
    },
    linksFor,
    misdirected: (c) => errorResponse(c, 421, 'misdirected_request', MISDIRECTED_MESSAGE),
  };
}
