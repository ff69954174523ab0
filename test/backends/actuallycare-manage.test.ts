import { describe, expect, it } from 'vitest';
import { ActuallyCareBackend } from '../../src/backends/actuallycare/index.ts';
import {
  UpstreamError,
  type BookOutcome,
  type HeldBooking,
  type SlotWindow,
} from '../../src/backends/types.ts';
import type { Slot } from '../../src/contract/index.ts';
import { createActuallyCareEmulator } from '../../src/sandbox/actuallycare/index.ts';

/** Monday 6 July 2026, 08:00 in California (PDT). */
const NOW = new Date('2026-07-06T15:00:00Z');
const TODAY = '2026-07-06';
const guest = {
  firstName: 'Dana',
  lastName: 'Whitfield',
  email: 'dana.whitfield@example.org',
  phone: '+1 661 555 0199',
};

type Intercept = (request: Request, answer: () => Promise<Response>) => Promise<Response>;

/**
 * The backend on the ActuallyCare emulator, with one Bakersfield home shown only by `showers` (first names),
 * so that which times are free depends on their calendars alone.
 */
async function setup(showers: string[] = ['Maria'], intercept?: Intercept) {
  const emulator = createActuallyCareEmulator({ now: () => NOW, rateLimit: false });
  const settings = emulator.sandboxSettings();
  const home = emulator
    .listings()
    .find((listing) => listing.city === 'Bakersfield' && listing.propertyType === 'single_family')!;
  const agentIds = showers.map((name) => emulator.agents().find((agent) => agent.firstName === name)!.id);
  const backend = new ActuallyCareBackend({
    baseUrl: 'http://actuallycare.sandbox',
    apiKey: emulator.apiKey,
    ...settings,
    properties: { ...settings.properties, [home.id]: { agentIds } },
    now: () => NOW,
    busyTtlMs: 0,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const answer = async () => emulator.fetch(request);
      return intercept ? intercept(request, answer) : answer();
    },
  });
  const catalog = await backend.loadCatalog();
  const property = catalog.properties.find((candidate) => candidate.id === home.id)!;
  const branch = catalog.branches.find((candidate) => candidate.id === property.branchId)!;
  const window: SlotWindow = { property, branch, from: TODAY, days: 7 };
  const slots = () => backend.listSlots(window);

  async function book(slot: Slot): Promise<HeldBooking> {
    const outcome = await backend.book({
      property,
      branch,
      slotId: slot.id,
      guest,
      consent: { marketing: false },
    });
    return held(outcome);
  }
  function held(outcome: BookOutcome): HeldBooking {
    if (!outcome.ok) throw new Error(`not booked: ${outcome.code}`);
    return {
      reference: outcome.booking.reference,
      property,
      branch,
      start: outcome.booking.start,
      end: outcome.booking.end,
      guest,
      consent: { marketing: false },
      ...(outcome.upstream ? { upstream: outcome.upstream } : {}),
    };
  }
  /** The visitor's live showings in ActuallyCare. */
  const showingsOfVisitor = () =>
    emulator
      .appointments()
      .filter((row) => row.status === 'scheduled' && row.attendees.some((a) => a.email === guest.email));
  return { emulator, backend, property, branch, agentIds, slots, book, held, showingsOfVisitor };
}

const starts = (slots: Slot[]) => slots.map((slot) => slot.start);

/** Two free times on different days, so buffers around one never touch the other. */
async function twoTimes(slots: () => Promise<Slot[]>) {
  const free = await slots();
  const first = free[0]!;
  const second = free.find((slot) => slot.start.slice(0, 10) !== first.start.slice(0, 10))!;
  return { first, second };
}

describe('moving an ActuallyCare showing', () => {
  it('moves it to the new time: the old time is offered again, the new one is not, and the visitor has one showing', async () => {
    const { backend, slots, book, showingsOfVisitor } = await setup();
    const { first, second } = await twoTimes(slots);
    const held = await book(first);
    expect(starts(await slots())).not.toContain(first.start);

    const moved = await backend.reschedule(held, second.id);
    if (!moved.ok) throw new Error(moved.code);
    expect(moved.booking).toMatchObject({ reference: held.reference, start: second.start, end: second.end });
    expect(moved.upstream).toMatchObject({ agentId: held.upstream?.agentId, version: '2' });
    expect(starts(await slots())).toContain(first.start);
    expect(starts(await slots())).not.toContain(second.start);
    expect(showingsOfVisitor()).toEqual([
      expect.objectContaining({ id: held.reference, start: new Date(second.start).toISOString() }),
    ]);
  });

  it('keeps the old booking and offers other times when the new time was taken meanwhile', async () => {
    const { emulator, backend, slots, book, agentIds, showingsOfVisitor } = await setup();
    const { first, second } = await twoTimes(slots);
    const held = await book(first);
    await emulator.addAppointment({
      userId: agentIds[0]!,
      start: new Date(second.start),
      end: new Date(second.end),
    });

    const outcome = await backend.reschedule(held, second.id);
    expect(outcome).toMatchObject({ ok: false, code: 'slot_taken' });
    if (outcome.ok || outcome.code !== 'slot_taken') return;
    expect(outcome.alternatives.length).toBeGreaterThan(0);
    expect(starts(outcome.alternatives)).not.toContain(second.start);
    expect(showingsOfVisitor()).toEqual([
      expect.objectContaining({ id: held.reference, start: new Date(first.start).toISOString(), version: 1 }),
    ]);
  });

  it('hands the showing to another free agent when its own is busy then, leaving exactly one', async () => {
    const { emulator, backend, slots, book, showingsOfVisitor } = await setup(['Maria', 'Jordan']);
    const { first } = await twoTimes(slots);
    const held = await book(first);
    const own = held.upstream?.agentId;
    // A time the booked agent is busy for while the other one is still free.
    let second: Slot | undefined;
    for (const candidate of await slots()) {
      if (candidate.start.slice(0, 10) === first.start.slice(0, 10)) continue;
      await emulator
        .addAppointment({ userId: own!, start: new Date(candidate.start), end: new Date(candidate.end) })
        .catch(() => undefined);
      if (starts(await slots()).includes(candidate.start)) {
        second = candidate;
        break;
      }
    }
    if (!second) throw new Error('no time with only the other agent free');

    const moved = await backend.reschedule(held, second.id);
    if (!moved.ok) throw new Error(moved.code);
    expect(moved.booking.reference).not.toBe(held.reference);
    expect(moved.upstream?.agentId).not.toBe(own);
    expect(showingsOfVisitor()).toEqual([
      expect.objectContaining({
        id: moved.booking.reference,
        userId: moved.upstream?.agentId,
        start: new Date(second.start).toISOString(),
      }),
    ]);
    expect(emulator.appointments().some((row) => row.id === held.reference)).toBe(false);
  });

  it('moves a showing staff edited in the CRM meanwhile, without undoing their edit', async () => {
    const { emulator, backend, slots, book } = await setup();
    const { first, second } = await twoTimes(slots);
    const held = await book(first);
    await emulator.editAppointment(held.reference, { title: 'Showing — bring the gate code' });

    const moved = await backend.reschedule(held, second.id);
    expect(moved).toMatchObject({ ok: true, upstream: { version: '3' } });
    expect(emulator.appointments().find((row) => row.id === held.reference)).toMatchObject({
      title: 'Showing — bring the gate code',
      start: new Date(second.start).toISOString(),
    });
  });

  it('refuses a slot id it did not make', async () => {
    const { backend, slots, book } = await setup();
    const held = await book((await slots())[0]!);
    expect(await backend.reschedule(held, 'not-a-slot')).toEqual({ ok: false, code: 'invalid_slot' });
  });
});

describe('cancelling and reinstating an ActuallyCare showing', () => {
  it('frees the time when cancelled, keeps the showing as cancelled, and does nothing the second time', async () => {
    const { emulator, backend, slots, book } = await setup();
    const { first } = await twoTimes(slots);
    const held = await book(first);

    await backend.setCancelled(held, true);
    expect(emulator.appointments().find((row) => row.id === held.reference)?.status).toBe('cancelled');
    expect(starts(await slots())).toContain(first.start);
    emulator.resetRequestCount();
    await backend.setCancelled(held, true);
    // Read to see it is cancelled already; nothing written.
    expect(emulator.requestCount(`/v1/appointments/${held.reference}`)).toBe(1);
    expect(emulator.appointments().find((row) => row.id === held.reference)?.version).toBe(2);
  });

  it('reinstates a cancelled showing while its time is still free', async () => {
    const { emulator, backend, slots, book } = await setup();
    const { first } = await twoTimes(slots);
    const held = await book(first);
    await backend.setCancelled(held, true);

    await backend.setCancelled(held, false);
    expect(emulator.appointments().find((row) => row.id === held.reference)?.status).toBe('scheduled');
    expect(starts(await slots())).not.toContain(first.start);
  });

  it('refuses to reinstate onto a time the agent has filled since, and the showing stays cancelled', async () => {
    const { emulator, backend, slots, book, agentIds } = await setup();
    const { first } = await twoTimes(slots);
    const held = await book(first);
    await backend.setCancelled(held, true);
    await emulator.addAppointment({
      userId: agentIds[0]!,
      start: new Date(first.start),
      end: new Date(first.end),
    });

    const refused = await backend.setCancelled(held, false).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UpstreamError);
    expect(refused).toMatchObject({ status: 409, message: expect.stringContaining('taken') });
    expect(emulator.appointments().find((row) => row.id === held.reference)?.status).toBe('cancelled');
  });
});

describe('the branch diary and staff from ActuallyCare', () => {
  it('lists the booking with its negotiator and viewer on the branch’s clock, and a cancelled one as cancelled', async () => {
    const { emulator, backend, branch, property, slots, book } = await setup(['Maria', 'Jordan']);
    const { first, second } = await twoTimes(slots);
    const kept = await book(first);
    const dropped = await book(second);
    await backend.setCancelled(dropped, true);

    const diary = await backend.diary(branch, TODAY, 7);
    const maria = emulator.agents().find((agent) => agent.id === kept.upstream?.agentId)!;
    expect(diary.find((entry) => entry.reference === kept.reference)).toEqual({
      reference: kept.reference,
      branchId: branch.id,
      propertyId: property.id,
      start: first.start,
      end: first.end,
      negotiator: { id: maria.id, name: `${maria.firstName} ${maria.lastName}` },
      viewer: 'Dana Whitfield',
      subject: expect.stringContaining('Showing'),
      cancelled: false,
    });
    expect(diary.find((entry) => entry.reference === dropped.reference)?.cancelled).toBe(true);
    // Only the branch's agents, only within the window.
    const agents = new Set(emulator.sandboxSettings().branches[0]!.agents.map((agent) => agent.userId));
    expect(diary.every((entry) => agents.has(entry.negotiator?.id ?? ''))).toBe(true);
    expect(await backend.diary(branch, '2026-07-20', 1)).not.toContainEqual(
      expect.objectContaining({ reference: kept.reference }),
    );
  });

  it('names the branch’s negotiators', async () => {
    const { backend, branch } = await setup();
    const staff = await backend.staff(branch);
    expect(staff).toContainEqual({ id: expect.any(String), name: 'Maria Delgado', branchId: branch.id });
    expect(staff.every((member) => member.branchId === branch.id)).toBe(true);
  });
});

describe('when ActuallyCare answers a change with data it cannot parse', () => {
  it('fails the change as the upstream’s fault, naming the field', async () => {
    let corrupt = false;
    const { backend, slots, book } = await setup(['Maria'], async (request, answer) => {
      const response = await answer();
      if (!corrupt || request.method !== 'PUT') return response;
      const json = (await response.json()) as { data: Record<string, unknown> };
      return Response.json({ ...json, data: { ...json.data, start_time: 'next tuesday' } });
    });
    const { first, second } = await twoTimes(slots);
    const held = await book(first);
    corrupt = true;
    const failure = await backend.reschedule(held, second.id).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ code: 'upstream_error', message: expect.stringContaining('start_time') });
  });

  it('fails a cancellation whose read-back is malformed, without writing anything', async () => {
    const { emulator, backend, slots, book } = await setup(['Maria'], async (request, answer) => {
      const response = await answer();
      if (request.method !== 'GET' || !/appointments\/[0-9a-f-]{36}$/.test(request.url)) return response;
      return Response.json({ success: true, data: { id: 'x', status: 'maybe' } });
    });
    const held = await book((await slots())[0]!);
    const failure = await backend.setCancelled(held, true).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ code: 'upstream_error' });
    expect(emulator.appointments().find((row) => row.id === held.reference)?.status).toBe('scheduled');
  });
});

describe('two visitors racing for one agent’s time', () => {
  it('never leaves both booked: ActuallyCare takes both, and the one that must give way gives its time back', async () => {
    const { emulator, backend, property, branch, agentIds, slots } = await setup();
    const slot = (await slots())[0]!;
    const visitor = (n: number) => ({ ...guest, lastName: `Racer${n}`, email: `racer${n}@example.org` });
    const outcomes = await Promise.all(
      [1, 2].map((n) =>
        backend.book({ property, branch, slotId: slot.id, guest: visitor(n), consent: { marketing: false } }),
      ),
    );
    const live = emulator
      .appointments()
      .filter(
        (row) =>
          row.userId === agentIds[0] &&
          row.status === 'scheduled' &&
          row.start === new Date(slot.start).toISOString(),
      );
    const booked = outcomes.filter((outcome) => outcome.ok);
    expect(booked.length).toBeLessThanOrEqual(1);
    expect(live).toHaveLength(booked.length);
    for (const outcome of outcomes) if (!outcome.ok) expect(outcome.code).toBe('slot_taken');
  });
});
