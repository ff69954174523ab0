import { describe, expect, it } from 'vitest';
import { ActuallyCareBackend } from '../../src/backends/actuallycare/index.ts';
import { UpstreamError } from '../../src/backends/types.ts';
import type { Slot } from '../../src/contract/index.ts';
import {
  createActuallyCareEmulator,
  type ActuallyCareEmulator,
} from '../../src/sandbox/actuallycare/index.ts';
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

/** Monday 6 July 2026, 08:00 in California (PDT). */
const NOW = new Date('2026-07-06T15:00:00Z');
const TODAY = '2026-07-06';
const guest = {
  firstName: 'Dana',
  lastName: 'Whitfield',
  email: 'dana.whitfield@example.org',
  phone: '+1 661 555 0199',
};

/**
 * The backend on the ActuallyCare emulator, with one Bakersfield home shown only by Maria and Jordan, so
 * that which times are free depends on their calendars alone.
 */
const fixture: ManageFixture<{ emulator: ActuallyCareEmulator }> = {
  from: TODAY,
  moveWrite: /^PUT \/v1\/appointments\//,
  diarySubject: () => /Showing/,
  async open(intercept: Interceptor = (_, answer) => answer()) {
    const emulator = createActuallyCareEmulator({ now: () => NOW, rateLimit: false });
    const settings = emulator.sandboxSettings();
    const home = emulator
      .listings()
      .find((listing) => listing.city === 'Bakersfield' && listing.propertyType === 'single_family')!;
    const showers = ['Maria', 'Jordan'].map(
      (name) => emulator.agents().find((agent) => agent.firstName === name)!.id,
    );
    const backend = new ActuallyCareBackend({
      baseUrl: 'http://actuallycare.sandbox',
      apiKey: emulator.apiKey,
      ...settings,
      properties: { ...settings.properties, [home.id]: { agentIds: showers } },
      now: () => NOW,
      busyTtlMs: 0,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        return intercept(request, async () => emulator.fetch(request));
      },
    });
    const catalog = await backend.loadCatalog();
    const property = catalog.properties.find((candidate) => candidate.id === home.id)!;
    const branch = catalog.branches.find((candidate) => candidate.id === property.branchId)!;
    return {
      emulator,
      backend,
      property,
      branch,
      guest,
      consent: { marketing: false },
      showers,
      occupy: (userId, slot) =>
        emulator.addAppointment({ userId, start: new Date(slot.start), end: new Date(slot.end) }).then(
          () => true,
          () => false,
        ),
      live: () =>
        emulator
          .appointments()
          .filter((row) => row.status === 'scheduled' && row.attendees.some((a) => a.email === guest.email))
          .map((row) => ({ reference: row.id, start: row.start, negotiatorId: row.userId, record: row })),
      negotiatorOf: (held) => held.upstream?.agentId ?? '',
      staff: () =>
        (settings.branches.find((candidate) => candidate.id === branch.id)?.agents ?? []).map((agent) => ({
          id: agent.userId,
          name: agent.name ?? agent.userId,
          branchId: branch.id,
        })),
    };
  },
};

describeManageContract('ActuallyCare', fixture);

const showing = (emulator: ActuallyCareEmulator, id: string) =>
  emulator.appointments().find((row) => row.id === id);

describe('ActuallyCare: its own ways with a showing', () => {
  it('moves a showing on its latest version, keeping what staff edited in the CRM meanwhile', async () => {
    const world = await fixture.open();
    const free = await freeTimes(world, TODAY);
    const { first, second } = await twoTimes(world, TODAY);
    const third = free.find(
      (slot) => ![first, second].some((one) => one.start.slice(0, 10) === slot.start.slice(0, 10)),
    )!;
    const held = await book(world, first);

    const moved = await world.backend.reschedule(held, second.id);
    expect(moved).toMatchObject({ ok: true, upstream: { agentId: held.upstream?.agentId, version: '2' } });
    await world.emulator.editAppointment(held.reference, { title: 'Showing — bring the gate code' });

    const again = await world.backend.reschedule(heldOf(world, moved), third.id);
    expect(again).toMatchObject({ ok: true, upstream: { version: '4' } });
    expect(showing(world.emulator, held.reference)).toMatchObject({
      title: 'Showing — bring the gate code',
      start: new Date(third.start).toISOString(),
    });
  });

  it('a showing handed to another agent is removed from its first agent’s calendar', async () => {
    const world = await fixture.open();
    const held = await book(world, (await freeTimes(world, TODAY))[0]!);
    const second = await onlyOthersFree(world, TODAY, held);

    const moved = await world.backend.reschedule(held, second.id);
    expect(moved).toMatchObject({ ok: true });
    expect(showing(world.emulator, held.reference)).toBeUndefined();
  });

  it('a second cancellation only reads the showing, and writes nothing', async () => {
    const world = await fixture.open();
    const held = await book(world, (await freeTimes(world, TODAY))[0]!);
    await world.backend.setCancelled(held, true);
    expect(showing(world.emulator, held.reference)?.status).toBe('cancelled');

    world.emulator.resetRequestCount();
    await world.backend.setCancelled(held, true);
    expect(world.emulator.requestCount(`/v1/appointments/${held.reference}`)).toBe(1);
    expect(showing(world.emulator, held.reference)?.version).toBe(2);
  });
});

describe('when ActuallyCare answers a change with data it cannot parse', () => {
  it('fails the move as the upstream’s fault, naming the field', async () => {
    let corrupt = false;
    const world = await fixture.open(async (request, answer) => {
      const response = await answer();
      if (!corrupt || request.method !== 'PUT') return response;
      const json = (await response.json()) as { data: Record<string, unknown> };
      return Response.json({ ...json, data: { ...json.data, start_time: 'next tuesday' } });
    });
    const { first, second } = await twoTimes(world, TODAY);
    const held = await book(world, first);
    corrupt = true;
    const failure = await world.backend.reschedule(held, second.id).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ code: 'upstream_error', message: expect.stringContaining('start_time') });
  });

  it('fails a cancellation whose read-back is malformed, without writing anything', async () => {
    const world = await fixture.open(async (request, answer) => {
      const response = await answer();
      if (request.method !== 'GET' || !/appointments\/[0-9a-f-]{36}$/.test(request.url)) return response;
      return Response.json({ success: true, data: { id: 'x', status: 'maybe' } });
    });
    const held = await book(world, (await freeTimes(world, TODAY))[0]!);
    const failure = await world.backend.setCancelled(held, true).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ code: 'upstream_error' });
    expect(showing(world.emulator, held.reference)?.status).toBe('scheduled');
  });
});

describe('two visitors racing for one agent’s time', () => {
  it('never leaves both booked: ActuallyCare takes both, and the one that must give way gives its time back', async () => {
    const world = await fixture.open();
    const { emulator, backend, property, branch, showers } = world;
    const [maria, jordan] = showers;
    // A time only Maria is free then, so the two visitors want the very same calendar.
    let slot: Slot | undefined;
    for (const candidate of await freeTimes(world, TODAY)) {
      await world.occupy(jordan!, candidate);
      if ((await freeTimes(world, TODAY)).some((one) => one.start === candidate.start)) {
        slot = candidate;
        break;
      }
    }
    if (!slot) throw new Error('no time with only Maria free');
    const visitor = (n: number) => ({
      ...guest,
      lastName: `Racer ${[...String(n)].map((d) => 'abcdefghij'[Number(d)]).join('')}`,
      email: `racer${n}@example.org`,
    });
    const outcomes = await Promise.all(
      [1, 2].map((n) =>
        backend.book({ property, branch, slotId: slot.id, guest: visitor(n), consent: { marketing: false } }),
      ),
    );
    const live = emulator
      .appointments()
      .filter(
        (row) =>
          row.userId === maria &&
          row.status === 'scheduled' &&
          row.start === new Date(slot.start).toISOString(),
      );
    const booked = outcomes.filter((outcome) => outcome.ok);
    expect(booked.length).toBeLessThanOrEqual(1);
    expect(live).toHaveLength(booked.length);
    for (const outcome of outcomes) if (!outcome.ok) expect(outcome.code).toBe('slot_taken');
  });
});
