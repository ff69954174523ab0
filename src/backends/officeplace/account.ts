import { addIsoDays, inZone } from '../slot-time.ts';
import { UpstreamError, type AccountCheck } from '../types.ts';
import type { OfficePlaceClient } from './client.ts';
import type { OfficePlaceCatalog, OfficePlaceSettings } from './settings.ts';
import { fromZonedTime } from 'date-fns-tz';

export interface AccountDesk {
  client: OfficePlaceClient;
  settings: OfficePlaceSettings;
  /** The catalogue as the backend reads it: from the settings, or the agency's feed. */
  catalogue(): Promise<OfficePlaceCatalog>;
  now: () => Date;
}

const why = (error: unknown) => (error instanceof Error ? error.message : 'it failed');
const statusOf = (error: unknown) => (error instanceof UpstreamError ? error.status : undefined);

/**
 * OfficePlace's own checks of an account, read-only and frugal: the catalogue (no Connector call), a token
 * (one call), and one day of the first agent's calendar (one call). Messages carry counts and statuses,
 * never the credentials or what a calendar holds.
 */
export async function checkAccount(desk: AccountDesk): Promise<AccountCheck[]> {
  const { client, settings } = desk;
  const checks: AccountCheck[] = [];

  let catalogue: OfficePlaceCatalog | undefined;
  try {
    catalogue = await desk.catalogue();
    const agents = catalogue.branches.reduce((sum, branch) => sum + branch.agents.length, 0);
    checks.push({
      name: 'catalogue feed',
      ok: true,
      detail: `${settings.catalog ? 'the config' : 'the agency’s feed'} lists ${catalogue.branches.length} branches, ${agents} agents and ${catalogue.properties.length} properties`,
    });
  } catch (error) {
    checks.push({
      name: 'catalogue feed',
      ok: false,
      detail: why(error),
      hint: 'Make catalogUrl answer JSON with the branches (each with its agents’ adId) and properties the proxy offers, or write them under catalog.',
    });
  }

  let token = false;
  try {
    const issued = await client.issueToken('sync');
    token = true;
    checks.push({
      name: 'token',
      ok: true,
      detail: `the Connector issued a bearer token (as ${issued.field}) for ${Math.round(issued.expiresIn / 60)} minutes`,
    });
  } catch (error) {
    const status = statusOf(error);
    checks.push({
      name: 'token',
      ok: false,
      detail: why(error),
      hint:
        status === 401 || status === 400
          ? 'Check clientId and clientSecret: they are the Connector’s client credentials for this tenant.'
          : status === 404
            ? 'Check tenantId and baseUrl: the Connector does not know this tenant there.'
            : 'Check baseUrl and that this machine can reach the Connector.',
    });
  }

  const branch = catalogue?.branches[0];
  const agent = branch?.agents[0];
  if (!token || !branch || !agent) {
    checks.push({
      name: 'calendar read',
      ok: false,
      detail: `not tried: ${token ? 'no agent in the catalogue' : 'no token'}`,
      hint: token
        ? 'List at least one agent (their adId) under a branch of the catalogue.'
        : 'Fix the token check first.',
    });
    return checks;
  }
  const today = inZone(desk.now(), branch.timeZone).slice(0, 10);
  const start = fromZonedTime(`${today}T00:00:00`, branch.timeZone);
  const end = fromZonedTime(`${addIsoDays(today, 1)}T00:00:00`, branch.timeZone);
  try {
    const { items, unreadable } = await client.preview(
      agent.domainId ?? settings.domainId,
      agent.adId,
      start,
      end,
      'sync',
    );
    checks.push({
      name: 'calendar read',
      ok: unreadable === 0,
      detail: `read today in the calendar of the first agent of branch ${branch.id}: ${items.length} entries${unreadable ? `, ${unreadable} that could not be read` : ''}`,
      ...(unreadable
        ? {
            hint: 'Some calendar entries came in a shape the proxy cannot read; their agent is never offered on those days. Report the shape.',
          }
        : {}),
    });
  } catch (error) {
    const status = statusOf(error);
    checks.push({
      name: 'calendar read',
      ok: false,
      detail: why(error),
      hint:
        status === 403 || status === 401
          ? 'Grant the Connector client read and write access to the agents’ calendars.'
          : status === 404 || status === 400
            ? 'Check domainId (the directory tenant) and each agent’s adId (their directory user id).'
            : 'Check that the Connector answers calendar previews for this tenant.',
    });
  }
  return checks;
}
