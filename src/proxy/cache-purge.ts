import type { Change } from './changes.ts';
import type { Logger } from './log.ts';

/** A cache that does not answer within this is left to its time-to-live. */
const PURGE_TIMEOUT_MS = 2_000;

/**
 * Takes a home's free times out of the shared caches in front of the proxy (Varnish, with `deploy/varnish.vcl`)
 * when they change, so the next visitor reading through the cache gets them fresh instead of waiting out the
 * cache's time-to-live. Each cache is sent `BAN` with `X-Viewing-Property: <id>` (`*`: every home); answers tag
 * free times with that header. Only the instance that saw the change sends it. A cache that cannot be told is
 * logged and keeps its copy until `s-maxage` runs out, which is why that stays short.
 */
export function cachePurger(
  urls: readonly string[],
  log: Logger,
  fetchImpl: typeof fetch = fetch,
): (change: Change) => void {
  if (urls.length === 0) return () => undefined;
  return (change) => {
    if (change.kind === 'diary') return;
    const property = change.kind === 'all-times' ? '*' : change.propertyId;
    for (const url of urls) {
      fetchImpl(url, {
        method: 'BAN',
        headers: { 'X-Viewing-Property': property },
        signal: AbortSignal.timeout(PURGE_TIMEOUT_MS),
      }).then(
        async (answer) => {
          await answer.body?.cancel();
          if (!answer.ok) log.warn('cache_purge_refused', { status: answer.status });
        },
        (error: unknown) =>
          log.warn('cache_purge_failed', { message: error instanceof Error ? error.message : String(error) }),
      );
    }
  };
}
