import { afterEach, describe, expect, it } from 'vitest';
import { encodeOpaque } from '../../src/backends/slot-time.ts';
import { guest, propertyWithSlots, startHarness, TODAY, type Harness } from './harness.ts';
import { addIsoDays } from '../../src/backends/slot-time.ts';
import { Booking } from '../../src/contract/index.ts';
import { tokenOf, type ManageAnswer } from './manage-fake.ts';

let harness: Harness | undefined;
afterEach(() => harness?.stop());

/** An agentOS slot id for a time of the branch's wall clock, as anyone could spell one. */
const forged = (day: string, time: string, until: string) =>
  encodeOpaque(`a1|${day}T${time}|${day}T${until}`);

describe('one client’s share of the agency’s upstream budget', () => {
  it('refuses a client once it has caused its share of upstream reads, while others are still answered', async () => {
    harness = await startHarness({
      proxy: { clientIp: (c) => c.req.header('x-client'), clientLimits: { upstreamPerIp: 4 } },
    });
    const { property } = await propertyWithSlots(harness);
    const read = (client: string, from: string) =>
      harness!.json<{ slots: unknown[]; error?: { code: string } }>(
        `/v1/slots?propertyId=${property.id}&from=${from}&days=7`,
        { headers: { 'x-client': client } },
      );
    harness.emulator.resetRequestCount();
    const answers = [];
    // Mondays from next week on: each is a week nobody has read yet.
    for (let week = 1; week <= 8; week++) answers.push(await read('scraper', addIsoDays(TODAY, 7 * week)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 429, 429, 429, 429]);
    expect(answers[4]?.body.error?.code).toBe('rate_limited');
    expect(Number(answers[4]?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(harness.emulator.requestCount()).toBe(4);

    // What is already read costs nothing, so the same client is still answered from it.
    expect((await read('scraper', addIsoDays(TODAY, 9))).status).toBe(200);
    // Another visitor has a share of their own.
    const visitor = await read('visitor', addIsoDays(TODAY, 7 * 6));
    expect(visitor.status).toBe(200);
    expect(harness.emulator.requestCount()).toBe(5);
  });

  it('counts a booking attempt as the upstream calls it causes', async () => {
    harness = await startHarness({
      proxy: { clientIp: (c) => c.req.header('x-client'), clientLimits: { upstreamPerIp: 4 } },
    });
    const { property, slots } = await propertyWithSlots(harness);
    const [first, second] = slots;
    if (!first || !second) throw new Error('the sandbox offered fewer than two times');
    const book = (slotId: string, email: string) =>
      harness!.json<{ booking?: unknown; error?: { code: string } }>('/v1/bookings', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': crypto.randomUUID(),
          'x-client': 'visitor',
        },
        body: JSON.stringify({
          propertyId: property.id,
          slotId,
          guest: { ...guest, email },
          consent: { marketing: false },
        }),
      });
    expect((await book(first.id, 'one@example.org')).status).toBe(201);
    const second_ = await book(second.id, 'two@example.org');
    expect([second_.status, second_.body.error?.code]).toEqual([429, 'rate_limited']);
  });
});

describe('a booking of a time the proxy did not offer', () => {
  it('is answered taken without an upstream call, even while the upstream is not answering', async () => {
    let down = false;
    harness = await startHarness({
      intercept: async (_request, answer) => (down ? new Response('busy', { status: 503 }) : answer()),
    });
    const { property, slots } = await propertyWithSlots(harness);
    expect(slots.length).toBeGreaterThan(0);
    harness.emulator.resetRequestCount();
    const night = forged(addIsoDays(TODAY, 2), '03:00:00', '03:30:00');
    const request = { propertyId: property.id, slotId: night, guest, consent: { marketing: false } };

    const taken = await harness.book(request);
    expect([taken.status, taken.body.error?.code]).toEqual([409, 'slot_taken']);
    expect(taken.body.error?.alternatives?.length).toBeGreaterThan(0);
    expect(harness.emulator.requestCount()).toBe(0);

    // Before, a busy upstream made the proxy keep any parsable time as a request and answer 201.
    down = true;
    const busy = await harness.book(request);
    expect([busy.status, busy.body.error?.code]).toEqual([409, 'slot_taken']);
    expect(harness.emulator.requestCount()).toBe(0);
    expect(harness.emulator.diary()).toHaveLength(0);
  });

  it('refuses a time that has already begun as not a free time', async () => {
    harness = await startHarness();
    const { property } = await propertyWithSlots(harness);
    harness.emulator.resetRequestCount();
    // The harness's clock reads 08:00 in London on the 23rd.
    const answer = await harness.book({
      propertyId: property.id,
      slotId: forged(TODAY, '07:00:00', '07:30:00'),
      guest,
      consent: { marketing: false },
    });
    expect([answer.status, answer.body.error?.fields?.slotId]).toEqual([
      422,
      'is not a free time of this property',
    ]);
    expect(harness.emulator.requestCount()).toBe(0);
  });

  it('is refused as a move too, without an upstream call, and the viewing stays as it was', async () => {
    harness = await startHarness();
    const { property, slots } = await propertyWithSlots(harness);
    const booked = await harness.book({
      propertyId: property.id,
      slotId: slots.at(-1)!.id,
      guest,
      consent: { marketing: false },
    });
    const token = tokenOf(Booking.parse(booked.body.booking).manageUrl ?? '');
    // The visitor looks at other times first, as the manage view does; the booking made the week's read stale,
    // so this answer starts a fresh read behind it.
    await harness.json(`/v1/slots?propertyId=${property.id}&from=${TODAY}&days=7`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    harness.emulator.resetRequestCount();
    const move = await harness.json<ManageAnswer>(`/v1/bookings/${token}/reschedule`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ slotId: forged(addIsoDays(TODAY, 3), '03:00:00', '03:30:00') }),
    });
    expect([move.status, move.body.error?.code]).toEqual([409, 'slot_taken']);
    expect(harness.emulator.requestCount()).toBe(0);
    const view = await harness.json<ManageAnswer>(`/v1/bookings/${token}`);
    expect(view.body.booking.start).toBe(slots.at(-1)!.start);
  });
});
