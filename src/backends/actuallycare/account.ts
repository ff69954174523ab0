import { UpstreamError, type AccountCheck } from '../types.ts';
import type { Calendars } from './calendars.ts';
import type { Probe } from './client.ts';
import type { ActuallyCareSettings } from './settings.ts';

type Outcome = Probe | { status: 0; why: string };

/** A probe that could not reach ActuallyCare at all is a failed check, not a crash of the doctor. */
async function safely(probe: () => Promise<Probe>): Promise<Outcome> {
  try {
    return await probe();
  } catch (error) {
    if (error instanceof UpstreamError) return { status: 0, why: error.code };
    throw error;
  }
}

/** What went wrong, in words; never the key. */
function refusal(outcome: Outcome): string {
  if ('why' in outcome) return `ActuallyCare could not be reached (${outcome.why})`;
  if (outcome.status === 401) return 'the key was not accepted (401)';
  if (outcome.status === 403) return 'the key lacks a scope (403)';
  if (outcome.status === 429) return 'ActuallyCare is rate limiting this address (429)';
  return `ActuallyCare answered ${outcome.status}`;
}

const count = (outcome: Outcome): string =>
  'total' in outcome && outcome.total !== undefined ? String(outcome.total) : '?';

/**
 * ActuallyCare's own read-only account checks, for `viewing-proxy doctor`: each configured key is accepted
 * and may read appointments, and the listings key may read listings (with their count). Nothing is booked or
 * changed: one read per key, and one per listing status offered. Whether a key may also write appointments
 * cannot be seen without writing, so the check says so instead.
 */
export async function checkAccount(
  settings: ActuallyCareSettings,
  calendars: Calendars,
  today: string,
): Promise<AccountCheck[]> {
  const names = new Map(
    settings.branches.flatMap((branch) =>
      branch.agents.map((agent) => [agent.userId, agent.name ?? agent.userId] as const),
    ),
  );
  const whose = (agentIds: readonly string[]) => agentIds.map((id) => names.get(id) ?? id).join(', ');
  const checks: AccountCheck[] = [];

  for (const calendar of calendars.all()) {
    const owner = whose(calendar.agentIds);
    const name = `ActuallyCare key of ${owner}`;
    const read = await safely(() =>
      calendar.client.probe('appointments', { status: 'scheduled', start_date: today }),
    );
    if (read.status === 200) {
      checks.push({
        name,
        ok: true,
        detail: `accepted; ${count(read)} scheduled appointments from ${today} (the write scope can only be seen by booking)`,
      });
      continue;
    }
    checks.push({
      name,
      ok: false,
      detail: refusal(read),
      hint:
        read.status === 401
          ? `Use an ActuallyCare API key created by ${owner} (a key acts as its owner) as their apiKey; this one is unknown or revoked.`
          : read.status === 403
            ? `Give ${owner}’s key the appointments scope with read and write.`
            : 'Check that baseUrl points at ActuallyCare and that it can be reached from here.',
    });
  }

  const listingsOwner =
    settings.apiKey !== undefined
      ? 'the top-level apiKey'
      : `the key of ${whose(calendars.all()[0]?.agentIds ?? [])}`;
  const found: string[] = [];
  for (const status of settings.listingStatuses) {
    const probe = await safely(() => calendars.listings.probe('listings', { status }));
    if (probe.status !== 200) {
      checks.push({
        name: 'ActuallyCare listings',
        ok: false,
        detail: `${listingsOwner}: ${refusal(probe)}`,
        hint:
          probe.status === 403
            ? `Give ${listingsOwner} the listings scope with read.`
            : `Check ${listingsOwner}: it must be an ActuallyCare API key whose owner sees the brokerage’s listings.`,
      });
      return checks;
    }
    found.push(`${count(probe)} ${status}`);
  }
  checks.push({
    name: 'ActuallyCare listings',
    ok: true,
    detail: `${found.join(', ')} listings, read with ${listingsOwner}`,
  });
  return checks;
}
