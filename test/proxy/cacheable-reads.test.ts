import { afterEach, describe, expect, it } from 'vitest';
import { propertyWithSlots, startHarness, TODAY, type Harness } from './harness.ts';

let harness: Harness;
afterEach(() => harness?.stop());

describe('branches, homes and free times any shared cache can serve', () => {
  it.each(['/v1/branches', '/v1/properties?channel=lettings', 'one home', 'a week of free times'])(
    '%s: public for browsers and shared caches, tagged, and 304 when the copy is still current',
    async (which) => {
      harness = await startHarness();
      let path = which;
      if (which === 'one home') {
        const { body } = await harness.json<{ properties: { id: string }[] }>('/v1/properties');
        path = `/v1/properties/${body.properties[0]?.id ?? ''}`;
      }
      if (which === 'a week of free times') {
        const { property } = await propertyWithSlots(harness);
        path = `/v1/slots?propertyId=${property.id}&from=${TODAY}&days=7`;
      }
      const first = await harness.call(path);
      expect(first.status).toBe(200);
      const cacheControl = first.headers.get('cache-control') ?? '';
      expect(cacheControl).toMatch(/\bpublic\b/);
      expect(cacheControl).toMatch(/\bmax-age=\d+/);
      expect(cacheControl).toMatch(/\bs-maxage=\d+/);
      expect(cacheControl).toMatch(/\bstale-while-revalidate=\d+/);
      const tag = first.headers.get('etag');
      expect(tag).toMatch(/^(W\/)?"[^"]+"$/);
      const body = await first.text();

      const again = await harness.call(path, { headers: { 'If-None-Match': tag ?? '' } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      const other = await harness.call(path, { headers: { 'If-None-Match': '"an-older-copy"' } });
      expect(other.status).toBe(200);
      expect(await other.text()).toBe(body);
    },
  );
});

describe('free times', () => {
  it('carry nothing of one visitor: two visitors get the same bytes, the home they are of, and no form token', async () => {
    harness = await startHarness({
      proxy: { formCheck: { minFillMs: 3_000, secret: 'form-check-test-secret' } },
    });
    const { property } = await propertyWithSlots(harness);
    const path = `/v1/slots?propertyId=${property.id}&from=${TODAY}&days=7`;
    const [one, two] = await Promise.all([
      harness.call(path, { headers: { origin: 'https://www.harbour.example' } }),
      harness.call(path),
    ]);
    const body = await one.text();
    expect(await two.text()).toBe(body);
    expect(one.headers.get('etag')).toBe(two.headers.get('etag'));
    expect(body).not.toContain('formToken');
    // The tag a shared cache is told to drop the home's copies by.
    expect(one.headers.get('x-viewing-property')).toBe(property.id);
  });
});
