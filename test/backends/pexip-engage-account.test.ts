import { describe, expect, it } from 'vitest';
import { PexipEngageBackend } from '../../src/backends/pexip-engage/index.ts';
import { createPexipEngageEmulator, SCOPES, type ApiClient } from '../../src/sandbox/pexip-engage/index.ts';

const NOW = new Date('2026-11-23T08:00:00Z');

function setup(client: Partial<ApiClient> = {}, clientSecret?: string) {
  const emulator = createPexipEngageEmulator({
    now: () => NOW,
    rateLimit: false,
    clients: [{ clientId: 'agency-proxy', clientSecret: 'the-right-secret', ...client }],
  });
  const methods: string[] = [];
  const backend = new PexipEngageBackend({
    baseUrl: 'http://pexip.sandbox',
    enterprise: emulator.enterprise,
    clientId: 'agency-proxy',
    clientSecret: clientSecret ?? 'the-right-secret',
    now: () => NOW,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      methods.push(request.method);
      return emulator.fetch(request);
    },
  });
  return { emulator, backend, methods };
}

describe('Pexip Engage account checks for the doctor', () => {
  it('finds a working account all in order, reading only, in a few calls', async () => {
    const { emulator, backend, methods } = setup();
    const checks = await backend.checkAccount();
    expect(checks.map((check) => [check.name, check.ok])).toEqual([
      ['authentication', true],
      ['scopes', true],
      ['offices', true],
      ['listings', true],
      ['employees', true],
      ['appointments', true],
      ['customer look-up', true],
      ['viewing subject', true],
      ['availability', true],
    ]);
    expect(checks.find((check) => check.name === 'offices')?.detail).toBe('4 active of 4');
    expect(checks.find((check) => check.name === 'viewing subject')?.detail).toContain('Property viewing');
    expect(checks.find((check) => check.name === 'availability')?.detail).toMatch(
      /^[1-9]\d* free OFFICE times at Antwerp/,
    );
    // The token is the only POST: nothing is booked, created or changed.
    expect(methods.filter((method) => method !== 'GET')).toEqual(['POST']);
    expect(methods.length).toBeLessThanOrEqual(10);
    expect(emulator.appointments()).toEqual([]);
    // No customer's details are in what the doctor prints.
    const printed = JSON.stringify(checks);
    for (const customer of emulator.customers()) expect(printed).not.toContain(customer.email);
  });

  it('says the credentials are wrong, and what to check, without repeating the secret', async () => {
    const { backend } = setup({}, 'a-wrong-secret');
    const checks = await backend.checkAccount();
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ name: 'authentication', ok: false });
    expect(checks[0]?.detail).toContain('invalid_client');
    expect(checks[0]?.hint).toMatch(/clientSecret/);
    expect(JSON.stringify(checks)).not.toContain('a-wrong-secret');
  });

  it('names a scope the API client was not granted, and the list it cannot read', async () => {
    const { backend } = setup({ scopes: SCOPES.filter((scope) => scope !== 'engage:employees:readOnly') });
    const checks = await backend.checkAccount();
    expect(checks.find((check) => check.name === 'scopes')).toMatchObject({
      ok: false,
      detail: 'missing: engage:employees:readOnly',
      hint: expect.stringContaining('engage:employees:readOnly'),
    });
    expect(checks.find((check) => check.name === 'employees')).toMatchObject({
      ok: false,
      hint: 'Grant the API client engage:employees:readOnly in Pexip Engage.',
    });
    expect(checks.filter((check) => !check.ok).map((check) => check.name)).toEqual(['scopes', 'employees']);
  });

  it('says when no subject is the one visitors book, naming the ones there are', async () => {
    const { emulator } = setup();
    const named = new PexipEngageBackend({
      baseUrl: 'http://pexip.sandbox',
      enterprise: emulator.enterprise,
      clientId: 'agency-proxy',
      clientSecret: 'the-right-secret',
      subjectName: 'Open house',
      now: () => NOW,
      fetch: async (input, init) => emulator.fetch(new Request(input, init)),
    });
    const subject = (await named.checkAccount()).find((check) => check.name === 'viewing subject');
    expect(subject).toMatchObject({ ok: false, hint: expect.stringContaining('subjectName') });
    expect(subject?.detail).toContain('Property viewing');
  });
});
