import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { guest, propertyWithSlots, startHarness, type Harness, type TestSlot } from './harness.ts';
import { tokenOf, type BookingAnswer, type ManageAnswer } from './manage-fake.ts';

let harness: Harness | undefined;
afterEach(() => {
  vi.useRealTimers();
  harness?.stop();
  harness = undefined;
});

/** The booking post agentOS takes, as opposed to a read or a change of an existing appointment. */
const isBookingPost = (request: Request) =>
  request.method === 'POST' && new URL(request.url).pathname.endsWith('/diary');

const Allocations = z.union([
  z.array(z.object({ Start: z.string(), StaffID: z.string() })),
  z.object({ Data: z.array(z.object({ Start: z.string(), StaffID: z.string() })) }),
]);

/** Counts, per local start time, how many negotiators agentOS offered: read from the proxy's own reads. */
function negotiatorCounter() {
  const counts = new Map<string, Set<string>>();
  const record = async (response: Response) => {
    const parsed = Allocations.parse(await response.clone().json());
    for (const row of Array.isArray(parsed) ? parsed : parsed.Data) {
      const start = row.Start.slice(0, 19);
      counts.set(start, (counts.get(start) ?? new Set()).add(row.StaffID));
    }
  };
  /** The local start time an agentOS slot id stands for. */
  const localStart = (slot: TestSlot) => Buffer.from(slot.id, 'base64url').toString().split('|')[1] ?? '';
  const negotiators = (slot: TestSlot) => counts.get(localStart(slot))?.size ?? 0;
  return { record, negotiators };
}

/** Each visitor's own address, so their bookings can be told apart upstream. */
const visitor = (n: number) => ({ ...guest, email: `visitor.${n}@example.org` });

/** Delivers what is due, moving the clock past each back-off, until the queue is empty or rounds run out. */
async function deliverAll(h: Harness, rounds = 8) {
  vi.useFakeTimers({ toFake: ['Date'] });
  for (let round = 0; round < rounds && (await h.proxy.requests.size()) > 0; round++) {
    await h.proxy.requests.deliverDue();
    vi.setSystemTime(Date.now() + 11 * 60_000);
  }
  vi.useRealTimers();
}

/** What each visitor was told, and what agentOS holds for them. */
async function outcomeFor(h: Harness, email: string, token: string) {
  const view = await h.json<ManageAnswer>(`/v1/bookings/${token}`);
  const live = h.emulator
    .diary()
    .filter((entry) => !entry.cancelled && entry.guests.some((g) => g.email === email));
  return { told: view.body.booking.status, reference: view.body.booking.reference, live };
}

describe('a kept request agentOS booked although its answer was lost', () => {
  it('is confirmed once: each visitor holds one live booking and is told it is confirmed', async () => {
    const counter = negotiatorCounter();
    harness = await startHarness({
      unlimited: true,
      // agentOS takes every booking, but its answer never reaches the proxy: the connection drops after it acted.
      intercept: async (request, answer) => {
        const response = await answer();
        if (isBookingPost(request)) throw new TypeError('fetch failed: other side closed');
        if (request.url.includes('allocations')) await counter.record(response);
        return response;
      },
    });
    const { property, slots } = await propertyWithSlots(harness);
    // Two times another negotiator could take again (a second booking), two where the visitor's own booking
    // is the only one (agentOS calls the time taken).
    const shared = slots.filter((slot) => counter.negotiators(slot) >= 2).slice(0, 2);
    const single = slots.filter((slot) => counter.negotiators(slot) === 1).slice(0, 2);
    const chosen = [...shared, ...single];
    expect(chosen).toHaveLength(4);

    const tokens: string[] = [];
    for (const [n, slot] of chosen.entries()) {
      const answer = await harness.json<BookingAnswer>('/v1/bookings', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `lost-answer-visitor-${n}` },
        body: JSON.stringify({
          propertyId: property.id,
          slotId: slot.id,
          guest: visitor(n),
          consent: { marketing: false },
        }),
      });
      expect(answer.status).toBe(201);
      expect(answer.body.booking?.status).toBe('requested');
      tokens.push(tokenOf(answer.body.booking?.manageUrl ?? ''));
    }
    // agentOS acted on every one of them.
    expect(harness.emulator.diary().filter((entry) => !entry.cancelled)).toHaveLength(4);
    expect(await harness.proxy.requests.size()).toBe(4);

    await deliverAll(harness);

    expect(await harness.proxy.requests.size()).toBe(0);
    const outcomes = await Promise.all(
      tokens.map((token, n) => outcomeFor(harness!, visitor(n).email, token)),
    );
    expect(outcomes.map(({ told, live }) => ({ told, live: live.length }))).toEqual(
      chosen.map(() => ({ told: 'confirmed', live: 1 })),
    );
    // Each visitor's link leads to the booking they hold, and nobody told "cancelled" holds one.
    for (const { reference, live } of outcomes) expect(reference).toBe(live[0]?.reference);
    expect(harness.emulator.diary().filter((entry) => !entry.cancelled)).toHaveLength(4);
  });

  it('checks a time agentOS calls taken for the visitor’s own booking before telling them it is gone', async () => {
    const counter = negotiatorCounter();
    // agentOS commits the visitor's booking late: after the proxy gave up on it, and after delivery first looked.
    let late: (() => Promise<Response>) | undefined;
    let delivering = false;
    harness = await startHarness({
      unlimited: true,
      intercept: async (request, answer) => {
        if (isBookingPost(request) && !delivering) {
          late = answer;
          throw new TypeError('fetch failed: other side closed');
        }
        if (request.url.includes('allocations')) {
          if (delivering && late) await late().finally(() => (late = undefined));
          const response = await answer();
          await counter.record(response);
          return response;
        }
        return answer();
      },
    });
    const { property, slots } = await propertyWithSlots(harness);
    const slot = slots.find((s) => counter.negotiators(s) === 1);
    if (!slot) throw new Error('no time with a single negotiator');
    const answer = await harness.json<BookingAnswer>('/v1/bookings', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'late-commit' },
      body: JSON.stringify({
        propertyId: property.id,
        slotId: slot.id,
        guest,
        consent: { marketing: false },
      }),
    });
    expect(answer.body.booking?.status).toBe('requested');
    expect(harness.emulator.diary()).toHaveLength(0);

    delivering = true;
    await deliverAll(harness);

    const { told, reference, live } = await outcomeFor(
      harness,
      guest.email,
      tokenOf(answer.body.booking?.manageUrl ?? ''),
    );
    expect({ told, live: live.length }).toEqual({ told: 'confirmed', live: 1 });
    expect(reference).toBe(live[0]?.reference);
    expect(harness.emulator.diary()).toHaveLength(1);
  });
});
