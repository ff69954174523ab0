import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AgentBranch,
  LettingsAdvertised,
  Page,
  SalesAdvertised,
} from '../../src/backends/agentos/schemas.ts';
import {
  createAgentOSEmulator,
  type AgentOSEmulator,
  type AgentOSEmulatorOptions,
} from '../../src/sandbox/agentos/index.ts';

const MONDAY_8AM = new Date('2026-11-23T08:00:00Z');
const BASE = '/v4/appointments/harbourandfinch';

const emulator = (options: AgentOSEmulatorOptions = {}) =>
  createAgentOSEmulator({ now: () => MONDAY_8AM, rateLimit: false, ...options });

const RawPage = z.object({ Count: z.number(), Data: z.array(z.record(z.string(), z.unknown())) });

async function raw(agentos: AgentOSEmulator, path: string) {
  const response = await agentos.fetch(
    new Request(`http://sandbox${BASE}${path}`, { headers: { api_key: agentos.apiKey } }),
  );
  expect(response.status, path).toBe(200);
  return RawPage.parse(await response.json());
}

/** Each row's field names, sorted: the wire shape without its values. */
const shapes = (rows: readonly Record<string, unknown>[]) =>
  new Set(rows.map((row) => Object.keys(row).sort().join(',')));

describe('the agentOS emulator’s large-branch seed', () => {
  it('adds Bristol Harbourside, advertising 160 lettings and 140 sales through the paged V4 lists', async () => {
    const agentos = emulator({ seed: 'large-branch' });
    const branches = Page(AgentBranch).parse(await raw(agentos, '/company/branches/0/100'));
    const branch = branches.Data.find((row) => row.Name === 'Bristol Harbourside');
    expect(branch).toBeDefined();

    const lettings = await raw(agentos, `/lettings/tenancies/advertised/0/1000?branchID=${branch?.OID}`);
    const sales = await raw(agentos, `/sales/instructions/advertised/0/1000?branchID=${branch?.OID}`);
    expect(lettings.Count).toBe(160);
    expect(sales.Count).toBe(140);
    // Paged as every V4 list: a short page says the whole count.
    const second = await raw(agentos, `/lettings/tenancies/advertised/100/100?branchID=${branch?.OID}`);
    expect(second).toMatchObject({ Count: 160 });
    expect(second.Data).toHaveLength(60);
    expect(Page(LettingsAdvertised).safeParse(lettings).success).toBe(true);
    expect(Page(SalesAdvertised).safeParse(sales).success).toBe(true);
  });

  it('serves the big branch’s homes in exactly the shape of the standard ones', async () => {
    const standard = emulator();
    const large = emulator({ seed: 'large-branch' });
    for (const list of ['/lettings/tenancies/advertised/0/1000', '/sales/instructions/advertised/0/1000']) {
      const before = await raw(standard, list);
      const after = await raw(large, list);
      expect(shapes(after.Data), list).toEqual(shapes(before.Data));
      // The three standard branches are unchanged, to the last postcode.
      expect(after.Data.slice(0, before.Count), list).toEqual(before.Data);
    }
    expect(large.branches().slice(0, 3)).toEqual(standard.branches());
  });

  it('refuses a seed it does not have, naming the ones it has', () => {
    // As a caller from plain JavaScript or a config file could pass it; the types alone would not let it through.
    expect(() => createAgentOSEmulator({ seed: 'huge' as 'large-branch' })).toThrow(/standard, large-branch/);
  });
});
