import { afterEach, describe, expect, it } from 'vitest';
import { attemptedKey } from '../../src/proxy/idempotency.ts';
import { MemoryStore } from '../../src/proxy/store/index.ts';
import { guest, propertyWithSlots, startHarness, type Harness } from './harness.ts';

let harness: Harness;
afterEach(() => harness?.stop());

describe('a booking whose answer was lost', () => {
  it('is found in agentOS when the visitor retries, not booked a second time with another negotiator', async () => {
    const store = new MemoryStore();
    harness = await startHarness({ unlimited: true, proxy: { store } });
    const { property, slots } = await propertyWithSlots(harness);
    const full = harness.proxy.catalog.property(property.id);
    const branch = harness.proxy.catalog.branch(property.branchId);
    const slot = slots[0];
    if (!slot || !branch || !full) throw new Error('no free time');
    const request = { propertyId: property.id, slotId: slot.id, guest, consent: { marketing: false } };

    // The first attempt reached agentOS, then its process died before it kept the answer.
    await store.setIfAbsent(attemptedKey(['booking', property.id, 'lost-answer-key']), '1');
    const lost = await harness.backend.book({ ...request, property: full, branch });
    expect(lost.ok).toBe(true);

    const retried = await harness.book(request, 'lost-answer-key');
    expect(retried.status).toBe(201);
    expect(retried.body.booking?.reference).toBe(lost.ok ? lost.booking.reference : '');
    expect(harness.emulator.diary().filter((entry) => !entry.cancelled)).toHaveLength(1);
  });

  it('books normally on a retry when the earlier attempt never reached agentOS', async () => {
    const store = new MemoryStore();
    harness = await startHarness({ unlimited: true, proxy: { store } });
    const { property, slots } = await propertyWithSlots(harness);
    await store.setIfAbsent(attemptedKey(['booking', property.id, 'never-reached-key']), '1');
    const retried = await harness.book(
      { propertyId: property.id, slotId: slots[0]?.id, guest, consent: { marketing: false } },
      'never-reached-key',
    );
    expect(retried.status).toBe(201);
    expect(harness.emulator.diary()).toHaveLength(1);
  });
});
