import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  Appointment,
  Employee,
  ErrorBody,
  One,
  Page,
  Timetable,
  TimeSlot,
  TokenResponse,
} from '../../src/backends/pexip-engage/schemas.ts';
import {
  createPexipEngageEmulator,
  type PexipEngageEmulator,
  type PexipEngageEmulatorOptions,
} from '../../src/sandbox/pexip-engage/index.ts';

/** Monday 23 November 2026, 09:00 in Antwerp (08:00 UTC). */
const NOW = new Date('2026-11-23T08:00:00Z');
const ANTWERP = '101';
const GHENT = '102';
const VIEWING = '11';
const MONDAY = { from: '2026-11-23T00:00:00+01:00', to: '2026-11-24T00:00:00+01:00' };
const WEEK = { from: MONDAY.from, to: '2026-11-30T00:00:00+01:00' };

async function setup(options: PexipEngageEmulatorOptions = {}, scope?: string) {
  const events: string[] = [];
  const emulator = createPexipEngageEmulator({
    now: () => NOW,
    webhooks: {
      url: 'https://agency.example/api/v1/webhooks/pexip-engage',
      secret: 'correct horse battery staple',
      duplicateRate: 0,
      fetch: async (_input, init) => {
        const envelope = z.object({ data: z.object({ eventType: z.string() }) });
        events.push(envelope.parse(JSON.parse(String(init?.body))).data.eventType);
        return new Response(null, { status: 204 });
      },
    },
    ...options,
  });
  const tokenResponse = await emulator.fetch(
    new Request(`http://sandbox/realms/${emulator.enterprise}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: emulator.clientId,
        client_secret: emulator.clientSecret,
        ...(scope ? { scope } : {}),
      }),
    }),
  );
  const token = TokenResponse.parse(await tokenResponse.json()).access_token;
  const call = (path: string, payload?: unknown) =>
    emulator.fetch(
      new Request(`http://sandbox/enterprises/${emulator.enterprise}${path}`, {
        method: payload === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
      }),
    );
  return { emulator, call, events };
}

type Call = Awaited<ReturnType<typeof setup>>['call'];

/** Books the first free Monday viewing of an Antwerp listing for the first known customer. */
async function bookMonday(emulator: PexipEngageEmulator, call: Call) {
  const listing = emulator
    .listings()
    .find((candidate) => candidate.officeId === ANTWERP && candidate.active)!;
  const query = new URLSearchParams({
    ...MONDAY,
    'office-id': ANTWERP,
    'subject-id': VIEWING,
    'meeting-type': 'OFFICE',
    'listing-id': listing.id,
  });
  const answer = One(Timetable.extend({ timeSlots: z.array(TimeSlot) }));
  const { timeSlots } = answer.parse(await (await call(`/timetable?${query}`)).json()).data;
  const slot = timeSlots[0]!;
  const response = await call('/appointments', {
    start: slot.start,
    end: slot.end,
    subjectId: VIEWING,
    officeId: ANTWERP,
    meetingType: 'OFFICE',
    listingId: listing.id,
    appointmentParticipants: [
      { role: 'PRIMARY', participantId: emulator.customers()[0]!.id, type: 'CUSTOMER' },
      { role: 'PRIMARY', participantId: slot.employees[0]!.id, type: 'EMPLOYEE' },
    ],
  });
  expect(response.status).toBe(201);
  return One(Appointment).parse(await response.json()).data;
}

const errorCode = async (response: Response) => ErrorBody.parse(await response.json()).errors[0]?.code;

describe('listing an office’s appointments', () => {
  it('lists those overlapping the range in start order, with the total over every page', async () => {
    const { emulator, call } = await setup();
    const booked = await bookMonday(emulator, call);
    const query = new URLSearchParams({ 'office-id': ANTWERP, ...WEEK, limit: '5' });
    const first = Page(Appointment).parse(await (await call(`/appointments?${query}`)).json());
    const expected = emulator
      .allAppointments()
      .filter(
        (row) =>
          row.officeId === ANTWERP &&
          Date.parse(row.start) < Date.parse(WEEK.to) &&
          Date.parse(row.end) > Date.parse(WEEK.from),
      );
    expect(first.meta).toEqual({ offset: 0, limit: 5, totalCount: expected.length });
    expect(first.data).toHaveLength(5);
    const all = Page(Appointment).parse(
      await (
        await call(`/appointments?${new URLSearchParams({ 'office-id': ANTWERP, ...WEEK, limit: '100' })}`)
      ).json(),
    ).data;
    expect(all.map((row) => row.id)).toContain(booked.id);
    expect(all.every((row) => row.office.id === ANTWERP)).toBe(true);
    const starts = all.map((row) => Date.parse(row.start ?? ''));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('narrows the list by subject, employee and status, and by office', async () => {
    const { emulator, call } = await setup();
    const booked = await bookMonday(emulator, call);
    const employee =
      booked.appointmentParticipants?.find((p) => p.type === 'EMPLOYEE')?.participant?.id ?? '';
    const query = new URLSearchParams({
      ...MONDAY,
      'subject-id': VIEWING,
      'employee-id': employee,
      status: 'ACCEPTED',
    });
    query.append('office-id', ANTWERP);
    const rows = Page(Appointment).parse(await (await call(`/appointments?${query}`)).json()).data;
    expect(rows.map((row) => row.id)).toContain(booked.id);
    expect(rows.every((row) => row.subject?.id === VIEWING && row.status === 'ACCEPTED')).toBe(true);
    const ghent = Page(Appointment).parse(
      await (await call(`/appointments?${new URLSearchParams({ 'office-id': GHENT, ...MONDAY })}`)).json(),
    ).data;
    expect(ghent.map((row) => row.id)).not.toContain(booked.id);
  });

  it('refuses a range that ends before it starts, and a token without an appointments scope', async () => {
    const { call } = await setup();
    const backwards = await call(
      `/appointments?${new URLSearchParams({ from: MONDAY.to, to: MONDAY.from })}`,
    );
    expect(backwards.status).toBe(400);
    const { call: narrow } = await setup({}, 'engage:offices:readOnly');
    const forbidden = await narrow('/appointments');
    expect(forbidden.status).toBe(403);
    expect(await errorCode(forbidden)).toBe('INSUFFICIENT_SCOPE');
  });
});

describe('reopening a cancelled appointment', () => {
  it('puts it back as ACCEPTED and announces a REOPEN', async () => {
    const { emulator, call, events } = await setup();
    const booked = await bookMonday(emulator, call);
    await call(`/appointments/${booked.id}/_actions/cancel`, {});
    const reopened = await call(`/appointments/${booked.id}/_actions/reopen`, {});
    expect(reopened.status).toBe(200);
    expect(One(Appointment).parse(await reopened.json()).data.status).toBe('ACCEPTED');
    await emulator.webhooksSettled();
    expect(events).toEqual(['CREATE', 'CANCEL', 'REOPEN']);
  });

  it('refuses when the employee’s time was booked meanwhile, and it stays cancelled', async () => {
    const { emulator, call } = await setup();
    const booked = await bookMonday(emulator, call);
    await call(`/appointments/${booked.id}/_actions/cancel`, {});
    const again = await bookMonday(emulator, call);
    expect(again.start).toBe(booked.start);
    const refused = await call(`/appointments/${booked.id}/_actions/reopen`, {});
    expect(refused.status).toBe(422);
    expect(await errorCode(refused)).toBe('APPOINTMENT_NO_AVAILABILITY');
    expect(emulator.appointments().find((row) => row.id === booked.id)?.status).toBe('CANCELLED');
  });

  it('refuses to reopen one that is not cancelled, and one that does not exist', async () => {
    const { emulator, call } = await setup();
    const booked = await bookMonday(emulator, call);
    const live = await call(`/appointments/${booked.id}/_actions/reopen`, {});
    expect(live.status).toBe(422);
    expect(await errorCode(live)).toBe('APPOINTMENT_STATUS_INVALID');
    const missing = await call('/appointments/999/_actions/reopen', {});
    expect(missing.status).toBe(404);
    expect(await errorCode(missing)).toBe('APPOINTMENT_NOT_FOUND');
  });
});

describe('employees', () => {
  it('has no office filter: an office-id is ignored and every employee listed; ids narrow the list', async () => {
    const { emulator, call } = await setup();
    const rows = Page(Employee).parse(
      await (await call(`/employees?office-id=${ANTWERP}&limit=100`)).json(),
    ).data;
    expect(rows.map((row) => row.id).sort()).toEqual(
      emulator
        .employees()
        .map((employee) => employee.id)
        .sort(),
    );
    const some = Page(Employee).parse(await (await call('/employees?id=2001&id=2003')).json()).data;
    expect(some.map((row) => row.id)).toEqual(['2001', '2003']);
  });
});

describe('changes under Pexip’s limit and faults', () => {
  it('counts the list and the actions against the client’s limit', async () => {
    const { emulator, call } = await setup({ rateLimit: { limit: 2, windowMs: 60_000 } });
    const booked = await bookMonday(emulator, call);
    const refused = await call(`/appointments/${booked.id}/_actions/cancel`, {});
    expect(refused.status).toBe(429);
    expect(emulator.appointments().find((row) => row.id === booked.id)?.status).toBe('ACCEPTED');
    expect((await call('/appointments')).status).toBe(429);
  });

  it('fails a reopen with a 500 under injected errors, leaving the appointment cancelled', async () => {
    const { emulator, call } = await setup();
    const booked = await bookMonday(emulator, call);
    await call(`/appointments/${booked.id}/_actions/cancel`, {});
    emulator.setFaults({ rate: 1, kinds: ['error'] });
    expect((await call(`/appointments/${booked.id}/_actions/reopen`, {})).status).toBe(500);
    emulator.setFaults(undefined);
    expect(emulator.appointments().find((row) => row.id === booked.id)?.status).toBe('CANCELLED');
  });
});
