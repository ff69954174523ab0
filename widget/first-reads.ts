/** A stalled connection must end in a "try again", not a spinner that never stops. */
export const TIMEOUT_MS = 20_000;

/** The proxy's paths the first step reads, shared by the boot script (which asks early) and the API client. */
export const BRANCHES_PATH = '/v1/branches';
export const propertyPath = (id: string) => `/v1/properties/${encodeURIComponent(id)}`;

/** Answers asked for before the flow's code arrived, by URL; each is handed out once. */
export type Prefetched = Map<string, Promise<Response>>;

/** The proxy URL without trailing slashes, the way every request path is appended to it. */
export const proxyBase = (proxy: string) => proxy.replace(/\/+$/, '');

/**
 * Starts the requests the flow's first step makes (the branches and, on a property's page, that property),
 * so they travel while the flow's code loads instead of after it.
 */
export function firstReads(proxy: string, propertyId?: string): Prefetched {
  const paths = propertyId ? [propertyPath(propertyId), BRANCHES_PATH] : [BRANCHES_PATH];
  const reads: Prefetched = new Map();
  for (const path of paths) {
    const url = proxyBase(proxy) + path;
    const answer = fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    // Unread when the view never asks (the attributes changed first): not an unhandled rejection.
    answer.catch(() => undefined);
    reads.set(url, answer);
  }
  return reads;
}
