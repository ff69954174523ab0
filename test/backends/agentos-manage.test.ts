import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Branch, Property, Slot } from '../../src/contract/index.ts';
import { AgentOSBackend } from '../../src/backends/index.ts';
import { Allocation, Page, type DiarySubmission } from '../../src/backends/agentos/schemas.ts';
import { UpstreamError, type BookOutcome, type HeldBooking } from '../../src/backends/types.ts';
import { createAgentOSEmulator, type AgentOSEmulator } from '../../src/sandbox/agentos/index.ts';

/** Monday 23 November 2026, 08:00 in London. */
const NOW = new Date('2026-11-23T08:00:00Z');
const TODAY = '2026-11-23';
const BASE = '/v4/appointments/harbourandfinch';

const guest = {
  firstName: 'Amelia',
  lastName: 'Clarke',
  email: 'amelia.clarke@example.co.uk',
  phone: '07700 900123',
};

type Intercept = (request: Request, answer: () => Promise<Response>) => Promise<Response>;

/** The backend in front of a fresh emulator, its every upstream call passing through `intercept`. */
async function open(intercept: Intercept = (_, answer) => answer()) {
  const emulator = createAgentOSEmulator({ now: () => NOW });
  const backend = new AgentOSBackend({
    baseUrl: 'http://agentos.sandbox',
    shortName: emulator.shortName,
    apiKey: emulator.apiKey,
    retry: { baseMs: 1 },
    fetch: async (input, init) => {
      const request = new Request(input, init);
      return intercept(request, async () => emulator.fetch(request));
    },
  });
  const { branches, properties } = await backend.loadCatalog();
  const property = properties.find((candidate) => candidate.channel === 'lettings');
  const branch = branches.find((candidate) => candidate.id === property?.branchId);
  if (!property || !branch) throw new Error('the catalogue has no lettings');
  const slots = await backend.listSlots({ property, branch, from: TODAY, days: 7 });
  return { emulator, backend, property, branch, slots };
}

async function bookFirst(backend: AgentOSBackend, property: Property, branch: Branch, slot: Slot) {
  const outcome = await backend.book({
    property,
    branch,
    slotId: slot.id,
    guest,
    consent: { marketing: false },
  });
  if (!outcome.ok) throw new Error(`booking failed: ${outcome.code}`);
  return held(outcome, property, branch);
}

function held(outcome: Extract<BookOutcome, { ok: true }>, property: Property, branch: Branch): HeldBooking {
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

/** Whether the emulator offers this negotiator at this local time, read straight from agentOS. */
async function offers(emulator: AgentOSEmulator, property: Property, staffId: string, localStart: string) {
  const type = emulator.appointmentTypes().find((candidate) => candidate.systemType === 'Viewing');
  const search = new URLSearchParams({
    appointmentTypeID: type?.id ?? '',
    preferredDate: localStart.slice(0, 10),
    propertyIdentifier: property.id,
  });
  const response = await emulator.fetch(
    new Request(`http://sandbox${BASE}/diary/appointmenttypes/allocations/0/1000?${search}`, {
      headers: { api_key: emulator.apiKey },
    }),
  );
  const { Data } = Page(Allocation).parse(await response.json());
  return Data.filter((a) => a.Start === localStart && (staffId === '*' || a.StaffID === staffId));
}

/** Books every negotiator free at `localStart` for someone else, so that time is gone. */
async function takeEveryone(emulator: AgentOSEmulator, property: Property, localStart: string) {
  const type = emulator.appointmentTypes().find((candidate) => candidate.systemType === 'Viewing');
  for (const allocation of await offers(emulator, property, '*', localStart)) {
    await takeAllocation(emulator, property, type?.id ?? '', allocation);
  }
}

async function takeAllocation(
  emulator: AgentOSEmulator,
  property: Property,
  typeId: string,
  allocation: z.infer<typeof Allocation>,
) {
  const submission: DiarySubmission = {
    AllocationDetails: allocation,
    AppointmentType: typeId,
    Subject: 'Booked by phone',
    ExtraComments: '',
    Guests: [
      {
        Forename: 'Someone',
        Surname: 'Else',
        EmailAddress: 'someone.else@example.org',
        MobilePhone: '',
        AllowMarketingCorrespondence: false,
      },
    ],
  };
  const response = await emulator.fetch(
    new Request(`http://sandbox${BASE}/diary?propertyID=${property.id}&lettings=true`, {
      method: 'POST',
      headers: { api_key: emulator.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify(submission),
    }),
  );
  expect(response.status).toBe(200);
}

/** The slot's local start, as agentOS writes it. */
const localOf = (slot: Slot) => slot.start.slice(0, 19);
const mine = (emulator: AgentOSEmulator, reference: string) =>
  emulator.diary().find((entry) => entry.reference === reference);

describe('agentOS: changing a booking', () => {
  it('moves a viewing to a new time: the old time is free again, the new one taken, one appointment in all', async () => {
    const { emulator, backend, property, branch, slots } = await open();
    const [first, , , , later] = slots;
    if (!first || !later) throw new Error('too few free times');
    const booking = await bookFirst(backend, property, branch, first);
    const staffId = booking.upstream?.staffId ?? '';
    expect(staffId).not.toBe('');

    const outcome = await backend.reschedule(booking, later.id);
    expect(outcome).toMatchObject({
      ok: true,
      booking: { reference: booking.reference, start: later.start, end: later.end, status: 'confirmed' },
      upstream: { staffId: expect.any(String) },
    });
    expect(emulator.diary()).toHaveLength(1);
    expect(mine(emulator, booking.reference)).toMatchObject({ start: localOf(later), cancelled: false });
    expect(await offers(emulator, property, staffId, localOf(first))).toHaveLength(1);
    const movedTo = outcome.ok ? (outcome.upstream?.staffId ?? '') : '';
    expect(await offers(emulator, property, movedTo, localOf(later))).toHaveLength(0);
  });

  it('keeps the viewing where it was and offers other times when the new time has gone', async () => {
    const { emulator, backend, property, branch, slots } = await open();
    const [first, , , wanted] = slots;
    if (!first || !wanted) throw new Error('too few free times');
    const booking = await bookFirst(backend, property, branch, first);
    await takeEveryone(emulator, property, localOf(wanted));

    const outcome = await backend.reschedule(booking, wanted.id);
    expect(outcome.ok).toBe(false);
    if (outcome.ok || outcome.code !== 'slot_taken') throw new Error('expected slot_taken');
    expect(outcome.alternatives.length).toBeGreaterThan(0);
    expect(outcome.alternatives.map((slot) => slot.start)).not.toContain(wanted.start);
    expect(mine(emulator, booking.reference)).toMatchObject({ start: localOf(first), cancelled: false });
  });

  it('moves to another negotiator free at that time when the first one is taken at the last moment', async () => {
    let race: ((allocation: z.infer<typeof Allocation>) => Promise<void>) | undefined;
    const { emulator, backend, property, branch, slots } = await open(async (request, answer) => {
      if (race && request.method === 'PATCH' && request.url.includes('/appointment/update')) {
        const body = z.object({ AllocationDetails: Allocation }).parse(await request.clone().json());
        const once = race;
        race = undefined;
        await once(body.AllocationDetails);
      }
      return answer();
    });
    const [first] = slots;
    let wanted: Slot | undefined;
    for (const slot of slots.slice(1)) {
      if ((await offers(emulator, property, '*', localOf(slot))).length >= 2) {
        wanted = slot;
        break;
      }
    }
    if (!first || !wanted) throw new Error('no time with two negotiators free');
    const booking = await bookFirst(backend, property, branch, first);
    const typeId = emulator.appointmentTypes().find((type) => type.systemType === 'Viewing')?.id ?? '';
    race = (allocation) => takeAllocation(emulator, property, typeId, allocation);

    const outcome = await backend.reschedule(booking, wanted.id);
    expect(outcome).toMatchObject({ ok: true, booking: { start: wanted.start } });
    expect(emulator.diary()).toHaveLength(2);
    const atWanted = emulator.diary().filter((entry) => entry.start === localOf(wanted));
    expect(new Set(atWanted.map((entry) => entry.staffId)).size).toBe(2);
    expect(mine(emulator, booking.reference)?.staffId).toBe(outcome.ok ? outcome.upstream?.staffId : '');
  });

  it('keeps a booking as it is when asked to move it to its own time, and refuses a made-up slot id', async () => {
    const { emulator, backend, property, branch, slots } = await open();
    const [first] = slots;
    if (!first) throw new Error('no free times');
    const booking = await bookFirst(backend, property, branch, first);
    expect(await backend.reschedule(booking, first.id)).toMatchObject({
      ok: true,
      booking: { reference: booking.reference, start: first.start },
    });
    expect(await backend.reschedule(booking, 'not-a-slot!')).toEqual({ ok: false, code: 'invalid_slot' });
    expect(mine(emulator, booking.reference)?.start).toBe(localOf(first));
  });

  it('cancelling frees the time and notes the reason; reinstating takes the time back', async () => {
    const { emulator, backend, property, branch, slots } = await open();
    const [first] = slots;
    if (!first) throw new Error('no free times');
    const booking = await bookFirst(backend, property, branch, first);
    const staffId = booking.upstream?.staffId ?? '';

    await backend.setCancelled(booking, true, 'Found somewhere else');
    expect(mine(emulator, booking.reference)).toMatchObject({ cancelled: true });
    expect(mine(emulator, booking.reference)?.comments).toMatch(/Cancellation reason: Found somewhere else$/);
    expect(await offers(emulator, property, staffId, localOf(first))).toHaveLength(1);
    // Repeating the cancellation changes nothing, and the reason is noted once.
    await backend.setCancelled(booking, true, 'Found somewhere else');
    expect(mine(emulator, booking.reference)?.comments.match(/Cancellation reason/g)).toHaveLength(1);

    await backend.setCancelled(booking, false);
    expect(mine(emulator, booking.reference)).toMatchObject({ cancelled: false });
    expect(await offers(emulator, property, staffId, localOf(first))).toHaveLength(0);
  });

  it('cannot reinstate a viewing whose time someone else booked after it was cancelled', async () => {
    const { emulator, backend, property, branch, slots } = await open();
    const [first] = slots;
    if (!first) throw new Error('no free times');
    const booking = await bookFirst(backend, property, branch, first);
    await backend.setCancelled(booking, true);
    await takeEveryone(emulator, property, localOf(first));

    const refusal = await backend.setCancelled(booking, false).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UpstreamError);
    expect(refusal).toMatchObject({ status: 409 });
    expect(mine(emulator, booking.reference)).toMatchObject({ cancelled: true });
  });
});

describe('agentOS: messages, feedback and consent', () => {
  it("sends a message to the visitor through the branch and passes on the visitor's feedback", async () => {
    const { emulator, backend, property, branch, slots } = await open();
    const [first] = slots;
    if (!first) throw new Error('no free times');
    const booking = await bookFirst(backend, property, branch, first);

    await backend.sendMessage(booking, {
      kind: 'rescheduled',
      subject: 'Your viewing has moved',
      body: 'See you on Tuesday at 10:30.',
    });
    expect(emulator.messages()).toMatchObject([
      {
        branchId: branch.id,
        appointmentId: booking.reference,
        recipients: [guest.email],
        subject: 'Your viewing has moved',
        body: 'See you on Tuesday at 10:30.',
      },
    ]);

    await backend.sendFeedback(booking, {
      experience: 'good',
      interest: 'not_interested',
      comments: 'Lovely, but the second bedroom is small.',
    });
    const [feedback] = emulator.feedback();
    expect(feedback).toMatchObject({ appointmentId: booking.reference, propertyId: property.id });
    expect(feedback?.feedback.split('\n')).toEqual([
      'Feedback from the visitor, given online after the viewing.',
      'How the viewing went: Good',
      'Interest in the property: Not interested',
      'Comments: Lovely, but the second bedroom is small.',
    ]);
  });

  it("records a change of the visitor's marketing consent on the viewing", async () => {
    const { emulator, backend, property, branch, slots } = await open();
    const [first] = slots;
    if (!first) throw new Error('no free times');
    const booking = await bookFirst(backend, property, branch, first);
    await backend.setConsent(booking, { marketing: true });
    expect(mine(emulator, booking.reference)?.guests.map((g) => g.allowMarketing)).toEqual([true]);
    await backend.setConsent(booking, { marketing: false });
    expect(mine(emulator, booking.reference)?.guests.map((g) => g.allowMarketing)).toEqual([false]);
  });
});

describe('agentOS: the staff view', () => {
  it('lists the booked viewing in the branch diary with its negotiator and viewer, cancelled ones too', async () => {
    const { emulator, backend, property, branch, slots } = await open();
    const [first, second] = slots;
    if (!first || !second) throw new Error('too few free times');
    const booking = await bookFirst(backend, property, branch, first);
    const other = await bookFirst(backend, property, branch, second);
    await backend.setCancelled(other, true);

    const diary = await backend.diary(branch, TODAY, 7);
    const negotiator = emulator.staff().find((person) => person.id === booking.upstream?.staffId);
    expect(diary).toEqual([
      {
        reference: booking.reference,
        branchId: branch.id,
        propertyId: property.id,
        start: first.start,
        end: first.end,
        negotiator: { id: negotiator?.id, name: negotiator?.name },
        viewer: 'Amelia Clarke',
        subject: `Viewing: ${property.address}`,
        cancelled: false,
      },
      expect.objectContaining({ reference: other.reference, start: second.start, cancelled: true }),
    ]);
    expect(await backend.diary(branch, '2026-12-07', 7)).toEqual([]);

    const staff = await backend.staff(branch);
    expect(staff).toEqual(
      emulator
        .staff()
        .filter((person) => person.branchId === branch.id)
        .map((person) => ({ id: person.id, name: person.name, branchId: branch.id })),
    );
  });
});

describe('agentOS: answers that make no sense', () => {
  const corrupt =
    (path: RegExp, replace: (json: unknown) => unknown): Intercept =>
    async (request, answer) => {
      const response = await answer();
      if (!path.test(new URL(request.url).pathname) || !response.ok) return response;
      return Response.json(replace(await response.json()), { status: response.status });
    };

  it('a diary row without a readable start is left out and counted; the rest of the diary still shows', async () => {
    let odd = false;
    const { backend, property, branch, slots } = await open(
      corrupt(/\/diary\/appointments\//, (json) => {
        const page = z
          .object({ Count: z.number(), Data: z.array(z.record(z.string(), z.unknown())) })
          .parse(json);
        return odd
          ? {
              ...page,
              Data: page.Data.map((row, i) => (i === 0 ? { ...row, Start: 'Tuesday morning' } : row)),
            }
          : page;
      }),
    );
    const [first, second] = slots;
    if (!first || !second) throw new Error('too few free times');
    const spoilt = await bookFirst(backend, property, branch, first);
    const kept = await bookFirst(backend, property, branch, second);
    odd = true;
    const diary = await backend.diary(branch, TODAY, 7);
    expect(diary.map((entry) => entry.reference)).toEqual([kept.reference]);
    expect(diary.map((entry) => entry.reference)).not.toContain(spoilt.reference);
    expect(backend.skipped.totals()).toContainEqual({ reason: 'invalid', count: 1 });
  });

  it('a staff row without an id is left out and counted, and an update answered with an object is an upstream error', async () => {
    const staffless = await open(
      corrupt(/\/contacts\/staff\//, () => ({
        Count: 2,
        Data: [{ Forename: 'A' }, { OID: 'S2', Forename: 'Bo', Surname: 'Hale' }],
      })),
    );
    expect(await staffless.backend.staff(staffless.branch)).toEqual([
      { id: 'S2', name: 'Bo Hale', branchId: staffless.branch.id },
    ]);
    expect(staffless.backend.skipped.totals()).toContainEqual({ reason: 'invalid', count: 1 });

    const { backend, property, branch, slots } = await open(
      corrupt(/\/appointment\/update$/, () => ({ Reference: 'VW-1' })),
    );
    const [first, , later] = slots;
    if (!first || !later) throw new Error('too few free times');
    const booking = await bookFirst(backend, property, branch, first);
    await expect(backend.reschedule(booking, later.id)).rejects.toMatchObject({ code: 'upstream_error' });
    await expect(backend.setConsent(booking, { marketing: true })).rejects.toBeInstanceOf(UpstreamError);
  });
});
