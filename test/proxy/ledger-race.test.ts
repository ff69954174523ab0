import { afterEach, describe, expect, it } from 'vitest';
import { startManageProxy, visitor, type ManageProxy } from './manage-fake.ts';

let managed: ManageProxy | undefined;
afterEach(() => {
  managed?.stop();
  managed = undefined;
});

const A = '2026-11-25T10:00:00';
const B = '2026-11-25T14:00:00';

const racers = Array.from({ length: 5 }, (_, n) => ({
  ...visitor,
  firstName: 'Racing',
  lastName: `Visitor ${'abcde'[n]}`,
  email: `racer.${'abcde'[n]}@example.org`,
}));

/** Live upstream bookings of one time. */
const liveAt = (m: ManageProxy, slotId: string) =>
  m.fake.bookings.filter((booking) => booking.slotId === slotId && !booking.cancelled);

describe('one booking per home and time, whichever path asks for it', () => {
  it('a visitor moving to a time while five others book it: one holds it, the rest are told it is taken', async () => {
    const m = (managed = await startManageProxy());
    const token = await m.bookToken(m.fake.slot(A).id);
    const target = m.fake.slot(B).id;
    // Everyone chose from the times the proxy showed.
    await m.json(`/v1/slots?propertyId=${m.fake.property.id}&from=2026-11-25&days=1`);

    const [move, ...books] = await Promise.all([
      m.post(`/v1/bookings/${token}/reschedule`, { slotId: target }, { 'idempotency-key': 'racing-move' }),
      ...racers.map((guest) => m.book(target, guest)),
    ]);
    const answers = [move.status, ...books.map((answer) => answer.status)];
    // Exactly one is told the time is theirs; every other is told it is taken, none that something failed.
    expect(answers.filter((status) => status === 200 || status === 201)).toHaveLength(1);
    expect(answers.filter((status) => status === 409)).toHaveLength(5);
    expect(liveAt(m, target)).toHaveLength(1);
    // The mover who lost keeps the time they had; the one who won gave it back.
    const record = await m.record(token);
    if (move.status === 200) {
      expect(record.booking.start).toBe(m.fake.slot(B).start);
      expect(liveAt(m, m.fake.slot(A).id)).toHaveLength(0);
    } else {
      expect(record.booking.start).toBe(m.fake.slot(A).start);
      expect(liveAt(m, m.fake.slot(A).id)).toHaveLength(1);
    }
  });

  it('a visitor booking a time another visitor is moving away from only once the move has given it back', async () => {
    const m = (managed = await startManageProxy());
    const token = await m.bookToken(m.fake.slot(A).id);
    await m.json(`/v1/slots?propertyId=${m.fake.property.id}&from=2026-11-25&days=1`);
    // While the mover holds A, a booking of A is told it is taken.
    const early = await m.book(m.fake.slot(A).id, racers[0]);
    expect(early.status).toBe(409);
    const moved = await m.post(
      `/v1/bookings/${token}/reschedule`,
      { slotId: m.fake.slot(B).id },
      { 'idempotency-key': 'moving-away' },
    );
    expect(moved.status).toBe(200);
    // Given back by the move, A is anyone's again, once.
    const [first, second] = await Promise.all([
      m.book(m.fake.slot(A).id, racers[1]),
      m.book(m.fake.slot(A).id, racers[2]),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    expect(liveAt(m, m.fake.slot(A).id)).toHaveLength(1);
  });
});
