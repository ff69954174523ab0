import { afterEach, describe, expect, it } from 'vitest';
import { WaitlistResponse, type Booking, type WaitlistPlace } from '../../src/contract/index.ts';
import type { ProxyOptions } from '../../src/proxy/app.ts';
import { ConfigError, loadConfig } from '../../src/proxy/config.ts';
import { MemoryStore } from '../../src/proxy/store/index.ts';
import { guest, NOW, startHarness, TODAY, type Harness } from './harness.ts';
import { json, SYSTEMS, type StartSystem, type Upstream } from './systems.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Slot {
  id: string;
  start: string;
  end: string;
}

const STAFF_KEY = 'a-staff-key-long-enough-for-the-waitlist';
const visitor = (name: string) => ({
  firstName: name,
  lastName: 'Waits',
  email: `${name.toLowerCase()}.waits@example.org`,
  phone: '07700 900111',
});

let running: Harness | undefined;
afterEach(() => {
  running?.stop();
  running = undefined;
});

async function start(proxy: Partial<ProxyOptions> = {}) {
  running = await startHarness({
    unlimited: true,
    proxy: { waitlist: {}, staff: { keys: [{ name: 'Sam', key: STAFF_KEY }] }, ...proxy },
  });
  return running;
}

/** A lettings home and its free times this week. */
async function home(h: Harness) {
  const { body } = await h.json<{ properties: { id: string; branchId: string }[] }>(
    '/v1/properties?channel=lettings&limit=1',
  );
  const property = body.properties[0]!;
  const week = await h.json<{ slots: Slot[] }>(`/v1/slots?propertyId=${property.id}&from=${TODAY}&days=7`);
  return { property, slots: week.body.slots };
}

/** Books every free time of the home this week: it is full. */
async function fill(h: Harness, propertyId: string, slots: Slot[]): Promise<Booking[]> {
  const booked: Booking[] = [];
  for (const [i, slot] of slots.entries()) {
    const made = await h.book({
      propertyId,
      slotId: slot.id,
      guest: { ...guest, email: `filler${i}@example.org` },
      consent: { marketing: false },
    });
    if (made.status === 201) booked.push(made.body.booking as Booking);
  }
  return booked;
}

const joinList = (h: Harness, propertyId: string, name: string, days?: string[]) =>
  h.json<{ waitlist: WaitlistPlace; error?: { code: string; fields?: Record<string, string> } }>(
    '/v1/waitlist',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        propertyId,
        guest: visitor(name),
        consent: { marketing: false },
        ...(days ? { days } : {}),
      }),
    },
  );

const token = (place: WaitlistPlace) => place.url.split('/waitlist/')[1] ?? '';

async function placeNow(h: Harness, place: WaitlistPlace): Promise<WaitlistPlace> {
  await h.proxy.waitlist?.settled();
  const { body } = await h.json(`/v1/waitlist/${token(place)}`);
  return WaitlistResponse.parse(body).waitlist;
}

const cancel = (h: Harness, booking: Booking) =>
  h.json(`/v1/bookings/${booking.manageUrl?.split('/').pop()}/cancel`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });

const shown = async (h: Harness, propertyId: string) =>
  (await h.json<{ slots: Slot[] }>(`/v1/slots?propertyId=${propertyId}&from=${TODAY}&days=7`)).body.slots;

describe.each(Object.keys(SYSTEMS))('the waiting list on %s', (system) => {
  let upstream: Upstream | undefined;
  afterEach(() => {
    upstream?.stop();
    upstream = undefined;
  });

  it('offers a time given back to the visitor waiting for it, and books it in the agent’s system with their details', async () => {
    const up = (upstream = await (SYSTEMS[system] as StartSystem)({ waitlist: {} }));
    const { body: list } = await json<{ properties: { id: string }[] }>(up, '/v1/properties?limit=100');
    let propertyId = '';
    let slots: Slot[] = [];
    for (const property of list.properties) {
      const week = await json<{ slots: Slot[] }>(
        up,
        `/v1/slots?propertyId=${property.id}&from=${up.today}&days=7`,
      );
      if (week.body.slots.length > 0) {
        [propertyId, slots] = [property.id, week.body.slots];
        break;
      }
    }
    const time = slots.at(-1) as Slot;
    const made = await json<{ booking: Booking }>(up, '/v1/bookings', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `waitlist-${system}` },
      body: JSON.stringify({ propertyId, slotId: time.id, guest, consent: { marketing: false } }),
    });
    expect(made.status).toBe(201);

    // Ana joins while that time is taken; its visitor then cancels, and the time is held for her.
    const joined = await json<{ waitlist: WaitlistPlace }>(up, '/v1/waitlist', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ propertyId, guest: visitor('Ana'), consent: { marketing: false } }),
    });
    expect(joined.status).toBe(201);
    const cancelled = await json(up, `/v1/bookings/${made.body.booking.manageUrl?.split('/').pop()}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(cancelled.status).toBe(200);
    await up.proxy.waitlist?.settled();
    const place = WaitlistResponse.parse(
      (await json(up, `/v1/waitlist/${token(joined.body.waitlist)}`)).body,
    );
    expect(place.waitlist.status).toBe('offered');
    expect(Date.parse(place.waitlist.offer!.slot.start)).toBe(Date.parse(time.start));
    const week = await json<{ slots: Slot[] }>(
      up,
      `/v1/slots?propertyId=${propertyId}&from=${up.today}&days=7`,
    );
    expect(week.body.slots.map((s) => Date.parse(s.start))).not.toContain(Date.parse(time.start));

    const booked = await json<{ booking: Booking }>(up, `/v1/waitlist/${token(joined.body.waitlist)}/book`, {
      method: 'POST',
    });
    expect(booked.status).toBe(201);
    expect(booked.body.booking.status).toBe('confirmed');
    // One viewing on in the agent's system (the cancelled one is off), and it is Ana's.
    expect(up.online().filter((v) => !v.cancelled)).toHaveLength(1);
    const opened = await up.proxy.manage.open(booked.body.booking.manageUrl?.split('/').pop() ?? '');
    expect(opened.ok && opened.record.guest).toMatchObject({
      firstName: 'Ana',
      email: 'ana.waits@example.org',
    });
    expect(opened.ok && opened.record.booking.reference).toBe(booked.body.booking.reference);
  });
});

describe('the waiting list', () => {
  it('offers a cancelled time of a full home to the first waiting visitor it suits, held for them alone, and books it with their details', async () => {
    const h = await start();
    const { property, slots } = await home(h);
    const booked = await fill(h, property.id, slots);
    expect(booked.length).toBeGreaterThan(2);
    expect(await shown(h, property.id)).toEqual([]);

    const first = await joinList(h, property.id, 'Ana');
    expect(first.status).toBe(201);
    expect(first.body.waitlist).toMatchObject({ status: 'waiting', ahead: 0 });
    const second = await joinList(h, property.id, 'Ben');
    expect((await placeNow(h, second.body.waitlist)).ahead).toBe(1);

    // A viewing is called off: its time goes to Ana, first in line, and to nobody else.
    const freed = booked.at(-1)!;
    expect((await cancel(h, freed)).status).toBe(200);
    const offered = await placeNow(h, first.body.waitlist);
    expect(offered.status).toBe('offered');
    expect(Date.parse(offered.offer!.slot.start)).toBe(Date.parse(freed.start));
    expect(Date.parse(offered.offer!.heldUntil)).toBe(NOW.getTime() + 120 * 60_000);
    expect((await placeNow(h, second.body.waitlist)).status).toBe('waiting');
    expect(await shown(h, property.id)).toEqual([]);
    const other = await h.book({
      propertyId: property.id,
      slotId: offered.offer!.slot.id,
      guest: visitor('Cleo'),
      consent: { marketing: false },
    });
    expect(other.status).toBe(409);

    // Ana books it with one press, as the details she gave.
    const taken = await h.json<{ booking: Booking }>(`/v1/waitlist/${token(offered)}/book`, {
      method: 'POST',
    });
    expect(taken.status).toBe(201);
    expect(taken.body.booking.status).toBe('confirmed');
    expect(taken.body.booking.manageUrl).toBeDefined();
    const entry = h.emulator.diary().find((e) => e.reference === taken.body.booking.reference);
    expect(entry?.comments).toContain('Visitor: Ana Waits <ana.waits@example.org>');
    // A second press (a double click) books nothing more.
    const again = await h.json<{ error: { code: string; message: string } }>(
      `/v1/waitlist/${token(offered)}/book`,
      {
        method: 'POST',
      },
    );
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/booked this time already/);
    expect(h.emulator.diary().filter((e) => e.comments.includes('ana.waits@example.org'))).toHaveLength(1);
    const after = await placeNow(h, first.body.waitlist);
    expect(after).toMatchObject({ status: 'booked', bookingReference: taken.body.booking.reference });
    // Ben is first now, still waiting: nothing else is free.
    expect(await placeNow(h, second.body.waitlist)).toMatchObject({ status: 'waiting', ahead: 0 });
  });

  it('skips a waiting visitor the freed day does not suit, for the next one it does', async () => {
    const h = await start();
    const { property, slots } = await home(h);
    const booked = await fill(h, property.id, slots);
    const freed = booked.at(-1)!;
    const day = new Date(freed.start).toLocaleDateString('en-GB', {
      weekday: 'long',
      timeZone: 'Europe/London',
    });
    const otherDay = day === 'Monday' ? 'tuesday' : 'monday';
    const picky = await joinList(h, property.id, 'Dora', [otherDay]);
    const easy = await joinList(h, property.id, 'Eli', [day.toLowerCase()]);
    await cancel(h, freed);
    expect((await placeNow(h, picky.body.waitlist)).status).toBe('waiting');
    expect((await placeNow(h, easy.body.waitlist)).status).toBe('offered');
  });

  it('passes an offer not taken in time to the next in line, and gives the time to everyone when nobody waits', async () => {
    let clock = NOW;
    const h = await start({
      now: () => clock,
      store: new MemoryStore(() => clock.getTime()),
      waitlist: { holdMinutes: 30 },
    });
    const { property, slots } = await home(h);
    const booked = await fill(h, property.id, slots);
    const first = await joinList(h, property.id, 'Fay');
    const second = await joinList(h, property.id, 'Gus');
    const freed = booked.at(-1)!;
    await cancel(h, freed);
    expect((await placeNow(h, first.body.waitlist)).status).toBe('offered');

    clock = new Date(NOW.getTime() + 31 * 60_000);
    await h.proxy.waitlist?.sweep();
    expect((await placeNow(h, first.body.waitlist)).status).toBe('lapsed');
    const next = await placeNow(h, second.body.waitlist);
    expect(next.status).toBe('offered');
    const late = await h.json<{ error: { code: string } }>(
      `/v1/waitlist/${token(first.body.waitlist)}/book`,
      {
        method: 'POST',
      },
    );
    expect(late.status).toBe(409);

    // Gus leaves instead: nobody else waits, so the time is everyone's again.
    const left = await h.json(`/v1/waitlist/${token(next)}/leave`, { method: 'POST' });
    expect(WaitlistResponse.parse(left.body).waitlist.status).toBe('left');
    await h.proxy.waitlist?.settled();
    expect((await shown(h, property.id)).map((s) => Date.parse(s.start))).toContain(Date.parse(freed.start));
  });

  it('never offers a visitor a time they were shown when they joined, only one that frees up after', async () => {
    const h = await start();
    const { property, slots } = await home(h);
    // One time is taken before the visitor looks; the rest they see, and pass over.
    const [taken] = await fill(h, property.id, slots.slice(-1));
    const joined = await joinList(h, property.id, 'Hana');
    await h.proxy.waitlist?.sweep();
    expect((await placeNow(h, joined.body.waitlist)).status).toBe('waiting');
    expect(await shown(h, property.id)).toHaveLength(slots.length - 1);
    await cancel(h, taken!);
    const now = await placeNow(h, joined.body.waitlist);
    expect(now.status).toBe('offered');
    expect(Date.parse(now.offer!.slot.start)).toBe(Date.parse(taken!.start));
  });

  it('shows staff the branch’s lists with each visitor’s details and link, and the visitor a page that books the held time', async () => {
    const h = await start();
    const { property, slots } = await home(h);
    const booked = await fill(h, property.id, slots);
    const joined = await joinList(h, property.id, 'Ivo');
    await cancel(h, booked.at(-1)!);
    await h.proxy.waitlist?.settled();

    const staff = await h.json<{
      places: { reference: string; status: string; guest: { email: string }; url: string }[];
    }>(`/staff/api/waitlist?branchId=${property.branchId}`, {
      headers: { authorization: `Bearer ${STAFF_KEY}` },
    });
    expect(staff.status).toBe(200);
    expect(staff.body.places).toEqual([
      expect.objectContaining({
        reference: joined.body.waitlist.reference,
        status: 'offered',
        guest: expect.objectContaining({ email: 'ivo.waits@example.org' }),
        url: joined.body.waitlist.url,
      }),
    ]);

    const path = `/waitlist/${token(joined.body.waitlist)}`;
    const page = await h.call(path);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('A time has freed up and is held for you');
    const posted = await h.call(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null' },
      body: 'action=book',
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toMatch(/\/manage\/[\w-]+$/);
    expect((await placeNow(h, joined.body.waitlist)).status).toBe('booked');
  });

  it('checks a place like a booking, and answers 404 where the agency keeps no list', async () => {
    const h = await start();
    const { property } = await home(h);
    expect((await h.json(`/v1/questions?propertyId=${property.id}`)).body).toMatchObject({ waitlist: true });
    const badDay = await joinList(h, property.id, 'Jo', ['someday']);
    expect(badDay.status).toBe(422);
    expect(Object.keys(badDay.body.error?.fields ?? {})).toEqual(['days.0']);
    // The same visitor joining twice keeps one place.
    const once = await joinList(h, property.id, 'Lee', ['monday']);
    const twice = await joinList(h, property.id, 'Lee', ['friday']);
    expect(twice.body.waitlist.reference).toBe(once.body.waitlist.reference);
    expect(twice.body.waitlist.days).toEqual(['friday']);
    h.stop();

    // Where forms are checked, a place needs the form token a booking needs.
    const checked = await start({ formCheck: { minFillMs: 0 } });
    const bot = await joinList(checked, property.id, 'Kit');
    expect(bot.status).toBe(400);
    expect(bot.body.error?.code).toBe('looks_automated');
    const { body: form } = await checked.json<{ formToken: string }>(
      `/v1/form-token?propertyId=${property.id}`,
    );
    const person = await checked.json('/v1/waitlist', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        propertyId: property.id,
        guest: visitor('Kit'),
        consent: { marketing: false },
        formToken: form.formToken,
      }),
    });
    expect(person.status).toBe(201);
    checked.stop();

    const off = await startHarness();
    running = off;
    expect((await joinList(off, property.id, 'Mo')).status).toBe(404);
    // The booking form learns whether to offer a list with the home's questions.
    const asked = await off.json<{ waitlist?: true }>(`/v1/questions?propertyId=${property.id}`);
    expect(asked.body.waitlist).toBeUndefined();
  });

  it('reads its settings from the config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'waitlist-'));
    const write = (waitlist: unknown) => {
      const file = join(dir, `config-${Math.random()}.json`);
      writeFileSync(file, JSON.stringify({ waitlist }));
      return file;
    };
    expect(loadConfig({ env: {}, file: write({}) }).waitlist).toEqual({ holdMinutes: 120, keepDays: 30 });
    expect(() => loadConfig({ env: {}, file: write({ holdMinutes: 1 }) })).toThrow(ConfigError);
    expect(() => loadConfig({ env: {}, file: write({ holdMinutes: 1 }) })).toThrow(/waitlist\.holdMinutes/);
  });
});
