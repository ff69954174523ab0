import { describe, expect, it } from 'vitest';
import { ActuallyCareBackend } from '../../src/backends/actuallycare/index.ts';
import {
  createActuallyCareEmulator,
  type ActuallyCareEmulatorOptions,
} from '../../src/sandbox/actuallycare/index.ts';

/** Monday 6 July 2026, 08:00 in California. */
const NOW = new Date('2026-07-06T15:00:00Z');

type Settings = ReturnType<typeof settingsOf>;

function account(
  options: ActuallyCareEmulatorOptions = {},
  change: (settings: Settings) => Settings = (s) => s,
) {
  const emulator = createActuallyCareEmulator({ now: () => NOW, rateLimit: false, ...options });
  const settings = settingsOf(emulator);
  const backend = new ActuallyCareBackend({
    baseUrl: 'http://actuallycare.sandbox',
    ...change(settings),
    now: () => NOW,
    fetch: async (input, init) => emulator.fetch(new Request(input, init)),
  });
  return { emulator, backend, settings };
}

const settingsOf = (emulator: ReturnType<typeof createActuallyCareEmulator>) => ({
  apiKey: emulator.apiKey,
  ...emulator.sandboxSettings(),
});

describe('ActuallyCare account checks for the doctor', () => {
  it('passes every check on a working account, naming agents and counts, and books nothing', async () => {
    const { emulator, backend, settings } = account();
    const before = emulator.appointments();
    const keys = new Set(settings.branches.flatMap((branch) => branch.agents.map((agent) => agent.apiKey)));
    emulator.resetRequestCount();
    const checks = await backend.checkAccount();
    expect(checks.every((check) => check.ok)).toBe(true);
    // One read for each key, one for listings.
    expect(checks).toHaveLength(keys.size + 1);
    expect(emulator.requestCount()).toBe(keys.size + 1);
    expect(checks.map((check) => check.name)).toContain('ActuallyCare key of Maria Delgado');
    const active = emulator.listings().filter((listing) => listing.status === 'active').length;
    expect(checks.at(-1)).toMatchObject({
      name: 'ActuallyCare listings',
      detail: `${active} active listings, read with the top-level apiKey`,
    });
    expect(emulator.appointments()).toEqual(before);
    const said = JSON.stringify(checks);
    for (const key of [...keys, settings.apiKey]) expect(said).not.toContain(key);
  });

  it('fails the check of an agent whose key is wrong, saying what to change, and not the others', async () => {
    const { backend } = account({}, (settings) => ({
      ...settings,
      branches: settings.branches.map((branch) => ({
        ...branch,
        agents: branch.agents.map((agent) =>
          agent.name === 'Maria Delgado' ? { ...agent, apiKey: 'revoked-key-of-maria' } : agent,
        ),
      })),
    }));
    const checks = await backend.checkAccount();
    const failed = checks.filter((check) => !check.ok);
    expect(failed).toEqual([
      {
        name: 'ActuallyCare key of Maria Delgado',
        ok: false,
        detail: 'the key was not accepted (401)',
        hint: expect.stringContaining('created by Maria Delgado'),
      },
    ]);
    expect(JSON.stringify(checks)).not.toContain('revoked-key-of-maria');
  });

  it('names the missing scope when a key may not read appointments or listings', async () => {
    const probe = createActuallyCareEmulator({ now: () => NOW });
    const kevin = probe.agents().find((agent) => agent.firstName === 'Kevin')!;
    const { backend } = account({
      scopes: {
        [probe.keyFor(kevin.id)]: { appointments: [], listings: ['read'] },
        [probe.apiKey]: { appointments: ['read', 'write'], listings: [] },
      },
    });
    const failed = (await backend.checkAccount()).filter((check) => !check.ok);
    expect(failed.map((check) => [check.name, check.detail, check.hint])).toEqual([
      [
        'ActuallyCare key of Kevin Tran',
        'the key lacks a scope (403)',
        'Give Kevin Tran’s key the appointments scope with read and write.',
      ],
      [
        'ActuallyCare listings',
        'the top-level apiKey: the key lacks a scope (403)',
        'Give the top-level apiKey the listings scope with read.',
      ],
    ]);
  });
});
