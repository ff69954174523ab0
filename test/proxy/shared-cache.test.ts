import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { bookingPost } from '../fixtures/processes.ts';
import { hasVarnish, proxyBehindVarnish } from '../fixtures/varnish.ts';

const Slots = z.object({ slots: z.array(z.object({ id: z.string() })) });

describe.skipIf(!hasVarnish)('free times through Varnish in front of the proxy', () => {
  it('reach the proxy once for 1,000 identical reads, and a booking makes the next read through the cache fresh', async () => {
    const behind = await proxyBehindVarnish();
    onTestFinished(() => behind.stop());

    const { properties } = z
      .object({ properties: z.array(z.object({ id: z.string() })) })
      .parse(await (await fetch(`${behind.url}/v1/properties?channel=lettings&limit=1`)).json());
    const home = properties[0]?.id ?? '';
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
    const week = `${behind.url}/v1/slots?propertyId=${home}&from=${today}&days=7`;

    const started = Date.now();
    const bodies = new Set<string>();
    for (let batch = 0; batch < 20; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, async () => {
          const answer = await fetch(week);
          expect(answer.status).toBe(200);
          return answer.text();
        }),
      );
      for (const body of answers) bodies.add(body);
    }
    const ttlMs = 30_000;
    expect(bodies.size).toBe(1);
    expect(behind.slotReads()).toBeGreaterThanOrEqual(1);
    expect(behind.slotReads()).toBeLessThanOrEqual(1 + Math.floor((Date.now() - started) / ttlMs));

    const slot = Slots.parse(JSON.parse([...bodies][0] ?? '{}')).slots[0]?.id;
    if (!slot) throw new Error('the sandbox offers no time this week');
    const booked = await fetch(
      `${behind.url}/v1/bookings`,
      bookingPost(home, slot, `through-the-cache-${Date.now()}`),
    );
    expect(booked.status).toBe(201);
    const before = behind.slotReads();
    await expect
      .poll(async () => Slots.parse(await (await fetch(week)).json()).slots.map((s) => s.id), {
        timeout: 1_000,
      })
      .not.toContain(slot);
    expect(behind.slotReads()).toBeGreaterThan(before);
  });
});
