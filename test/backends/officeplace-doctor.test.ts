import { describe, expect, it } from 'vitest';
import { OfficePlaceBackend } from '../../src/backends/officeplace/index.ts';
import {
  createOfficePlaceEmulator,
  type OfficePlaceEmulatorOptions,
} from '../../src/sandbox/officeplace/index.ts';

/** Monday 23 November 2026, 08:00 in London (GMT). */
const NOW = new Date('2026-11-23T08:00:00Z');
const FEED_URL = 'https://www.thamesandwren.example.co.uk/viewings/feed.json';

function setup(
  options: { emulator?: OfficePlaceEmulatorOptions; clientSecret?: string; domainId?: string } = {},
) {
  const emulator = createOfficePlaceEmulator({ now: () => NOW, ...options.emulator });
  const backend = new OfficePlaceBackend({
    baseUrl: 'https://connector.officeplace.example',
    tenantId: emulator.tenantId,
    clientId: emulator.clientId,
    clientSecret: options.clientSecret ?? emulator.clientSecret,
    domainId: options.domainId ?? emulator.domainId,
    catalogUrl: FEED_URL,
    now: () => NOW,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      return emulator.fetch(
        request.url === FEED_URL ? new Request('http://sandbox/_sandbox/feed.json') : request,
      );
    },
  });
  return { emulator, backend };
}

describe('checking an OfficePlace account for the doctor', () => {
  it('finds the catalogue, a token and a calendar it can read, in two Connector calls and no writes', async () => {
    const { emulator, backend } = setup();
    const before = emulator.appointments();
    const checks = await backend.checkAccount();
    expect(checks.map(({ name, ok }) => ({ name, ok }))).toEqual([
      { name: 'catalogue feed', ok: true },
      { name: 'token', ok: true },
      { name: 'calendar read', ok: true },
    ]);
    const feed = emulator.feed();
    expect(checks[0]?.detail).toContain(`${feed.branches.length} branches`);
    expect(checks[0]?.detail).toContain(`${feed.properties.length} properties`);
    expect(checks[1]?.detail).toMatch(/\(as accessToken\) for 60 minutes/);
    expect(checks[2]?.detail).toMatch(/\d+ entries/);
    expect(emulator.requestCount()).toBe(2);
    expect(emulator.appointments()).toEqual(before);
  });

  it('takes the token in the Authentication Guide’s shape too', async () => {
    const { backend } = setup({ emulator: { variants: { token: 'guide' } } });
    const checks = await backend.checkAccount();
    expect(checks.every((check) => check.ok)).toBe(true);
    expect(checks.find((check) => check.name === 'token')?.detail).toMatch(/\(as token\)/);
  });

  it('says the client credentials were refused and what to change, without repeating the secret', async () => {
    const { backend } = setup({ clientSecret: 'wrong-secret-value' });
    const checks = await backend.checkAccount();
    const token = checks.find((check) => check.name === 'token');
    expect(token).toMatchObject({ ok: false, hint: expect.stringContaining('clientSecret') });
    expect(token?.detail).toContain('401');
    expect(checks.find((check) => check.name === 'calendar read')).toMatchObject({
      ok: false,
      detail: 'not tried: no token',
    });
    expect(checks.find((check) => check.name === 'catalogue feed')?.ok).toBe(true);
    expect(JSON.stringify(checks)).not.toContain('wrong-secret-value');
  });

  it('names the directory ids to check when the calendar cannot be read', async () => {
    const { backend } = setup({ domainId: '11111111-2222-4333-8444-555555555555' });
    const checks = await backend.checkAccount();
    expect(checks.find((check) => check.name === 'calendar read')).toMatchObject({
      ok: false,
      hint: expect.stringContaining('domainId'),
    });
  });
});
