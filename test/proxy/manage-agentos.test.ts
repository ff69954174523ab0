import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Booking } from '../../src/contract/index.ts';
import { createProxy } from '../../src/proxy/app.ts';
import { SqliteStore } from '../../src/proxy/store/sqlite.ts';
import { guest, NOW, propertyWithSlots, startHarness, type Harness, type TestSlot } from './harness.ts';
import { tokenOf, type ManageAnswer } from './manage-fake.ts';

let harness: Harness | undefined;
afterEach(() => {
  harness?.stop();
  harness = undefined;
});

const DAY = 24 * 60 * 60_000;

/** Two free times at least a day ahead, at different hours. */
async function twoTimes(h: Harness) {
  const { property, slots } = await propertyWithSlots(h);
  const later = slots.filter((s) => Date.parse(s.start) > NOW.getTime() + DAY);
  const first = later[0]!;
  const second = later.find((s) => s.start !== first.start)!;
  return { property, first, second };
}

const bookToken = async (h: Harness, propertyId: string, slot: TestSlot, who = guest) => {
  const answer = await h.book({ propertyId, slotId: slot.id, guest: who, consent: { marketing: false } });
  expect(answer.status).toBe(201);
  return tokenOf(Booking.parse(answer.body.booking).manageUrl ?? '');
};

const post = (h: Harness, path: string, body: unknown) =>
  h.json<ManageAnswer>(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('managing an agentOS viewing', () => {
  it('moves it in the agentOS diary, and a cancelled time can be booked by the next visitor', async () => {
    harness = await startHarness();
    const { property, first, second } = await twoTimes(harness);
    const token = await bookToken(harness, property.id, first);

    const moved = await post(harness, `/v1/bookings/${token}/reschedule`, { slotId: second.id });
    expect(moved.status).toBe(200);
    expect(moved.body.booking.start).toBe(second.start);
    const live = harness.emulator.diary().filter((e) => !e.cancelled);
    expect(live).toHaveLength(1);
    expect(live[0]?.guests[0]?.email).toBe(guest.email);

    const other = { ...guest, email: 'next.visitor@example.org' };
    const refused = await harness.book({
      propertyId: property.id,
      slotId: second.id,
      guest: other,
      consent: { marketing: false },
    });
    expect(refused.status).toBe(409);
    const cancelled = await post(harness, `/v1/bookings/${token}/cancel`, { reason: 'Found a flat' });
    expect(cancelled.body.phase).toBe('cancelled');
    expect(harness.emulator.diary().filter((e) => !e.cancelled)).toHaveLength(0);
    const taken = await harness.book({
      propertyId: property.id,
      slotId: second.id,
      guest: other,
      consent: { marketing: false },
    });
    expect(taken.status).toBe(201);
  });

  it('sends each message once through agentOS, across a restart', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'viewing-agentos-messages-')), 'state.db');
    const store = new SqliteStore(path);
    harness = await startHarness({ proxy: { store } });
    const { property, first } = await twoTimes(harness);
    const token = await bookToken(harness, property.id, first);
    await harness.proxy.manage.outbox.worker.deliverDue();
    await post(harness, `/v1/bookings/${token}/cancel`, {});
    harness.stop();
    await store.close();

    const reopened = new SqliteStore(path);
    const restarted = createProxy({ backend: harness.backend, store: reopened, now: () => NOW });
    await restarted.start();
    await restarted.manage.outbox.worker.deliverDue();
    await restarted.manage.outbox.worker.deliverDue();
    const messages = harness.emulator.messages();
    expect(messages.map((m) => m.subject)).toEqual([
      expect.stringMatching(/ is booked$/),
      expect.stringMatching(/ is cancelled$/),
    ]);
    expect(messages.every((m) => m.recipients.includes(guest.email))).toBe(true);
    restarted.stop();
    await reopened.close();
  });
});
