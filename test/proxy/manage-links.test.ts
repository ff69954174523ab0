import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backends/index.ts';
import { Booking, ManagedViewing } from '../../src/contract/index.ts';
import { createProxy } from '../../src/proxy/app.ts';
import { loadConfig } from '../../src/proxy/config.ts';
import { jsonLogger } from '../../src/proxy/log.ts';
import { ManageTokens } from '../../src/proxy/manage/index.ts';
import { MemoryStore } from '../../src/proxy/store/index.ts';
import { guest, NOW, propertyWithSlots, startHarness, type Harness } from './harness.ts';
import { FakeAgency, startManageProxy, tokenOf, type ManageProxy } from './manage-fake.ts';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const RECORD = 'AAECAwQFBgcICQoLDA0ODw';

let harness: Harness | undefined;
let managed: ManageProxy | undefined;
afterEach(() => {
  harness?.stop();
  managed?.stop();
  harness = managed = undefined;
});

describe('a manage token', () => {
  const tokens = new ManageTokens(SECRET);
  const expires = new Date('2026-12-10T00:00:00Z');

  it('names its record until it expires', () => {
    const token = tokens.sign(RECORD, expires);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(tokens.verify(token, NOW)).toEqual({ ok: true, recordId: RECORD, expiresAt: expires });
  });

  it('is refused with any one character changed', () => {
    const token = tokens.sign(RECORD, expires);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 0; i < token.length; i++) {
      const swapped = alphabet[(alphabet.indexOf(token[i]!) + 1) % alphabet.length]!;
      const tampered = token.slice(0, i) + swapped + token.slice(i + 1);
      expect({ at: i, check: tokens.verify(tampered, NOW) }).toEqual({
        at: i,
        check: { ok: false, reason: 'invalid' },
      });
    }
    expect(tokens.verify(token.slice(0, -1), NOW).ok).toBe(false);
    expect(tokens.verify(`${token}A`, NOW).ok).toBe(false);
    expect(tokens.verify('', NOW).ok).toBe(false);
  });

  it('is refused when another secret signed it', () => {
    const other = new ManageTokens('another-secret-of-at-least-thirty-two-chars');
    expect(tokens.verify(other.sign(RECORD, expires), NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('expires', () => {
    const token = tokens.sign(RECORD, expires);
    expect(tokens.verify(token, new Date(expires.getTime() + 1000))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });
});

describe('the booking answer', () => {
  it('carries a manage link and calendar links that hold none of the visitor’s details', async () => {
    harness = await startHarness();
    const { property, slots } = await propertyWithSlots(harness);
    const slot = slots.find((s) => Date.parse(s.start) > NOW.getTime() + 24 * 60 * 60_000)!;
    const request = { propertyId: property.id, slotId: slot.id, guest, consent: { marketing: true } };
    const first = await harness.book(request, 'manage-links-1');
    expect(first.status).toBe(201);
    const booking = Booking.parse(first.body.booking);
    expect(booking.manageUrl).toMatch(/^http:\/\/proxy\.test\/manage\/[A-Za-z0-9_-]{60,}$/);
    const token = tokenOf(booking.manageUrl!);
    expect(booking.calendar?.ics).toBe(`http://proxy.test/v1/bookings/${token}/calendar.ics`);
    expect(booking.calendar?.google).toMatch(/^https:\/\/calendar\.google\.com\//);
    expect(booking.calendar?.outlook).toMatch(/^https:\/\/outlook\.live\.com\//);
    const urls = [booking.manageUrl!, ...Object.values(booking.calendar!)].map(decodeURIComponent);
    for (const url of urls) {
      for (const detail of [guest.firstName, guest.lastName, guest.email, guest.phone, 'Priya']) {
        expect(url).not.toContain(detail);
      }
    }
    // The token is the record's id and an expiry, not the upstream's reference.
    expect(Buffer.from(token, 'base64url').toString('latin1')).not.toContain(booking.reference);

    const replay = await harness.book(request, 'manage-links-1');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);

    const backend: Backend = harness.backend;
    const canCancel = backend.setCancelled !== undefined;
    const view = await harness.json(`/v1/bookings/${token}`);
    expect(view.status).toBe(200);
    expect(ManagedViewing.parse(view.body)).toMatchObject({
      booking: { reference: booking.reference, start: booking.start, manageUrl: booking.manageUrl },
      property: { id: property.id },
      // Changes need an upstream that can cancel; without one the visitor is sent to the branch.
      phase: canCancel ? 'changeable' : 'locked',
      consent: { marketing: true, wording: expect.stringContaining('unsubscribe') },
      feedbackGiven: false,
    });
  });

  it('links to the agency’s own page when MANAGE_URL is set', async () => {
    managed = await startManageProxy({
      proxy: { manage: { urlTemplate: 'https://www.harbour.example/viewing?manage={token}' } },
    });
    const answer = await managed.book(managed.fake.slot('2026-11-25T10:00:00').id);
    const url = answer.body.booking?.manageUrl ?? '';
    expect(url).toMatch(/^https:\/\/www\.harbour\.example\/viewing\?manage=[A-Za-z0-9_-]+$/);
    const token = url.split('=').at(-1)!;
    // The calendar file is always the proxy's own.
    expect(answer.body.booking?.calendar?.ics).toBe(
      `https://proxy.agency.example/api/v1/bookings/${token}/calendar.ics`,
    );
    expect((await managed.call(`/v1/bookings/${token}`)).status).toBe(200);
  });
});

describe('a manage link that is not right', () => {
  it('is refused when one character is changed, with invalid_token', async () => {
    managed = await startManageProxy();
    const token = await managed.bookToken(managed.fake.slot('2026-11-25T10:00:00').id);
    const middle = Math.floor(token.length / 2);
    const tampered = token.slice(0, middle) + (token[middle] === 'A' ? 'B' : 'A') + token.slice(middle + 1);
    const answer = await managed.json(`/v1/bookings/${tampered}`);
    expect(answer.status).toBe(404);
    expect(answer.body.error?.code).toBe('invalid_token');
    const cancel = await managed.post(`/v1/bookings/${tampered}/cancel`, {});
    expect(cancel.status).toBe(404);
    expect(managed.fake.live()).toHaveLength(1);
  });

  it('is refused when another proxy signed it', async () => {
    managed = await startManageProxy({ proxy: { manage: { secret: SECRET } } });
    const other = await startManageProxy({
      proxy: { manage: { secret: 'another-secret-of-at-least-thirty-two-chars' } },
    });
    try {
      const token = await other.bookToken(other.fake.slot('2026-11-25T10:00:00').id);
      const answer = await managed.json(`/v1/bookings/${token}`);
      expect([answer.status, answer.body.error?.code]).toEqual([404, 'invalid_token']);
    } finally {
      other.stop();
    }
  });

  it('has expired once the feedback window after the viewing is over: 410 link_expired', async () => {
    managed = await startManageProxy({ proxy: { manage: { feedbackDays: 14 } } });
    const token = await managed.bookToken(managed.fake.slot('2026-11-25T10:00:00').id);
    managed.setNow('2026-12-09T10:29:00Z');
    expect((await managed.call(`/v1/bookings/${token}`)).status).toBe(200);
    managed.setNow('2026-12-09T10:31:00Z');
    const answer = await managed.json(`/v1/bookings/${token}`);
    expect([answer.status, answer.body.error?.code]).toEqual([410, 'link_expired']);
    expect(answer.body.error?.message).toMatch(/expired/);
  });
});

describe('the proxy’s log', () => {
  it('names neither the link’s token nor the visitor when a viewing is booked, opened and changed', async () => {
    const lines: string[] = [];
    managed = await startManageProxy({ proxy: { log: jsonLogger((line) => lines.push(line)) } });
    const token = await managed.bookToken(managed.fake.slot('2026-11-25T10:00:00').id);
    await managed.call(`/v1/bookings/${token}`);
    await managed.post(`/v1/bookings/${token}/reschedule`, {
      slotId: managed.fake.slot('2026-11-25T14:00:00').id,
    });
    await managed.post(`/v1/bookings/${token}/cancel`, { reason: 'Found a flat nearer work' });
    await managed.proxy.manage.outbox.worker.deliverDue();
    const log = lines.join('\n');
    expect(log).toContain('"route":"/v1/bookings/:token/cancel"');
    expect(log).toContain('viewing_cancelled');
    for (const secret of [token, guest.email, guest.lastName, guest.phone, 'Found a flat']) {
      expect(log).not.toContain(secret);
    }
  });
});

describe('the signing secret', () => {
  it('is made once and kept in the store, so links survive a restart without MANAGE_SECRET', async () => {
    const store = new MemoryStore();
    const fake = new FakeAgency();
    managed = await startManageProxy({ fake, store });
    const token = await managed.bookToken(fake.slot('2026-11-25T10:00:00').id);
    managed.stop();
    const restarted = createProxy({ backend: fake, store, now: () => NOW });
    const answer = await restarted.app.request(`http://proxy.test/v1/bookings/${token}`);
    expect(answer.status).toBe(200);
    restarted.stop();
  });
});

describe('configuration', () => {
  it('reads the manage settings from the environment', () => {
    const config = loadConfig({
      env: {
        MANAGE_SECRET: SECRET,
        MANAGE_URL: 'https://www.harbour.example/viewing?manage={token}',
        CHANGE_NOTICE_MINUTES: '240',
        REMINDER_HOURS: '48',
        FEEDBACK_DAYS: '7',
      },
    });
    expect(config.manage).toEqual({
      secret: SECRET,
      url: 'https://www.harbour.example/viewing?manage={token}',
      noticeMinutes: 240,
      reminderHours: 48,
      feedbackDays: 7,
    });
    expect(loadConfig({ env: {} }).manage).toEqual({
      noticeMinutes: 120,
      reminderHours: 24,
      feedbackDays: 14,
    });
  });

  it('names the field when the manage page has no place for the token, or the secret is short', () => {
    expect(() => loadConfig({ env: { MANAGE_URL: 'https://www.harbour.example/viewing' } })).toThrow(
      /manage\.url \(MANAGE_URL\): must contain \{token\}/,
    );
    expect(() => loadConfig({ env: { MANAGE_SECRET: 'short' } })).toThrow(/manage\.secret \(MANAGE_SECRET\)/);
  });
});
