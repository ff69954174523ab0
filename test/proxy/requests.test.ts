import { afterEach, describe, expect, it, vi } from 'vitest';
import { guest, propertyWithSlots, startHarness, TODAY, type Harness } from './harness.ts';

let harness: Harness;
afterEach(() => harness?.stop());

const post = (body: string, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    'idempotency-key': `key-${Math.random().toString(36).slice(2)}`,
    ...headers,
  },
  body,
});

describe('bad requests get a clear 4xx, never a 5xx', () => {
  it('names every wrong field of a booking request', async () => {
    harness = await startHarness();
    const { property, slots } = await propertyWithSlots(harness);
    const { status, body } = await harness.json<{
      error: { code: string; message: string; fields: Record<string, string> };
    }>(
      '/v1/bookings',
      post(
        JSON.stringify({
          propertyId: property.id,
          slotId: slots[0]!.id,
          guest: { firstName: ' ', lastName: 'Natarajan', email: 'priya@', phone: 'call me' },
        }),
      ),
    );
    expect(status).toBe(422);
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.fields).toMatchObject({
      'guest.firstName': 'Enter your first name',
      'guest.email': expect.stringContaining('email address'),
      'guest.phone': expect.stringContaining('phone number'),
      consent: expect.any(String),
    });
    expect(harness.emulator.diary()).toHaveLength(0);
  });

  it('refuses a body that is not JSON, a missing key, an unknown property and a made-up slot', async () => {
    harness = await startHarness();
    const { property } = await propertyWithSlots(harness);
    const notJson = await harness.json<{ error: { code: string } }>('/v1/bookings', post('{"propertyId":'));
    expect([notJson.status, notJson.body.error.code]).toEqual([422, 'invalid_request']);

    const noKey = await harness.json<{ error: { fields: Record<string, string> } }>('/v1/bookings', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(noKey.status).toBe(422);
    expect(Object.keys(noKey.body.error.fields)).toEqual(['Idempotency-Key']);

    const unknown = await harness.json<{ error: { fields: Record<string, string> } }>(
      '/v1/bookings',
      post(JSON.stringify({ propertyId: 'NOPE', slotId: 'x', guest, consent: { marketing: false } })),
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.fields).toHaveProperty('propertyId');

    const madeUp = await harness.json<{ error: { fields: Record<string, string> } }>(
      '/v1/bookings',
      post(
        JSON.stringify({
          propertyId: property.id,
          slotId: 'bm90LWEtc2xvdA',
          guest,
          consent: { marketing: false },
        }),
      ),
    );
    expect(madeUp.status).toBe(422);
    expect(madeUp.body.error.fields).toHaveProperty('slotId');
    expect(harness.emulator.diary()).toHaveLength(0);
  });

  it('refuses an oversized booking request with 413', async () => {
    harness = await startHarness();
    const { status, body } = await harness.json<{ error: { code: string } }>(
      '/v1/bookings',
      post(JSON.stringify({ message: 'x'.repeat(40_000) })),
    );
    expect(status).toBe(413);
    expect(body.error.code).toBe('payload_too_large');
  });

  it('checks slot queries: property, date and number of days', async () => {
    harness = await startHarness();
    const { property } = await propertyWithSlots(harness);
    const cases: [string, number][] = [
      [`/v1/slots?from=${TODAY}`, 422],
      [`/v1/slots?propertyId=${property.id}&from=23/11/2026`, 422],
      [`/v1/slots?propertyId=${property.id}&from=${TODAY}&days=90`, 422],
      [`/v1/slots?propertyId=${property.id}&from=2031-01-01`, 422],
      [`/v1/slots?propertyId=${property.id}&from=2020-01-01`, 422],
      [`/v1/slots?propertyId=NOPE&from=${TODAY}`, 404],
      [`/v1/properties?channel=rentals`, 422],
      [`/v1/properties?cursor=abc`, 422],
      [`/v1/properties/NOPE`, 404],
      [`/v1/nothing-here`, 404],
    ];
    for (const [path, expected] of cases) {
      const response = await harness.call(path);
      const body = (await response.json()) as { error?: { code: string; message: string } };
      expect({ path, status: response.status }).toEqual({ path, status: expected });
      expect(body.error?.message).toEqual(expect.any(String));
    }
  });

  it('pages through properties with a cursor', async () => {
    harness = await startHarness();
    const first = await harness.json<{ properties: { id: string }[]; nextCursor?: string }>(
      '/v1/properties?limit=10',
    );
    expect(first.body.properties).toHaveLength(10);
    const second = await harness.json<{ properties: { id: string }[] }>(
      `/v1/properties?limit=10&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.properties[0]?.id).not.toBe(first.body.properties[0]?.id);
    const all = await harness.json<{ properties: unknown[]; nextCursor?: string }>(
      '/v1/properties?limit=100',
    );
    expect(all.body.properties.length).toBeGreaterThanOrEqual(40);
    expect(all.body.nextCursor).toBeUndefined();
  });
});

describe('origins', () => {
  it('lets an allowed site read and book, with CORS headers', async () => {
    harness = await startHarness();
    const preflight = await harness.call('/v1/bookings', {
      method: 'OPTIONS',
      headers: { origin: 'https://www.harbour.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://www.harbour.example');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Idempotency-Key/);
    const read = await harness.call('/v1/branches', { headers: { origin: 'https://www.harbour.example' } });
    expect(read.headers.get('access-control-allow-origin')).toBe('https://www.harbour.example');
  });

  it('refuses pages on other sites', async () => {
    harness = await startHarness();
    const { status, body } = await harness.json<{ error: { code: string } }>('/v1/branches', {
      headers: { origin: 'https://evil.example' },
    });
    expect(status).toBe(403);
    expect(body.error.code).toBe('forbidden_origin');
    const local = await harness.call('/v1/branches', { headers: { origin: 'http://localhost:3000' } });
    expect(local.status).toBe(403);
  });

  it('accepts any localhost page in the sandbox', async () => {
    harness = await startHarness({ proxy: { allowLocalhost: true } });
    const local = await harness.call('/v1/branches', { headers: { origin: 'http://localhost:3000' } });
    expect(local.status).toBe(200);
    expect(local.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
  });
});

describe('when agentOS misbehaves', () => {
  it('answers 502 upstream_error for allocations it cannot parse, and books nothing', async () => {
    let corrupt = false;
    harness = await startHarness({
      intercept: async (request, answer) =>
        corrupt && request.url.includes('allocations')
          ? Response.json({ Count: 1, Data: [{ Start: 'soon', End: 'later', StaffID: 'N1' }] })
          : answer(),
    });
    const { property, slots } = await propertyWithSlots(harness);
    corrupt = true;
    const read = await harness.json<{ error: { code: string; message: string } }>(
      `/v1/slots?propertyId=${property.id}&from=2026-11-30&days=7`,
    );
    expect(read.status).toBe(502);
    expect(read.body.error.code).toBe('upstream_error');
    const booking = await harness.book({
      propertyId: property.id,
      slotId: slots[0]!.id,
      guest,
      consent: { marketing: false },
    });
    expect(booking.status).toBe(502);
    expect(harness.emulator.diary()).toHaveLength(0);
  });

  it('refuses a made-up time whose end comes before its start with 422 while agentOS is down, and keeps nothing', async () => {
    let down = false;
    harness = await startHarness({
      intercept: async (request, answer) => {
        if (down) throw new TypeError('fetch failed');
        return answer();
      },
    });
    const { property } = await propertyWithSlots(harness);
    // agentOS slot ids are opaque to visitors, but a caller can still write one: this one ends before it starts.
    const backwards = Buffer.from(`a1|${TODAY}T03:30:00|${TODAY}T03:00:00`).toString('base64url');
    expect(
      harness.backend.slotTimes(backwards, harness.proxy.catalog.branch(property.branchId)!),
    ).toBeDefined();
    down = true;
    const answer = await harness.book(
      { propertyId: property.id, slotId: backwards, guest, consent: { marketing: false } },
      'backwards-time',
    );
    expect(answer.status).toBe(422);
    expect(answer.body.error?.code).toBe('invalid_request');
    expect(await harness.proxy.requests.size()).toBe(0);
  });

  it('keeps a booking agentOS cannot take as a request, answers a retry the same, and delivers it once on recovery', async () => {
    let down = false;
    harness = await startHarness({
      intercept: async (request, answer) => {
        if (down) throw new TypeError('fetch failed');
        return answer();
      },
    });
    const { property, slots } = await propertyWithSlots(harness);
    const request = { propertyId: property.id, slotId: slots[0]!.id, guest, consent: { marketing: false } };
    down = true;
    const kept = await harness.book(request, 'retry-after-outage');
    expect(kept.status).toBe(201);
    expect(kept.body.booking).toMatchObject({ status: 'requested', start: slots[0]!.start });
    expect(kept.body.booking?.reference).toMatch(/^REQ-/);
    const again = await harness.book(request, 'retry-after-outage');
    expect(again.body).toEqual(kept.body);
    // Nobody else is offered the time while the request waits.
    const other = await harness.book(
      { ...request, guest: { ...guest, email: 'other@example.org' } },
      'someone-else-1',
    );
    expect(other.status).toBe(409);
    expect(harness.emulator.diary()).toHaveLength(0);

    down = false;
    // The outage opened agentOS's circuit; delivery resumes once its pause is over.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 31_000);
      expect(await harness.proxy.requests.deliverDue()).toBe(1);
      expect(await harness.proxy.requests.deliverDue()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
    expect(harness.emulator.diary()).toHaveLength(1);
    expect(harness.emulator.diary()[0]?.guests[0]?.email).toBe(guest.email);
  });
});
