import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';
import { recheck, type BusyTime, type FreeTime, type SlotTimes } from '../../availability/index.ts';
import type { Branch, DiaryEntry, Property, StaffMember } from '../../contract/index.ts';
import { addIsoDays } from '../slot-time.ts';
import { UpstreamError, type BookOutcome, type HeldBooking } from '../types.ts';
import type { ActuallyCareClient } from './client.ts';
import { adaptFreeTimes, busyTimes, diaryEntry, parseSlotId, showing } from './mapping.ts';
import type { Appointment } from './schemas.ts';
import type { ActuallyCareBranch } from './settings.ts';

/** How far ahead of the new time's day a re-check looks, for alternatives when it was taken. */
const ALTERNATIVE_DAYS = 7;

/** What changing a showing needs from the backend that made it. */
export interface ShowingDesk {
  client: ActuallyCareClient;
  branch(id: string): ActuallyCareBranch | undefined;
  /** The property's free times from `busy`, by the branch's and the property's rules. */
  freeTimes(property: Property, branchId: string, busy: BusyTime[], from: string, days: number): FreeTime[];
  /** Forgets calendars read for visitors: they are older than what ActuallyCare now has. */
  invalidate(): void;
}

/** What the backend keeps with a showing to change it later: whose calendar, and the version it made. */
export function upstreamOf(appointment: Appointment): Record<string, string> {
  return {
    agentId: appointment.user_id,
    ...(appointment.version !== undefined ? { version: String(appointment.version) } : {}),
  };
}

/** A showing held in ActuallyCare, answered as a booking: what booking, moving and finding one all give back. */
export function showingBooked(
  appointment: Appointment,
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
    upstream: upstreamOf(appointment),
  };
}

const gone = (held: HeldBooking) =>
  new UpstreamError('upstream_error', `ActuallyCare no longer has showing ${held.reference}`, 404);

/**
 * Moving, cancelling and reinstating showings, and the staff's view of a branch. Every write names the
 * version it read, so a change someone made in the CRM meanwhile is seen (409 VERSION_CONFLICT), read again
 * and judged, never overwritten blindly.
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
    const { client } = this.desk;
    const day = wanted.start.slice(0, 10);
    try {
      const live = await client.scheduledAppointments(addIsoDays(day, -1), 'booking');
      // The showing's own time must not keep its agent from a time next to it.
      const busy = busyTimes(live.filter((row) => row.id !== held.reference));
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
      // A showing booked before its agent was kept with it is read to learn whose calendar it is in.
      let old = held.upstream?.agentId ? undefined : await this.current(held);
      const agentId = held.upstream?.agentId ?? old?.user_id;
      const order =
        agentId && check.agentIds.includes(agentId)
          ? [agentId, ...check.agentIds.filter((id) => id !== agentId)]
          : check.agentIds;
      for (const candidate of order) {
        let moved: Appointment | undefined;
        if (candidate === agentId) {
          moved = await this.moveInPlace(held, wanted, check.agentIds, old);
        } else {
          old ??= await this.current(held);
          moved = await this.moveTo(held, old, wanted, candidate);
        }
        if (moved) return showingBooked(moved, held.property, held.branch, wanted);
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
    const { client } = this.desk;
    try {
      for (let attempt = 0; ; attempt++) {
        const current = await client.appointment(held.reference, 'booking');
        if (!current) {
          // Deleted in the CRM: as cancelled as it gets, and nothing left to reinstate.
          if (cancelled) return;
          throw gone(held);
        }
        if ((current.status === 'cancelled') === cancelled) return;
        if (!cancelled) await this.ensureStillFree(held, current);
        const outcome = await client.updateAppointment(held.reference, {
          status: cancelled ? 'cancelled' : 'scheduled',
          ...(current.version !== undefined ? { version: current.version } : {}),
        });
        if (outcome.ok) return;
        if (outcome.reason === 'not_found') {
          if (cancelled) return;
          throw gone(held);
        }
        if (outcome.reason === 'conflict') throw takenMeanwhile(held);
        // Changed between our read and our write: read it again, once.
        if (attempt > 0) throw keepsChanging(held);
      }
    } finally {
      this.desk.invalidate();
    }
  }

  /**
   * The visitor's scheduled showing of the property at exactly these times, if ActuallyCare holds one. The
   * showing names its visitor as an attendee with the e-mail they booked with, which is what is matched.
   */
  async find(
    property: Property,
    branch: Branch,
    wanted: SlotTimes,
    email: string,
  ): Promise<Extract<BookOutcome, { ok: true }> | undefined> {
    // ActuallyCare filters by UTC date and has no end date: read from the day before, as booking does.
    const day = wanted.start.slice(0, 10);
    const rows = await this.desk.client.scheduledAppointments(addIsoDays(day, -1), 'booking');
    const address = email.trim().toLowerCase();
    const held = rows.find(
      (row) =>
        row.status === 'scheduled' &&
        row.appointment_type === 'showing' &&
        row.listing_id === property.id &&
        Date.parse(row.start_time) === Date.parse(wanted.start) &&
        Date.parse(row.end_time) === Date.parse(wanted.end) &&
        (row.attendees ?? []).some((attendee) => attendee.email?.trim().toLowerCase() === address),
    );
    return held && showingBooked(held, property, branch, wanted);
  }

  /** The branch's showings starting in the window, cancelled ones included, in start order. */
  async diary(branch: Branch, from: string, days: number): Promise<DiaryEntry[]> {
    const config = this.desk.branch(branch.id);
    if (!config) return [];
    const names = new Map(config.agents.map((agent) => [agent.userId, agent.name ?? agent.userId]));
    const start = fromZonedTime(`${from}T00:00:00`, config.timeZone).getTime();
    const end = fromZonedTime(`${addIsoDays(from, days)}T00:00:00`, config.timeZone).getTime();
    // ActuallyCare filters by UTC date and has no end date: read from the day before, keep the window.
    const rows = await this.desk.client.showings(addIsoDays(from, -1), 'slots');
    return rows
      .filter((row) => {
        const at = Date.parse(row.start_time);
        return names.has(row.user_id) && at >= start && at < end;
      })
      .map((row) => diaryEntry(row, config, names.get(row.user_id) ?? row.user_id));
  }

  /** ActuallyCare has no documented call for its users: the branch's agents are the configured ones. */
  staff(branch: Branch): StaffMember[] {
    return (this.desk.branch(branch.id)?.agents ?? []).map((agent) => ({
      id: agent.userId,
      name: agent.name ?? agent.userId,
      branchId: branch.id,
    }));
  }

  private async current(held: HeldBooking): Promise<Appointment> {
    const appointment = await this.desk.client.appointment(held.reference, 'booking');
    if (!appointment) throw gone(held);
    return appointment;
  }

  /**
   * Moves the appointment in its agent's calendar, with the version kept at booking. A stale version means
   * someone changed it in the CRM: it is read again, and moved only if it is still live with an agent free
   * at the new time. `known` is the appointment when it was just read. Undefined when the calendar refused
   * the time.
   */
  private async moveInPlace(
    held: HeldBooking,
    wanted: SlotTimes,
    free: readonly string[],
    known: Appointment | undefined,
  ): Promise<Appointment | undefined> {
    const times = {
      start_time: new Date(wanted.start).toISOString(),
      end_time: new Date(wanted.end).toISOString(),
    };
    const kept = Number(held.upstream?.version);
    let version = Number.isInteger(kept) && kept > 0 ? kept : undefined;
    let read = known;
    for (let fresh = read !== undefined || version === undefined; ; fresh = true) {
      if (fresh) {
        const current = read ?? (await this.current(held));
        read = undefined;
        if (current.status === 'cancelled') {
          throw new UpstreamError(
            'upstream_error',
            `ActuallyCare showing ${held.reference} was cancelled, so it cannot be moved`,
            409,
          );
        }
        if (!free.includes(current.user_id)) return undefined;
        version = current.version;
      }
      const outcome = await this.desk.client.updateAppointment(held.reference, {
        ...times,
        ...(version !== undefined ? { version } : {}),
      });
      if (outcome.ok) return outcome.appointment;
      if (outcome.reason === 'conflict') return undefined;
      if (outcome.reason === 'not_found') throw gone(held);
      if (fresh) throw keepsChanging(held);
    }
  }

  /** A new showing in `agentId`'s calendar, then the old one deleted; undefined if that calendar refused. */
  private async moveTo(
    held: HeldBooking,
    old: Appointment,
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
    const { client } = this.desk;
    const body = showing({
      property: held.property,
      times: wanted,
      agentId,
      guest: held.guest,
      consent: held.consent,
    });
    // The old showing's description carries what the visitor wrote; the new agent should read it too.
    const created = await client.createAppointment(
      old.description ? { ...body, description: old.description } : body,
    );
    if (!created.ok) return undefined;
    try {
      await client.deleteAppointment(held.reference);
    } catch (error) {
      // Two showings for one visitor would hold two agents: give the new time up again, and say so.
      const undone = await client.deleteAppointment(created.appointment.id).then(
        () => true,
        () => false,
      );
      throw new UpstreamError(
        error instanceof UpstreamError ? error.code : 'upstream_unavailable',
        undone
          ? `ActuallyCare could not delete showing ${held.reference} after making its replacement, so the move was undone`
          : `ActuallyCare could not delete showing ${held.reference} nor its replacement ${created.appointment.id}: staff must delete one`,
        error instanceof UpstreamError ? error.status : undefined,
        { cause: error },
      );
    }
    return created.appointment;
  }

  /** Refuses (409) when the agent's time went to someone else while the showing was cancelled. */
  private async ensureStillFree(held: HeldBooking, current: Appointment): Promise<void> {
    const config = this.desk.branch(held.branch.id);
    const timeZone = config?.timeZone ?? held.branch.timeZone;
    const day = formatInTimeZone(new Date(current.start_time), timeZone, 'yyyy-MM-dd');
    const live = await this.desk.client.scheduledAppointments(addIsoDays(day, -1), 'booking');
    const busy = busyTimes(live.filter((row) => row.id !== current.id));
    const start = Date.parse(current.start_time);
    const end = Date.parse(current.end_time);
    const free = this.desk
      .freeTimes(held.property, held.branch.id, busy, day, 1)
      .some(
        (time) =>
          Date.parse(time.start) === start &&
          Date.parse(time.end) === end &&
          time.agentIds.includes(current.user_id),
      );
    if (!free) throw takenMeanwhile(held);
  }
}

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
