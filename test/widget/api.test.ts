// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { createApi } from '../../widget/api.ts';
import { fakeProxy } from './fixtures.tsx';

const reply = (status: number, body: string) => async () =>
  new Response(body, { status, headers: { 'Content-Type': 'application/json' } });

describe('proxy client', () => {
  it('builds URLs under the proxy base, with or without a trailing slash', async () => {
    const proxy = fakeProxy();
    await createApi('http://proxy.test/api/', proxy.fetch).slots({ propertyId: 'p 1', from: '2026-07-01' });
    await createApi('http://proxy.test/api', proxy.fetch).properties({
      branchId: 'br-ken',
      channel: 'sales',
    });
    expect(proxy.calls.map((c) => c.url.href)).toEqual([
      'http://proxy.test/api/v1/slots?propertyId=p+1&from=2026-07-01&days=7',
      'http://proxy.test/api/v1/properties?branchId=br-ken&channel=sales',
    ]);
  });

  it('turns a failed connection into a network error value', async () => {
    const api = createApi('http://proxy.test/api', async () => {
      throw new TypeError('Failed to fetch');
    });
    const r = await api.branches();
    expect(r).toMatchObject({ ok: false, status: 0, error: { code: 'network' } });
  });

  it('passes on the proxy error with its field messages', async () => {
    const api = createApi(
      'http://proxy.test/api',
      reply(
        422,
        JSON.stringify({
          error: { code: 'invalid_request', message: 'Bad', fields: { 'guest.phone': 'No' } },
        }),
      ),
    );
    const r = await api.book(
      {
        propertyId: 'p',
        slotId: 's',
        guest: { firstName: 'a', lastName: 'b', email: 'c@d.ee', phone: '1234567' },
        consent: { marketing: false },
      },
      'key-12345678',
    );
    expect(r).toEqual({
      ok: false,
      status: 422,
      error: { code: 'invalid_request', message: 'Bad', fields: { 'guest.phone': 'No' } },
    });
  });

  it('reports an unreadable or misshapen answer as bad_response', async () => {
    const html = await createApi('http://proxy.test/api', reply(502, '<html>Bad gateway</html>')).branches();
    expect(html).toMatchObject({ ok: false, status: 502, error: { code: 'bad_response' } });
    const shape = await createApi(
      'http://proxy.test/api',
      reply(200, '{"branches":[{"id":"x"}]}'),
    ).branches();
    expect(shape).toMatchObject({ ok: false, status: 200, error: { code: 'bad_response' } });
    const zone = await createApi(
      'http://proxy.test/api',
      reply(200, '{"timeZone":"Mars/Olympus","slots":[]}'),
    ).slots({ propertyId: 'p', from: '2026-07-01' });
    expect(zone).toMatchObject({ ok: false, error: { code: 'bad_response' } });
    const branchZone = await createApi(
      'http://proxy.test/api',
      reply(200, '{"branches":[{"id":"x","name":"Bath","address":"1 High St","timeZone":"London time"}]}'),
    ).branches();
    expect(branchZone).toMatchObject({ ok: false, error: { code: 'bad_response' } });
  });

  it('reads the branch list without waiting for the browser to load its date formats', async () => {
    // The first step shows no time; building a date format first costs tens of milliseconds in a fresh page.
    const formats = vi.spyOn(Intl, 'DateTimeFormat');
    try {
      const r = await createApi(
        'http://proxy.test/api',
        reply(
          200,
          JSON.stringify({
            branches: [
              { id: 'a', name: 'Bath', address: '1 High St', timeZone: 'Europe/London' },
              { id: 'b', name: 'Haiti', address: '2 Rue', timeZone: 'America/Port-au-Prince' },
              { id: 'c', name: 'Sea', address: 'Ship', timeZone: 'Etc/GMT+1' },
            ],
          }),
        ),
      ).branches();
      expect(r.ok && r.data.map((b) => b.name)).toEqual(['Bath', 'Haiti', 'Sea']);
      expect(formats).not.toHaveBeenCalled();
    } finally {
      formats.mockRestore();
    }
  });
});
