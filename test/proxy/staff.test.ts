import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Booking,
  StaffDiaryResponse,
  StaffViewingResponse,
  type StaffViewing,
} from '../../src/contract/index.ts';
import { ConfigError, loadConfig } from '../../src/proxy/config.ts';
import {
  guest,
  NOW,
  propertyWithSlots,
  startHarness,
  TODAY,
  type Harness,
  type HarnessOptions,
  type TestSlot,
} from './harness.ts';
import { tokenOf, type ManageAnswer } from './manage-fake.ts';

const KEY = 'harbour-staff-key-0123456789abcdef';
const OTHER_KEY = 'a-different-staff-key-0123456789';
const bearer = (key = KEY) => ({ authorization: `Bearer ${key}` });

const DAY = 24 * 60 * 60_000;
const script = join(mkdtempSync(join(tmpdir(), 'viewing-staff-')), 'viewing-staff.js');
writeFileSync(script, 'customElements.define("viewing-staff", class extends HTMLElement {});\n');

let harness: Harness | undefined;
afterEach(() => {
  harness?.stop();
  harness = undefined;
});

async function staffHarness(options: HarnessOptions['proxy'] = {}) {
  harness = await startHarness({
    unlimited: true,
    proxy: {
      staff: { keys: [{ name: 'Sam Patel', key: KEY }], script },
      clientIp: (c) => c.req.header('x-test-ip') ?? '192.0.2.1',
      ...options,
    },
  });
  return harness;
}

/** A booking made through the widget's route, with its manage token and the time it took. */
async function bookOnline(h: Harness, pick = (slots: TestSlot[]) => slots[0]!, who = guest) {
  const { property, slots } = await propertyWithSlots(h);
  const later = slots.filter((s) => Date.parse(s.start) > NOW.getTime() + DAY);
  const slot = pick(later);
  const answer = await h.book({
    propertyId: property.id,
    slotId: slot.id,
    guest: who,
    consent: { marketing: false },
  });
  expect(answer.status).toBe(201);
  const booking = Booking.parse(answer.body.booking);
  return { property, slot, later, booking, token: tokenOf(booking.manageUrl ?? '') };
}

const dayOf = (instant: string) => instant.slice(0, 10);

async function diary(h: Harness, branchId: string, from: string, headers: HeadersInit = bearer()) {
  const response = await h.call(`/staff/api/diary?branchId=${branchId}&from=${from}&days=1`, { headers });
  expect(response.status).toBe(200);
  return StaffDiaryResponse.parse(await response.json());
}

const act = async (h: Harness, reference: string, action: string, body: unknown = {}) => {
  const response = await h.call(`/staff/api/viewings/${reference}/${action}`, {
    method: 'POST',
    headers: { ...bearer(), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json: unknown = await response.json();
  return {
    status: response.status,
    json,
    viewing: response.ok ? StaffViewingResponse.parse(json).viewing : undefined,
  };
};

const visitorView = (h: Harness, token: string) => h.json<ManageAnswer>(`/v1/bookings/${token}`);

/** Every staff route, with a body where it takes one. */
const ROUTES: [string, string, unknown?][] = [
  ['GET', '/staff/session'],
  ['GET', '/staff/api/branches'],
  ['GET', `/staff/api/diary?branchId=ECD5E0C132705355&from=${TODAY}&days=1`],
  ['GET', '/staff/api/staff?branchId=ECD5E0C132705355'],
  ['POST', '/staff/api/viewings/VW-210001/cancel', { reason: 'Let' }],
  ['POST', '/staff/api/viewings/VW-210001/uncancel', {}],
  ['POST', '/staff/api/viewings/VW-210001/reschedule', { slotId: 'x' }],
  ['POST', '/staff/api/viewings/VW-210001/message', { subject: 'Hello', body: 'Hi' }],
];

const request = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  ...(method === 'POST' ? { body: JSON.stringify(body) } : {}),
});

describe('staff sign-in', () => {
  it('is off, every staff path a plain 404, while no staff key is configured', async () => {
    harness = await startHarness({ proxy: { clientIp: () => '192.0.2.1' } });
    for (const [method, path, body] of [
      ...ROUTES,
      ['GET', '/staff'],
      ['POST', '/staff/session', { key: KEY }],
    ] as const) {
      const response = await harness.call(path, request(method, body, bearer()));
      expect(response.status, `${method} ${path}`).toBe(404);
    }
  });

  it('refuses every staff route without a key, or with a wrong one, and never says who is booked', async () => {
    const h = await staffHarness();
    const { property } = await bookOnline(h);
    for (const [method, path, body] of ROUTES) {
      const attempts: Record<string, string>[] = [
        {},
        bearer(OTHER_KEY),
        { cookie: 'viewing_staff=s1.9999999999.abc.forged' },
      ];
      for (const headers of attempts) {
        const response = await h.call(path, request(method, body, headers));
        const text = await response.text();
        expect(response.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(JSON.parse(text)).toMatchObject({ error: { code: 'unauthorized' } });
        expect(text).not.toContain(guest.lastName);
        expect(text).not.toContain(property.id);
        expect(response.headers.get('cache-control')).toBe('no-store');
      }
    }
  });

  it('gives no other site’s page access, even one the widget may be used on', async () => {
    const h = await staffHarness();
    const origin = 'https://www.harbour.example';
    const preflight = await h.call('/staff/api/branches', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const read = await h.call('/staff/api/branches', { headers: { origin, ...bearer() } });
    expect(read.status).toBe(403);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    // The widget's own routes still are offered to that site.
    const widget = await h.call('/v1/branches', { headers: { origin } });
    expect(widget.headers.get('access-control-allow-origin')).toBe(origin);
  });

  it('lets in only its own origin, scheme and all: an http:// page is refused by an https:// proxy', async () => {
    const h = await staffHarness({ publicUrl: 'https://bookings.harbour.example/api' });
    const from = (origin: string) => h.call('/staff/session', request('POST', { key: KEY }, { origin }));
    expect((await from('http://bookings.harbour.example')).status).toBe(403);
    expect((await from('https://bookings.harbour.example:8443')).status).toBe(403);
    expect((await from('https://bookings.harbour.example')).status).toBe(200);
  });

  it('takes staff changes only as JSON, so a form or text/plain post from elsewhere does nothing', async () => {
    const h = await staffHarness();
    const { booking } = await bookOnline(h);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', '']) {
      const response = await h.call(`/staff/api/viewings/${booking.reference}/cancel`, {
        method: 'POST',
        headers: { ...bearer(), ...(type ? { 'content-type': type } : {}) },
        body: JSON.stringify({ reason: 'Let' }),
      });
      expect(response.status, type).toBe(415);
      expect(await response.json()).toMatchObject({ error: { code: 'invalid_request' } });
    }
    const signIn = await h.call('/staff/session', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ key: KEY }),
    });
    expect(signIn.status).toBe(415);
    expect((await act(h, booking.reference, 'cancel', { reason: 'Let' })).status).toBe(200);
  });

  it('starts an eight-hour session in a Secure, HttpOnly, SameSite=Strict cookie for the staff paths only', async () => {
    const h = await staffHarness();
    const signIn = await h.call('/staff/session', request('POST', { key: ` ${KEY} ` }));
    expect(signIn.status).toBe(200);
    expect(await signIn.json()).toEqual({
      name: 'Sam Patel',
      expiresAt: new Date(NOW.getTime() + 8 * 60 * 60_000).toISOString(),
    });
    const cookie = signIn.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^viewing_staff=s2\.\d+\.[\w-]+\.[\w-]{22}\.[\w-]{43};/);
    expect(cookie).toContain('Path=/staff');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain(KEY);
    // Its length is relative: a browser whose clock is hours off the proxy's keeps it all the same.
    expect(cookie).toContain(`Max-Age=${8 * 60 * 60}`);
    expect(cookie).not.toContain('Expires=');

    const session = cookie.split(';')[0]!;
    const branches = await h.call('/staff/api/branches', { headers: { cookie: session } });
    expect(branches.status).toBe(200);
    expect(branches.headers.get('cache-control')).toBe('no-store');

    // Tampered with, it opens nothing.
    const forged = session.replace(/\.(\d+)\./, (_m, s: string) => `.${Number(s) + 3600}.`);
    expect((await h.call('/staff/api/branches', { headers: { cookie: forged } })).status).toBe(401);
  });

  it('leaves the cookie without Secure only on http://localhost, where the demo runs', async () => {
    const h = await staffHarness();
    const signIn = await h.proxy.app.request(
      'http://localhost:8080/staff/session',
      request('POST', { key: KEY }),
    );
    expect(signIn.headers.get('set-cookie')).not.toContain('Secure');
  });

  it('says a wrong key is wrong, then holds the address off after ten wrong ones', async () => {
    const h = await staffHarness();
    for (let i = 0; i < 10; i++) {
      const wrong = await h.call('/staff/session', request('POST', { key: OTHER_KEY }));
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toMatchObject({
        error: { code: 'unauthorized', message: expect.stringContaining('staff key is not right') },
      });
    }
    const locked = await h.call('/staff/session', request('POST', { key: OTHER_KEY }));
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await h.call('/staff/api/branches', { headers: bearer(OTHER_KEY) })).status).toBe(429);
    // Another address is not held off.
    const elsewhere = await h.call(
      '/staff/session',
      request('POST', { key: OTHER_KEY }, { 'x-test-ip': '192.0.2.77' }),
    );
    expect(elsewhere.status).toBe(401);
  });

  it('never holds off the right key or a signed-in member, however many wrong keys came from their address', async () => {
    const h = await staffHarness();
    const signIn = await h.call('/staff/session', request('POST', { key: KEY }));
    const session = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    for (let i = 0; i < 12; i++) await h.call('/staff/session', request('POST', { key: OTHER_KEY }));
    expect((await h.call('/staff/session', request('POST', { key: OTHER_KEY }))).status).toBe(429);

    expect((await h.call('/staff/api/branches', { headers: { cookie: session } })).status).toBe(200);
    expect((await h.call('/staff/api/branches', { headers: bearer() })).status).toBe(200);
    expect((await h.call('/staff/session', request('POST', { key: KEY }))).status).toBe(200);
  });

  it('ends the session on signing out: the same cookie, replayed, opens nothing', async () => {
    const h = await staffHarness();
    const signIn = await h.call('/staff/session', request('POST', { key: KEY }));
    const session = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const other = await h.call('/staff/session', request('POST', { key: KEY }));
    const otherSession = (other.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect((await h.call('/staff/session', { headers: { cookie: session } })).status).toBe(200);

    const out = await h.call('/staff/session', { method: 'DELETE', headers: { cookie: session } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');

    const replayed = await h.call('/staff/session', { headers: { cookie: session } });
    expect(replayed.status).toBe(401);
    expect(await replayed.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await h.call('/staff/api/branches', { headers: { cookie: session } })).status).toBe(401);
    // Signing out on one machine leaves the same key's other sessions alone.
    expect((await h.call('/staff/api/branches', { headers: { cookie: otherSession } })).status).toBe(200);
  });

  it('serves a page with a strict nonce policy that holds no staff data', async () => {
    const h = await staffHarness();
    await bookOnline(h);
    const page = await h.call('/staff');
    const html = await page.text();
    const policy = page.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("connect-src 'self'");
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toContain('name="viewport"');
    expect(html).toContain(`<script nonce="${nonce}" src="/staff/viewing-staff.js"></script>`);
    expect(html).not.toContain(guest.lastName);
    const js = await h.call('/staff/viewing-staff.js');
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(await js.text()).toContain('viewing-staff');
  });
});

describe('the staff diary', () => {
  it('lists a viewing booked through the widget with its negotiator, viewer and home, as soon as it is made', async () => {
    const h = await staffHarness();
    const { property, slots } = await propertyWithSlots(h);
    const day = dayOf(slots.filter((s) => Date.parse(s.start) > NOW.getTime() + DAY)[0]!.start);
    expect((await diary(h, property.branchId, day)).viewings).toEqual([]);
    const { booking } = await bookOnline(h);
    const { viewings } = await diary(h, property.branchId, dayOf(booking.start));
    const found = viewings.find((v) => v.reference === booking.reference);
    expect(found).toMatchObject({
      reference: booking.reference,
      start: booking.start,
      viewer: `${guest.firstName} ${guest.lastName}`,
      negotiator: { id: expect.any(String), name: expect.stringMatching(/^\S+ \S+/) },
      property: { id: property.id, title: expect.any(String), address: expect.any(String) },
      booked: { online: true, status: 'confirmed' },
      cancelled: false,
      actions: { cancel: true, uncancel: false, reschedule: true, message: true, approval: false },
    } satisfies Partial<StaffViewing> & Record<string, unknown>);
    const staff = await h.json<{ staff: { id: string }[] }>(
      `/staff/api/staff?branchId=${property.branchId}`,
      {
        headers: bearer(),
      },
    );
    expect(staff.body.staff.map((s) => s.id)).toContain(found?.negotiator?.id);
  });

  it('turns away clear mistakes with a code and a message', async () => {
    const h = await staffHarness();
    const bad = await h.json<{ error: { code: string; fields: Record<string, string> } }>(
      '/staff/api/diary?branchId=ECD5E0C132705355&from=tomorrow&days=30',
      { headers: bearer() },
    );
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields)).toEqual(['from', 'days']);
    const unknown = await h.call(`/staff/api/diary?branchId=NOPE&from=${TODAY}`, { headers: bearer() });
    expect(unknown.status).toBe(404);
    const missing = await act(h, 'VW-999999', 'cancel');
    expect(missing.status).toBe(404);
  });

  it('cancels, at any time before it, and the visitor’s link, the free times and their messages follow', async () => {
    // A notice period so long that the visitor could no longer cancel online.
    const h = await staffHarness({ manage: { noticeMinutes: 30 * 24 * 60 } });
    const { property, slot, booking, token } = await bookOnline(h);
    await h.proxy.manage.outbox.worker.deliverDue();
    const own = await h.json(`/v1/bookings/${token}/cancel`, request('POST', {}));
    expect(own.status).toBe(409);

    const cancelled = await act(h, booking.reference, 'cancel', {
      reason: 'The landlord has let it privately',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.viewing).toMatchObject({ cancelled: true, booked: { status: 'cancelled' } });
    expect(cancelled.viewing?.actions).toMatchObject({ cancel: false, uncancel: true });

    expect((await visitorView(h, token)).body.phase).toBe('cancelled');
    expect(h.emulator.diary().find((e) => e.reference === booking.reference)?.cancelled).toBe(true);
    const { viewings } = await diary(h, property.branchId, dayOf(booking.start));
    expect(viewings.find((v) => v.reference === booking.reference)?.cancelled).toBe(true);

    await h.proxy.manage.outbox.worker.deliverDue();
    const notice = h.emulator.messages().at(-1);
    expect(notice?.subject).toMatch(/ is cancelled$/);
    expect(notice?.body).toContain('has had to cancel your viewing');
    // The reason was written for colleagues, not for the visitor.
    expect(notice?.body).not.toContain('landlord');

    const next = await h.book({
      propertyId: property.id,
      slotId: slot.id,
      guest: { ...guest, email: 'next.visitor@example.org' },
      consent: { marketing: false },
    });
    expect(next.status).toBe(201);
  });

  it('reinstates a cancelled viewing while its time is free, and not once someone else has it', async () => {
    const h = await staffHarness();
    const { property, slot, booking, token } = await bookOnline(h);
    await act(h, booking.reference, 'cancel');
    const back = await act(h, booking.reference, 'uncancel');
    expect(back.status).toBe(200);
    expect(back.viewing).toMatchObject({ cancelled: false, booked: { status: 'confirmed' } });
    expect((await visitorView(h, token)).body.phase).toBe('changeable');
    expect(h.emulator.diary().find((e) => e.reference === booking.reference)?.cancelled).toBe(false);
    const other = { ...guest, email: 'next.visitor@example.org' };
    const refused = await h.book({
      propertyId: property.id,
      slotId: slot.id,
      guest: other,
      consent: { marketing: false },
    });
    expect(refused.status).toBe(409);

    await act(h, booking.reference, 'cancel');
    expect(
      (
        await h.book({
          propertyId: property.id,
          slotId: slot.id,
          guest: other,
          consent: { marketing: false },
        })
      ).status,
    ).toBe(201);
    const taken = await act(h, booking.reference, 'uncancel');
    expect(taken.status).toBe(409);
    expect(taken.json).toMatchObject({ error: { code: 'slot_taken' } });
    expect((await visitorView(h, token)).body.phase).toBe('cancelled');
  });

  it('moves a viewing to another free time, and the visitor is told', async () => {
    const h = await staffHarness();
    const { booking, token, later } = await bookOnline(h);
    const target = later.find((s) => s.start !== booking.start)!;
    const moved = await act(h, booking.reference, 'reschedule', { slotId: target.id });
    expect(moved.status).toBe(200);
    expect(moved.viewing?.start).toBe(target.start);
    expect((await visitorView(h, token)).body.booking.start).toBe(target.start);
    const live = h.emulator.diary().filter((e) => !e.cancelled);
    expect(live).toHaveLength(1);
    await h.proxy.manage.outbox.worker.deliverDue();
    expect(h.emulator.messages().at(-1)?.subject).toMatch(/ has moved$/);
  });

  it('sends the viewer a message through agentOS', async () => {
    const h = await staffHarness();
    const { booking } = await bookOnline(h);
    const sent = await act(h, booking.reference, 'message', {
      subject: 'Parking at the property',
      body: 'Please park on Mill Lane; the drive is shared.',
    });
    expect(sent.status).toBe(200);
    const outbox = await h.emulator.fetch(new Request('http://agentos.sandbox/_sandbox/messages'));
    const { messages } = (await outbox.json()) as {
      messages: { subject: string; body: string; recipients: string[] }[];
    };
    expect(messages.find((m) => m.subject === 'Parking at the property')).toMatchObject({
      body: 'Please park on Mill Lane; the drive is shared.',
      recipients: expect.arrayContaining([guest.email]),
    });
  });

  it('changes a viewing booked in agentOS itself, which the proxy holds no record of', async () => {
    const h = await staffHarness();
    const { property, slots } = await propertyWithSlots(h);
    const later = slots.filter((s) => Date.parse(s.start) > NOW.getTime() + DAY);
    const branch = h.proxy.catalog.branch(property.branchId)!;
    const made = await h.backend.book({
      property: h.proxy.catalog.property(property.id)!,
      branch,
      slotId: later[0]!.id,
      guest: { ...guest, firstName: 'Walk', lastName: 'In' },
      consent: { marketing: false },
    });
    if (!made.ok) throw new Error('the emulator refused a free time');
    const reference = made.booking.reference;

    const { viewings } = await diary(h, property.branchId, dayOf(made.booking.start));
    const entry = viewings.find((v) => v.reference === reference);
    expect(entry).toMatchObject({
      viewer: 'Walk In',
      actions: { cancel: true, reschedule: true, message: true },
    });
    expect(entry?.booked).toBeUndefined();

    expect((await act(h, reference, 'cancel', { reason: 'Called to cancel' })).viewing?.cancelled).toBe(true);
    expect(h.emulator.diary().find((e) => e.reference === reference)?.cancelled).toBe(true);
    expect((await act(h, reference, 'uncancel')).viewing?.cancelled).toBe(false);
    const target = later.find((s) => s.start !== made.booking.start)!;
    expect((await act(h, reference, 'reschedule', { slotId: target.id })).viewing?.start).toBe(target.start);
    expect((await act(h, reference, 'message', { subject: 'See you', body: 'At the door.' })).status).toBe(
      200,
    );
    expect(h.emulator.messages().at(-1)?.subject).toBe('See you');
  });

  it('keeps uncached diary reads to a share of the upstream budget', async () => {
    const h = await staffHarness();
    const { property } = await propertyWithSlots(h);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const day = new Date(NOW.getTime() + i * DAY).toISOString().slice(0, 10);
      const response = await h.call(`/staff/api/diary?branchId=${property.branchId}&from=${day}`, {
        headers: bearer(),
      });
      statuses.push(response.status);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    // A day already read is answered from the cache.
    const again = await h.call(`/staff/api/diary?branchId=${property.branchId}&from=${TODAY}`, {
      headers: bearer(),
    });
    expect(again.status).toBe(200);
  });
});

describe('where an online viewer came from', () => {
  const source = {
    page: 'https://harbourandfinch.example/homes/bath',
    utm_source: 'newsletter',
    utm_campaign: 'spring-lettings',
    gclid: 'Cj0KCQiA',
  };

  it("goes into the agent's notes after the visitor's words, and staff see it with the viewing", async () => {
    const h = await staffHarness();
    const { property, slots } = await propertyWithSlots(h);
    const slot = slots.filter((s) => Date.parse(s.start) > NOW.getTime() + DAY)[0]!;
    const answer = await h.book({
      propertyId: property.id,
      slotId: slot.id,
      guest,
      consent: { marketing: false },
      message: 'Is there parking?',
      source,
    });
    expect(answer.status).toBe(201);
    const booking = Booking.parse(answer.body.booking);

    const entry = h.emulator.diary().find((e) => e.reference === booking.reference);
    expect(entry?.comments).toMatch(
      /Is there parking\?\n\nCame from: https:\/\/harbourandfinch\.example\/homes\/bath, utm_source=newsletter, utm_campaign=spring-lettings, gclid=Cj0KCQiA$/,
    );
    const { viewings } = await diary(h, property.branchId, dayOf(booking.start));
    expect(viewings.find((v) => v.reference === booking.reference)?.booked).toEqual({
      online: true,
      status: 'confirmed',
      source,
    });
  });

  it('is turned away with a code and a message when it is not what a page can send', async () => {
    const h = await staffHarness();
    const { property, slots } = await propertyWithSlots(h);
    const answer = await h.book({
      propertyId: property.id,
      slotId: slots[0]!.id,
      guest,
      consent: { marketing: false },
      source: { page: 'javascript:alert(1)', utm_source: 'x'.repeat(201) },
    });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      error: {
        code: 'invalid_request',
        fields: { 'source.page': expect.any(String), 'source.utm_source': expect.any(String) },
      },
    });
    expect(h.emulator.diary()).toEqual([]);
  });
});

describe("a visitor's answers to the agency's questions", () => {
  it('are shown to staff with the viewing, in the words of the question and of the answer picked', async () => {
    const h = await staffHarness({
      questions: {
        lettings: [
          {
            id: 'pets',
            kind: 'choice',
            label: { en: 'Any pets?', fr: 'Des animaux ?' },
            options: [
              { value: 'none', label: { en: 'No pets', fr: 'Aucun' } },
              { value: 'dog', label: { en: 'A dog', fr: 'Un chien' } },
            ],
          },
        ],
      },
    });
    const { property, slots } = await propertyWithSlots(h);
    const slot = slots.filter((s) => Date.parse(s.start) > NOW.getTime() + DAY)[0]!;
    const answer = await h.book({
      propertyId: property.id,
      slotId: slot.id,
      guest,
      consent: { marketing: false },
      answers: { pets: 'dog' },
    });
    expect(answer.status).toBe(201);
    const booking = Booking.parse(answer.body.booking);
    const { viewings } = await diary(h, property.branchId, dayOf(booking.start));
    expect(viewings.find((v) => v.reference === booking.reference)?.booked?.answers).toEqual([
      { id: 'pets', question: 'Any pets?', answer: 'A dog' },
    ]);
  });
});

describe('staff keys in the configuration', () => {
  it('reads name:key pairs and bare keys from STAFF_KEYS', () => {
    const config = loadConfig({ env: { STAFF_KEYS: `Sam Patel:${KEY}, ${OTHER_KEY}` } });
    expect(config.staff.keys).toEqual([{ name: 'Sam Patel', key: KEY }, { key: OTHER_KEY }]);
  });

  it('refuses a short key, naming the variable', () => {
    expect(() => loadConfig({ env: { STAFF_KEYS: 'Sam:short' } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { STAFF_KEYS: 'Sam:short' } })).toThrow(
      /staff\.keys\.0 \(STAFF_KEYS\): .*24/,
    );
  });
});
