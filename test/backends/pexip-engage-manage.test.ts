import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PexipEngageBackend } from '../../src/backends/pexip-engage/index.ts';
import { TokenResponse } from '../../src/backends/pexip-engage/schemas.ts';
import { UpstreamError, type HeldBooking, type SlotWindow } from '../../src/backends/types.ts';
import type { Slot } from '../../src/contract/index.ts';
import { createPexipEngageEmulator } from '../../src/sandbox/pexip-engage/index.ts';

/** Monday 23 November 2026, 09:00 in Antwerp. */
const NOW = new Date('2026-11-23T08:00:00Z');
const TODAY = '2026-11-23';
const ANTWERP = '101';
const guest = {
  firstName: 'Lotte',
  lastName: 'Peeters',
  email: 'lotte.peeters@example.be',
  phone: '+32 470 12 34 56',
};

type Intercept = (request: Request, answer: () => Promise<Response>) => Promise<Response>;

async function setup(intercept?: Intercept) {
  const events: string[] = [];
  const emulator = createPexipEngageEmulator({
    now: () => NOW,
    rateLimit: false,
    webhooks: {
      url: 'https://agency.example/api/v1/webhooks/pexip-engage',
      secret: 'correct horse battery staple',
      duplicateRate: 0,
      fetch: async (_input, init) => {
        const envelope = z.object({
          data: z.object({ eventType: z.string(), message: z.string().nullable() }),
        });
        const { data } = envelope.parse(JSON.parse(String(init?.body)));
        events.push(data.message ? `${data.eventType}: ${data.message}` : data.eventType);
        return new Response(null, { status: 204 });
      },
    },
  });
  const backend = new PexipEngageBackend({
    baseUrl: 'http://pexip.sandbox',
    enterprise: emulator.enterprise,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    now: () => NOW,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const answer = async () => emulator.fetch(request);
      return intercept ? intercept(request, answer) : answer();
    },
  });
  const catalog = await backend.loadCatalog();
  const branch = catalog.branches.find((candidate) => candidate.id === ANTWERP)!;
  const property = catalog.properties.find((candidate) => candidate.branchId === ANTWERP)!;
  const window: SlotWindow = { property, branch, from: TODAY, days: 7 };
  const slots = () => backend.listSlots(window);

  async function book(slot: Slot, who = guest): Promise<HeldBooking> {
    const outcome = await backend.book({
      property,
      branch,
      slotId: slot.id,
      guest: who,
      consent: { marketing: false },
    });
    if (!outcome.ok) throw new Error(`not booked: ${outcome.code}`);
    return {
      reference: outcome.booking.reference,
      property,
      branch,
      start: outcome.booking.start,
      end: outcome.booking.end,
      guest: who,
      consent: { marketing: false },
      ...(outcome.upstream ? { upstream: outcome.upstream } : {}),
    };
  }

  /** Books `slot` with `employeeId` for a seeded customer, as the back office would; false if not free. */
  async function occupy(employeeId: string, slot: Slot): Promise<boolean> {
    const tokenAnswer = await emulator.fetch(
      new Request(`http://sandbox/realms/${emulator.enterprise}/protocol/openid-connect/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: emulator.clientId,
          client_secret: emulator.clientSecret,
        }),
      }),
    );
    const token = TokenResponse.parse(await tokenAnswer.json()).access_token;
    const response = await emulator.fetch(
      new Request(`http://sandbox/enterprises/${emulator.enterprise}/appointments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          start: new Date(slot.start).toISOString(),
          end: new Date(slot.end).toISOString(),
          subjectId: emulator.viewingSubjectId,
          officeId: ANTWERP,
          meetingType: 'OFFICE',
          appointmentParticipants: [
            { role: 'PRIMARY', participantId: emulator.customers()[0]!.id, type: 'CUSTOMER' },
            { role: 'PRIMARY', participantId: employeeId, type: 'EMPLOYEE' },
          ],
        }),
      }),
    );
    return response.status === 201;
  }

  const customerId = () => emulator.customers().find((customer) => customer.email === guest.email)?.id;
  /** The visitor's appointments Pexip still holds for them. */
  const liveOfVisitor = () =>
    emulator.appointments().filter((row) => row.customerId === customerId() && row.status !== 'CANCELLED');
  const statusOf = (id: string) => emulator.appointments().find((row) => row.id === id)?.status;
  return { emulator, backend, branch, property, slots, book, occupy, liveOfVisitor, statusOf, events };
}

type Harness = Awaited<ReturnType<typeof setup>>;

const sameInstant = (a: string, b: string) => Date.parse(a) === Date.parse(b);
const otherDay = (slots: Slot[], than: string) =>
  slots.filter((slot) => slot.start.slice(0, 10) !== than.slice(0, 10));

/** A time the viewing's own employee is made busy for while another employee stays free. */
async function onlyOthersFree(harness: Harness, held: HeldBooking): Promise<Slot> {
  const employeeId = held.upstream!.employeeId!;
  for (const candidate of otherDay(await harness.slots(), held.start)) {
    await harness.occupy(employeeId, candidate);
    if ((await harness.slots()).some((slot) => slot.start === candidate.start)) return candidate;
  }
  throw new Error('no time with only other employees free');
}

describe('moving a Pexip Engage appointment', () => {
  it('reschedules it with the same employee: their old time is free, the new one taken, one appointment', async () => {
    const { emulator, backend, slots, book, liveOfVisitor, events } = await setup();
    const free = await slots();
    const held = await book(free[0]!);
    const second = otherDay(free, held.start)[0]!;

    const moved = await backend.reschedule(held, second.id);
    expect(moved).toMatchObject({
      ok: true,
      booking: { reference: held.reference, start: second.start, end: second.end, status: 'confirmed' },
      upstream: held.upstream,
    });
    expect(liveOfVisitor()).toEqual([
      expect.objectContaining({ id: held.reference, employeeId: held.upstream?.employeeId }),
    ]);
    expect(sameInstant(liveOfVisitor()[0]!.start, second.start)).toBe(true);
    const employeeBusyAt = (start: string) =>
      emulator
        .allAppointments()
        .some(
          (row) =>
            row.employeeId === held.upstream?.employeeId &&
            row.status === 'ACCEPTED' &&
            sameInstant(row.start, start),
        );
    expect(employeeBusyAt(held.start)).toBe(false);
    expect(employeeBusyAt(second.start)).toBe(true);
    await emulator.webhooksSettled();
    expect(events).toEqual(['CREATE', 'RESCHEDULE']);
  });

  it('keeps the old appointment and offers other times when everyone was booked at the new time meanwhile', async () => {
    const { backend, slots, book, liveOfVisitor } = await setup();
    const free = await slots();
    const held = await book(free[0]!);
    const second = otherDay(free, held.start)[0]!;
    // Other visitors take every employee free then.
    for (let n = 0; (await slots()).some((slot) => slot.start === second.start); n++)
      await book(second, { ...guest, email: `other.visitor${n}@example.be` });

    const outcome = await backend.reschedule(held, second.id);
    expect(outcome).toMatchObject({ ok: false, code: 'slot_taken' });
    if (outcome.ok || outcome.code !== 'slot_taken') return;
    expect(outcome.alternatives.length).toBeGreaterThan(0);
    expect(liveOfVisitor()).toEqual([expect.objectContaining({ id: held.reference })]);
    expect(sameInstant(liveOfVisitor()[0]!.start, held.start)).toBe(true);
  });

  it('books another free employee and cancels the old appointment when its own employee is busy then', async () => {
    const harness = await setup();
    const held = await harness.book((await harness.slots())[0]!);
    const second = await onlyOthersFree(harness, held);

    const moved = await harness.backend.reschedule(held, second.id);
    if (!moved.ok) throw new Error(moved.code);
    expect(moved.booking.reference).not.toBe(held.reference);
    expect(moved.upstream?.employeeId).not.toBe(held.upstream?.employeeId);
    expect(harness.statusOf(held.reference)).toBe('CANCELLED');
    expect(harness.liveOfVisitor()).toEqual([
      expect.objectContaining({
        id: moved.booking.reference,
        employeeId: moved.upstream?.employeeId,
        internalNotes: expect.stringContaining('Marketing consent: no'),
      }),
    ]);
  });

  it('undoes a move to another employee when the old appointment cannot be cancelled', async () => {
    let failCancel = false;
    const harness = await setup(async (request, answer) => {
      if (failCancel && request.url.endsWith('/_actions/cancel')) {
        failCancel = false;
        return Response.json(
          { errors: [{ message: 'Boom', code: 'INTERNAL', statusCode: '500' }] },
          { status: 500 },
        );
      }
      return answer();
    });
    const held = await harness.book((await harness.slots())[0]!);
    const second = await onlyOthersFree(harness, held);
    failCancel = true;

    const failure = await harness.backend.reschedule(held, second.id).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ message: expect.stringContaining('undone') });
    expect(harness.liveOfVisitor()).toEqual([expect.objectContaining({ id: held.reference })]);
  });
});

describe('cancelling and reopening a Pexip Engage appointment', () => {
  it('cancels with the visitor’s reason, frees the time, and is done already the second time', async () => {
    const { emulator, backend, slots, book, statusOf, events } = await setup();
    const held = await book((await slots())[0]!);

    await backend.setCancelled(held, true, 'Found another flat');
    expect(statusOf(held.reference)).toBe('CANCELLED');
    await expect(backend.setCancelled(held, true)).resolves.toBeUndefined();
    await emulator.webhooksSettled();
    expect(events).toEqual(['CREATE', 'CANCEL: Found another flat']);
  });

  it('reopens a cancelled appointment while its employee is still free then', async () => {
    const { emulator, backend, slots, book, statusOf, events } = await setup();
    const held = await book((await slots())[0]!);
    await backend.setCancelled(held, true);

    await backend.setCancelled(held, false);
    expect(statusOf(held.reference)).toBe('ACCEPTED');
    await backend.setCancelled(held, false);
    await emulator.webhooksSettled();
    expect(events.at(-1)).toBe('REOPEN');
  });

  it('refuses to reopen onto a time its employee has been booked for since, and it stays cancelled', async () => {
    const { backend, slots, book, occupy, statusOf } = await setup();
    const first = (await slots())[0]!;
    const held = await book(first);
    await backend.setCancelled(held, true);
    expect(await occupy(held.upstream!.employeeId!, first)).toBe(true);

    const refused = await backend.setCancelled(held, false).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UpstreamError);
    expect(refused).toMatchObject({ status: 409, message: expect.stringContaining('taken') });
    expect(statusOf(held.reference)).toBe('CANCELLED');
  });
});

describe('status conflicts Pexip answers with APPOINTMENT_STATUS_INVALID', () => {
  it('refuses to move a cancelled viewing, saying it was cancelled, after reading its status', async () => {
    const seen: string[] = [];
    const { backend, slots, book } = await setup(async (request, answer) => {
      seen.push(`${request.method} ${new URL(request.url).pathname.replace(/^.*\/enterprises\/[^/]+/, '')}`);
      return answer();
    });
    const free = await slots();
    const held = await book(free[0]!);
    await backend.setCancelled(held, true);
    seen.length = 0;
    const refused = await backend
      .reschedule(held, otherDay(free, held.start)[0]!.id)
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UpstreamError);
    expect(refused).toMatchObject({ message: expect.stringContaining('was cancelled') });
    expect(seen).toContain(`POST /appointments/${held.reference}/_actions/reschedule`);
    expect(seen.at(-1)).toBe(`GET /appointments/${held.reference}`);
  });

  it('counts a cancel answered 404 as done, whatever code the 404 carries', async () => {
    const { backend, slots, book, statusOf } = await setup(async (request, answer) =>
      request.url.endsWith('/_actions/cancel')
        ? Response.json(
            {
              errors: [
                { message: 'No route.', code: 'ROUTE_NOT_FOUND', type: 'NOT_FOUND_ERROR', statusCode: '404' },
              ],
            },
            { status: 404 },
          )
        : answer(),
    );
    const held = await book((await slots())[0]!);
    await expect(backend.setCancelled(held, true)).resolves.toBeUndefined();
    expect(statusOf(held.reference)).toBe('ACCEPTED');
  });
});

describe('the office diary and staff from Pexip Engage', () => {
  it('lists the viewing with its negotiator and viewer on the office’s clock, and a cancelled one as cancelled', async () => {
    const { emulator, backend, branch, property, slots, book } = await setup();
    const free = await slots();
    const kept = await book(free[0]!);
    const dropped = await book(otherDay(free, kept.start)[0]!);
    await backend.setCancelled(dropped, true);

    const diary = await backend.diary(branch, TODAY, 7);
    const employee = emulator.employees().find((person) => person.id === kept.upstream?.employeeId)!;
    expect(diary.find((entry) => entry.reference === kept.reference)).toEqual({
      reference: kept.reference,
      branchId: ANTWERP,
      propertyId: property.id,
      start: kept.start,
      end: kept.end,
      negotiator: { id: employee.id, name: `${employee.firstName} ${employee.lastName}` },
      viewer: 'Lotte Peeters',
      cancelled: false,
    });
    expect(diary.find((entry) => entry.reference === dropped.reference)?.cancelled).toBe(true);
    // Viewings only, of this office, starting in the window.
    const viewings = emulator
      .allAppointments()
      .filter(
        (row) =>
          row.officeId === ANTWERP &&
          row.subjectId === emulator.viewingSubjectId &&
          row.start >= '2026-11-22T23:00:00.000Z' &&
          row.start < '2026-11-29T23:00:00.000Z',
      );
    expect(diary.map((entry) => entry.reference).sort()).toEqual(viewings.map((row) => row.id).sort());
  });

  it('names the office’s employees', async () => {
    const { emulator, backend, branch } = await setup();
    const staff = await backend.staff(branch);
    const antwerp = emulator.employees().filter((person) => person.officeId === ANTWERP);
    expect(staff).toEqual(
      expect.arrayContaining(
        antwerp.map((person) => ({
          id: person.id,
          name: `${person.firstName} ${person.lastName}`,
          branchId: ANTWERP,
        })),
      ),
    );
    expect(staff).toHaveLength(antwerp.length);
  });
});

describe('when Pexip Engage answers a change with data it cannot parse', () => {
  it('fails the move as the upstream’s fault, naming the field', async () => {
    let corrupt = false;
    const { backend, slots, book } = await setup(async (request, answer) => {
      const response = await answer();
      if (!corrupt || !request.url.endsWith('/_actions/reschedule')) return response;
      return Response.json({
        data: { id: '1', status: 'ACCEPTED', start: 'next Tuesday', office: { id: ANTWERP } },
      });
    });
    const free = await slots();
    const held = await book(free[0]!);
    corrupt = true;
    const failure = await backend
      .reschedule(held, otherDay(free, held.start)[0]!.id)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ code: 'upstream_error', message: expect.stringContaining('data.start') });
  });

  it('leaves a malformed appointment out of the diary, counted, and lists the others', async () => {
    let odd = false;
    const { backend, branch } = await setup(async (request, answer) => {
      const response = await answer();
      if (!odd || !/\/appointments\?/.test(request.url)) return response;
      const page = z
        .object({ data: z.array(z.unknown()), meta: z.object({ totalCount: z.number() }).loose() })
        .parse(await response.json());
      return Response.json({
        data: [{ id: 'odd', status: 'ACCEPTED' }, ...page.data],
        meta: { ...page.meta, totalCount: page.meta.totalCount + 1 },
      });
    });
    const plain = await backend.diary(branch, TODAY, 7);
    odd = true;
    const diary = await backend.diary(branch, TODAY, 7);
    expect(plain.length).toBeGreaterThan(0);
    expect(diary).toEqual(plain);
    expect(backend.skipped.totals()).toEqual([{ reason: 'invalid', count: 1 }]);
  });
});
