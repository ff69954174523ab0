import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/proxy/store/sqlite.ts';
import { FakeAgency, startManageProxy, visitor, type ManageProxy } from './manage-fake.ts';

let managed: ManageProxy | undefined;
afterEach(() => {
  managed?.stop();
  managed = undefined;
});

const A = '2026-11-25T10:00:00';
const B = '2026-11-25T14:00:00';

const sent = (m: ManageProxy) =>
  m.fake.messages.map(({ reference, message }) => `${reference} ${message.kind}`);

describe('messages to the visitor', () => {
  it('are sent once each, across a restart of the proxy', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'viewing-messages-')), 'state.db');
    const fake = new FakeAgency();
    const first = await startManageProxy({ fake, store: (now) => new SqliteStore(path, now) });
    await first.bookToken(fake.slot(A).id);
    expect(await first.deliverMessages()).toBe(1);
    // Booked just before the restart: its confirmation is still queued.
    await first.bookToken(fake.slot(B).id);
    first.stop();
    await first.store.close();

    managed = await startManageProxy({ fake, store: (now) => new SqliteStore(path, now) });
    await managed.deliverMessages();
    await managed.deliverMessages();
    expect(sent(managed)).toEqual(['FK-1000 confirmation', 'FK-1001 confirmation']);

    // The reminders were queued before the restart, and go out once, when due.
    managed.setNow('2026-11-24T14:00:01Z');
    await managed.deliverMessages();
    await managed.deliverMessages();
    expect(sent(managed)).toEqual([
      'FK-1000 confirmation',
      'FK-1001 confirmation',
      'FK-1000 reminder',
      'FK-1001 reminder',
    ]);
    managed.stop();
    await managed.store.close();
    managed = undefined;
  });

  it('say what the visitor needs in plain English, and nobody else’s details', async () => {
    managed = await startManageProxy();
    const token = await managed.bookToken(managed.fake.slot(A).id);
    await managed.deliverMessages();
    const [confirmation] = managed.fake.messages;
    expect(confirmation?.message.subject).toBe('Your viewing of 12 Mill Lane, Bristol BS1 4AA is booked');
    expect(confirmation?.message.body).toMatch(/^Hello,\n/);
    expect(confirmation?.message.body).toContain('Wednesday 25 November 2026 at 10:00 GMT');
    expect(confirmation?.message.body).toContain('Harbour & Finch Clifton');
    expect(confirmation?.message.body).toContain(`https://proxy.agency.example/api/manage/${token}`);
    expect(confirmation?.message.body).toContain('0117 496 0123');
    expect(confirmation?.message.body).not.toContain('NEG-1');
    expect(confirmation?.message.body).not.toContain(visitor.email);
  });

  it('never open with words the booking form was given, so a stranger cannot choose what the agency says', async () => {
    managed = await startManageProxy();
    const firstName = 'Your account is locked and must be paid today';
    await managed.bookToken(managed.fake.slot(A).id, { ...visitor, firstName });
    await managed.deliverMessages();
    const [confirmation] = managed.fake.messages;
    const [opening] = confirmation?.message.body.split('\n\n') ?? [];
    expect(opening).toBe('Hello,');
    expect(confirmation?.message.subject).not.toContain(firstName);
  });

  it('send a reminder only when it is due, and none for a cancelled or moved time', async () => {
    managed = await startManageProxy({ proxy: { manage: { reminderHours: 24 } } });
    const kept = await managed.bookToken(managed.fake.slot(A).id);
    const cancelled = await managed.bookToken(managed.fake.slot(B).id);
    const moved = await managed.bookToken(managed.fake.slot('2026-11-25T15:00:00').id);
    await managed.deliverMessages();
    expect(sent(managed)).toEqual(['FK-1000 confirmation', 'FK-1001 confirmation', 'FK-1002 confirmation']);

    managed.setNow('2026-11-24T08:00:00Z');
    await managed.post(`/v1/bookings/${cancelled}/cancel`, {});
    await managed.post(`/v1/bookings/${moved}/reschedule`, {
      slotId: managed.fake.slot('2026-11-26T11:00:00').id,
    });
    await managed.deliverMessages();
    expect(sent(managed).slice(3)).toEqual(['FK-1001 cancelled', 'FK-1003 rescheduled']);

    managed.setNow('2026-11-24T09:59:00Z');
    await managed.deliverMessages();
    expect(sent(managed)).toHaveLength(5);

    managed.setNow('2026-11-24T15:30:00Z');
    await managed.deliverMessages();
    expect(sent(managed).slice(5)).toEqual(['FK-1000 reminder']);
    expect(managed.fake.messages.at(-1)?.message.body).toContain('Wednesday 25 November 2026 at 10:00 GMT');

    managed.setNow('2026-11-25T11:00:01Z');
    await managed.deliverMessages();
    expect(sent(managed).slice(6)).toEqual(['FK-1003 reminder']);
    expect(managed.fake.messages.at(-1)?.message.body).toContain('Thursday 26 November 2026 at 11:00 GMT');
    expect((await managed.record(kept)).messages.map((m) => m.kind)).toEqual(['confirmation', 'reminder']);
  });

  it('are retried when the agency’s system cannot take them, and still sent once', async () => {
    managed = await startManageProxy();
    await managed.bookToken(managed.fake.slot(A).id);
    managed.fake.messagesDown = true;
    expect(await managed.deliverMessages()).toBe(0);
    managed.fake.messagesDown = false;
    managed.setNow(new Date(managed.clock.now.getTime() + 20_000));
    expect(await managed.deliverMessages()).toBe(1);
    await managed.deliverMessages();
    expect(sent(managed)).toEqual(['FK-1000 confirmation']);
  });

  it('are not sent again once the agency’s system refuses one outright, and staff see it failed', async () => {
    managed = await startManageProxy();
    const token = await managed.bookToken(managed.fake.slot(A).id);
    managed.fake.messagesRefused = true;
    expect(await managed.deliverMessages()).toBe(1);
    for (let minutes = 1; minutes <= 30; minutes++) {
      managed.setNow(new Date(managed.clock.now.getTime() + 60_000));
      await managed.deliverMessages();
    }
    expect(managed.fake.messageCalls).toBe(1);
    const { messages } = await managed.record(token);
    expect(messages.map((m) => [m.kind, m.delivery])).toEqual([['confirmation', 'failed']]);
  });

  it('go nowhere near the agency’s system while the viewing is only a request, and follow once it is booked', async () => {
    managed = await startManageProxy();
    managed.fake.bookingDown = true;
    const answer = await managed.book(managed.fake.slot(A).id);
    expect(answer.body.booking?.status).toBe('requested');
    await managed.deliverMessages();
    expect(managed.fake.messageCalls).toBe(0);

    managed.fake.bookingDown = false;
    expect(await managed.proxy.requests.deliverDue()).toBe(1);
    await managed.deliverMessages();
    expect(sent(managed)).toEqual(['FK-1000 confirmation']);
  });

  it('are kept in the viewing’s log for staff where the agency’s system cannot send them', async () => {
    managed = await startManageProxy({ fake: new FakeAgency({ messages: false }) });
    const token = await managed.bookToken(managed.fake.slot(A).id);
    await managed.deliverMessages();
    await managed.post(`/v1/bookings/${token}/cancel`, {});
    await managed.deliverMessages();
    const { messages } = await managed.record(token);
    expect(messages.map((m) => [m.kind, m.delivery])).toEqual([
      ['confirmation', 'logged'],
      ['cancelled', 'logged'],
    ]);
    expect(messages[1]?.subject).toBe('Your viewing of 12 Mill Lane, Bristol BS1 4AA is cancelled');
  });
});

describe('feedback after the viewing', () => {
  it('is refused before the viewing ends and taken once after, then passed to the agency', async () => {
    managed = await startManageProxy({ proxy: { manage: { feedbackDays: 14 } } });
    const token = await managed.bookToken(managed.fake.slot(A).id);
    const feedback = { experience: 'good', interest: 'interested', comments: 'Lovely light in the kitchen.' };
    const early = await managed.post(`/v1/bookings/${token}/feedback`, feedback);
    expect([early.status, early.body.error?.code]).toEqual([409, 'feedback_not_open']);

    managed.setNow('2026-11-25T10:30:00Z');
    expect((await managed.json(`/v1/bookings/${token}`)).body).toMatchObject({
      phase: 'feedback',
      feedbackGiven: false,
    });
    const bad = await managed.post(`/v1/bookings/${token}/feedback`, { experience: 'great' });
    expect(bad.status).toBe(422);
    const given = await managed.post(`/v1/bookings/${token}/feedback`, feedback);
    expect(given.status).toBe(200);
    expect(given.body).toMatchObject({ phase: 'feedback', feedbackGiven: true });
    expect(managed.fake.feedbackSent).toEqual([{ reference: 'FK-1000', feedback }]);
    expect((await managed.record(token)).feedback).toMatchObject({
      ...feedback,
      at: '2026-11-25T10:30:00.000Z',
    });

    const twice = await managed.post(`/v1/bookings/${token}/feedback`, feedback);
    expect([twice.status, twice.body.error?.code]).toEqual([409, 'feedback_given']);
    expect(managed.fake.feedbackSent).toHaveLength(1);
  });
});

describe('marketing consent', () => {
  it('is recorded at booking with the words shown, and a change with its time and words', async () => {
    managed = await startManageProxy();
    const token = await managed.bookToken(managed.fake.slot(A).id);
    expect((await managed.json(`/v1/bookings/${token}`)).body.consent).toEqual({
      marketing: false,
      wording: 'Send me news about similar properties by email. You can unsubscribe at any time.',
      at: '2026-11-23T08:00:00+00:00',
    });

    managed.setNow('2026-11-23T09:15:00Z');
    const wording = 'Yes, tell me about new flats near Clifton by email.';
    const changed = await managed.post(`/v1/bookings/${token}/consent`, {
      consent: { marketing: true, wording },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.consent).toEqual({ marketing: true, wording, at: '2026-11-23T09:15:00+00:00' });
    expect(managed.fake.consentSent).toEqual([
      { reference: 'FK-1000', consent: { marketing: true, wording } },
    ]);

    const bad = await managed.post(`/v1/bookings/${token}/consent`, { consent: { marketing: 'yes' } });
    expect(bad.status).toBe(422);
  });
});
