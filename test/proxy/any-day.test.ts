import { formatInTimeZone } from 'date-fns-tz';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_BACKENDS, startDemo, type DemoBackend } from '../../demo/server.ts';
import { clockStartingAt } from '../../src/clock.ts';
import { addIsoDays } from '../../src/backends/slot-time.ts';
import { todayIn } from '../../src/proxy/today.ts';

/**
 * The days and hours that have broken booking code before: nothing is open on a Sunday, late evening in London
 * is another day in UTC for part of the year, the nights the clocks change have an hour missing or twice, and a
 * week can cross the end of a month or a year.
 */
const AWKWARD_INSTANTS = {
  'a Sunday morning': '2026-12-06T09:00:00Z',
  'a Saturday at 23:50 in London (22:50 UTC)': '2027-06-05T22:50:00Z',
  'the night the clocks go forward, 00:30 in London': '2027-03-28T00:30:00Z',
  'the night the clocks go back, the first 01:30 in London': '2027-10-31T00:30:00Z',
  'New Year’s Eve, 23:30 in London': '2026-12-31T23:30:00Z',
} as const;

interface Slot {
  id: string;
  start: string;
  end: string;
}

const offsetOf = (iso: string) => /([+-]\d\d:\d\d|Z)$/.exec(iso)?.[1]?.replace('Z', '+00:00');

let demo: Awaited<ReturnType<typeof startDemo>> | undefined;
afterEach(async () => {
  await demo?.close();
  demo = undefined;
});

describe.each(Object.entries(AWKWARD_INSTANTS))('on %s', (_, instant) => {
  it.each(Object.keys(DEMO_BACKENDS) as DemoBackend[])(
    'a visitor of the %s agency finds free times in the next two weeks, each later than now and in its branch’s local time, and books one',
    async (backend) => {
      const now = clockStartingAt(new Date(instant));
      demo = await startDemo({
        backend,
        port: 0,
        quiet: true,
        now,
        minFillSeconds: 0,
        unlimitedUpstream: true,
      });
      const api = `${demo.url.replace('localhost', '127.0.0.1')}api/v1`;
      const get = async <T>(path: string) => {
        const response = await fetch(`${api}${path}`);
        expect(response.status, path).toBe(200);
        return (await response.json()) as T;
      };
      const { branches } = await get<{ branches: { id: string; timeZone: string }[] }>('/branches');
      const { properties } = await get<{ properties: { id: string; branchId: string }[] }>(
        '/properties?limit=12',
      );

      // As the widget does: this week from the branch's today, then the next.
      let found: { propertyId: string; slot: Slot; timeZone: string } | undefined;
      for (const property of properties) {
        const timeZone = branches.find((b) => b.id === property.branchId)!.timeZone;
        const today = todayIn(timeZone, now());
        for (const from of [today, addIsoDays(today, 7)]) {
          const { slots } = await get<{ slots: Slot[] }>(
            `/slots?propertyId=${encodeURIComponent(property.id)}&from=${from}&days=7`,
          );
          for (const slot of slots) {
            expect(Date.parse(slot.start), `${slot.start} is later than now`).toBeGreaterThan(
              now().getTime(),
            );
            expect(Date.parse(slot.end)).toBeGreaterThan(Date.parse(slot.start));
            // Written with the branch's own offset on that day, on either side of a clock change.
            expect(offsetOf(slot.start)).toBe(formatInTimeZone(slot.start, timeZone, 'xxx'));
            expect(slot.start.slice(0, 10) >= from).toBe(true);
          }
          if (!found && slots[0]) found = { propertyId: property.id, slot: slots[0], timeZone };
        }
        if (found) break;
      }
      expect(found, 'a home with free times in the next two weeks').toBeDefined();

      const booked = await fetch(`${api}/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `any-day-${backend}-${instant}` },
        body: JSON.stringify({
          propertyId: found!.propertyId,
          slotId: found!.slot.id,
          guest: {
            firstName: 'Ada',
            lastName: 'Okafor',
            email: 'ada.okafor@example.org',
            phone: '+44 7700 900777',
          },
          consent: { marketing: false },
        }),
      });
      const answer = (await booked.json()) as { booking?: { status: string; start: string } };
      expect(booked.status, JSON.stringify(answer)).toBe(201);
      expect(answer.booking?.status).toBe('confirmed');
      expect(Date.parse(answer.booking!.start)).toBe(Date.parse(found!.slot.start));
    },
  );
});
