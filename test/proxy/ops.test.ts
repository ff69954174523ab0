import { afterEach, describe, expect, it } from 'vitest';
import { guest, propertyWithSlots, startHarness, TODAY, type Harness } from './harness.ts';
import { jsonLogger } from '../../src/proxy/log.ts';

let harness: Harness;
afterEach(() => harness?.stop());

const METRICS_TOKEN = 'a-long-metrics-token';
const withToken = { headers: { authorization: `Bearer ${METRICS_TOKEN}` } };

/** The sum of the samples named `name` whose labels include `labels`, from Prometheus text. */
function sum(text: string, name: string, labels: Record<string, string>): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const sample = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample || sample[1] !== name) continue;
    const given = Object.fromEntries(
      [...(sample[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([label, value]) => given[label] === value)) total += Number(sample[3]);
  }
  return total;
}

describe('operations', () => {
  it('reports ready when the store answers and the catalog is synced, and not ready when agentOS stops answering', async () => {
    let down = false;
    harness = await startHarness({
      intercept: async (_, answer) => (down ? new Response('down', { status: 503 }) : answer()),
      proxy: { catalogStaleMs: 1_000 },
    });
    expect((await harness.call('/healthz')).status).toBe(200);
    const ready = await harness.json<{ ok: boolean; store: string; upstream: string }>('/readyz');
    expect(ready).toMatchObject({ status: 200, body: { ok: true, store: 'ok', upstream: 'ok' } });
    down = true;
    await harness.proxy.catalog.sync();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const stale = await harness.json<{ ok: boolean; upstream: string; lastError: string }>('/readyz');
    expect(stale.status).toBe(503);
    expect(stale.body.upstream).toBe('stale');
    expect(stale.body.lastError).toMatch(/503/);
  });

  it('counts free-time cache hits, bookings and upstream calls in Prometheus text', async () => {
    harness = await startHarness({ proxy: { metricsToken: METRICS_TOKEN } });
    const { property, slots } = await propertyWithSlots(harness);
    await harness.call(`/v1/slots?propertyId=${property.id}&from=${TODAY}&days=7`);
    await harness.book({
      propertyId: property.id,
      slotId: slots[0]!.id,
      guest,
      consent: { marketing: false },
    });
    const response = await harness.call('/metrics', withToken);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain('viewing_slot_reads_total{cache="miss"} 1');
    expect(text).toContain('viewing_slot_reads_total{cache="hit"} 1');
    expect(text).toContain('viewing_bookings_total{outcome="booked"} 1');
    expect(text).toMatch(/viewing_upstream_calls_total\{backend="agentos"\} \d+/);
    expect(text).toContain('viewing_upstream_budget_limit{backend="agentos"} 48');
    expect(
      sum(text, 'viewing_http_request_duration_seconds_count', { route: '/v1/slots', status: '200' }),
    ).toBe(2);
  });

  it('publishes answer times per route, upstream calls and budget waits per system, queue depths and Node’s own metrics', async () => {
    let bookingsDown = false;
    harness = await startHarness({
      intercept: async (request, answer) =>
        bookingsDown && request.method === 'POST' ? new Response('down', { status: 503 }) : answer(),
      proxy: { metricsToken: METRICS_TOKEN },
    });
    const { property, slots } = await propertyWithSlots(harness);
    const booking = (slotId: string) =>
      harness.book({ propertyId: property.id, slotId, guest, consent: { marketing: false } });
    expect((await booking(slots[0]!.id)).body.booking?.status).toBe('confirmed');
    bookingsDown = true;
    expect((await booking(slots[1]!.id)).body.booking?.status).toBe('requested');

    const text = await (await harness.call('/metrics', withToken)).text();
    // Counts are counters and times are histograms, so rate() and histogram_quantile() work on them.
    expect(text).toContain('# TYPE viewing_http_request_duration_seconds histogram');
    expect(text).toContain('# TYPE viewing_upstream_call_duration_seconds histogram');
    expect(text).toContain('# TYPE viewing_upstream_calls_total counter');
    expect(text).toContain('# TYPE upstream_records_skipped_total counter');
    const bookingsAnswered = { route: '/v1/bookings', method: 'POST', status: '201' };
    expect(sum(text, 'viewing_http_request_duration_seconds_count', bookingsAnswered)).toBe(2);
    expect(
      sum(text, 'viewing_http_request_duration_seconds_bucket', { ...bookingsAnswered, le: '+Inf' }),
    ).toBe(2);
    // Every call the budget let through was timed, and waited for the budget first.
    const calls = sum(text, 'viewing_upstream_calls_total', { backend: 'agentos' });
    expect(calls).toBeGreaterThan(0);
    expect(sum(text, 'viewing_upstream_call_duration_seconds_count', { system: 'agentos' })).toBe(calls);
    expect(sum(text, 'viewing_upstream_budget_wait_seconds_count', { system: 'agentos' })).toBe(calls);
    expect(
      sum(text, 'viewing_upstream_call_duration_seconds_count', { system: 'agentos', status: '5xx' }),
    ).toBeGreaterThan(0);
    // The booking the upstream could not take waits in the store.
    expect(sum(text, 'viewing_queue_depth', { queue: 'requests' })).toBe(1);
    expect(sum(text, 'viewing_queue_depth', { queue: 'messages' })).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
  });

  it('counts upstream records it had to leave out, by reason, and logs each one once by its path', async () => {
    const lines: string[] = [];
    harness = await startHarness({
      proxy: { log: jsonLogger((line) => lines.push(line)), metricsToken: METRICS_TOKEN },
    });
    const { skipped } = harness.backend;
    // The seed advertises one let whose rent is charged once: agentOS allows it, the widget cannot price it,
    // so the catalog load left it out. Two reads of an odd record count twice but are logged once.
    skipped.skip('invalid', 'GET /properties Data[3].Address');
    skipped.skip('invalid', 'GET /properties Data[3].Address');
    const text = await (await harness.call('/metrics', withToken)).text();
    expect(text).toContain('upstream_records_skipped_total{system="agentos",reason="invalid"} 2');
    expect(text).toMatch(
      /upstream_records_skipped_total\{system="agentos",reason="unsupported_rent_schedule"\} [1-9]/,
    );
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const skips = logged.filter((line) => line.event === 'upstream_record_skipped');
    expect(skips).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'warn',
          reason: 'invalid',
          path: 'GET /properties Data[3].Address',
        }),
        expect.objectContaining({
          reason: 'unsupported_rent_schedule',
          path: expect.stringMatching(/tenancy/),
        }),
      ]),
    );
    expect(skips.filter((line) => line.reason === 'invalid')).toHaveLength(1);
  });

  it('serves metrics to no one while no metrics token is configured', async () => {
    harness = await startHarness();
    const { property, slots } = await propertyWithSlots(harness);
    await harness.book({
      propertyId: property.id,
      slotId: slots[0]!.id,
      guest,
      consent: { marketing: false },
    });
    const response = await harness.call('/metrics');
    expect(response.status).toBe(404);
    const text = await response.text();
    expect(text).toContain('metrics token');
    expect(text).not.toContain('viewing_upstream_calls_total');
    expect(text).not.toContain('viewing_bookings_total');
  });

  it('keeps metrics behind a token when one is set', async () => {
    harness = await startHarness({ proxy: { metricsToken: METRICS_TOKEN } });
    expect((await harness.call('/metrics')).status).toBe(401);
    expect(
      (await harness.call('/metrics', { headers: { authorization: 'Bearer wrong-token-of-same-len' } }))
        .status,
    ).toBe(401);
    expect(
      (await harness.call('/metrics', { headers: { authorization: 'Bearer a-long-metrics-token' } })).status,
    ).toBe(200);
  });

  it('answers every request with a request id and headers that stop sniffing and framing', async () => {
    harness = await startHarness();
    const response = await harness.call('/v1/branches', { headers: { 'x-request-id': 'trace-abc-123' } });
    expect(response.headers.get('x-request-id')).toBe('trace-abc-123');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const made = await harness.call('/v1/branches', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs one line per request with its route, never the query or the visitor’s details', async () => {
    const lines: string[] = [];
    harness = await startHarness({ proxy: { log: jsonLogger((line) => lines.push(line)) } });
    const { property, slots } = await propertyWithSlots(harness);
    await harness.book({
      propertyId: property.id,
      slotId: slots[0]!.id,
      guest,
      consent: { marketing: false },
    });
    const requests = lines
      .map((line) => JSON.parse(line) as { event: string; route?: string })
      .filter((l) => l.event === 'request');
    expect(requests.map((r) => r.route)).toEqual(
      expect.arrayContaining(['/v1/properties', '/v1/slots', '/v1/bookings']),
    );
    const all = lines.join('\n');
    for (const secret of [guest.email, guest.phone, guest.lastName, harness.emulator.apiKey])
      expect(all).not.toContain(secret);
  });
});

describe('limits on one caller', () => {
  it('slows down one address that sends too many requests, with Retry-After, and not the others', async () => {
    harness = await startHarness({
      proxy: { clientIp: (c) => c.req.header('x-test-ip'), clientLimits: { perIp: 5 } },
    });
    const from = (ip: string) => harness.call('/v1/branches', { headers: { 'x-test-ip': ip } });
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await from('203.0.113.7')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await from('203.0.113.7');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect((await from('198.51.100.2')).status).toBe(200);
  });
});
