import { describe, expect, it, vi } from 'vitest';
import { CircuitBreaker } from '../../src/backends/resilience.ts';
import { guest, propertyWithSlots, startHarness } from './harness.ts';

describe('an upstream that fails, hangs and drops connections', () => {
  it('loses no acknowledged booking and duplicates none', async () => {
    const harness = await startHarness({
      unlimited: true,
      backend: {
        timeoutMs: 100,
        retry: { baseMs: 2 },
        breaker: new CircuitBreaker({ failures: 5, openMs: 20 }),
      },
    });
    const { property, slots } = await propertyWithSlots(harness);
    harness.emulator.setFaults({ rate: 0.35, hangMs: 5_000, seed: 7 });

    // Thirty visitors, each wanting their own time; the widget retries with the same key until it has an answer.
    const visitors = slots
      .slice(0, 30)
      .map((slot, n) => ({ slot, email: `visitor${n}@example.org`, key: `faults-visitor-${n}` }));
    const answers = await Promise.all(
      visitors.map(async ({ slot, email, key }) => {
        for (let attempt = 0; attempt < 10; attempt++) {
          const answer = await harness.book(
            {
              propertyId: property.id,
              slotId: slot.id,
              guest: { ...guest, email },
              consent: { marketing: false },
            },
            key,
          );
          if (answer.status < 500) return { email, ...answer };
        }
        return { email, status: 599, body: {} };
      }),
    );
    expect(answers.every((a) => a.status === 201)).toBe(true);

    // The upstream recovers; kept requests are delivered.
    harness.emulator.setFaults(undefined);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      for (let round = 0; round < 10 && (await harness.proxy.requests.size()) > 0; round++) {
        vi.setSystemTime(Date.now() + 11 * 60_000);
        await harness.proxy.requests.deliverDue();
      }
    } finally {
      vi.useRealTimers();
    }
    expect(await harness.proxy.requests.size()).toBe(0);

    const diary = harness.emulator.diary();
    for (const { email } of answers) {
      expect(
        diary.filter((entry) => entry.guests[0]?.email === email),
        email,
      ).toHaveLength(1);
    }
    expect(diary).toHaveLength(answers.length);
    const requested = answers.filter(
      (a) => (a.body as { booking?: { status: string } }).booking?.status === 'requested',
    );
    // The faults really did reach bookings: some were kept and delivered later.
    expect(requested.length).toBeGreaterThan(0);
    harness.stop();
  });
});
