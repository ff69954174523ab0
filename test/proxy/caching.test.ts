import { afterEach, describe, expect, it, vi } from 'vitest';
import { propertyWithSlots, startHarness, TODAY, type Harness } from './harness.ts';

let harness: Harness;
afterEach(() => harness?.stop());

describe('the proxy spares the agency’s agentOS budget', () => {
  it('serves 1,000 branch and property reads after the sync without a single upstream call', async () => {
    harness = await startHarness();
    const { body } = await harness.json<{ properties: { id: string }[] }>('/v1/properties');
    const ids = body.properties.map((p) => p.id);
    harness.emulator.resetRequestCount();

    const reads = Array.from({ length: 1_000 }, (_, i) => {
      const path = [
        '/v1/branches',
        '/v1/properties?channel=lettings',
        '/v1/properties?channel=sales&limit=5',
        `/v1/properties/${ids[i % ids.length]}`,
      ][i % 4];
      return harness.call(path ?? '/v1/branches');
    });
    const statuses = (await Promise.all(reads)).map((r) => r.status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(harness.emulator.requestCount()).toBe(0);
  });

  it('answers 50 identical concurrent free-time reads with one upstream call', async () => {
    harness = await startHarness();
    const { body } = await harness.json<{ properties: { id: string }[] }>('/v1/properties?channel=lettings');
    const id = body.properties[0]?.id;
    harness.emulator.resetRequestCount();

    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        harness.json<{ slots: unknown[] }>(`/v1/slots?propertyId=${id}&from=${TODAY}&days=7`),
      ),
    );
    expect(answers.every((a) => a.status === 200 && a.body.slots.length > 0)).toBe(true);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(harness.emulator.requestCount()).toBe(1);
  });

  it('answers expired free times at once and reads them again in the background', async () => {
    let slow = false;
    let answered = 0;
    harness = await startHarness({
      proxy: { slotsTtlMs: 0 },
      intercept: async (_request, answer) => {
        if (!slow) return answer();
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        answered++;
        return answer();
      },
    });
    const { property, slots } = await propertyWithSlots(harness);
    slow = true;
    harness.emulator.resetRequestCount();
    const { body } = await harness.json<{ slots: unknown[] }>(
      `/v1/slots?propertyId=${property.id}&from=${TODAY}&days=7`,
    );
    // The visitor did not wait for the upstream: its read is still under way.
    expect(answered).toBe(0);
    expect(body.slots).toEqual(slots);
    await vi.waitFor(() => expect(answered).toBe(1), { timeout: 5_000 });
  });

  it('reads live once expired times are older than the stale window', async () => {
    harness = await startHarness({ proxy: { slotsTtlMs: 0, slotsStaleMs: 0 } });
    const { property } = await propertyWithSlots(harness);
    harness.emulator.resetRequestCount();
    await harness.call(`/v1/slots?propertyId=${property.id}&from=${TODAY}&days=7`);
    await harness.call(`/v1/slots?propertyId=${property.id}&from=${TODAY}&days=7`);
    expect(harness.emulator.requestCount()).toBe(2);
  });

  it('reads free times once for every home of a branch and department', async () => {
    harness = await startHarness();
    const { body } = await harness.json<{ properties: { id: string; branchId: string }[] }>(
      '/v1/properties?channel=lettings&limit=100',
    );
    const branchId = body.properties[0]?.branchId;
    const homes = body.properties.filter((p) => p.branchId === branchId);
    expect(homes.length).toBeGreaterThan(3);
    harness.emulator.resetRequestCount();
    for (const home of homes) await harness.call(`/v1/slots?propertyId=${home.id}&from=${TODAY}&days=7`);
    expect(harness.emulator.requestCount()).toBe(1);
  });

  it('keeps showing the last free times when a background read fails', async () => {
    let broken = false;
    harness = await startHarness({
      proxy: { slotsTtlMs: 0 },
      intercept: async (_request, answer) =>
        broken ? new Response('upstream down', { status: 503 }) : answer(),
    });
    const { property } = await propertyWithSlots(harness);
    broken = true;
    const { status, body } = await harness.json<{ slots: unknown[] }>(
      `/v1/slots?propertyId=${property.id}&from=${TODAY}&days=7`,
    );
    expect(status).toBe(200);
    expect(body.slots.length).toBeGreaterThan(0);
  });

  it('reads the upstream in whole weeks, once each, however the windows visitors ask are spread', async () => {
    harness = await startHarness();
    const { property } = await propertyWithSlots(harness);
    harness.emulator.resetRequestCount();
    // A fortnight from Wednesday touches three of the proxy's weeks (counted from today); the first was read.
    const { body } = await harness.json<{ slots: { start: string }[] }>(
      `/v1/slots?propertyId=${property.id}&from=2026-11-25&days=14`,
    );
    expect(harness.emulator.requestCount()).toBe(2);
    const days = new Set(body.slots.map((s) => s.start.slice(0, 10)));
    expect([...days].every((d) => d >= '2026-11-25' && d < '2026-12-09')).toBe(true);
    expect(days.has('2026-12-04')).toBe(true);
    // Any other spread of dates inside those weeks is answered without the upstream.
    for (const [from, count] of [
      ['2026-11-24', 1],
      ['2026-11-27', 9],
      ['2026-12-01', 7],
      ['2026-11-30', 14],
    ] as const) {
      const other = await harness.json<{ slots: { start: string }[] }>(
        `/v1/slots?propertyId=${property.id}&from=${from}&days=${count}`,
      );
      expect(other.status).toBe(200);
    }
    expect(harness.emulator.requestCount()).toBe(2);
  });

  it('keeps serving the last good catalog when a refresh fails', async () => {
    let broken = false;
    harness = await startHarness({
      intercept: async (request, answer) =>
        broken ? new Response('upstream down', { status: 503 }) : answer(),
    });
    broken = true;
    await harness.proxy.catalog.sync();
    expect(harness.proxy.catalog.lastError?.message).toMatch(/agentOS refused/);
    const { status, body } = await harness.json<{ branches: unknown[] }>('/v1/branches');
    expect(status).toBe(200);
    expect(body.branches).toHaveLength(3);
  });

  it('serves each property picture from the upstream once, then from memory', async () => {
    harness = await startHarness();
    const { body } = await harness.json<{ properties: { id: string; photoUrl: string }[] }>('/v1/properties');
    const property = body.properties[0];
    expect(property?.photoUrl).toBe(`http://proxy.test/v1/photos/${property?.id}`);
    harness.emulator.resetRequestCount();
    for (let i = 0; i < 3; i++) {
      const photo = await harness.call(`/v1/photos/${property?.id}`);
      expect(photo.status).toBe(200);
      expect(photo.headers.get('content-type')).toMatch(/^image\//);
      expect((await photo.text()).length).toBeGreaterThan(200);
    }
    // One list of the home's photos, one download of the picture chosen from it.
    expect(harness.emulator.requestCount('/photos/')).toBe(1);
    expect(harness.emulator.requestCount('/download/')).toBe(1);
  });
});

describe('property pictures', () => {
  it('are read in the background after the catalog sync, so visitors get them from memory', async () => {
    harness = await startHarness({ unlimited: true, proxy: { prefetchPictures: true } });
    const { body } = await harness.json<{ properties: { id: string }[] }>('/v1/properties?limit=100');
    await vi.waitFor(() => expect(harness.emulator.requestCount('/download/')).toBe(body.properties.length), {
      timeout: 5_000,
    });
    harness.emulator.resetRequestCount();
    for (const property of body.properties.slice(0, 5)) {
      expect((await harness.call(`/v1/photos/${property.id}`)).status).toBe(200);
    }
    expect(harness.emulator.requestCount()).toBe(0);
  });

  it('answer busy within the wait when the budget cannot read one yet, instead of hanging', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    harness = await startHarness({
      proxy: { pictureWaitMs: 50 },
      intercept: async (request, answer) => {
        if (new URL(request.url).pathname.includes('/download/')) await held;
        return answer();
      },
    });
    const { body } = await harness.json<{ properties: { id: string }[] }>('/v1/properties');
    const id = body.properties[0]?.id ?? '';
    const busy = await harness.call(`/v1/photos/${id}`);
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('60');
    release();
    await vi.waitFor(async () => expect((await harness.call(`/v1/photos/${id}`)).status).toBe(200));
  });
});

describe('property pictures opened on their own', () => {
  const withPicture = (contentType: string, body: string) =>
    startHarness({
      intercept: async (request, answer) =>
        new URL(request.url).pathname.includes('/download/')
          ? new Response(body, { status: 200, headers: { 'Content-Type': contentType } })
          : answer(),
    });

  it('run no script from an SVG the upstream holds: the picture is sandboxed and never sniffed', async () => {
    harness = await withPicture(
      'image/svg+xml',
      '<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("/api/staff/api/branches")</script></svg>',
    );
    const { body } = await harness.json<{ properties: { id: string }[] }>('/v1/properties');
    const photo = await harness.call(`/v1/photos/${body.properties[0]?.id}`);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/svg+xml');
    const policy = photo.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/(^|;)\s*sandbox\s*(;|$)/);
    expect(policy).toMatch(/default-src 'none'/);
    expect(policy).not.toMatch(/script-src/);
    expect(photo.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('are not served in a type a browser would not show as a picture', async () => {
    harness = await withPicture('image/x-anything', '<html><script>alert(1)</script></html>');
    const { body } = await harness.json<{ properties: { id: string }[] }>('/v1/properties');
    const photo = await harness.call(`/v1/photos/${body.properties[0]?.id}`);
    expect(photo.status).toBe(404);
    expect(((await photo.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
