import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Appointment, ErrorEnvelope, Success } from '../../src/backends/actuallycare/schemas.ts';
import {
  createActuallyCareEmulator,
  type ActuallyCareEmulator,
  type ActuallyCareEmulatorOptions,
} from '../../src/sandbox/actuallycare/index.ts';

/** Monday 6 July 2026, 08:00 in California (PDT, UTC−7). */
const NOW = new Date('2026-07-06T15:00:00Z');
const SECRET = 'whsec_sandbox_0123456789';
/** Tuesday 06:00 and 06:30 Pacific: before anyone's seeded day starts. */
const EARLY = { start_time: '2026-07-07T13:00:00Z', end_time: '2026-07-07T13:30:00Z' };
const LATER = { start_time: '2026-07-07T13:30:00Z', end_time: '2026-07-07T14:00:00Z' };

const Record = Success(Appointment.extend({ version: z.number().int() }));

function emulatorAt(options: ActuallyCareEmulatorOptions = {}) {
  const events: string[] = [];
  const emulator = createActuallyCareEmulator({
    now: () => NOW,
    webhook: {
      url: 'https://proxy.example/v1/webhooks/actuallycare',
      secret: SECRET,
      fetch: async (request: Request) => {
        events.push(request.headers.get('x-webhook-event') ?? '');
        return new Response(null, { status: 204 });
      },
    },
    ...options,
  });
  return { emulator, events };
}

function call(emulator: ActuallyCareEmulator, path: string, method = 'GET', payload?: unknown) {
  return emulator.fetch(
    new Request(`http://sandbox/v1/appointments${path}`, {
      method,
      // Each key acts as its owner: these are Maria's appointments, made and changed with her key.
      headers: { 'x-api-key': mariasKey(emulator), 'content-type': 'application/json' },
      ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
    }),
  );
}

const mariasKey = (emulator: ActuallyCareEmulator) =>
  emulator.keyFor(emulator.agents().find((candidate) => candidate.firstName === 'Maria')!.id);

async function showing(emulator: ActuallyCareEmulator) {
  const response = await call(emulator, '', 'POST', {
    title: 'Showing — 456 Oak Ave — Dana Whitfield',
    appointment_type: 'showing',
    ...EARLY,
  });
  expect(response.status).toBe(201);
  return Record.parse(await response.json()).data;
}

async function errorOf(response: Response) {
  return ErrorEnvelope.parse(await response.json()).error;
}

describe('changing an appointment in ActuallyCare', () => {
  it('moves a showing with the version it read, bumps the version and tells subscribers', async () => {
    const { emulator, events } = emulatorAt();
    const created = await showing(emulator);
    const moved = await call(emulator, `/${created.id}`, 'PUT', { ...LATER, version: created.version });
    expect(moved.status).toBe(200);
    expect(Record.parse(await moved.json()).data).toMatchObject({
      start_time: '2026-07-07T13:30:00.000Z',
      version: created.version + 1,
    });
    await emulator.webhooksSettled();
    expect(events).toEqual(['appointment.created', 'appointment.updated']);
  });

  it('refuses a write made with a version someone else has moved on from, and changes nothing', async () => {
    const { emulator } = emulatorAt();
    const created = await showing(emulator);
    await call(emulator, `/${created.id}`, 'PUT', { ...LATER, version: created.version });
    const stale = await call(emulator, `/${created.id}`, 'PUT', {
      status: 'cancelled',
      version: created.version,
    });
    expect(stale.status).toBe(409);
    expect(await errorOf(stale)).toMatchObject({
      code: 'VERSION_CONFLICT',
      details: { currentVersion: created.version + 1 },
    });
    const now = Record.parse(await (await call(emulator, `/${created.id}`)).json()).data;
    expect(now.status).toBe('scheduled');
  });

  it('frees the agent’s time when a showing is cancelled, and announces the cancellation', async () => {
    const { emulator, events } = emulatorAt();
    const created = await showing(emulator);
    const cancelled = await call(emulator, `/${created.id}`, 'PUT', { status: 'cancelled' });
    expect(Record.parse(await cancelled.json()).data.status).toBe('cancelled');
    // The same agent can be booked at that time again.
    const again = await showing(emulator);
    expect(again.id).not.toBe(created.id);
    await emulator.webhooksSettled();
    expect(events).toContain('appointment.cancelled');
  });

  it('reinstates a cancelled showing even onto a time its agent has since filled: nothing refuses an overlap', async () => {
    const { emulator } = emulatorAt();
    const created = await showing(emulator);
    await call(emulator, `/${created.id}`, 'PUT', { status: 'cancelled' });
    await showing(emulator);
    const reinstated = await call(emulator, `/${created.id}`, 'PUT', { status: 'scheduled' });
    expect(reinstated.status).toBe(200);
    const maria = emulator.agents().find((agent) => agent.firstName === 'Maria')!.id;
    expect(
      emulator
        .appointments()
        .filter(
          (row) =>
            row.userId === maria && row.start === '2026-07-07T13:00:00.000Z' && row.status === 'scheduled',
        ),
    ).toHaveLength(2);
  });

  it('answers 404 NOT_FOUND to reading, moving or deleting an appointment it does not have', async () => {
    const { emulator } = emulatorAt();
    const created = await showing(emulator);
    expect((await call(emulator, `/${created.id}`, 'DELETE')).status).toBe(200);
    for (const [method, payload] of [['GET'], ['PUT', LATER], ['DELETE']] as const) {
      const response = await call(emulator, `/${created.id}`, method, payload);
      expect(response.status).toBe(404);
      expect((await errorOf(response)).code).toBe('NOT_FOUND');
    }
  });

  it('refuses a move that would end before it starts, naming the field', async () => {
    const { emulator } = emulatorAt();
    const created = await showing(emulator);
    const response = await call(emulator, `/${created.id}`, 'PUT', {
      start_time: LATER.end_time,
      end_time: LATER.start_time,
    });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [{ field: 'end_time' }],
    });
  });
});

describe('changes under ActuallyCare’s limits and faults', () => {
  it('counts reads, moves and deletions against the per-address limit', async () => {
    const { emulator } = emulatorAt({ rateLimit: { limit: 3, windowMs: 60_000 } });
    const created = await showing(emulator);
    await call(emulator, `/${created.id}`);
    await call(emulator, `/${created.id}`, 'PUT', LATER);
    const refused = await call(emulator, `/${created.id}`, 'DELETE');
    expect(refused.status).toBe(429);
    expect((await errorOf(refused)).code).toBe('RATE_LIMIT_EXCEEDED');
    expect(emulator.appointments().some((row) => row.id === created.id)).toBe(true);
  });

  it('fails a move with a 500 under injected errors without changing the appointment', async () => {
    const { emulator } = emulatorAt();
    const created = await showing(emulator);
    emulator.setFaults({ rate: 1, kinds: ['error'] });
    const failed = await call(emulator, `/${created.id}`, 'PUT', LATER);
    expect(failed.status).toBe(500);
    emulator.setFaults(undefined);
    const row = emulator.appointments().find((candidate) => candidate.id === created.id);
    expect(row).toMatchObject({ start: '2026-07-07T13:00:00.000Z', version: created.version });
  });
});
