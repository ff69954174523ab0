import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PexipEngageBackend } from '../../src/backends/pexip-engage/index.ts';
import { TokenResponse } from '../../src/backends/pexip-engage/schemas.ts';
import { UpstreamError } from '../../src/backends/types.ts';
import type { Slot } from '../../src/contract/index.ts';
import { createPexipEngageEmulator, type PexipEngageEmulator } from '../../src/sandbox/pexip-engage/index.ts';
import type { Interceptor } from './backend-contract.ts';
import {
  book,
  describeManageContract,
  freeTimes,
  heldOf,
  onlyOthersFree,
  twoTimes,
  type ManageFixture,
} from './manage-contract.ts';

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

/** Books `slot` with `employeeId` for a seeded customer, as the back office would; false if not free. */
async function occupy(emulator: PexipEngageEmulator, employeeId: string, slot: Slot): Promise<boolean> {
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

const fixture: ManageFixture<{ emulator: PexipEngageEmulator; events: string[] }> = {
  from: TODAY,
  moveWrite: /^POST .*\/_actions\/reschedule$/,
  async open(intercept: Interceptor = (_, answer) => answer()) {
    // What Pexip tells the agency's own listeners, one line per change.
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
        return intercept(request, async () => emulator.fetch(request));
      },
    });
    const catalog = await backend.loadCatalog();
    const branch = catalog.branches.find((candidate) => candidate.id === ANTWERP)!;
    const property = catalog.properties.find((candidate) => candidate.branchId === ANTWERP)!;
    const employees = () => emulator.employees().filter((person) => person.officeId === ANTWERP);
    const customerId = () => emulator.customers().find((customer) => customer.email === guest.email)?.id;
    return {
      emulator,
      events,
      backend,
      property,
      branch,
      guest,
      consent: { marketing: false },
      showers: employees()
        .filter((person) => person.subjectIds.includes(emulator.viewingSubjectId))
        .map((person) => person.id),
      occupy: (employeeId, slot) => occupy(emulator, employeeId, slot),
      live: () =>
        emulator
          .appointments()
          .filter((row) => row.customerId === customerId() && row.status !== 'CANCELLED')
          .map((row) => ({
            reference: row.id,
            start: new Date(row.start).toISOString(),
            negotiatorId: row.employeeId,
            record: row,
          })),
      negotiatorOf: (held) => held.upstream?.employeeId ?? '',
      staff: () =>
        employees().map((person) => ({
          id: person.id,
          name: `${person.firstName} ${person.lastName}`,
          branchId: ANTWERP,
        })),
    };
  },
};

describeManageContract('Pexip Engage', fixture);

const statusOf = (emulator: PexipEngageEmulator, id: string) =>
  emulator.appointments().find((row) => row.id === id)?.status;

describe('Pexip Engage: its own ways with an appointment', () => {
  it('tells the agency’s listeners of each change: made, moved, cancelled with the reason, reopened', async () => {
    const world = await fixture.open();
    const { first, second } = await twoTimes(world, TODAY);
    const held = await book(world, first);
    const moved = heldOf(world, await world.backend.reschedule(held, second.id));
    // Repeating a cancellation or a reopening is done already, and tells nobody anything new.
    await world.backend.setCancelled(moved, true, 'Found another flat');
    await world.backend.setCancelled(moved, true, 'Found another flat');
    await world.backend.setCancelled(moved, false);
    await world.backend.setCancelled(moved, false);
    await world.emulator.webhooksSettled();
    expect(world.events).toEqual(['CREATE', 'RESCHEDULE', 'CANCEL: Found another flat', 'REOPEN']);
  });

  it('a viewing handed to another employee keeps the visitor’s marketing answer, and the old one is cancelled', async () => {
    const world = await fixture.open();
    const held = await book(world, (await freeTimes(world, TODAY))[0]!);
    const second = await onlyOthersFree(world, TODAY, held);

    const moved = await world.backend.reschedule(held, second.id);
    if (!moved.ok) throw new Error(moved.code);
    expect(moved.booking.reference).not.toBe(held.reference);
    expect(statusOf(world.emulator, held.reference)).toBe('CANCELLED');
    expect(world.emulator.appointments().find((row) => row.id === moved.booking.reference)).toMatchObject({
      internalNotes: expect.stringContaining('Marketing consent: no'),
    });
  });

  it('undoes a move to another employee when the old appointment cannot be cancelled', async () => {
    let failCancel = false;
    const world = await fixture.open(async (request, answer) => {
      if (failCancel && request.url.endsWith('/_actions/cancel')) {
        failCancel = false;
        return Response.json(
          { errors: [{ message: 'Boom', code: 'INTERNAL', statusCode: '500' }] },
          { status: 500 },
        );
      }
      return answer();
    });
    const held = await book(world, (await freeTimes(world, TODAY))[0]!);
    const second = await onlyOthersFree(world, TODAY, held);
    failCancel = true;

    const failure = await world.backend.reschedule(held, second.id).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ message: expect.stringContaining('undone') });
    expect(world.live()).toEqual([expect.objectContaining({ reference: held.reference })]);
  });

  it('refuses to move a cancelled viewing, saying it was cancelled, after reading its status', async () => {
    const seen: string[] = [];
    const world = await fixture.open(async (request, answer) => {
      seen.push(`${request.method} ${new URL(request.url).pathname.replace(/^.*\/enterprises\/[^/]+/, '')}`);
      return answer();
    });
    const { first, second } = await twoTimes(world, TODAY);
    const held = await book(world, first);
    await world.backend.setCancelled(held, true);
    seen.length = 0;
    const refused = await world.backend.reschedule(held, second.id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UpstreamError);
    expect(refused).toMatchObject({ message: expect.stringContaining('was cancelled') });
    expect(seen).toContain(`POST /appointments/${held.reference}/_actions/reschedule`);
    expect(seen.at(-1)).toBe(`GET /appointments/${held.reference}`);
  });

  it('counts a cancel answered 404 as done, whatever code the 404 carries', async () => {
    const world = await fixture.open(async (request, answer) =>
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
    const held = await book(world, (await freeTimes(world, TODAY))[0]!);
    await expect(world.backend.setCancelled(held, true)).resolves.toBeUndefined();
    expect(statusOf(world.emulator, held.reference)).toBe('ACCEPTED');
  });

  it('lists every viewing of the office in the window in its diary, and nothing else', async () => {
    const world = await fixture.open();
    const { emulator, backend, branch } = world;
    const { first, second } = await twoTimes(world, TODAY);
    await book(world, first);
    await backend.setCancelled(await book(world, second), true);

    const diary = await backend.diary(branch, TODAY, 7);
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
});

describe('when Pexip Engage answers with data it cannot parse', () => {
  it('fails the move as the upstream’s fault, naming the field', async () => {
    let corrupt = false;
    const world = await fixture.open(async (request, answer) => {
      const response = await answer();
      if (!corrupt || !request.url.endsWith('/_actions/reschedule')) return response;
      return Response.json({
        data: { id: '1', status: 'ACCEPTED', start: 'next Tuesday', office: { id: ANTWERP } },
      });
    });
    const { first, second } = await twoTimes(world, TODAY);
    const held = await book(world, first);
    corrupt = true;
    const failure = await world.backend.reschedule(held, second.id).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ code: 'upstream_error', message: expect.stringContaining('data.start') });
  });

  it('leaves a malformed appointment out of the diary, counted, and lists the others', async () => {
    let odd = false;
    const world = await fixture.open(async (request, answer) => {
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
    const plain = await world.backend.diary(world.branch, TODAY, 7);
    odd = true;
    const diary = await world.backend.diary(world.branch, TODAY, 7);
    expect(plain.length).toBeGreaterThan(0);
    expect(diary).toEqual(plain);
    expect(world.backend.skipped.totals()).toEqual([{ reason: 'invalid', count: 1 }]);
  });
});
