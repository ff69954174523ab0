import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Property, Slot } from '../../src/contract/index.ts';
import { AgentOSBackend } from '../../src/backends/index.ts';
import { Allocation, Page, type DiarySubmission } from '../../src/backends/agentos/schemas.ts';
import { localToOffset } from '../../src/backends/slot-time.ts';
import { UpstreamError } from '../../src/backends/types.ts';
import { createAgentOSEmulator, type AgentOSEmulator } from '../../src/sandbox/agentos/index.ts';
import type { Interceptor } from './backend-contract.ts';
import { book, describeManageContract, freeTimes, type ManageFixture } from './manage-contract.ts';

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

/** The slot's local start, as agentOS writes it. */
const localOf = (slot: Slot) => slot.start.slice(0, 19);

const viewingType = (emulator: AgentOSEmulator) =>
  emulator.appointmentTypes().find((candidate) => candidate.systemType === 'Viewing')?.id ?? '';

/** The allocations agentOS offers at this local time (for one negotiator, or `*` for all), read straight from it. */
async function offers(emulator: AgentOSEmulator, property: Property, staffId: string, localStart: string) {
  const search = new URLSearchParams({
    appointmentTypeID: viewingType(emulator),
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

/** Books this allocation for someone else by phone, as the branch would. */
async function takeAllocation(emulator: AgentOSEmulator, property: Property, allocation: Allocation) {
  const submission: DiarySubmission = {
    AllocationDetails: allocation,
    AppointmentType: viewingType(emulator),
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

const fixture: ManageFixture<{ emulator: AgentOSEmulator }> = {
  from: TODAY,
  moveWrite: /^PATCH .*\/appointment\/update$/,
  diarySubject: (property) => `Viewing: ${property.address}`,
  async open(intercept: Interceptor = (_, answer) => answer()) {
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
    const staff = () =>
      emulator
        .staff()
        .filter((person) => person.branchId === branch.id)
        .map((person) => ({ id: person.id, name: person.name, branchId: branch.id }));
    return {
      emulator,
      backend,
      property,
      branch,
      guest,
      consent: { marketing: false },
      showers: staff().map((person) => person.id),
      async occupy(staffId, slot) {
        const [allocation] = await offers(emulator, property, staffId, localOf(slot));
        if (!allocation) return false;
        await takeAllocation(emulator, property, allocation);
        return true;
      },
      live: () =>
        emulator
          .diary()
          .filter((entry) => !entry.cancelled && entry.guests.some((g) => g.email === guest.email))
          .map((entry) => ({
            reference: entry.reference,
            // agentOS writes the branch's wall-clock time.
            start: new Date(localToOffset(entry.start, branch.timeZone)).toISOString(),
            negotiatorId: entry.staffId,
            record: entry,
          })),
      negotiatorOf: (held) => held.upstream?.staffId ?? '',
      staff,
    };
  },
};

describeManageContract('agentOS', fixture);

const mine = (emulator: AgentOSEmulator, reference: string) =>
  emulator.diary().find((entry) => entry.reference === reference);

describe('agentOS: its own ways with a booking', () => {
  it('moves to another negotiator free at that time when the first one is taken at the last moment', async () => {
    let race: ((allocation: Allocation) => Promise<void>) | undefined;
    const world = await fixture.open(async (request, answer) => {
      if (race && request.method === 'PATCH' && request.url.includes('/appointment/update')) {
        const body = z.object({ AllocationDetails: Allocation }).parse(await request.clone().json());
        const once = race;
        race = undefined;
        await once(body.AllocationDetails);
      }
      return answer();
    });
    const { emulator, backend, property } = world;
    const slots = await freeTimes(world, TODAY);
    const [first] = slots;
    let wanted: Slot | undefined;
    for (const slot of slots.slice(1)) {
      if ((await offers(emulator, property, '*', localOf(slot))).length >= 2) {
        wanted = slot;
        break;
      }
    }
    if (!first || !wanted) throw new Error('no time with two negotiators free');
    const booking = await book(world, first);
    race = (allocation) => takeAllocation(emulator, property, allocation);

    const outcome = await backend.reschedule(booking, wanted.id);
    expect(outcome).toMatchObject({ ok: true, booking: { start: wanted.start } });
    expect(emulator.diary()).toHaveLength(2);
    const atWanted = emulator.diary().filter((entry) => entry.start === localOf(wanted));
    expect(new Set(atWanted.map((entry) => entry.staffId)).size).toBe(2);
    expect(mine(emulator, booking.reference)?.staffId).toBe(outcome.ok ? outcome.upstream?.staffId : '');
  });

  it('notes the reason for a cancellation on the viewing, once however often it is cancelled', async () => {
    const world = await fixture.open();
    const [first] = await freeTimes(world, TODAY);
    if (!first) throw new Error('no free times');
    const booking = await book(world, first);

    await world.backend.setCancelled(booking, true, 'Found somewhere else');
    expect(mine(world.emulator, booking.reference)).toMatchObject({ cancelled: true });
    expect(mine(world.emulator, booking.reference)?.comments).toMatch(
      /Cancellation reason: Found somewhere else$/,
    );
    await world.backend.setCancelled(booking, true, 'Found somewhere else');
    expect(mine(world.emulator, booking.reference)?.comments.match(/Cancellation reason/g)).toHaveLength(1);
  });

  it('lists only the viewings booked in the branch diary, and nothing in a week without any', async () => {
    const world = await fixture.open();
    const [first, second] = await freeTimes(world, TODAY);
    if (!first || !second) throw new Error('too few free times');
    const kept = await book(world, first);
    const other = await book(world, second);
    await world.backend.setCancelled(other, true);

    const diary = await world.backend.diary(world.branch, TODAY, 7);
    expect(diary.map((entry) => [entry.reference, entry.cancelled])).toEqual([
      [kept.reference, false],
      [other.reference, true],
    ]);
    expect(await world.backend.diary(world.branch, '2026-12-07', 7)).toEqual([]);
  });
});

describe('agentOS: messages, feedback and consent', () => {
  it("sends a message to the visitor through the branch and passes on the visitor's feedback", async () => {
    const world = await fixture.open();
    const { emulator, backend, property, branch } = world;
    const [first] = await freeTimes(world, TODAY);
    if (!first) throw new Error('no free times');
    const booking = await book(world, first);
    if (!backend.sendMessage || !backend.sendFeedback) throw new Error('agentOS sends messages and feedback');

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
    const world = await fixture.open();
    const [first] = await freeTimes(world, TODAY);
    if (!first) throw new Error('no free times');
    const booking = await book(world, first);
    if (!world.backend.setConsent) throw new Error('agentOS records consent');
    await world.backend.setConsent(booking, { marketing: true });
    expect(mine(world.emulator, booking.reference)?.guests.map((g) => g.allowMarketing)).toEqual([true]);
    await world.backend.setConsent(booking, { marketing: false });
    expect(mine(world.emulator, booking.reference)?.guests.map((g) => g.allowMarketing)).toEqual([false]);
  });
});

describe('agentOS: answers that make no sense', () => {
  const corrupt =
    (path: RegExp, replace: (json: unknown) => unknown): Interceptor =>
    async (request, answer) => {
      const response = await answer();
      if (!path.test(new URL(request.url).pathname) || !response.ok) return response;
      return Response.json(replace(await response.json()), { status: response.status });
    };

  it('a diary row without a readable start is left out and counted; the rest of the diary still shows', async () => {
    let odd = false;
    const world = await fixture.open(
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
    const [first, second] = await freeTimes(world, TODAY);
    if (!first || !second) throw new Error('too few free times');
    const spoilt = await book(world, first);
    const kept = await book(world, second);
    odd = true;
    const diary = await world.backend.diary(world.branch, TODAY, 7);
    expect(diary.map((entry) => entry.reference)).toEqual([kept.reference]);
    expect(diary.map((entry) => entry.reference)).not.toContain(spoilt.reference);
    expect(world.backend.skipped.totals()).toContainEqual({ reason: 'invalid', count: 1 });
  });

  it('a staff row without an id is left out and counted, and an update answered with an object is an upstream error', async () => {
    const staffless = await fixture.open(
      corrupt(/\/contacts\/staff\//, () => ({
        Count: 2,
        Data: [{ Forename: 'A' }, { OID: 'S2', Forename: 'Bo', Surname: 'Hale' }],
      })),
    );
    expect(await staffless.backend.staff(staffless.branch)).toEqual([
      { id: 'S2', name: 'Bo Hale', branchId: staffless.branch.id },
    ]);
    expect(staffless.backend.skipped.totals()).toContainEqual({ reason: 'invalid', count: 1 });

    const world = await fixture.open(corrupt(/\/appointment\/update$/, () => ({ Reference: 'VW-1' })));
    const [first, , later] = await freeTimes(world, TODAY);
    if (!first || !later) throw new Error('too few free times');
    const booking = await book(world, first);
    if (!world.backend.setConsent) throw new Error('agentOS records consent');
    await expect(world.backend.reschedule(booking, later.id)).rejects.toMatchObject({
      code: 'upstream_error',
    });
    await expect(world.backend.setConsent(booking, { marketing: true })).rejects.toBeInstanceOf(
      UpstreamError,
    );
  });
});
