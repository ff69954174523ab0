import { describe, expect, it } from 'vitest';
import {
  AppointmentDetail,
  Created,
  Problem,
  TokenResponse,
} from '../../src/backends/officeplace/schemas.ts';
import {
  createOfficePlaceEmulator,
  type OfficePlaceEmulatorOptions,
} from '../../src/sandbox/officeplace/index.ts';

/** Monday 23 November 2026, 08:00 in London (GMT). */
const NOW = new Date('2026-11-23T08:00:00Z');
/** Tuesday 5 January 2027, 07:00 and 08:00 in London: before anyone's seeded day starts. */
const EARLY = { startTime: '2027-01-05T07:00:00Z', endTime: '2027-01-05T07:30:00Z' };
const LATER = { startTime: '2027-01-05T08:00:00Z', endTime: '2027-01-05T08:30:00Z' };

async function setup(options: OfficePlaceEmulatorOptions = {}) {
  const emulator = createOfficePlaceEmulator({ now: () => NOW, ...options });
  const tokenResponse = await emulator.fetch(
    new Request(`http://sandbox/${emulator.tenantId}/authentication/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: emulator.clientId, clientSecret: emulator.clientSecret }),
    }),
  );
  const token = TokenResponse.parse(await tokenResponse.json()).accessToken;
  const call = (method: string, query: string, payload?: unknown) =>
    emulator.fetch(
      new Request(`http://sandbox/${emulator.tenantId}/appointment${query}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          tenantId: emulator.tenantId,
          'content-type': 'application/json',
        },
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
      }),
    );
  const [agent, other] = emulator.agents();
  const calendar = { domainId: emulator.domainId, adId: agent!.adId };
  const created = await call('POST', '', {
    ...calendar,
    subject: 'Viewing — 14 Sheen Road — Eleanor Marsh',
    body: { content: 'Is there a garden?', contentType: 'Text' },
    timeZone: 'Europe/London',
    location: '14 Sheen Road, Richmond, TW9 1AE',
    ...EARLY,
  });
  expect(created.status).toBe(201);
  const { appointmentId } = Created.parse(await created.json());
  const startOf = (id = appointmentId) =>
    emulator.appointments().find((row) => row.appointmentId === id)?.start;
  return { emulator, call, calendar, other: other!, appointmentId, startOf };
}

const problemOf = async (response: Response) => Problem.parse(await response.json());

describe('reading an OfficePlace appointment', () => {
  it('finds it by appointmentId alone, as the guide shows, with what a move must carry over', async () => {
    const { call, appointmentId } = await setup();
    const response = await call('GET', `?appointmentId=${appointmentId}`);
    expect(response.status).toBe(200);
    expect(AppointmentDetail.parse(await response.json())).toEqual({
      appointmentId,
      subject: 'Viewing — 14 Sheen Road — Eleanor Marsh',
      body: { content: 'Is there a garden?', contentType: 'Text' },
      location: '14 Sheen Road, Richmond, TW9 1AE',
    });
  });

  it('finds it in the calendar it names, and not in another agent’s', async () => {
    const { emulator, call, calendar, other, appointmentId } = await setup();
    expect(
      (
        await call(
          'GET',
          `?appointmentId=${appointmentId}&domainId=${calendar.domainId}&adId=${calendar.adId}`,
        )
      ).status,
    ).toBe(200);
    const elsewhere = await call(
      'GET',
      `?appointmentId=${appointmentId}&domainId=${emulator.domainId}&adId=${other.adId}`,
    );
    expect(elsewhere.status).toBe(404);
    expect((await problemOf(elsewhere)).detail).toBe('Appointment not found.');
    const badId = await call('GET', '?appointmentId=123');
    expect(badId.status).toBe(400);
    expect((await problemOf(badId)).errors).toHaveProperty('appointmentId');
  });
});

describe('changing an OfficePlace appointment', () => {
  it('moves it with PUT in its own calendar', async () => {
    const { call, calendar, appointmentId, startOf } = await setup();
    const moved = await call('PUT', '', { ...calendar, appointmentId, ...LATER, timeZone: 'Europe/London' });
    expect(moved.status).toBe(200);
    expect(Created.parse(await moved.json()).appointmentId).toBe(appointmentId);
    expect(startOf()).toBe('2027-01-05T08:00:00.000Z');
  });

  it('moves it onto a busy entry of the same calendar too, keeping both, as an Exchange calendar does', async () => {
    const { emulator, call, calendar, appointmentId, startOf } = await setup();
    const meeting = emulator.addAppointment({
      adId: calendar.adId,
      subject: 'Vendor call',
      start: new Date(LATER.startTime),
      end: new Date(LATER.endTime),
    });
    const moved = await call('PUT', '', { ...calendar, appointmentId, ...LATER });
    expect(moved.status).toBe(200);
    expect(startOf()).toBe('2027-01-05T08:00:00.000Z');
    expect(emulator.appointments(calendar.adId).map((row) => row.appointmentId)).toContain(
      meeting.appointmentId,
    );
  });

  it('deletes it with a body naming it, after which it cannot be read, moved or deleted again', async () => {
    const { call, calendar, appointmentId, startOf } = await setup();
    expect((await call('DELETE', '', { ...calendar, appointmentId })).status).toBe(204);
    expect(startOf()).toBeUndefined();
    expect((await call('GET', `?appointmentId=${appointmentId}`)).status).toBe(404);
    expect((await call('PUT', '', { ...calendar, appointmentId, ...LATER })).status).toBe(404);
    expect((await call('DELETE', '', { ...calendar, appointmentId })).status).toBe(404);
  });
});

describe('changes under OfficePlace’s limit and faults', () => {
  it('counts moves against the tenant’s limit and refuses the one over it without moving anything', async () => {
    const { call, calendar, appointmentId, startOf } = await setup({
      rateLimit: { limit: 6, windowMs: 60_000 },
    });
    let refused: Response | undefined;
    for (let attempt = 0; attempt < 6 && !refused; attempt++) {
      const times = attempt % 2 === 0 ? LATER : EARLY;
      const response = await call('PUT', '', { ...calendar, appointmentId, ...times });
      if (response.status === 429) refused = response;
    }
    expect(refused?.headers.get('retry-after')).toMatch(/^\d+$/);
    const before = startOf();
    const again = await call('PUT', '', {
      ...calendar,
      appointmentId,
      ...(before === '2027-01-05T07:00:00.000Z' ? LATER : EARLY),
    });
    expect(again.status).toBe(429);
    expect(startOf()).toBe(before);
  });

  it('fails a deletion with a 500 under injected errors, and the appointment stays', async () => {
    const { emulator, call, calendar, appointmentId, startOf } = await setup();
    emulator.setFaults({ rate: 1, kinds: ['error'] });
    const failed = await call('DELETE', '', { ...calendar, appointmentId });
    expect(failed.status).toBe(500);
    emulator.setFaults(undefined);
    expect(startOf()).toBe('2027-01-05T07:00:00.000Z');
  });
});
