import { describe, expect, it } from 'vitest';
import { OfficePlaceBackend } from '../../src/backends/officeplace/index.ts';
import { UpstreamError, type HeldBooking, type SlotWindow } from '../../src/backends/types.ts';
import type { Slot } from '../../src/contract/index.ts';
import { createOfficePlaceEmulator } from '../../src/sandbox/officeplace/index.ts';

/** Monday 23 November 2026, 08:00 in London (GMT). */
const NOW = new Date('2026-11-23T08:00:00Z');
const TODAY = '2026-11-23';
const guest = {
  firstName: 'Eleanor',
  lastName: 'Marsh',
  email: 'eleanor.marsh@example.co.uk',
  phone: '07700 900321',
};

type Intercept = (request: Request, answer: () => Promise<Response>) => Promise<Response>;

/**
 * The backend on the OfficePlace emulator, with the Richmond flat on Sheen Road shown only by `showers`
 * (display names), so which times are free depends on their calendars alone.
 */
async function setup(showers: string[] = ['Olivia Bennett'], intercept?: Intercept) {
  const emulator = createOfficePlaceEmulator({ now: () => NOW, rateLimit: false });
  const feed = emulator.feed();
  const agentIds = showers.map((name) => emulator.agents().find((agent) => agent.displayName === name)!.adId);
  const flat = feed.properties.find((property) => property.address.includes('14 Sheen Road'))!;
  const backend = new OfficePlaceBackend({
    baseUrl: 'https://connector.officeplace.example',
    tenantId: emulator.tenantId,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    domainId: emulator.domainId,
    catalog: {
      ...feed,
      properties: feed.properties.map((property) =>
        property.id === flat.id ? { ...property, viewing: { agentIds } } : property,
      ),
    },
    now: () => NOW,
    busyTtlMs: 0,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const answer = async () => emulator.fetch(request);
      return intercept ? intercept(request, answer) : answer();
    },
  });
  const catalog = await backend.loadCatalog();
  const property = catalog.properties.find((candidate) => candidate.id === flat.id)!;
  const branch = catalog.branches.find((candidate) => candidate.id === property.branchId)!;
  const window: SlotWindow = { property, branch, from: TODAY, days: 7 };
  const slots = () => backend.listSlots(window);

  async function book(slot: Slot): Promise<HeldBooking> {
    const outcome = await backend.book({
      property,
      branch,
      slotId: slot.id,
      guest,
      consent: { marketing: true },
    });
    if (!outcome.ok) throw new Error(`not booked: ${outcome.code}`);
    return {
      reference: outcome.booking.reference,
      property,
      branch,
      start: outcome.booking.start,
      end: outcome.booking.end,
      guest,
      consent: { marketing: true },
      ...(outcome.upstream ? { upstream: outcome.upstream } : {}),
    };
  }
  /** The visitor's viewings in every calendar. */
  const viewingsOfVisitor = () =>
    emulator.appointments().filter((row) => row.subject.endsWith('Eleanor Marsh'));
  return { emulator, backend, property, branch, agentIds, slots, book, viewingsOfVisitor };
}

const starts = (slots: Slot[]) => slots.map((slot) => slot.start);

/** Two free times on different days, so buffers around one never touch the other. */
async function twoTimes(slots: () => Promise<Slot[]>) {
  const free = await slots();
  const first = free[0]!;
  const second = free.find((slot) => slot.start.slice(0, 10) !== first.start.slice(0, 10))!;
  return { first, second };
}

/** A time the viewing's own agent is made busy for while the other agent stays free. */
async function onlyOtherFree(harness: Awaited<ReturnType<typeof setup>>, held: HeldBooking): Promise<Slot> {
  for (const candidate of await harness.slots()) {
    if (candidate.start.slice(0, 10) === held.start.slice(0, 10)) continue;
    try {
      harness.emulator.addAppointment({
        adId: held.upstream!.adId!,
        subject: 'Vendor call',
        start: new Date(candidate.start),
        end: new Date(candidate.end),
      });
    } catch {
      // Already busy then: just as good.
    }
    if (starts(await harness.slots()).includes(candidate.start)) return candidate;
  }
  throw new Error('no time with only the other agent free');
}

describe('moving an OfficePlace viewing', () => {
  it('moves it in its agent’s calendar: the old time is offered again, the new one is not, and one viewing remains', async () => {
    const { backend, slots, book, viewingsOfVisitor } = await setup();
    const { first, second } = await twoTimes(slots);
    const held = await book(first);
    expect(starts(await slots())).not.toContain(first.start);

    const moved = await backend.reschedule(held, second.id);
    expect(moved).toMatchObject({
      ok: true,
      booking: { reference: held.reference, start: second.start, end: second.end },
      upstream: held.upstream,
    });
    expect(starts(await slots())).toContain(first.start);
    expect(starts(await slots())).not.toContain(second.start);
    expect(viewingsOfVisitor()).toEqual([
      expect.objectContaining({ appointmentId: held.reference, start: new Date(second.start).toISOString() }),
    ]);
  });

  it('keeps the old viewing and offers other times when the new time was taken meanwhile', async () => {
    const { emulator, backend, slots, book, agentIds, viewingsOfVisitor } = await setup();
    const { first, second } = await twoTimes(slots);
    const held = await book(first);
    emulator.addAppointment({
      adId: agentIds[0]!,
      subject: 'Dentist',
      start: new Date(second.start),
      end: new Date(second.end),
    });

    const outcome = await backend.reschedule(held, second.id);
    expect(outcome).toMatchObject({ ok: false, code: 'slot_taken' });
    if (outcome.ok || outcome.code !== 'slot_taken') return;
    expect(outcome.alternatives.length).toBeGreaterThan(0);
    expect(viewingsOfVisitor()).toEqual([
      expect.objectContaining({ appointmentId: held.reference, start: new Date(first.start).toISOString() }),
    ]);
  });

  it('creates it in another free agent’s calendar and deletes the old one when its own agent is busy then', async () => {
    const harness = await setup(['Olivia Bennett', 'James Okonkwo']);
    const { backend, slots, book, viewingsOfVisitor } = harness;
    const held = await book((await slots())[0]!);
    const second = await onlyOtherFree(harness, held);

    const moved = await backend.reschedule(held, second.id);
    if (!moved.ok) throw new Error(moved.code);
    expect(moved.booking.reference).not.toBe(held.reference);
    expect(moved.upstream?.adId).not.toBe(held.upstream?.adId);
    expect(viewingsOfVisitor()).toEqual([
      expect.objectContaining({
        appointmentId: moved.booking.reference,
        adId: moved.upstream?.adId,
        start: new Date(second.start).toISOString(),
        // What the visitor told the first agent goes with the viewing.
        body: expect.objectContaining({ content: expect.stringContaining('Marketing consent: yes') }),
      }),
    ]);
  });

  it('undoes a move to another agent when the old viewing cannot be deleted, leaving the visitor one viewing', async () => {
    let failDelete = false;
    const harness = await setup(['Olivia Bennett', 'James Okonkwo'], async (request, answer) => {
      if (failDelete && request.method === 'DELETE') {
        failDelete = false;
        return Response.json({ title: 'An error occurred.', status: 500 }, { status: 500 });
      }
      return answer();
    });
    const held = await harness.book((await harness.slots())[0]!);
    const second = await onlyOtherFree(harness, held);
    failDelete = true;

    const failure = await harness.backend.reschedule(held, second.id).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ message: expect.stringContaining('undone') });
    expect(harness.viewingsOfVisitor()).toEqual([
      expect.objectContaining({ appointmentId: held.reference, start: new Date(held.start).toISOString() }),
    ]);
  });
});

describe('cancelling an OfficePlace viewing', () => {
  it('deletes it from the calendar, frees the time, and is done already the second time', async () => {
    const { backend, slots, book, viewingsOfVisitor } = await setup();
    const { first } = await twoTimes(slots);
    const held = await book(first);

    await backend.setCancelled(held, true);
    expect(viewingsOfVisitor()).toEqual([]);
    expect(starts(await slots())).toContain(first.start);
    await expect(backend.setCancelled(held, true)).resolves.toBeUndefined();
  });

  it('refuses to reinstate a cancelled viewing, saying why, and leaves a live one as it is', async () => {
    const { backend, slots, book } = await setup();
    const { first, second } = await twoTimes(slots);
    const live = await book(second);
    await expect(backend.setCancelled(live, false)).resolves.toBeUndefined();
    const held = await book(first);
    await backend.setCancelled(held, true);

    const refused = await backend.setCancelled(held, false).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UpstreamError);
    expect(refused).toMatchObject({ message: expect.stringContaining('cannot be reinstated') });
  });
});

describe('the branch diary and staff from OfficePlace', () => {
  it('lists the booking with its negotiator, viewer and property, and no team meetings', async () => {
    const { emulator, backend, branch, property, slots, book, agentIds } = await setup();
    const { first } = await twoTimes(slots);
    const held = await book(first);

    const diary = await backend.diary(branch, TODAY, 7);
    expect(diary.find((entry) => entry.reference === held.reference)).toEqual({
      reference: held.reference,
      branchId: branch.id,
      propertyId: property.id,
      start: first.start,
      end: first.end,
      negotiator: { id: agentIds[0], name: 'Olivia Bennett' },
      viewer: 'Eleanor Marsh',
      subject: expect.stringMatching(/^Viewing — /),
      cancelled: false,
    });
    expect(diary.every((entry) => entry.subject?.startsWith('Viewing'))).toBe(true);
    const kingston = emulator
      .agents()
      .filter((agent) => agent.office === 'kingston')
      .map((agent) => agent.adId);
    expect(diary.some((entry) => kingston.includes(entry.negotiator?.id ?? ''))).toBe(false);
    expect(diary.map((entry) => entry.start)).toEqual([...diary.map((entry) => entry.start)].sort());
  });

  it('names the branch’s negotiators from the agency’s catalogue', async () => {
    const { backend, branch } = await setup();
    const staff = await backend.staff(branch);
    expect(staff).toContainEqual({ id: expect.any(String), name: 'Marek Nowak', branchId: branch.id });
    expect(staff).toHaveLength(4);
  });
});

describe('when OfficePlace answers a move in its own words', () => {
  it('counts the move as done when the updated details leave out the appointmentId', async () => {
    let details = false;
    const { backend, slots, book, emulator } = await setup(['Olivia Bennett'], async (request, answer) => {
      const response = await answer();
      return details && request.method === 'PUT' ? Response.json({ subject: 'Viewing' }) : response;
    });
    const { first, second } = await twoTimes(slots);
    const held = await book(first);
    details = true;
    const moved = await backend.reschedule(held, second.id);
    expect(moved).toMatchObject({ ok: true, booking: { reference: held.reference, start: second.start } });
    expect(emulator.appointments().find((row) => row.appointmentId === held.reference)?.start).toBe(
      new Date(second.start).toISOString(),
    );
  });

  it('fails the move as the upstream’s fault when the answer is not JSON', async () => {
    let corrupt = false;
    const { backend, slots, book } = await setup(['Olivia Bennett'], async (request, answer) => {
      const response = await answer();
      return corrupt && request.method === 'PUT' ? new Response('<html>Moved</html>') : response;
    });
    const { first, second } = await twoTimes(slots);
    const held = await book(first);
    corrupt = true;
    const failure = await backend.reschedule(held, second.id).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ code: 'upstream_error', message: expect.stringContaining('not JSON') });
  });
});
