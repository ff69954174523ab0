import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeAgency, startManageProxy, visitor, type ManageProxy } from './manage-fake.ts';

let managed: ManageProxy | undefined;
afterEach(() => {
  managed?.stop();
  managed = undefined;
});

const other = { ...visitor, firstName: 'Tomasz', lastName: 'Kowalski', email: 'tomasz@example.org' };
const A = '2026-11-25T10:00:00';
const B = '2026-11-25T14:00:00';

/** The free times the proxy offers on 25 November, as wall-clock `HH:mm`. */
async function freeOn25th(m: ManageProxy): Promise<string[]> {
  const { body } = await m.json<{ slots: { id: string }[] }>(
    `/v1/slots?propertyId=${m.fake.property.id}&from=2026-11-25&days=1`,
  );
  return body.slots.map((s) => s.id.slice(-8, -3));
}

/**
 * A freed time is offered again once the cached free times have been read afresh: a cached list may be
 * answered for its 30 seconds while the fresh read runs behind it.
 */
async function offeredAgain(m: ManageProxy, time: string) {
  await vi.waitFor(
    async () => {
      m.setNow(new Date(m.clock.now.getTime() + 31_000));
      expect(await freeOn25th(m)).toContain(time);
    },
    { timeout: 2_000, interval: 20 },
  );
}

/** The `.ics` file with folded lines joined again. */
async function ics(m: ManageProxy, token: string) {
  const response = await m.call(`/v1/bookings/${token}/calendar.ics`);
  return { response, text: (await response.text()).replace(/\r\n[ \t]/g, '') };
}

describe('the notice window', () => {
  it('refuses to move or cancel a viewing this close to it, and gives the branch’s phone number', async () => {
    managed = await startManageProxy({ proxy: { manage: { noticeMinutes: 120 } } });
    const token = await managed.bookToken(managed.fake.slot('2026-11-23T14:00:00').id);
    expect((await managed.json(`/v1/bookings/${token}`)).body).toMatchObject({
      phase: 'changeable',
      changeableUntil: '2026-11-23T12:00:00+00:00',
    });

    managed.setNow('2026-11-23T12:01:00Z');
    const cancel = await managed.post(`/v1/bookings/${token}/cancel`, { reason: 'Found a flat' });
    expect(cancel.status).toBe(409);
    expect(cancel.body.error?.code).toBe('change_window_closed');
    expect(cancel.body.error?.message).toContain('0117 496 0123');
    const move = await managed.post(`/v1/bookings/${token}/reschedule`, {
      slotId: managed.fake.slot('2026-11-24T10:00:00').id,
    });
    expect([move.status, move.body.error?.code]).toEqual([409, 'change_window_closed']);
    expect(move.body.error?.message).toContain('0117 496 0123');
    expect((await managed.json(`/v1/bookings/${token}`)).body.phase).toBe('locked');
    expect(managed.fake.live()).toHaveLength(1);
  });
});

describe('moving a viewing', () => {
  it('books the new time, cancels the old one and offers it to others again', async () => {
    managed = await startManageProxy();
    const token = await managed.bookToken(managed.fake.slot(A).id);
    expect(await freeOn25th(managed)).not.toContain('10:00');

    const moved = await managed.post(`/v1/bookings/${token}/reschedule`, {
      slotId: managed.fake.slot(B).id,
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      phase: 'changeable',
      booking: { start: '2026-11-25T14:00:00+00:00', status: 'confirmed' },
    });
    expect(managed.fake.live().map((b) => b.start)).toEqual(['2026-11-25T14:00:00+00:00']);
    await offeredAgain(managed, '10:00');
    expect(await freeOn25th(managed)).not.toContain('14:00');
    expect((await managed.book(managed.fake.slot(A).id, other)).status).toBe(201);
    // The new manage link works; so does the old one, for the same viewing.
    const fresh = moved.body.booking.manageUrl.split('/').at(-1)!;
    expect((await managed.json(`/v1/bookings/${fresh}`)).body.booking.start).toBe(
      '2026-11-25T14:00:00+00:00',
    );
    expect((await managed.json(`/v1/bookings/${token}`)).body.booking.start).toBe(
      '2026-11-25T14:00:00+00:00',
    );
  });

  it('leaves the viewing where it was when the new time was taken, and offers others', async () => {
    managed = await startManageProxy();
    const token = await managed.bookToken(managed.fake.slot(A).id);
    await managed.book(managed.fake.slot(B).id, other);
    const move = await managed.post(`/v1/bookings/${token}/reschedule`, { slotId: managed.fake.slot(B).id });
    expect([move.status, move.body.error?.code]).toEqual([409, 'slot_taken']);
    expect(move.body.error?.alternatives?.length).toBeGreaterThan(0);
    expect(move.body.error?.alternatives?.some((s) => s.id === managed!.fake.slot(B).id)).toBe(false);
    expect(move.body.error?.alternatives?.some((s) => s.id === managed!.fake.slot(A).id)).toBe(false);

    // Taken behind the proxy's back (a phone booking): the upstream says so, with the same result.
    const C = managed.fake.slot('2026-11-25T15:00:00');
    await managed.fake.book({
      property: managed.fake.property,
      branch: managed.fake.branch,
      slotId: C.id,
      guest: other,
      consent: { marketing: false },
    });
    const again = await managed.post(`/v1/bookings/${token}/reschedule`, { slotId: C.id });
    expect([again.status, again.body.error?.code]).toEqual([409, 'slot_taken']);

    const view = await managed.json(`/v1/bookings/${token}`);
    expect(view.body.booking).toMatchObject({ start: '2026-11-25T10:00:00+00:00', status: 'confirmed' });
    expect(managed.fake.live().filter((b) => b.guest.email === visitor.email)).toHaveLength(1);
  });

  it('leaves exactly one booking when the upstream fails while booking the new time', async () => {
    managed = await startManageProxy();
    const token = await managed.bookToken(managed.fake.slot(A).id);
    managed.fake.bookingDown = true;
    const move = await managed.post(`/v1/bookings/${token}/reschedule`, { slotId: managed.fake.slot(B).id });
    expect([move.status, move.body.error?.code]).toEqual([503, 'upstream_unavailable']);
    expect(move.body.error?.message).toContain('unchanged');
    expect(managed.fake.live().map((b) => b.start)).toEqual(['2026-11-25T10:00:00+00:00']);
    expect((await managed.json(`/v1/bookings/${token}`)).body.booking.start).toBe(
      '2026-11-25T10:00:00+00:00',
    );
    // The new time was not kept from anyone.
    managed.fake.bookingDown = false;
    await offeredAgain(managed, '14:00');
  });

  it('cancels the old booking later when the upstream cannot take the cancellation yet', async () => {
    managed = await startManageProxy();
    const token = await managed.bookToken(managed.fake.slot(A).id);
    managed.fake.cancelDown = true;
    const move = await managed.post(`/v1/bookings/${token}/reschedule`, { slotId: managed.fake.slot(B).id });
    expect(move.status).toBe(200);
    expect(await managed.proxy.manage.upstream.worker.size()).toBe(1);
    // Still refused: it is retried later.
    await managed.proxy.manage.upstream.worker.deliverDue();
    expect(managed.fake.live()).toHaveLength(2);

    managed.fake.cancelDown = false;
    managed.setNow(new Date(managed.clock.now.getTime() + 60_000));
    expect(await managed.proxy.manage.upstream.worker.deliverDue()).toBe(1);
    expect(managed.fake.live().map((b) => b.start)).toEqual(['2026-11-25T14:00:00+00:00']);
  });

  it('uses the upstream’s own move where it has one, and keeps the booking when it fails', async () => {
    managed = await startManageProxy({ fake: new FakeAgency({ reschedule: true }) });
    const token = await managed.bookToken(managed.fake.slot(A).id);
    managed.fake.bookingDown = true;
    const failed = await managed.post(`/v1/bookings/${token}/reschedule`, {
      slotId: managed.fake.slot(B).id,
    });
    expect(failed.status).toBe(503);
    expect(managed.fake.live()).toHaveLength(1);
    managed.fake.bookingDown = false;
    const moved = await managed.post(`/v1/bookings/${token}/reschedule`, { slotId: managed.fake.slot(B).id });
    expect(moved.status).toBe(200);
    expect(managed.fake.live().map((b) => b.start)).toEqual(['2026-11-25T14:00:00+00:00']);
    expect(await managed.proxy.manage.upstream.worker.size()).toBe(0);
  });

  it('moves once for a repeated Idempotency-Key, answering the same', async () => {
    managed = await startManageProxy();
    const token = await managed.bookToken(managed.fake.slot(A).id);
    const body = { slotId: managed.fake.slot(B).id };
    const headers = { 'idempotency-key': 'move-once-12345' };
    const first = await managed.post(`/v1/bookings/${token}/reschedule`, body, headers);
    const second = await managed.post(`/v1/bookings/${token}/reschedule`, body, headers);
    expect(first.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(managed.fake.bookings).toHaveLength(2);
    const reused = await managed.post(
      `/v1/bookings/${token}/reschedule`,
      { slotId: managed.fake.slot('2026-11-25T15:00:00').id },
      headers,
    );
    expect([reused.status, reused.body.error?.code]).toEqual([422, 'idempotency_conflict']);
  });

  it('refuses a body that is not a move with 422 and the field', async () => {
    managed = await startManageProxy();
    const token = await managed.bookToken(managed.fake.slot(A).id);
    const answer = await managed.json<{ error: { code: string; fields: Record<string, string> } }>(
      `/v1/bookings/${token}/reschedule`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"slot":"x"}' },
    );
    expect(answer.status).toBe(422);
    expect(answer.body.error.fields).toHaveProperty('slotId');
    const notJson = await managed.call(`/v1/bookings/${token}/cancel`, { method: 'POST', body: '{' });
    expect(notJson.status).toBe(422);
  });
});

describe('cancelling a viewing', () => {
  it('frees the time for the next visitor', async () => {
    managed = await startManageProxy();
    const token = await managed.bookToken(managed.fake.slot(A).id);
    expect((await managed.book(managed.fake.slot(A).id, other)).status).toBe(409);

    const cancelled = await managed.post(`/v1/bookings/${token}/cancel`, { reason: 'Found a flat' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ phase: 'cancelled', booking: { status: 'cancelled' } });
    expect(managed.fake.live()).toHaveLength(0);
    await offeredAgain(managed, '10:00');
    expect((await managed.book(managed.fake.slot(A).id, other)).status).toBe(201);
    // A second click changes nothing.
    const again = await managed.post(`/v1/bookings/${token}/cancel`, {});
    expect(again.status).toBe(200);
    expect(managed.fake.live()).toHaveLength(1);
  });

  it('cannot then be moved', async () => {
    managed = await startManageProxy();
    const token = await managed.bookToken(managed.fake.slot(A).id);
    await managed.post(`/v1/bookings/${token}/cancel`, {});
    const move = await managed.post(`/v1/bookings/${token}/reschedule`, { slotId: managed.fake.slot(B).id });
    expect([move.status, move.body.error?.code]).toEqual([409, 'not_changeable']);
    expect(managed.fake.live()).toHaveLength(0);
  });

  it('replaces the calendar entry: METHOD:CANCEL with a higher SEQUENCE and the same UID', async () => {
    managed = await startManageProxy();
    const token = await managed.bookToken(managed.fake.slot(A).id);
    const before = await ics(managed, token);
    expect(before.response.status).toBe(200);
    expect(before.response.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(before.text).toContain('METHOD:REQUEST');
    expect(before.text).toContain('SEQUENCE:0');
    expect(before.text).toContain('DTSTART;TZID=Europe/London:20261125T100000');
    expect(before.text).toContain('LOCATION:12 Mill Lane\\, Bristol BS1 4AA');
    expect(before.text).toMatch(/ORGANIZER;CN=[^:]+:mailto:clifton@harbourandfinch\.example/);
    expect(before.text).toMatch(/ATTENDEE;[^:]*:mailto:priya\.natarajan@example\.org/);
    expect(before.text).toContain(`URL:https://proxy.agency.example/api/manage/${token}`);
    const uid = /UID:(.+)/.exec(before.text)?.[1];

    await managed.post(`/v1/bookings/${token}/cancel`, {});
    const after = await ics(managed, token);
    expect(after.text).toContain('METHOD:CANCEL');
    expect(after.text).toContain('STATUS:CANCELLED');
    expect(after.text).toContain('SEQUENCE:1');
    expect(/UID:(.+)/.exec(after.text)?.[1]).toBe(uid);
  });

  it('drops a request the upstream has not taken yet, so it is never delivered', async () => {
    managed = await startManageProxy();
    managed.fake.bookingDown = true;
    const answer = await managed.book(managed.fake.slot(A).id);
    expect(answer.body.booking?.status).toBe('requested');
    const token = answer.body.booking!.manageUrl!.split('/').at(-1)!;
    expect(await managed.proxy.requests.size()).toBe(1);

    const cancelled = await managed.post(`/v1/bookings/${token}/cancel`, {});
    expect(cancelled.body.phase).toBe('cancelled');
    expect(await managed.proxy.requests.size()).toBe(0);
    managed.fake.bookingDown = false;
    await managed.proxy.requests.deliverDue();
    expect(managed.fake.bookings).toHaveLength(0);
    await offeredAgain(managed, '10:00');
  });
});

describe('a request the upstream takes later', () => {
  it('gets the upstream’s reference and is confirmed in the visitor’s view and calendar', async () => {
    managed = await startManageProxy();
    managed.fake.bookingDown = true;
    const answer = await managed.book(managed.fake.slot(A).id);
    const token = answer.body.booking!.manageUrl!.split('/').at(-1)!;
    expect((await managed.json(`/v1/bookings/${token}`)).body.booking.status).toBe('requested');
    const move = await managed.post(`/v1/bookings/${token}/reschedule`, { slotId: managed.fake.slot(B).id });
    expect([move.status, move.body.error?.code]).toEqual([409, 'not_changeable']);

    managed.fake.bookingDown = false;
    expect(await managed.proxy.requests.deliverDue()).toBe(1);
    const view = await managed.json(`/v1/bookings/${token}`);
    expect(view.body.booking).toMatchObject({ reference: 'FK-1000', status: 'confirmed' });
    expect((await ics(managed, token)).text).toContain('SEQUENCE:1');
    // Now it is a booking: it can be moved.
    const moved = await managed.post(`/v1/bookings/${token}/reschedule`, { slotId: managed.fake.slot(B).id });
    expect(moved.status).toBe(200);
    expect(managed.fake.live().map((b) => b.start)).toEqual(['2026-11-25T14:00:00+00:00']);
  });
});
