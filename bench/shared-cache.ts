import { z } from 'zod';
import { SlotsResponse } from '../src/contract/index.ts';
import { bookingPost } from '../test/fixtures/processes.ts';
import { hasVarnish, proxyBehindVarnish } from '../test/fixtures/varnish.ts';
import { spread, type Row } from './stats.ts';

const ROUNDS = 3;
const READS = 1_000;
const AT_ONCE = 50;
const group = 'Shared cache';

/**
 * Varnish with the project's own `deploy/varnish.vcl` in front of the proxy, as an agency would run it: how many
 * of 1,000 identical free-time reads reach the proxy, and how soon after a booking a read through the cache
 * no longer offers the booked time (the proxy tells the cache to drop the home's answers).
 */
export async function sharedCache(): Promise<Row[]> {
  if (!hasVarnish) {
    const none = { median: 0, min: 0, max: 0, runs: 0 };
    return [{ group, figure: 'not measured', unit: '', value: none, note: 'varnishd is not installed' }];
  }
  const behind = await proxyBehindVarnish();
  try {
    const { properties } = z
      .object({ properties: z.array(z.object({ id: z.string() })) })
      .parse(await (await fetch(`${behind.url}/v1/properties?channel=lettings&limit=${ROUNDS}`)).json());
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
    const reached: number[] = [];
    const freshAfterMs: number[] = [];
    for (const [round, { id }] of properties.entries()) {
      const week = `${behind.url}/v1/slots?propertyId=${id}&from=${today}&days=7`;
      const before = behind.slotReads();
      let body = '';
      for (let done = 0; done < READS; done += AT_ONCE) {
        const answers = await Promise.all(
          Array.from({ length: AT_ONCE }, () => fetch(week).then((answer) => answer.text())),
        );
        body = answers[0] ?? '';
      }
      reached.push(behind.slotReads() - before);
      const slot = SlotsResponse.parse(JSON.parse(body)).slots[0]?.id;
      if (!slot) throw new Error('the sandbox offers no time this week');
      const booked = await fetch(`${behind.url}/v1/bookings`, bookingPost(id, slot, `bench-cache-${round}`));
      if (booked.status !== 201) throw new Error(`the booking through the cache answered ${booked.status}`);
      const bookedAt = performance.now();
      for (;;) {
        const offered = SlotsResponse.parse(await (await fetch(week)).json()).slots.map((s) => s.id);
        if (!offered.includes(slot)) break;
        if (performance.now() - bookedAt > 60_000) throw new Error('the cache kept offering a booked time');
      }
      freshAfterMs.push(performance.now() - bookedAt);
    }
    const note = `${READS} identical reads, ${AT_ONCE} at a time, through Varnish (deploy/varnish.vcl); one home per run`;
    return [
      {
        group,
        figure: `free-time reads reaching the proxy, of ${READS}`,
        unit: '',
        value: spread(reached),
        note,
      },
      {
        group,
        figure: 'booking answered → the next read through the cache no longer offers the time',
        unit: 'ms',
        value: spread(freshAfterMs),
        note: 'the proxy sends the cache a BAN for the home as the booking is recorded; reads one after another until it shows',
      },
    ];
  } finally {
    await behind.stop();
  }
}
