import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';
import { recheck, type BusyTime, type FreeTime, type SlotTimes } from '../../availability/index.ts';
import type { Branch, DiaryEntry, Guest, Property, StaffMember } from '../../contract/index.ts';
import { addIsoDays } from '../slot-time.ts';
import { UpstreamError, type BookOutcome, type HeldBooking } from '../types.ts';
import type { Calendar, Calendars } from './calendars.ts';
import { adaptFreeTimes, diaryEntry, parseSlotId, showing, showingTitle } from './mapping.ts';
import type { Appointment } from './schemas.ts';
import type { ActuallyCareBranch } from './settings.ts';

/** How far ahead of the new time's day a re-check looks, for alternatives when it was taken. */
const ALTERNATIVE_DAYS = 7;

/** What changing a showing needs from the backend that made it. */
export interface ShowingDesk {
  calendars: Calendars;
  branch(id: string): ActuallyCareBranch | undefined;
  /** The offered home at this location (a showing's `location` is its property's address), if any. */
  propertyAt(location: string | null | undefined): string | undefined;
  /** The property's free times from `busy`, by the branch's and the property's rules. */
  freeTimes(property: Property, branchId: string, busy: BusyTime[], from: string, days: number): FreeTime[];
  /** Forgets calendars read for visitors: they are older than what ActuallyCare now has. */
  invalidate(): void;
}

/** What the backend keeps with a showing to change it later: whose calendar, and the version it made. */
export function upstreamOf(appointment: Appointment, agentId: string): Record<string, string> {
  return {
    agentId,
    ...(appointment.version != null ? { version: String(appointment.version) } : {}),
  };
}

/** A showing held in ActuallyCare, answered as a booking: what booking, moving and finding one all give back. */
export function showingBooked(
  appointment: Appointment,
  agentId: string,
  property: Property,
  branch: Branch,
  times: SlotTimes,
): Extract<BookOutcome, { ok: true }> {
  return {
    ok: true,
    booking: {
      reference: appointment.id,
      propertyId: property.id,
      branchId: branch.id,
      start: times.start,
      end: times.end,
      timeZone: branch.timeZone,
      status: 'confirmed',
    },
    upstream: upstreamOf(appointment, agentId),
  };
}

const gone = (held: HeldBooking) =>
  new UpstreamError('upstream_error', `ActuallyCare no longer has showing ${held.reference}`, 404);

/**
 * Moving, cancelling and reinstating showings, and the staff's view of a branch, each through the key of the
 * agent whose calendar the showing is in. Every write names the version it read, so a change someone made in
 * the CRM meanwhile is seen (a 409), read again and judged, never overwritten blindly.
 */
export class ManagedShowings {
  constructor(private readonly desk: ShowingDesk) {}

  /**
   * The same agent keeps the same appointment (and its history in the CRM). When only another agent is free,
   * a new showing is made in their calendar before the old one is deleted, so the visitor never has none.
   */
  async reschedule(held: HeldBooking, slotId: string): Promise<BookOutcome> {
    const wanted = parseSlotId(slotId);
    if (!wanted) return { ok: false, code: 'invalid_slot' };
    const { calendars } = this.desk;
    const day = wanted.start.slice(0, 10);
    try {
      const agents = this.branchAgents(held.branch.id);
      // The showing's own time must not keep its agent from a time next to it.
      const busy = await calendars.busy(agents, addIsoDays(day, -1), 'booking', held.reference);
      const check = recheck(
        this.desk.freeTimes(held.property, held.branch.id, busy, day, ALTERNATIVE_DAYS),
        wanted,
      );
      const taken = (): BookOutcome => ({
        ok: false,
        code: 'slot_taken',
        alternatives: adaptFreeTimes(check.alternatives),
      });
      if (!check.free) return taken();
      // A showing booked before its agent was kept with it is looked for in each calendar.
      let old = held.upstream?.agentId ? undefined : await this.current(held);
      const agentId = held.upstream?.agentId ?? old?.agentId;
      const order =
        agentId && check.agentIds.includes(agentId)
          ? [agentId, ...check.agentIds.filter((id) => id !== agentId)]
          : check.agentIds;
      for (const candidate of order) {
        let moved: Appointment | undefined;
        if (candidate === agentId) {
          moved = await this.moveInPlace(held, wanted, check.agentIds, old, agentId);
        } else {
          old ??= await this.current(held);
          moved = await this.moveTo(held, old, wanted, candidate);
        }
        if (moved) return showingBooked(moved, candidate, held.property, held.branch, wanted);
      }
      return taken();
    } finally {
      this.desk.invalidate();
    }
  }

  /**
   * Cancelling sets the status, so the showing stays in the CRM's history and can be reinstated; reinstating
   * re-checks that its agent is still free then. A showing already in the wanted state is left alone.
   */
  async setCancelled(held: HeldBooking, cancelled: boolean): Promise<void> {
    try {
      for (let attempt = 0; ; attempt++) {
        const found = await this.find(held);
        if (!found) {
          // Deleted in the CRM: as cancelled as it gets, and nothing left to reinstate.
          if (cancelled) return;
          throw gone(held);
        }
        const { appointment: current, agentId, calendar } = found;
        if ((current.status === 'cancelled') === cancelled) return;
        if (!cancelled) await this.ensureStillFree(held, current, agentId);
        const outcome = await calendar.client.updateAppointment(held.reference, {
          status: cancelled ? 'cancelled' : 'scheduled',
          ...(current.version != null ? { version: current.version } : {}),
        });
        if (outcome.ok) {
          if (cancelled) return;
          const times = { start: current.start_time, end: current.end_time };
          if (!(await this.desk.calendars.mustYield(agentId, outcome.appointment, times, dayBefore(times))))
            return;
          // Someone took the time while we reinstated it: it goes back to cancelled.
          await calendar.client.updateAppointment(held.reference, {
            status: 'cancelled',
            ...(outcome.appointment.version != null ? { version: outcome.appointment.version } : {}),
          });
          throw takenMeanwhile(held);
        }
        if (outcome.reason === 'not_found') {
          if (cancelled) return;
          throw gone(held);
        }
        // Changed between our read and our write: read it again, once.
        if (attempt > 0) throw keepsChanging(held);
      }
    } finally {
      this.desk.invalidate();
    }
  }

  /**
   * The visitor's scheduled showing of the property at exactly these times, if ActuallyCare holds one. List
   * rows carry neither attendees nor listing, so the showing is known by its title (the home and the
   * visitor's name, as `showing` makes it), its location and its times.
   */
  async findBooked(
    property: Property,
    branch: Branch,
    wanted: SlotTimes,
    guest: Pick<Guest, 'firstName' | 'lastName' | 'email'>,
  ): Promise<Extract<BookOutcome, { ok: true }> | undefined> {
    // ActuallyCare filters by UTC date and has no end date: read from the day before, as booking does.
    const day = wanted.start.slice(0, 10);
    const title = showingTitle(property, guest);
    const email = guest.email.trim().toLowerCase();
    for (const calendar of this.desk.calendars.holding(this.branchAgents(branch.id))) {
      const rows = await calendar.client.scheduledAppointments(addIsoDays(day, -1), 'booking');
      const held = rows.find(
        (row) =>
          row.status === 'scheduled' &&
          (row.appointment_type ?? 'showing') === 'showing' &&
          row.title === title &&
          (row.listing_id
            ? row.listing_id === property.id
            : (row.location ?? property.address) === property.address) &&
          Date.parse(row.start_time) === Date.parse(wanted.start) &&
          Date.parse(row.end_time) === Date.parse(wanted.end) &&
          (!row.attendees?.length ||
            row.attendees.some((attendee) => attendee.email?.trim().toLowerCase() === email)),
      );
      const agentId = held && this.desk.calendars.owners(held, calendar)[0];
      if (!held || !agentId) continue;
      // List rows carry no version; the record itself does, and a later move needs it.
      const record = held.version == null ? await calendar.client.appointment(held.id, 'booking') : held;
      return showingBooked(record ?? held, agentId, property, branch, wanted);
    }
    return undefined;
  }

  /** The branch's showings starting in the window, cancelled ones included, in start order. */
  async diary(branch: Branch, from: string, days: number): Promise<DiaryEntry[]> {
    const config = this.desk.branch(branch.id);
    if (!config) return [];
    const names = new Map(config.agents.map((agent) => [agent.userId, agent.name ?? agent.userId]));
    const start = fromZonedTime(`${from}T00:00:00`, config.timeZone).getTime();
    const end = fromZonedTime(`${addIsoDays(from, days)}T00:00:00`, config.timeZone).getTime();
    const seen = new Set<string>();
    const entries: DiaryEntry[] = [];
    for (const calendar of this.desk.calendars.holding([...names.keys()])) {
      // ActuallyCare filters by UTC date and has no end date: read from the day before, keep the window.
      const rows = await calendar.client.showings(addIsoDays(from, -1), 'slots');
      for (const row of rows) {
        const at = Date.parse(row.start_time);
        const agentId = this.desk.calendars.owners(row, calendar).find((id) => names.has(id));
        if (!agentId || seen.has(row.id) || at < start || at >= end) continue;
        seen.add(row.id);
        entries.push(
          diaryEntry(
            row,
            config,
            { id: agentId, name: names.get(agentId) ?? agentId },
            this.desk.propertyAt(row.location),
          ),
        );
      }
    }
    return entries.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  }

  /** ActuallyCare has no documented call for its users: the branch's agents are the configured ones. */
  staff(branch: Branch): StaffMember[] {
    return (this.desk.branch(branch.id)?.agents ?? []).map((agent) => ({
      id: agent.userId,
      name: agent.name ?? agent.userId,
      branchId: branch.id,
    }));
  }

  private branchAgents(branchId: string): string[] {
    return (this.desk.branch(branchId)?.agents ?? []).map((agent) => agent.userId);
  }

  /**
   * The showing as it is now and whose calendar it is in: through the kept agent's key first, else each
   * calendar in turn (a key sees only its owner's appointments). Undefined when none has it.
   */
  private async find(
    held: HeldBooking,
  ): Promise<{ appointment: Appointment; agentId: string; calendar: Calendar } | undefined> {
    const { calendars } = this.desk;
    const kept = held.upstream?.agentId ? calendars.of(held.upstream.agentId) : undefined;
    const order = kept ? [kept, ...calendars.all().filter((one) => one !== kept)] : calendars.all();
    for (const calendar of order) {
      const appointment = await calendar.client.appointment(held.reference, 'booking');
      if (!appointment) continue;
      const agentId =
        calendar === kept && held.upstream?.agentId
          ? held.upstream.agentId
          : calendars.owners(appointment, calendar)[0];
      if (agentId) return { appointment, agentId, calendar };
    }
    return undefined;
  }

  private async current(held: HeldBooking): Promise<Appointment & { agentId: string }> {
    const found = await this.find(held);
    if (!found) throw gone(held);
    return { ...found.appointment, agentId: found.agentId };
  }

  /**
   * Moves the appointment in its agent's calendar, with the version kept at booking. A stale version means
   * someone changed it in the CRM: it is read again, and moved only if it is still live with an agent free
   * at the new time. `known` is the appointment when it was just read. Undefined when the time was lost to
   * someone else (the showing is then put back where it was).
   */
  private async moveInPlace(
    held: HeldBooking,
    wanted: SlotTimes,
    free: readonly string[],
    known: Appointment | undefined,
    agentId: string,
  ): Promise<Appointment | undefined> {
    const calendar = this.desk.calendars.of(agentId);
    if (!calendar) return undefined;
    const times = {
      start_time: new Date(wanted.start).toISOString(),
      end_time: new Date(wanted.end).toISOString(),
    };
    const kept = Number(held.upstream?.version);
    let version = Number.isInteger(kept) && kept > 0 ? kept : undefined;
    let before = { start_time: known?.start_time ?? held.start, end_time: known?.end_time ?? held.end };
    let read = known;
    for (let fresh = read !== undefined || version === undefined; ; fresh = true) {
      if (fresh) {
        const current = read ?? (await calendar.client.appointment(held.reference, 'booking'));
        read = undefined;
        if (!current) throw gone(held);
        if (current.status === 'cancelled') {
          throw new UpstreamError(
            'upstream_error',
            `ActuallyCare showing ${held.reference} was cancelled, so it cannot be moved`,
            409,
          );
        }
        if (!free.includes(agentId)) return undefined;
        version = current.version ?? undefined;
        before = { start_time: current.start_time, end_time: current.end_time };
      }
      const outcome = await calendar.client.updateAppointment(held.reference, {
        ...times,
        ...(version !== undefined ? { version } : {}),
      });
      if (outcome.ok) {
        if (!(await this.desk.calendars.mustYield(agentId, outcome.appointment, wanted, dayBefore(wanted))))
          return outcome.appointment;
        // Lost the new time to someone racing for it: back to where it was.
        await calendar.client.updateAppointment(held.reference, {
          ...before,
          ...(outcome.appointment.version != null ? { version: outcome.appointment.version } : {}),
        });
        return undefined;
      }
      if (outcome.reason === 'not_found') throw gone(held);
      if (fresh) throw keepsChanging(held);
    }
  }

  /**
   * A new showing in `agentId`'s calendar, then the old one deleted; undefined if the new time was lost to
   * someone racing for it.
   */
  private async moveTo(
    held: HeldBooking,
    old: Appointment & { agentId: string },
    wanted: SlotTimes,
    agentId: string,
  ): Promise<Appointment | undefined> {
    if (old.status === 'cancelled') {
      throw new UpstreamError(
        'upstream_error',
        `ActuallyCare showing ${held.reference} was cancelled, so it cannot be moved`,
        409,
      );
    }
    const target = this.desk.calendars.of(agentId);
    const source = this.desk.calendars.of(old.agentId);
    if (!target || !source) return undefined;
    const body = showing({
      property: held.property,
      times: wanted,
      guest: held.guest,
      consent: held.consent,
    });
    // The old showing's description carries what the visitor wrote; the new agent should read it too.
    const created = await target.client.createAppointment(
      old.description ? { ...body, description: old.description } : body,
    );
    if (await this.desk.calendars.mustYield(agentId, created, wanted, dayBefore(wanted))) {
      await target.client.deleteAppointment(created.id);
      return undefined;
    }
    try {
      await source.client.deleteAppointment(held.reference);
    } catch (error) {
      // Two showings for one visitor would hold two agents: give the new time up again, and say so.
      const undone = await target.client.deleteAppointment(created.id).then(
        () => true,
        () => false,
      );
      throw new UpstreamError(
        error instanceof UpstreamError ? error.code : 'upstream_unavailable',
        undone
          ? `ActuallyCare could not delete showing ${held.reference} after making its replacement, so the move was undone`
          : `ActuallyCare could not delete showing ${held.reference} nor its replacement ${created.id}: staff must delete one`,
        error instanceof UpstreamError ? error.status : undefined,
        { cause: error },
      );
    }
    return created;
  }

  /** Refuses (409) when the agent's time went to someone else while the showing was cancelled. */
  private async ensureStillFree(held: HeldBooking, current: Appointment, agentId: string): Promise<void> {
    const config = this.desk.branch(held.branch.id);
    const timeZone = config?.timeZone ?? held.branch.timeZone;
    const day = formatInTimeZone(new Date(current.start_time), timeZone, 'yyyy-MM-dd');
    const start = Date.parse(current.start_time);
    const end = Date.parse(current.end_time);
    const live = await this.desk.calendars.busy([agentId], addIsoDays(day, -1), 'booking');
    // The showing itself is cancelled, so the scheduled ones read are all someone else's.
    const free = this.desk
      .freeTimes(held.property, held.branch.id, live, day, 1)
      .some(
        (time) =>
          Date.parse(time.start) === start && Date.parse(time.end) === end && time.agentIds.includes(agentId),
      );
    if (!free) throw takenMeanwhile(held);
  }
}

/** The UTC day before a time's own: ActuallyCare filters by UTC date, so a read starts a day early. */
const dayBefore = (times: { start: string }) =>
  addIsoDays(new Date(times.start).toISOString().slice(0, 10), -1);

const takenMeanwhile = (held: HeldBooking) =>
  new UpstreamError(
    'upstream_error',
    `The time of ActuallyCare showing ${held.reference} was taken while it was cancelled, so it stays cancelled`,
    409,
  );

const keepsChanging = (held: HeldBooking) =>
  new UpstreamError(
    'upstream_unavailable',
    `ActuallyCare showing ${held.reference} changed twice while we changed it; try again`,
    409,
  );
