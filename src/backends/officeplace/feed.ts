import { DEFAULT_TIMEOUT_MS, fetchWithTimeout, parseUpstream, readJson, type FetchLike } from '../http.ts';
import { UpstreamError } from '../types.ts';
import { OfficePlaceCatalog } from './settings.ts';

const FEED = 'the agency’s catalogue feed';

/** Reads the agency's own catalogue feed; a feed that is down or malformed fails the sync, not the proxy. */
export async function readCatalogFeed(
  url: string,
  fetchImpl: FetchLike,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<OfficePlaceCatalog> {
  const response = await fetchWithTimeout(
    FEED,
    fetchImpl,
    new URL(url),
    { headers: { accept: 'application/json' } },
    timeoutMs,
  );
  if (!response.ok) {
    await response.body?.cancel();
    throw new UpstreamError(
      response.status >= 500 ? 'upstream_unavailable' : 'upstream_error',
      `${FEED} answered ${response.status}`,
      response.status,
    );
  }
  return parseUpstream(FEED, 'catalogue', OfficePlaceCatalog, await readJson(FEED, response));
}
