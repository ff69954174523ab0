import { describe, expect, it } from 'vitest';
import type { Branch, Consent, Guest, Property, Slot, StaffMember } from '../../src/contract/index.ts';
import { UpstreamError, type Backend, type BookOutcome, type HeldBooking } from '../../src/backends/types.ts';
import type { Interceptor } from './backend-contract.ts';

/** One of the visitor's bookings that the upstream holds live (not cancelled, not deleted). */
export interface LiveBooking {
  reference: string;
  /** The start as an instant, ISO 8601 in UTC. */
  start: string;
  negotiatorId: string;
  /** The upstream's whole record, so that "kept as it was" can be checked field by field. */
  record: unknown;
}

/** A backend in front of a fresh emulator, with one home whose free times the cases read and change. */
export interface ManageWorld {
  backend: Backend;
  property: Property;
  branch: Branch;
  guest: Guest;
  consent: Consent;
  /** Everyone who may show the home, by the upstream's id. */
  showers: string[];
  /**
   * Makes this negotiator busy at this time directly in the emulator, as the back office would. False when
   * they could not be booked then (busy already, or not working).
   */
  occupy(negotiatorId: string, slot: Slot): Promise<boolean>;
  /** The visitor's live bookings the upstream holds. */
  live(): LiveBooking[];
  /** The negotiator a held booking is with, from what the backend keeps with it. */
  negotiatorOf(held: HeldBooking): string;
  /** The branch's negotiators, as the agency set them up in the upstream. */
  staff(): StaffMember[];
}

/** What each system provides so that the same cases drive it through its emulator. */
export interface ManageFixture<Extra extends object = object> {
  /** Builds the world on a fresh emulator, every upstream call passing through `intercept`. */
  open(intercept?: Interceptor): Promise<ManageWorld & Extra>;
  /** The first day of free times, `YYYY-MM-DD` in the branch's zone (the day of the fixed clock). */
  from: string;
  /** Matches the upstream request that writes a move, as `METHOD /path`. */
  moveWrite: RegExp;
  /** How the system titles a viewing in the branch diary; absent where it gives none. */
  diarySubject?: (property: Property) => string | RegExp;
}

/** The backend's answer to a booking as the proxy keeps it. */
export function heldOf(world: ManageWorld, outcome: BookOutcome, guest: Guest = world.guest): HeldBooking {
  if (!outcome.ok) throw new Error(`not booked: ${outcome.code}`);
  return {
    reference: outcome.booking.reference,
    property: world.property,
    branch: world.branch,
    start: outcome.booking.start,
    end: outcome.booking.end,
    guest,
    consent: world.consent,
    ...(outcome.upstream ? { upstream: outcome.upstream } : {}),
  };
}

/** Books `slot` for the visitor (or `guest`) through the backend. */
export async function book(world: ManageWorld, slot: Slot, guest: Guest = world.guest): Promise<HeldBooking> {
  const outcome = await world.backend.book({
    property: world.property,
    branch: world.branch,
    slotId: slot.id,
    guest,
    consent: world.consent,
  });
  return heldOf(world, outcome, guest);
}

/** The home's free times this week, as the widget would offer them. */
export function freeTimes(world: ManageWorld, from: string): Promise<Slot[]> {
  return world.backend.listSlots({ property: world.property, branch: world.branch, from, days: 7 });
}

/** Two free times on different days, so buffers around one never touch the other. */
export async function twoTimes(world: ManageWorld, from: string): Promise<{ first: Slot; second: Slot }> {
  const free = await freeTimes(world, from);
  const first = free[0];
  const second = free.find((slot) => slot.start.slice(0, 10) !== first?.start.slice(0, 10));
  if (!first || !second) throw new Error('too few free times');
  return { first, second };
}

/** A time the booking's own negotiator is made busy for while another stays free. */
export async function onlyOthersFree(world: ManageWorld, from: string, held: HeldBooking): Promise<Slot> {
  const own = world.negotiatorOf(held);
  for (const candidate of await freeTimes(world, from)) {
    if (candidate.start.slice(0, 10) === held.start.slice(0, 10)) continue;
    await world.occupy(own, candidate);
    if ((await freeTimes(world, from)).some((slot) => slot.start === candidate.start)) return candidate;
  }
  throw new Error('no time with only other negotiators free');
}

/** Makes everyone but `negotiatorId` busy at these times, so what is offered then is theirs alone. */
async function leaveOnly(world: ManageWorld, negotiatorId: string, slots: Slot[]): Promise<void> {
  for (const slot of slots) {
    for (const other of world.showers) if (other !== negotiatorId) await world.occupy(other, slot);
  }
}

/** A live booking as a visitor or staff member sees it: which, when, and with whom. */
const seen = ({ reference, start, negotiatorId }: LiveBooking) => ({ reference, start, negotiatorId });
const instant = (time: string) => new Date(time).toISOString();
const starts = (slots: Slot[]) => slots.map((slot) => slot.start);

/**
 * Changing a booking, the same on every backend through its emulator: what a visitor or staff member
 * would notice. Where systems differ, the difference is read from `backend.capabilities`.
 */
export function describeManageContract<Extra extends object>(
  system: string,
  fixture: ManageFixture<Extra>,
): void {
  describe(`${system}: changing a booking`, async () => {
    // Which cases apply is read from a backend's own capabilities, never from the system's name.
    const { capabilities } = (await fixture.open()).backend;
    const { from } = fixture;

    it('moves a booking to another free time: the old time is offered again, the new one is not, one booking remains', async () => {
      const world = await fixture.open();
      const { first, second } = await twoTimes(world, from);
      const held = await book(world, first);
      const own = world.negotiatorOf(held);
      await leaveOnly(world, own, [first, second]);
      expect(starts(await freeTimes(world, from))).not.toContain(first.start);
      expect(starts(await freeTimes(world, from))).toContain(second.start);

      const moved = await world.backend.reschedule(held, second.id);
      expect(moved).toMatchObject({
        ok: true,
        booking: { start: second.start, end: second.end, status: 'confirmed' },
      });
      const now = heldOf(world, moved);
      // Moved in place, the booking keeps its reference; otherwise the new one replaces it.
      if (capabilities.nativeMove) expect(now.reference).toBe(held.reference);
      expect(world.negotiatorOf(now)).toBe(own);
      expect(starts(await freeTimes(world, from))).toContain(first.start);
      expect(starts(await freeTimes(world, from))).not.toContain(second.start);
      expect(world.live()).toEqual([
        expect.objectContaining({
          reference: now.reference,
          start: instant(second.start),
          negotiatorId: own,
        }),
      ]);
    });

    it('keeps the booking as it was and offers other times when the new time was taken meanwhile', async () => {
      const world = await fixture.open();
      const { first, second } = await twoTimes(world, from);
      const held = await book(world, first);
      const before = world.live();
      for (const negotiator of world.showers) await world.occupy(negotiator, second);
      expect(starts(await freeTimes(world, from))).not.toContain(second.start);

      const outcome = await world.backend.reschedule(held, second.id);
      expect(outcome).toMatchObject({ ok: false, code: 'slot_taken' });
      if (outcome.ok || outcome.code !== 'slot_taken') return;
      expect(outcome.alternatives.length).toBeGreaterThan(0);
      expect(starts(outcome.alternatives)).not.toContain(second.start);
      expect(world.live()).toEqual(before);
      expect(before).toEqual([
        expect.objectContaining({ reference: held.reference, start: instant(first.start) }),
      ]);
    });

    it('moves the booking to another negotiator free at the new time when its own is busy then, leaving exactly one', async () => {
      const world = await fixture.open();
      const held = await book(world, (await freeTimes(world, from))[0]!);
      const own = world.negotiatorOf(held);
      const second = await onlyOthersFree(world, from, held);

      const moved = await world.backend.reschedule(held, second.id);
      expect(moved).toMatchObject({ ok: true, booking: { start: second.start, end: second.end } });
      const now = heldOf(world, moved);
      const other = world.negotiatorOf(now);
      expect(other).not.toBe(own);
      expect(world.showers).toContain(other);
      expect(world.live()).toEqual([
        expect.objectContaining({
          reference: now.reference,
          start: instant(second.start),
          negotiatorId: other,
        }),
      ]);
    });

    it('changes nothing when asked to move a booking to its own time', async () => {
      const world = await fixture.open();
      const { first } = await twoTimes(world, from);
      const held = await book(world, first);
      const before = world.live();
      expect(before).toEqual([
        expect.objectContaining({ reference: held.reference, start: instant(first.start) }),
      ]);

      expect(await world.backend.reschedule(held, first.id)).toMatchObject({
        ok: true,
        booking: { reference: held.reference, start: first.start, end: first.end },
      });
      // What the visitor and staff see; an upstream may still count the unchanged write as a new version.
      expect(world.live().map(seen)).toEqual(before.map(seen));
    });

    it('refuses to move a booking to a slot id it did not make', async () => {
      const world = await fixture.open();
      const { first } = await twoTimes(world, from);
      const held = await book(world, first);
      const before = world.live();

      expect(await world.backend.reschedule(held, 'not-a-slot!')).toEqual({
        ok: false,
        code: 'invalid_slot',
      });
      expect(world.live()).toEqual(before);
    });

    it('cancelling frees the time, and cancelling again is done already', async () => {
      const world = await fixture.open();
      const { first } = await twoTimes(world, from);
      const held = await book(world, first);
      await leaveOnly(world, world.negotiatorOf(held), [first]);
      expect(starts(await freeTimes(world, from))).not.toContain(first.start);

      await world.backend.setCancelled(held, true, 'Found somewhere else');
      expect(world.live()).toEqual([]);
      expect(starts(await freeTimes(world, from))).toContain(first.start);
      await expect(world.backend.setCancelled(held, true, 'Found somewhere else')).resolves.toBeUndefined();
      expect(world.live()).toEqual([]);
      expect(starts(await freeTimes(world, from))).toContain(first.start);
    });

    if (capabilities.reinstate) {
      it('reinstates a cancelled booking while its time is still free', async () => {
        const world = await fixture.open();
        const { first } = await twoTimes(world, from);
        const held = await book(world, first);
        const own = world.negotiatorOf(held);
        await leaveOnly(world, own, [first]);
        await world.backend.setCancelled(held, true);
        expect(starts(await freeTimes(world, from))).toContain(first.start);

        await world.backend.setCancelled(held, false);
        const reinstated = [
          expect.objectContaining({
            reference: held.reference,
            start: instant(first.start),
            negotiatorId: own,
          }),
        ];
        expect(world.live()).toEqual(reinstated);
        expect(starts(await freeTimes(world, from))).not.toContain(first.start);
        // Reinstating again changes nothing.
        await expect(world.backend.setCancelled(held, false)).resolves.toBeUndefined();
        expect(world.live()).toEqual(reinstated);
      });

      it('refuses to reinstate a booking whose time was filled since it was cancelled, and it stays cancelled', async () => {
        const world = await fixture.open();
        const { first } = await twoTimes(world, from);
        const held = await book(world, first);
        await world.backend.setCancelled(held, true);
        expect(await world.occupy(world.negotiatorOf(held), first)).toBe(true);

        const refused = await world.backend.setCancelled(held, false).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(UpstreamError);
        expect(refused).toMatchObject({ status: 409, message: expect.stringContaining('taken') });
        expect(world.live()).toEqual([]);
      });
    } else {
      it('refuses to reinstate a cancelled booking, saying why, and leaves a live one as it is', async () => {
        const world = await fixture.open();
        const { first, second } = await twoTimes(world, from);
        const live = await book(world, second);
        const before = world.live();
        await expect(world.backend.setCancelled(live, false)).resolves.toBeUndefined();
        expect(world.live()).toEqual(before);
        const held = await book(world, first);
        await world.backend.setCancelled(held, true);

        const refused = await world.backend.setCancelled(held, false).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(UpstreamError);
        expect(refused).toMatchObject({ message: expect.stringContaining('cannot be reinstated') });
        expect(world.live()).toEqual(before);
      });
    }

    it('lists the booking in the branch diary with its negotiator and viewer on the branch’s clock, and a cancelled one as cancelled', async () => {
      const world = await fixture.open();
      const { branch, property } = world;
      const { first, second } = await twoTimes(world, from);
      const kept = await book(world, first);
      const dropped = await book(world, second);
      await world.backend.setCancelled(dropped, true);

      const diary = await world.backend.diary(branch, from, 7);
      const staff = world.staff();
      const negotiator = staff.find((person) => person.id === world.negotiatorOf(kept));
      const subject = fixture.diarySubject?.(property);
      expect(diary.find((entry) => entry.reference === kept.reference)).toEqual({
        reference: kept.reference,
        branchId: branch.id,
        propertyId: property.id,
        start: first.start,
        end: first.end,
        negotiator: { id: negotiator?.id, name: negotiator?.name },
        viewer: `${world.guest.firstName} ${world.guest.lastName}`,
        ...(subject === undefined
          ? {}
          : { subject: typeof subject === 'string' ? subject : expect.stringMatching(subject) }),
        cancelled: false,
      });
      const cancelled = diary.find((entry) => entry.reference === dropped.reference);
      // A system that cannot reinstate deletes a cancelled booking, so its diary no longer holds it.
      if (capabilities.reinstate) expect(cancelled?.cancelled).toBe(true);
      else expect(cancelled).toBeUndefined();
      // The branch's own viewings only, in order of time.
      const ids = new Set(staff.map((person) => person.id));
      expect(
        diary.every((entry) => entry.branchId === branch.id && ids.has(entry.negotiator?.id ?? '')),
      ).toBe(true);
      expect(diary.map((entry) => entry.start)).toEqual([...diary.map((entry) => entry.start)].sort());
      // Only within the window.
      const later = new Date(Date.parse(`${from}T12:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
      expect((await world.backend.diary(branch, later, 7)).map((entry) => entry.reference)).not.toContain(
        kept.reference,
      );
    });

    it('names the branch’s negotiators', async () => {
      const world = await fixture.open();
      expect(await world.backend.staff(world.branch)).toEqual(world.staff());
    });

    it('fails a move whose answer cannot be read as the upstream’s fault, writing nothing further', async () => {
      // Armed once the booking is made; the move's write is answered with a page no parser reads.
      let phase: 'booking' | 'armed' | 'answered' = 'booking';
      const afterwards: string[] = [];
      const world = await fixture.open(async (request, answer) => {
        const call = `${request.method} ${new URL(request.url).pathname}`;
        if (phase === 'answered' && request.method !== 'GET') afterwards.push(call);
        const response = await answer();
        if (phase !== 'armed' || !fixture.moveWrite.test(call)) return response;
        phase = 'answered';
        return new Response('<html><body>Moved</body></html>', {
          headers: { 'content-type': 'text/html' },
        });
      });
      const { first, second } = await twoTimes(world, from);
      const held = await book(world, first);
      phase = 'armed';

      const failure = await world.backend.reschedule(held, second.id).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(UpstreamError);
      expect(failure).toMatchObject({ code: 'upstream_error' });
      expect(phase).toBe('answered');
      expect(afterwards).toEqual([]);
      expect(world.live()).toHaveLength(1);
    });
  });
}
