import type { Store } from './store/index.ts';

/**
 * What one request costs the agency's upstream budget, in calls: a free-time window read from the upstream
 * (agentOS reads a week in one call), and a booking attempt (the live check, the guest, the diary entry).
 * Answers served from cache cost nothing.
 */
export const UPSTREAM_COST = { window: 1, booking: 3 } as const;

/** Pays for upstream calls one client causes; throws `AllowanceSpent` when its allowance is used up. */
export type Spend = (calls: number) => Promise<void>;

/** The client has caused as many upstream calls as it may this minute; nothing was asked of the upstream. */
export class AllowanceSpent extends Error {
  constructor(readonly retryAfterMs: number) {
    super('This client has used its share of the upstream budget for now.');
    this.name = 'AllowanceSpent';
  }
}

/** Spending for callers the proxy does not limit (the staff desk, background work). */
export const unmetered: Spend = async () => undefined;

/**
 * A client's share of the upstream budget: at most `perMinute` upstream calls caused in any minute, counted
 * in the shared store so the share holds across instances. The agency's whole budget is small (agentOS: 50
 * calls a minute per key), so a request limit alone would let one client spend all of it with cache misses.
 */
export function upstreamAllowance(store: Store, client: string, perMinute: number): Spend {
  return async (calls) => {
    for (let i = 0; i < calls; i++) {
      const place = await store.take(`rl:cost:${client}`, perMinute, 60_000);
      if (!place.taken) throw new AllowanceSpent(place.retryAfterMs);
    }
  };
}
