import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/proxy/config.ts';
import { guest, propertyWithSlots, startHarness, type Harness } from './harness.ts';

let harness: Harness | undefined;
afterEach(() => {
  harness?.stop();
  harness = undefined;
});

const bookAt = (h: Harness, url: string, body: unknown, headers: Record<string, string> = {}) =>
  h.proxy.app.request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': `link-host-${Math.random().toString(36).slice(2)}`,
      ...headers,
    },
    body: JSON.stringify(body),
  });

describe('links in the agency’s messages never point at a host the caller chose', () => {
  it('refuses a booking sent by another host name, and books nothing and sends nothing', async () => {
    harness = await startHarness();
    const { property, slots } = await propertyWithSlots(harness);
    const request = { propertyId: property.id, slotId: slots[0]!.id, guest, consent: { marketing: false } };
    const answer = await bookAt(harness, 'http://harbour-bookings.evil.example/v1/bookings', request);
    expect(answer.status).toBe(421);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('misdirected_request');
    expect(harness.emulator.diary()).toHaveLength(0);
    expect(JSON.stringify(harness.emulator.messages())).not.toContain('evil.example');
  });

  it('lists no picture address on a host the caller chose', async () => {
    harness = await startHarness();
    const list = await harness.proxy.app.request('http://evil.example/v1/properties?limit=1');
    expect(list.status).toBe(421);
    expect(await list.text()).not.toContain('evil.example');
    const one = await harness.proxy.app.request('http://evil.example/v1/properties/anything');
    expect(one.status).toBe(421);
  });

  it('opens no manage page whose policy or widget address a caller’s host could write', async () => {
    harness = await startHarness({ proxy: { widgetUrl: '/viewing-widget.js' } });
    const page = await harness.proxy.app.request('http://x;script-src/manage/some-token');
    expect(page.status).toBe(421);
    expect(page.headers.get('content-security-policy') ?? '').not.toContain('x;script-src');
  });

  it('makes every link from publicUrl, whatever host the request named', async () => {
    harness = await startHarness({ proxy: { publicUrl: 'https://bookings.harbour.example/api/' } });
    const { property, slots } = await propertyWithSlots(harness);
    const request = { propertyId: property.id, slotId: slots[0]!.id, guest, consent: { marketing: false } };
    const answer = await bookAt(harness, 'http://evil.example/v1/bookings', request);
    expect(answer.status).toBe(201);
    const { booking } = (await answer.json()) as {
      booking: { manageUrl: string; calendar: { ics: string } };
    };
    expect(booking.manageUrl).toMatch(/^https:\/\/bookings\.harbour\.example\/api\/manage\//);
    expect(booking.calendar.ics).toMatch(/^https:\/\/bookings\.harbour\.example\/api\/v1\/bookings\//);
    const list = await harness.proxy.app.request('http://evil.example/v1/properties?limit=1');
    expect(await list.text()).not.toContain('evil.example');
  });

  it('makes links on the host names the operator listed, read from ALLOWED_HOSTS', async () => {
    const config = loadConfig({
      env: {
        SANDBOX_SYSTEM: 'agentos',
        ALLOWED_HOSTS: 'bookings.harbour.example, bookings.harbour.example:8443',
      },
    });
    expect(config.allowedHosts).toEqual(['bookings.harbour.example', 'bookings.harbour.example:8443']);
    harness = await startHarness({ proxy: { allowedHosts: config.allowedHosts } });
    const listed = await harness.proxy.app.request('https://bookings.harbour.example/v1/properties?limit=1');
    expect(listed.status).toBe(200);
    const elsewhere = await harness.proxy.app.request('https://evil.example/v1/properties?limit=1');
    expect(elsewhere.status).toBe(421);
  });

  it('makes links for the sandbox on this machine without any setting', async () => {
    harness = await startHarness();
    const { property, slots } = await propertyWithSlots(harness);
    for (const [n, base] of ['http://localhost:8080', 'http://127.0.0.1:8080'].entries()) {
      const request = { propertyId: property.id, slotId: slots[n]!.id, guest, consent: { marketing: false } };
      const answer = await bookAt(harness, `${base}/v1/bookings`, request);
      expect(answer.status).toBe(201);
      const { booking } = (await answer.json()) as { booking: { manageUrl: string } };
      expect(booking.manageUrl.startsWith(`${base}/manage/`)).toBe(true);
    }
  });
});
