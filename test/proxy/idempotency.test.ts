import { describe, expect, it } from 'vitest';
import { guest, propertyWithSlots, startHarness } from './harness.ts';

/** A gate the upstream waits at, so a test can act while a booking is half-way through. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  let reached = () => {};
  const arrived = new Promise<void>((resolve) => (reached = resolve));
  return { open, opened, reached, arrived };
}

const isDiaryWrite = (request: Request) =>
  request.method === 'POST' && new URL(request.url).pathname.endsWith('/diary');

describe('Idempotency-Key reuse', () => {
  it('another visitor reusing a key while the first booking runs is refused, not handed its answer', async () => {
    const hold = gate();
    const harness = await startHarness({
      intercept: async (request, answer) => {
        if (isDiaryWrite(request)) {
          hold.reached();
          await hold.opened;
        }
        return answer();
      },
    });
    const { property, slots } = await propertyWithSlots(harness);
    const first = harness.book(
      { propertyId: property.id, slotId: slots[0]!.id, guest, consent: { marketing: false } },
      'shared-key-0001',
    );
    await hold.arrived;

    const second = harness.book(
      {
        propertyId: property.id,
        slotId: slots[1]!.id,
        guest: {
          firstName: 'Mallory',
          lastName: 'Stone',
          email: 'mallory@example.org',
          phone: '07700 900999',
        },
        consent: { marketing: false },
      },
      'shared-key-0001',
    );
    // Let the first booking finish whether or not the second one is waiting for it.
    setTimeout(hold.open, 50);
    const [a, b] = await Promise.all([first, second]);

    expect(a.status).toBe(201);
    expect(b.status).toBe(422);
    expect(b.body.error?.code).toBe('idempotency_conflict');
    expect(JSON.stringify(b.body)).not.toContain(a.body.booking!.reference);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect(harness.emulator.diary()).toHaveLength(1);
    harness.stop();
  });

  it('the same retry while the first booking runs still gets its answer, booking once', async () => {
    const hold = gate();
    const harness = await startHarness({
      intercept: async (request, answer) => {
        if (isDiaryWrite(request)) {
          hold.reached();
          await hold.opened;
        }
        return answer();
      },
    });
    const { property, slots } = await propertyWithSlots(harness);
    const request = { propertyId: property.id, slotId: slots[0]!.id, guest, consent: { marketing: false } };
    const first = harness.book(request, 'retried-key-0001');
    await hold.arrived;
    const retry = harness.book(request, 'retried-key-0001');
    setTimeout(hold.open, 50);
    const [a, b] = await Promise.all([first, retry]);

    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body).toEqual(a.body);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(harness.emulator.diary()).toHaveLength(1);
    harness.stop();
  });

  it('a key already used for one home books another home instead of answering a conflict', async () => {
    const harness = await startHarness({ unlimited: true });
    const listed = await harness.json<{ properties: { id: string }[] }>('/v1/properties?channel=lettings');
    const [one, two] = listed.body.properties;
    const firstSlot = async (propertyId: string) =>
      (
        await harness.json<{ slots: { id: string }[] }>(
          `/v1/slots?propertyId=${propertyId}&from=2026-11-23&days=7`,
        )
      ).body.slots[0]!.id;
    const a = await harness.book(
      { propertyId: one!.id, slotId: await firstSlot(one!.id), guest, consent: { marketing: false } },
      'common-key-0001',
    );
    const b = await harness.book(
      {
        propertyId: two!.id,
        slotId: await firstSlot(two!.id),
        guest: { ...guest, email: 'someone.else@example.org' },
        consent: { marketing: false },
      },
      'common-key-0001',
    );
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.booking!.reference).not.toBe(a.body.booking!.reference);
    expect(harness.emulator.diary()).toHaveLength(2);
    harness.stop();
  });
});
