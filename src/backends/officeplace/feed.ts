import { z } from 'zod';
import { DEFAULT_TIMEOUT_MS, fetchWithTimeout, parseUpstream, readJson, type FetchLike } from '../http.ts';
import { parseEach, type SkippedRecords } from '../skipped.ts';
import { UpstreamError } from '../types.ts';
import {
  OfficePlaceBranch,
  OfficePlaceCatalog,
  OfficePlaceProperty,
  type OfficePlaceProperty as Property,
} from './settings.ts';

const FEED = 'the agency’s catalogue feed';

/** The feed's outline; its rows are read one by one, so one odd row loses that row only. */
const FeedOutline = z.looseObject({
  branches: z.array(z.unknown()),
  properties: z.array(z.unknown()),
});

/**
 * Reads the agency's own catalogue feed. A feed that is down, not JSON or without its two lists fails the
 * sync (the proxy keeps what it had); a branch or property that cannot be used is left out and counted in
 * `skipped`, and the rest is served.
 */
export async function readCatalogFeed(
  url: string,
  fetchImpl: FetchLike,
  skipped: SkippedRecords,
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
  const outline = parseUpstream(FEED, 'catalogue', FeedOutline, await readJson(FEED, response));
  return usableCatalog(outline, skipped);
}

/**
 * The rows of a feed that can be used together: branches that parse, once each; properties that parse,
 * once each, in one of those branches, shown only by that branch's agents.
 */
export function usableCatalog(
  outline: { branches: readonly unknown[]; properties: readonly unknown[] },
  skipped: SkippedRecords,
): OfficePlaceCatalog {
  const branches = new Map<string, OfficePlaceBranch>();
  parseEach(OfficePlaceBranch, outline.branches, 'feed branches', skipped).forEach((branch) => {
    if (branches.has(branch.id)) skipped.skip('duplicate_id', `feed branches id ${branch.id}`);
    else branches.set(branch.id, branch);
  });
  if (branches.size === 0) {
    throw new UpstreamError('upstream_error', `${FEED} lists no branch that can be used`);
  }
  const properties = new Map<string, Property>();
  parseEach(OfficePlaceProperty, outline.properties, 'feed properties', skipped).forEach((property) => {
    const where = `feed properties id ${property.id}`;
    const branch = branches.get(property.branchId);
    if (!branch) return skipped.skip('unknown_branch', `${where}.branchId`);
    if (properties.has(property.id)) return skipped.skip('duplicate_id', `${where}.id`);
    const strangers = (property.viewing?.agentIds ?? []).filter(
      (id) => !branch.agents.some((agent) => agent.adId === id),
    );
    if (strangers.length > 0) return skipped.skip('unknown_agent', `${where}.viewing.agentIds`);
    properties.set(property.id, property);
  });
  // The same rules as a catalogue written in the config, which now hold by construction.
  return parseUpstream(FEED, 'catalogue', OfficePlaceCatalog, {
    branches: [...branches.values()],
    properties: [...properties.values()],
  });
}
