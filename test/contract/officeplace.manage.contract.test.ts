import { describe, expect, it } from 'vitest';
import { OfficePlaceBackend } from '../../src/backends/officeplace/index.ts';
import { UpstreamError } from '../../src/backends/types.ts';
import { createOfficePlaceEmulator, type OfficePlaceEmulator } from '../../src/sandbox/officeplace/index.ts';
import type { Interceptor } from './backend-contract.ts';
import {
  book,
  describeManageContract,
  freeTimes,
  onlyOthersFree,
  twoTimes,
  type ManageFixture,
} from './manage-contract.ts';

/** Monday 23 November 2026, 08:00 in London (GMT). */
const NOW = new Date('2026-11-23T08:00:00Z');
const TODAY = '2026-11-23';
const guest = {
  firstName: 'Eleanor',
  lastName: 'Marsh',
  email: 'eleanor.marsh@example.co.uk',
  phone: '07700 900321',
};

/**
 * The backend on the OfficePlace emulator, with the Richmond flat on Sheen Road shown only by Olivia Bennett
 * and James Okonkwo, so which times are free depends on their calendars alone.
 */
const fixture: ManageFixture<{ emulator: OfficePlaceEmulator }> = {
  from: TODAY,
  moveWrite: /^PUT /,
  diarySubject: () => /^Viewing — /,
  async open(intercept: Interceptor = (_, answer) => answer()) {
    const emulator = createOfficePlaceEmulator({ now: () => NOW, rateLimit: false });
    const feed = emulator.feed();
    const showers = ['Olivia Bennett', 'James Okonkwo'].map(
      (name) => emulator.agents().find((agent) => agent.displayName === name)!.adId,
    );
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
          property.id === flat.id ? { ...property, viewing: { agentIds: showers } } : property,
        ),
      },
      now: () => NOW,
      busyTtlMs: 0,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        return intercept(request, async () => emulator.fetch(request));
      },
    });
    const catalog = await backend.loadCatalog();
    const property = catalog.properties.find((candidate) => candidate.id === flat.id)!;
    const branch = catalog.branches.find((candidate) => candidate.id === property.branchId)!;
    return {
      emulator,
      backend,
      property,
      branch,
      guest,
      consent: { marketing: true },
      showers,
      async occupy(adId, slot) {
        try {
          emulator.addAppointment({
            adId,
            subject: 'Vendor call',
            start: new Date(slot.start),
            end: new Date(slot.end),
          });
          return true;
        } catch {
          return false;
        }
      },
      live: () =>
        emulator
          .appointments()
          .filter((row) => !row.isCancelled && row.subject.endsWith(`${guest.firstName} ${guest.lastName}`))
          .map((row) => ({
            reference: row.appointmentId,
            start: row.start,
            negotiatorId: row.adId,
            record: row,
          })),
      negotiatorOf: (held) => held.upstream?.adId ?? '',
      staff: () =>
        (feed.branches.find((candidate) => candidate.id === branch.id)?.agents ?? []).map((agent) => ({
          id: agent.adId,
          name: agent.name ?? agent.adId,
          branchId: branch.id,
        })),
    };
  },
};

describeManageContract('OfficePlace', fixture);

describe('OfficePlace: its own ways with a viewing', () => {
  it('a viewing handed to another agent carries what the visitor told the first one', async () => {
    const world = await fixture.open();
    const held = await book(world, (await freeTimes(world, TODAY))[0]!);
    const second = await onlyOthersFree(world, TODAY, held);

    const moved = await world.backend.reschedule(held, second.id);
    if (!moved.ok) throw new Error(moved.code);
    expect(moved.booking.reference).not.toBe(held.reference);
    expect(world.live()).toEqual([
      expect.objectContaining({
        reference: moved.booking.reference,
        record: expect.objectContaining({
          body: expect.objectContaining({ content: expect.stringContaining('Marketing consent: yes') }),
        }),
      }),
    ]);
  });

  it('undoes a move to another agent when the old viewing cannot be deleted, leaving the visitor one viewing', async () => {
    let failDelete = false;
    const world = await fixture.open(async (request, answer) => {
      if (failDelete && request.method === 'DELETE') {
        failDelete = false;
        return Response.json({ title: 'An error occurred.', status: 500 }, { status: 500 });
      }
      return answer();
    });
    const held = await book(world, (await freeTimes(world, TODAY))[0]!);
    const second = await onlyOthersFree(world, TODAY, held);
    failDelete = true;

    const failure = await world.backend.reschedule(held, second.id).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ message: expect.stringContaining('undone') });
    expect(world.live()).toEqual([
      expect.objectContaining({ reference: held.reference, start: new Date(held.start).toISOString() }),
    ]);
  });

  it('shows only viewings in the branch diary, not the agents’ other appointments', async () => {
    const world = await fixture.open();
    await book(world, (await twoTimes(world, TODAY)).first);
    const diary = await world.backend.diary(world.branch, TODAY, 7);
    expect(diary.length).toBeGreaterThan(0);
    expect(diary.every((entry) => entry.subject?.startsWith('Viewing'))).toBe(true);
  });
});

describe('when OfficePlace answers a move in its own words', () => {
  it('counts the move as done when the updated details leave out the appointmentId', async () => {
    let details = false;
    const world = await fixture.open(async (request, answer) => {
      const response = await answer();
      return details && request.method === 'PUT' ? Response.json({ subject: 'Viewing' }) : response;
    });
    const { first, second } = await twoTimes(world, TODAY);
    const held = await book(world, first);
    details = true;
    const moved = await world.backend.reschedule(held, second.id);
    expect(moved).toMatchObject({ ok: true, booking: { reference: held.reference, start: second.start } });
    expect(world.live()).toEqual([
      expect.objectContaining({ reference: held.reference, start: new Date(second.start).toISOString() }),
    ]);
  });

  it('says the answer was not JSON when a move is answered with a web page', async () => {
    let corrupt = false;
    const world = await fixture.open(async (request, answer) => {
      const response = await answer();
      return corrupt && request.method === 'PUT' ? new Response('<html>Moved</html>') : response;
    });
    const { first, second } = await twoTimes(world, TODAY);
    const held = await book(world, first);
    corrupt = true;
    const failure = await world.backend.reschedule(held, second.id).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ code: 'upstream_error', message: expect.stringContaining('not JSON') });
  });
});
