import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLogger } from '../../src/proxy/log.ts';
import { guest, propertyWithSlots, startHarness, TODAY, type Harness } from './harness.ts';

const METRICS_TOKEN = 'fuzz-metrics-token-0123456789';
import { mulberry32 } from '../../src/sandbox/shared/random.ts';

const NASTY = [
  '',
  ' ',
  '%00',
  '%',
  '%zz',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '9'.repeat(400),
  '-1',
  '1e309',
  'NaN',
  'null',
  '{}',
  '[]',
  '🏠',
  '\u0000',
  'true',
  '2026-02-30',
  '2026-11-23T25:00',
];

/** HTTP header values are bytes; only these can be sent at all. */
const NASTY_HEADERS = NASTY.filter((value) => /^[\x20-\x7e]*$/.test(value));

let harness: Harness;
const lines: string[] = [];
beforeAll(async () => {
  // Some mutations are still valid bookings; the fuzz is about the proxy, not agentOS's 50 a minute.
  harness = await startHarness({
    unlimited: true,
    proxy: { log: jsonLogger((line) => lines.push(line)), metricsToken: METRICS_TOKEN },
  });
});
afterAll(() => harness.stop());

describe('malformed requests', () => {
  it('get a 4xx with an error code from every route, never a 5xx, a crash or a hang', async () => {
    const rand = mulberry32(20261123);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
    const nasty = () => encodeURIComponent(pick(NASTY));
    const { property, slots } = await propertyWithSlots(harness);
    const valid = { propertyId: property.id, slotId: slots[0]!.id, guest, consent: { marketing: false } };
    const mutate = (): unknown => {
      const body: Record<string, unknown> = structuredClone(valid);
      const field = pick(['propertyId', 'slotId', 'guest', 'consent', 'message', 'extra']);
      const value = pick<unknown>([
        null,
        7,
        -1,
        '',
        'x'.repeat(5000),
        [],
        {},
        true,
        pick(NASTY),
        { firstName: 1 },
        { marketing: 'yes' },
      ]);
      if (field === 'guest' && rand() < 0.5)
        body.guest = { ...guest, [pick(['firstName', 'lastName', 'email', 'phone'])]: value };
      else body[field] = value;
      return rand() < 0.1 ? pick<unknown>([null, [], 42, 'string', [valid]]) : body;
    };
    const requests: (() => [string, RequestInit])[] = [
      () => [`/v1/properties?${pick(['branchId', 'channel', 'cursor', 'limit'])}=${nasty()}`, {}],
      () => [`/v1/properties/${nasty() || 'x'}`, {}],
      () => [
        `/v1/slots?propertyId=${rand() < 0.5 ? property.id : nasty()}&from=${rand() < 0.3 ? TODAY : nasty()}&days=${nasty()}`,
        {},
      ],
      () => [`/v1/photos/${nasty() || 'x'}`, {}],
      () => [`/v1/${nasty()}`, { method: pick(['GET', 'PUT', 'DELETE', 'PATCH']) }],
      () => [
        '/v1/bookings',
        {
          method: 'POST',
          headers: {
            'content-type': pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded']),
            'idempotency-key': rand() < 0.2 ? pick(NASTY_HEADERS) : `fuzz-${rand().toString(36).slice(2)}`,
          },
          body: rand() < 0.15 ? pick(NASTY) : JSON.stringify(mutate()),
        },
      ],
      () => [`/v1/webhooks/${nasty() || 'x'}`, { method: 'POST', body: pick(NASTY) }],
      () => [
        '/v1/branches',
        { headers: { origin: pick(['null', 'https://evil.example', pick(NASTY_HEADERS)]) } },
      ],
    ];

    const statuses = new Map<number, number>();
    for (let i = 0; i < 3_000; i++) {
      const [path, init] = pick(requests)();
      const response = await Promise.race([
        harness.proxy.app.request(`http://proxy.test${path}`, init),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`hung: ${path}`)), 5_000)),
      ]);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status >= 500)
        throw new Error(
          `${init.method ?? 'GET'} ${path} answered ${response.status}: ${await response.text()}`,
        );
      if (response.status >= 400 && response.headers.get('content-type')?.includes('json')) {
        const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
        expect(typeof body.error?.code).toBe('string');
        expect(typeof body.error?.message).toBe('string');
      } else await response.arrayBuffer();
    }
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);
    // The fuzzing reached the validators, not only the router.
    expect(statuses.get(422)).toBeGreaterThan(100);
    expect(statuses.get(404)).toBeGreaterThan(100);
  });
});

describe('secrets and other people’s data', () => {
  it('never appear in a response, a log line or the built widget', async () => {
    const known = harness.emulator.contacts()[0]!;
    const others = harness.emulator.contacts().slice(1);
    const { property, slots } = await propertyWithSlots(harness);
    // The visitor is a known contact: the proxy matches them, and must still say nothing about the match.
    const visitor = {
      firstName: known.forename,
      lastName: known.surname,
      email: known.email,
      phone: '07700 900999',
    };
    const seen: string[] = [];
    const record = async (path: string, init?: RequestInit) => {
      const response = await harness.proxy.app.request(`http://proxy.test${path}`, init);
      seen.push(JSON.stringify([...response.headers]), await response.text());
    };
    await record('/v1/branches');
    await record('/v1/properties?limit=100');
    await record(`/v1/properties/${property.id}`);
    await record(`/v1/slots?propertyId=${property.id}&from=${TODAY}&days=14`);
    await record('/v1/bookings', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'leak-check-1' },
      body: JSON.stringify({
        propertyId: property.id,
        slotId: slots[1]!.id,
        guest: visitor,
        consent: { marketing: false },
      }),
    });
    await record('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    await record('/readyz');
    const dist = fileURLToPath(new URL('../../dist/viewing-widget.js', import.meta.url));
    if (existsSync(dist)) seen.push(readFileSync(dist, 'utf8'));
    const everything = [...seen, ...lines].join('\n');

    expect(everything).not.toContain(harness.emulator.apiKey);
    // The matched contact's record id and stored mobile are the agency's data, not the visitor's to learn.
    expect(everything).not.toContain(known.id);
    expect(everything).not.toContain(known.mobile);
    for (const other of others) {
      expect(everything).not.toContain(other.email);
      expect(everything).not.toContain(other.mobile);
    }
  });
});
