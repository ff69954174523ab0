import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AgentAppointment,
  AgentStaff,
  Allocation,
  DiaryReference,
  Page,
  type DiarySubmission,
} from '../../src/backends/agentos/schemas.ts';
import {
  createAgentOSEmulator,
  type AgentOSEmulator,
  type AgentOSEmulatorOptions,
  type SeedLetting,
} from '../../src/sandbox/agentos/index.ts';

/** Monday 23 November 2026, 08:00 in London (GMT, so also 08:00 UTC). */
const MONDAY_8AM = new Date('2026-11-23T08:00:00Z');
const BASE = '/v4/appointments/harbourandfinch';
const TAKEN = 'The request is invalid. The requested allocation is no longer available.';

const Message = z.object({ Message: z.string() });
type Slot = z.infer<typeof Allocation>;

const emulatorAt = (options: AgentOSEmulatorOptions = {}) =>
  createAgentOSEmulator({ now: () => MONDAY_8AM, ...options });

function call(emulator: AgentOSEmulator, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('api_key')) headers.set('api_key', emulator.apiKey);
  return Promise.resolve(emulator.fetch(new Request(`http://sandbox${path}`, { ...init, headers })));
}

const send = (emulator: AgentOSEmulator, method: string, path: string, payload: unknown) =>
  call(emulator, path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });

async function body<T extends z.ZodType>(response: Response, schema: T): Promise<z.output<T>> {
  return schema.parse(await response.json());
}

async function list<T extends z.ZodType>(emulator: AgentOSEmulator, path: string, item: T) {
  const response = await call(emulator, path);
  expect(response.status, path).toBe(200);
  return body(response, Page(item));
}

function viewingTypeId(emulator: AgentOSEmulator): string {
  const type = emulator.appointmentTypes().find((candidate) => candidate.systemType === 'Viewing');
  if (!type) throw new Error('the seed has no viewing type');
  return type.id;
}

function firstLetting(emulator: AgentOSEmulator): SeedLetting {
  const letting = emulator
    .properties()
    .find((property): property is SeedLetting => property.channel === 'lettings' && !property.renewal);
  if (!letting) throw new Error('the seed has no lettings');
  return letting;
}

async function freeFor(emulator: AgentOSEmulator, letting: SeedLetting, preferredDate = '2026-11-24') {
  const search = new URLSearchParams({
    appointmentTypeID: viewingTypeId(emulator),
    preferredDate,
    propertyIdentifier: letting.id,
  });
  return (await list(emulator, `${BASE}/diary/appointmenttypes/allocations/0/1000?${search}`, Allocation))
    .Data;
}

const isFree = (free: readonly Slot[], slot: Slot) =>
  free.some((a) => a.Start === slot.Start && a.StaffID === slot.StaffID);

async function book(
  emulator: AgentOSEmulator,
  letting: SeedLetting,
  slot: Slot,
  email = 'amelia.clarke@example.co.uk',
): Promise<string> {
  const submission: DiarySubmission = {
    AllocationDetails: slot,
    AppointmentType: viewingTypeId(emulator),
    Subject: 'Viewing requested on the website',
    ExtraComments: 'Can we bring the dog?',
    Guests: [
      {
        Forename: 'Amelia',
        Surname: 'Clarke',
        EmailAddress: email,
        MobilePhone: '07700 900123',
        AllowMarketingCorrespondence: false,
      },
    ],
  };
  const response = await send(
    emulator,
    'POST',
    `${BASE}/diary?propertyID=${letting.id}&lettings=true`,
    submission,
  );
  expect(response.status).toBe(200);
  return body(response, DiaryReference);
}

/** Two free allocations of one negotiator on different days, so one can be moved onto the other. */
async function twoSlotsOfOneNegotiator(emulator: AgentOSEmulator, letting: SeedLetting) {
  const free = await freeFor(emulator, letting);
  const first = free[0];
  const second = free.find(
    (a) => a.StaffID === first?.StaffID && a.Start.slice(0, 10) !== first?.Start.slice(0, 10),
  );
  if (!first || !second) throw new Error('no negotiator is free on two days');
  return { first, second };
}

const appointment = async (emulator: AgentOSEmulator, reference: string) =>
  body(await call(emulator, `${BASE}/diary/appointment/${reference}`), AgentAppointment);

const update = (emulator: AgentOSEmulator, payload: unknown) =>
  send(emulator, 'PATCH', `${BASE}/appointment/update`, payload);

const setStatus = (emulator: AgentOSEmulator, status: string, reference: string) =>
  call(emulator, `${BASE}/diary/cancelationStatus/${status}?appointmentID=${reference}`, { method: 'PATCH' });

describe('a branch diary', () => {
  it("lists a branch's appointments in a date range, of the types asked for, cancelled ones included", async () => {
    const emulator = emulatorAt();
    const letting = firstLetting(emulator);
    const { first, second } = await twoSlotsOfOneNegotiator(emulator, letting);
    const early = await book(emulator, letting, first);
    const late = await book(emulator, letting, second);
    expect((await setStatus(emulator, 'Cancelled', late)).status).toBe(200);

    const path = (branchId: string, query: Record<string, string>) =>
      `${BASE}/diary/appointments/${branchId}/0/100?${new URLSearchParams(query)}`;
    const viewings = { appointmentTypesToSearch: viewingTypeId(emulator) };
    const all = await list(
      emulator,
      path(letting.branchId, { startDate: '2026-11-23', endDate: '2026-11-30', ...viewings }),
      AgentAppointment,
    );
    expect(all.Data.map((row) => [row.OID, row.Start, row.Staff, row.Cancelled])).toEqual([
      [early, first.Start, first.StaffID, false],
      [late, second.Start, second.StaffID, true],
    ]);
    expect(all.Data[0]?.LinkedProperties?.map((property) => property.OID)).toEqual([letting.id]);

    // A date alone as the end counts the whole of that day.
    const firstDay = await list(
      emulator,
      path(letting.branchId, { startDate: first.Start.slice(0, 10), endDate: first.Start.slice(0, 10) }),
      AgentAppointment,
    );
    expect(firstDay.Data.map((row) => row.OID)).toEqual([early]);
    // A bound with an offset is read in the company's zone: 23:00Z is 23:00 in a London November.
    const afterFirstDay = await list(
      emulator,
      path(letting.branchId, { startDate: `${first.Start.slice(0, 10)}T23:00:00Z` }),
      AgentAppointment,
    );
    expect(afterFirstDay.Data.map((row) => row.OID)).toEqual([late]);

    const valuation = emulator.appointmentTypes().find((type) => type.systemType === 'SalesAppraisal');
    const none = await list(
      emulator,
      path(letting.branchId, { appointmentTypesToSearch: valuation?.id ?? '' }),
      AgentAppointment,
    );
    expect(none).toEqual({ Count: 0, Data: [] });
    const otherBranch = emulator.branches().find((branch) => branch.id !== letting.branchId);
    expect((await list(emulator, path(otherBranch?.id ?? '', {}), AgentAppointment)).Count).toBe(0);

    expect((await call(emulator, path('NOPE', {}))).status).toBe(404);
    const badDate = await call(emulator, path(letting.branchId, { startDate: '2026-02-30' }));
    expect(badDate.status).toBe(400);
    expect((await body(badDate, Message)).Message).toMatch(/startDate/);
  });
});

describe('moving an appointment', () => {
  it('moves it onto a free allocation and frees the old time only then', async () => {
    const emulator = emulatorAt();
    const letting = firstLetting(emulator);
    const { first, second } = await twoSlotsOfOneNegotiator(emulator, letting);
    const reference = await book(emulator, letting, first);

    const moved = await update(emulator, { AppointmentID: reference, AllocationDetails: second });
    expect(moved.status).toBe(200);
    expect(await body(moved, DiaryReference)).toBe(reference);

    const free = await freeFor(emulator, letting);
    expect(isFree(free, first)).toBe(true);
    expect(isFree(free, second)).toBe(false);
    expect(emulator.diary()).toHaveLength(1);
    expect(emulator.diary()[0]).toMatchObject({ reference, start: second.Start, end: second.End });
    expect(await appointment(emulator, reference)).toMatchObject({
      Start: second.Start,
      Staff: second.StaffID,
    });
  });

  it('refuses with 400, never 409, a move onto a taken time and leaves the appointment where it was', async () => {
    const emulator = emulatorAt();
    const letting = firstLetting(emulator);
    const { first, second } = await twoSlotsOfOneNegotiator(emulator, letting);
    const mine = await book(emulator, letting, first);
    await book(emulator, letting, second, 'someone.else@example.org');

    const refused = await update(emulator, { AppointmentID: mine, AllocationDetails: second });
    expect(refused.status).toBe(400);
    expect(await body(refused, Message)).toEqual({ Message: TAKEN });
    expect((await appointment(emulator, mine)).Start).toBe(first.Start);
    expect(isFree(await freeFor(emulator, letting), first)).toBe(false);

    const lunch = { ...second, Start: '2026-11-24T13:00:00', End: '2026-11-24T13:30:00' };
    expect((await update(emulator, { AppointmentID: mine, AllocationDetails: lunch })).status).toBe(400);
    expect((await appointment(emulator, mine)).Start).toBe(first.Start);
  });

  it('changes subject, comment and marketing consent without moving, and accepts its own allocation', async () => {
    const emulator = emulatorAt();
    const letting = firstLetting(emulator);
    const { first } = await twoSlotsOfOneNegotiator(emulator, letting);
    const reference = await book(emulator, letting, first);
    const response = await update(emulator, {
      AppointmentID: reference,
      AllocationDetails: first,
      Subject: 'Second viewing',
      ExtraComments: 'Bringing a parent.',
      AllowMarketingCorrespondence: true,
    });
    expect(response.status).toBe(200);
    expect(emulator.diary()[0]).toMatchObject({
      start: first.Start,
      subject: 'Second viewing',
      comments: 'Bringing a parent.',
      guests: [{ allowMarketing: true }],
    });
    expect((await update(emulator, { AppointmentID: reference })).status).toBe(200);
    expect(emulator.diary()[0]?.subject).toBe('Second viewing');
  });

  it('answers 404 for an unknown appointment and 400 for a malformed update', async () => {
    const emulator = emulatorAt();
    const letting = firstLetting(emulator);
    const { first } = await twoSlotsOfOneNegotiator(emulator, letting);
    const reference = await book(emulator, letting, first);
    expect((await update(emulator, { AppointmentID: 'VW-999999' })).status).toBe(404);
    const cases: [string, Promise<Response>][] = [
      ['no id', update(emulator, { Subject: 'x' })],
      [
        'start with an offset',
        update(emulator, {
          AppointmentID: reference,
          AllocationDetails: { ...first, Start: `${first.Start}Z` },
        }),
      ],
      [
        'consent as text',
        update(emulator, { AppointmentID: reference, AllowMarketingCorrespondence: 'yes' }),
      ],
      ['not JSON', call(emulator, `${BASE}/appointment/update`, { method: 'PATCH', body: 'Subject=x' })],
    ];
    for (const [name, pending] of cases) {
      const response = await pending;
      expect(response.status, name).toBe(400);
      expect((await body(response, Message)).Message, name).toMatch(/invalid/);
    }
    expect(emulator.diary()[0]?.start).toBe(first.Start);
  });
});

describe('cancelling', () => {
  it('frees the time when cancelled and takes it back when reinstated', async () => {
    const emulator = emulatorAt();
    const letting = firstLetting(emulator);
    const { first } = await twoSlotsOfOneNegotiator(emulator, letting);
    const reference = await book(emulator, letting, first);

    const cancelled = await setStatus(emulator, 'Cancelled', reference);
    expect(cancelled.status).toBe(200);
    expect(await body(cancelled, DiaryReference)).toBe(reference);
    expect((await appointment(emulator, reference)).Cancelled).toBe(true);
    expect(isFree(await freeFor(emulator, letting), first)).toBe(true);
    // Cancelling twice is the same as once.
    expect((await setStatus(emulator, 'cancelled', reference)).status).toBe(200);

    expect((await setStatus(emulator, 'Uncancelled', reference)).status).toBe(200);
    expect((await appointment(emulator, reference)).Cancelled).toBe(false);
    expect(isFree(await freeFor(emulator, letting), first)).toBe(false);
  });

  it('refuses with 400, never 409, to reinstate an appointment whose time was taken meanwhile', async () => {
    const emulator = emulatorAt();
    const letting = firstLetting(emulator);
    const { first } = await twoSlotsOfOneNegotiator(emulator, letting);
    const reference = await book(emulator, letting, first);
    await setStatus(emulator, 'Cancelled', reference);
    const other = await book(emulator, letting, first, 'someone.else@example.org');

    const refused = await setStatus(emulator, 'Uncancelled', reference);
    expect(refused.status).toBe(400);
    expect(await body(refused, Message)).toEqual({ Message: TAKEN });
    expect((await appointment(emulator, reference)).Cancelled).toBe(true);
    expect((await appointment(emulator, other)).Cancelled).toBe(false);
  });

  it('refuses an unknown status or a missing appointment id (400) and an unknown appointment (404)', async () => {
    const emulator = emulatorAt();
    expect((await setStatus(emulator, 'Postponed', 'VW-210001')).status).toBe(400);
    const missing = await call(emulator, `${BASE}/diary/cancelationStatus/Cancelled`, { method: 'PATCH' });
    expect(missing.status).toBe(400);
    expect((await body(missing, Message)).Message).toMatch(/appointmentID/);
    expect((await setStatus(emulator, 'Cancelled', 'VW-999999')).status).toBe(404);
  });
});

describe('staff', () => {
  it("lists a branch's negotiators and reads one by id", async () => {
    const emulator = emulatorAt();
    const branch = emulator.branches()[0];
    if (!branch) throw new Error('no branches');
    const seeded = emulator.staff().filter((person) => person.branchId === branch.id);
    const page = await list(emulator, `${BASE}/contacts/staff/0/100?branchID=${branch.id}`, AgentStaff);
    expect(page.Count).toBe(seeded.length);
    expect(page.Data.map((row) => [row.OID, row.Forename, row.Surname, row.ManagedBy])).toEqual(
      seeded.map((person) => [person.id, person.forename, person.surname, branch.id]),
    );
    const everyone = await list(emulator, `${BASE}/contacts/staff/0/1`, AgentStaff);
    expect(everyone).toMatchObject({ Count: emulator.staff().length, Data: [expect.anything()] });

    const [person] = seeded;
    const one = await call(emulator, `${BASE}/contacts/staff/${person?.id ?? ''}`);
    expect(await body(one, AgentStaff)).toMatchObject({ OID: person?.id, Surname: person?.surname });
    expect((await call(emulator, `${BASE}/contacts/staff/NOPE`)).status).toBe(404);
    expect((await call(emulator, `${BASE}/contacts/staff/0/10?branchID=NOPE`)).status).toBe(404);
  });
});

describe('messages and feedback', () => {
  const Outbox = z.object({ messages: z.array(z.object({ reference: z.string(), subject: z.string() })) });
  const Kept = z.object({ feedback: z.array(z.object({ reference: z.string(), feedback: z.string() })) });

  it("keeps a message to an appointment's guests in the outbox, readable through the sandbox", async () => {
    const emulator = emulatorAt();
    const letting = firstLetting(emulator);
    const { first } = await twoSlotsOfOneNegotiator(emulator, letting);
    const reference = await book(emulator, letting, first);

    const sent = await send(emulator, 'POST', `${BASE}/messaging/${letting.branchId}`, {
      AppointmentID: reference,
      Subject: 'Your viewing has moved',
      Body: 'See you on Tuesday.',
    });
    expect(sent.status).toBe(200);
    const messageReference = await body(sent, DiaryReference);
    expect(emulator.messages()).toEqual([
      {
        reference: messageReference,
        branchId: letting.branchId,
        appointmentId: reference,
        recipients: ['amelia.clarke@example.co.uk'],
        subject: 'Your viewing has moved',
        body: 'See you on Tuesday.',
        sentAt: MONDAY_8AM.toISOString(),
      },
    ]);
    const outbox = await body(await emulator.fetch(new Request('http://sandbox/_sandbox/messages')), Outbox);
    expect(outbox.messages.map((message) => message.reference)).toEqual([messageReference]);

    const otherBranch = emulator.branches().find((branch) => branch.id !== letting.branchId)?.id ?? '';
    const refusals: [string, number, Promise<Response>][] = [
      [
        'unknown branch',
        404,
        send(emulator, 'POST', `${BASE}/messaging/NOPE`, {
          AppointmentID: reference,
          Subject: 'a',
          Body: 'b',
        }),
      ],
      [
        'another branch',
        400,
        send(emulator, 'POST', `${BASE}/messaging/${otherBranch}`, {
          AppointmentID: reference,
          Subject: 'a',
          Body: 'b',
        }),
      ],
      [
        'nobody to send to',
        400,
        send(emulator, 'POST', `${BASE}/messaging/${letting.branchId}`, { Subject: 'a', Body: 'b' }),
      ],
      [
        'no body',
        400,
        send(emulator, 'POST', `${BASE}/messaging/${letting.branchId}`, {
          AppointmentID: reference,
          Subject: 'a',
        }),
      ],
    ];
    for (const [name, status, pending] of refusals) expect((await pending).status, name).toBe(status);
    expect(emulator.messages()).toHaveLength(1);
  });

  it('keeps feedback against the appointment and the property viewed', async () => {
    const emulator = emulatorAt();
    const letting = firstLetting(emulator);
    const { first } = await twoSlotsOfOneNegotiator(emulator, letting);
    const reference = await book(emulator, letting, first);

    const given = await send(emulator, 'POST', `${BASE}/diary/feedback`, {
      AppointmentID: reference,
      PropertyID: letting.id,
      Feedback: 'Lovely flat, a little dark.',
    });
    expect(given.status).toBe(200);
    expect(emulator.feedback()).toEqual([
      {
        reference: await body(given, DiaryReference),
        appointmentId: reference,
        propertyId: letting.id,
        feedback: 'Lovely flat, a little dark.',
        receivedAt: MONDAY_8AM.toISOString(),
      },
    ]);
    const kept = await body(await emulator.fetch(new Request('http://sandbox/_sandbox/feedback')), Kept);
    expect(kept.feedback.map((row) => row.feedback)).toEqual(['Lovely flat, a little dark.']);

    const other = emulator.properties().find((property) => property.id !== letting.id)?.id ?? '';
    for (const payload of [
      { AppointmentID: reference, PropertyID: other, Feedback: 'x' },
      { AppointmentID: 'VW-999999', PropertyID: letting.id, Feedback: 'x' },
      { AppointmentID: reference, PropertyID: letting.id, Feedback: ' ' },
    ]) {
      expect((await send(emulator, 'POST', `${BASE}/diary/feedback`, payload)).status).toBe(400);
    }
    expect(emulator.feedback()).toHaveLength(1);
  });
});

describe('limits and faults', () => {
  it('counts the new calls against the 50-a-minute limit and refuses them without a key', async () => {
    const emulator = emulatorAt();
    for (let index = 0; index < 50; index++) {
      expect((await call(emulator, `${BASE}/contacts/staff/0/10`)).status).toBe(200);
    }
    const limited = await update(emulator, { AppointmentID: 'VW-210001' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('Retry-After')).toBe('60');

    const keyless = await emulator.fetch(new Request(`http://sandbox${BASE}/contacts/staff/0/10`));
    expect(keyless.status).toBe(401);
  });

  it('fails the new calls under injected faults, leaving the diary as it was', async () => {
    const emulator = emulatorAt();
    const letting = firstLetting(emulator);
    const { first, second } = await twoSlotsOfOneNegotiator(emulator, letting);
    const reference = await book(emulator, letting, first);
    emulator.setFaults({ rate: 1, kinds: ['error'] });
    expect((await update(emulator, { AppointmentID: reference, AllocationDetails: second })).status).toBe(
      500,
    );
    expect((await setStatus(emulator, 'Cancelled', reference)).status).toBe(500);
    emulator.setFaults(undefined);
    expect(emulator.diary()[0]).toMatchObject({ start: first.Start, cancelled: false });
  });
});
