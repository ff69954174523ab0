import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import { addIsoDays } from '../../backends/slot-time.ts';
import { FormTokenQuery, SlotsQuery, type FormTokenResponse } from '../../contract/index.ts';
import { errorResponse, invalidRequest, noSuchHome } from '../errors.ts';
import type { FormCheck } from '../form-check.ts';
import { MAX_DAYS_AHEAD, type FreeTimes } from '../free-times.ts';
import type { Metrics } from '../metrics.ts';
import type { clientSpend } from '../middleware.ts';
import { todayIn } from '../today.ts';
import type { RouteContext } from './context.ts';

export interface SlotsRoutesOptions {
  context: RouteContext;
  freeTimes: FreeTimes;
  formCheck: FormCheck | undefined;
  spendFor: ReturnType<typeof clientSpend>;
  metrics: Metrics;
  /** How long free times are fresh: a shared cache keeps them this long. */
  slotsTtlMs: number;
  now: () => Date;
}

/** Query texts whose parse is kept; past this many the kept ones are forgotten together. */
const MAX_KEPT_QUERIES = 1_000;

/**
 * A query schema's verdicts on sound query texts, kept: the visitors of a busy home send the same few texts,
 * and parsing each again costs more than answering it from memory. A text that fails is parsed every time, so
 * junk cannot fill the memory; sound ones beyond the limit clear it and start again.
 */
class SoundQueries<Schema extends z.ZodType> {
  private readonly kept = new Map<string, { success: true; data: z.output<Schema> }>();

  constructor(private readonly schema: Schema) {}

  parse(c: Context): z.ZodSafeParseResult<z.output<Schema>> {
    const url = c.req.url;
    const text = url.slice(url.indexOf('?') + 1);
    const kept = this.kept.get(text);
    if (kept) return kept;
    const parsed = this.schema.safeParse(c.req.query());
    if (parsed.success) {
      if (this.kept.size >= MAX_KEPT_QUERIES) this.kept.clear();
      this.kept.set(text, { success: true, data: parsed.data });
    }
    return parsed;
  }
}

/** Free times, the same for every visitor, and the one visitor's form token that goes with them. */
export function slotsRoutes(
  app: Hono,
  { context, freeTimes, formCheck, spendFor, metrics, slotsTtlMs, now }: SlotsRoutesOptions,
): void {
  const { catalog, withCatalog } = context;
  const slotsTtlSeconds = Math.round(slotsTtlMs / 1000);
  const slotsCache = `public, max-age=${Math.min(10, slotsTtlSeconds)}, s-maxage=${slotsTtlSeconds}, stale-while-revalidate=${slotsTtlSeconds}`;
  const slotReads = metrics.counter(
    'viewing_slot_reads_total',
    'Free-time reads, by whether the cache answered.',
    ['cache'],
  );

  const queries = new SoundQueries(SlotsQuery);

  app.get('/v1/slots', (c) =>
    withCatalog(c, async () => {
      const query = queries.parse(c);
      if (!query.success) return invalidRequest(c, query.error, 'query');
      const { propertyId, from, days } = query.data;
      const property = catalog.property(propertyId);
      const branch = property && catalog.branch(property.branchId);
      if (!property || !branch) {
        return noSuchHome(c);
      }
      // Most visitors ask a window already answered today: its text is sent again as it is, and `from` was
      // found in range when it was made.
      const kept = freeTimes.kept(property, branch, from, days);
      if (kept === undefined) {
        const today = todayIn(branch.timeZone, now());
        if (from < addIsoDays(today, -1) || from > addIsoDays(today, MAX_DAYS_AHEAD)) {
          return errorResponse(
            c,
            422,
            'invalid_request',
            `from must be between today and ${MAX_DAYS_AHEAD} days ahead`,
            {
              fields: { from: `must be between ${today} and ${addIsoDays(today, MAX_DAYS_AHEAD)}` },
            },
          );
        }
      }
      // Only the two fields: the kept entry holds much more, and copying it all costs on every read.
      const {
        json,
        etag: tag,
        cache,
      } = kept !== undefined
        ? { json: kept.json, etag: kept.etag, cache: 'hit' as const }
        : await freeTimes.json(property, branch, from, days, spendFor(c));
      slotReads({ cache });
      // The same for every visitor: shared caches keep it, and are told to drop it when the home's times change
      // (see cachePurger), found by this tag. Browsers, which no purge reaches, keep it only briefly.
      c.header('Cache-Control', slotsCache);
      c.header('ETag', tag);
      c.header('X-Viewing-Property', property.id);
      // The tag was made once with the kept text, so a browser or cache that has it is answered at once.
      if (c.req.header('If-None-Match')?.includes(tag)) return c.body(null, 304);
      return c.body(json, 200, { 'Content-Type': 'application/json' });
    }),
  );

  app.get('/v1/form-token', (c) =>
    withCatalog(c, async () => {
      const query = FormTokenQuery.safeParse(c.req.query());
      if (!query.success) return invalidRequest(c, query.error, 'query');
      if (!catalog.property(query.data.propertyId)) return noSuchHome(c);
      // One visitor's: never kept by any cache, unlike the free times it goes with.
      c.header('Cache-Control', 'no-store');
      const formToken = await formCheck?.issue(query.data.propertyId);
      return c.json((formToken ? { formToken } : {}) satisfies FormTokenResponse);
    }),
  );
}
