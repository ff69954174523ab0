import { afterEach, describe, expect, it } from 'vitest';
import { startManageProxy, visitor, type ManageProxy } from './manage-fake.ts';

let managed: ManageProxy | undefined;
afterEach(() => {
  managed?.stop();
  managed = undefined;
});

const A = '2026-11-25T10:00:00';
const B = '2026-11-25T14:00:00';
const other = { ...visitor, email: 'someone.else@example.org' };

const sent = (m: ManageProxy) =>
  m.fake.messages.map(({ reference, message }) => `${reference} ${message.kind}`);

describe('changes made by staff', () => {
  it('cancel and move a viewing inside the notice period that holds the visitor back', async () => {
    managed = await startManageProxy();
    const token = await managed.bookToken(managed.fake.slot(A).id);
    const moving = await managed.bookToken(managed.fake.slot('2026-11-25T11:00:00').id, other);
    managed.setNow('2026-11-25T09:30:00Z');
    expect((await managed.post(`/v1/bookings/${token}/cancel`, {})).status).toBe(409);

    const { id } = await managed.record(token);
    const cancelled = await managed.proxy.manage.cancel(
      id,
      { reason: 'Tenant found privately' },
      { by: 'staff' },
    );
    expect(cancelled).toMatchObject({
      ok: true,
      record: { cancelledBy: 'staff', booking: { status: 'cancelled' } },
    });
    const moved = await managed.proxy.manage.reschedule(
      (await managed.record(moving)).id,
      managed.fake.slot(B).id,
      {
        by: 'staff',
      },
    );
    expect(moved).toMatchObject({ ok: true, record: { booking: { start: '2026-11-25T14:00:00+00:00' } } });

    await managed.deliverMessages();
    const notice = managed.fake.messages.find((m) => m.message.kind === 'cancelled')?.message;
    expect(notice?.body).toContain('Harbour & Finch Clifton has had to cancel your viewing');
    expect(notice?.body).not.toContain('Tenant found');
  });

  it('reinstate a cancelled viewing while its time is free, hold it again and tell the visitor', async () => {
    managed = await startManageProxy();
    const token = await managed.bookToken(managed.fake.slot(A).id);
    const { id, booking } = await managed.record(token);
    await managed.deliverMessages();
    await managed.proxy.manage.cancel(id, {}, { by: 'staff' });
    await managed.deliverMessages();

    const back = await managed.proxy.manage.reinstate(id);
    expect(back).toMatchObject({ ok: true, record: { booking: { status: 'confirmed' } } });
    expect(back.ok && back.record.cancelledBy).toBeUndefined();
    expect(managed.fake.live().map((b) => b.reference)).toEqual([booking.reference]);
    expect((await managed.json(`/v1/bookings/${token}`)).body.phase).toBe('changeable');
    expect((await managed.book(managed.fake.slot(A).id, other)).status).toBe(409);
    await managed.deliverMessages();
    expect(sent(managed)).toEqual([
      `${booking.reference} confirmation`,
      `${booking.reference} cancelled`,
      `${booking.reference} confirmation`,
    ]);
  });

  it('leave a viewing cancelled when someone booked its time meanwhile', async () => {
    managed = await startManageProxy();
    const token = await managed.bookToken(managed.fake.slot(A).id);
    const { id } = await managed.record(token);
    await managed.proxy.manage.cancel(id, {}, { by: 'staff' });
    expect((await managed.book(managed.fake.slot(A).id, other)).status).toBe(201);

    const refused = await managed.proxy.manage.reinstate(id);
    expect(refused).toMatchObject({ ok: false, error: { code: 'slot_taken' } });
    expect((await managed.json(`/v1/bookings/${token}`)).body.phase).toBe('cancelled');
  });

  it('withdraw a cancellation the upstream could not take yet when the viewing is reinstated', async () => {
    managed = await startManageProxy();
    const token = await managed.bookToken(managed.fake.slot(A).id);
    const { id, booking } = await managed.record(token);
    managed.fake.cancelDown = true;
    await managed.proxy.manage.cancel(id, {}, { by: 'staff' });
    managed.fake.cancelDown = false;

    expect((await managed.proxy.manage.reinstate(id)).ok).toBe(true);
    await managed.proxy.manage.upstream.worker.deliverDue();
    expect(managed.fake.live().map((b) => b.reference)).toEqual([booking.reference]);
  });

  it('find a viewing by the reference it has now, not one a move replaced', async () => {
    managed = await startManageProxy();
    const token = await managed.bookToken(managed.fake.slot(A).id);
    const before = await managed.record(token);
    expect((await managed.proxy.manage.records.byReference(before.booking.reference))?.id).toBe(before.id);

    await managed.post(`/v1/bookings/${token}/reschedule`, { slotId: managed.fake.slot(B).id });
    const after = await managed.record(token);
    expect(after.booking.reference).not.toBe(before.booking.reference);
    expect(await managed.proxy.manage.records.byReference(before.booking.reference)).toBeUndefined();
    expect((await managed.proxy.manage.records.byReference(after.booking.reference))?.id).toBe(after.id);
  });
});
