import { fromZonedTime } from 'date-fns-tz';
import {
  recheck,
  type AgentRules,
  type BusyTime,
  type FreeTime,
  type PropertyRules,
  type SlotTimes,
} from '../../availability/index.ts';
import type { Branch, DiaryEntry, Property, StaffMember } from '../../contract/index.ts';
import type { CallPriority } from '../budget.ts';
import { addIsoDays } from '../slot-time.ts';
import { UpstreamError, type BookOutcome, type HeldBooking } from '../types.ts';
import type { OfficePlaceClient } from './client.ts';
import { keepsTime } from './overlap.ts';
import {
  adaptFreeTimes,
  diaryEntry,
  instant,
  isViewing,
  mentionsEmail,
  parseSlotId,
  viewingAppointment,
} from './mapping.ts';
import type { Calendar, PreviewItem } from './schemas.ts';
import type { OfficePlaceBranch } from './settings.ts';

/** How far ahead of the new time's day a re-check looks, for alternatives when it was taken. */
const ALTERNATIVE_DAYS = 7;
/** A calendar preview covers at most 62 days; the diary reads longer windows in pieces. */
const PREVIEW_DAYS = 31;

/** What changing a viewing needs from the backend that made it. */
export interface CalendarDesk {
  client: OfficePlaceClient;
  /** The directory tenant of agents who have none of their own. */
  domainId: string;
  /** The create body's `showAsStatus` for a busy entry. */
  showAsStatus: string | number;
  /** The property's branch, the agents who may show it and its own rules, from the catalogue. */
  lookup(
    property: Property,
    branchId: string,
  ): Promise<{ config: OfficePlaceBranch; agents: AgentRules[]; rules: PropertyRules | undefined }>;
  branch(branchId: string): Promise<OfficePlaceBranch | undefined>;
  /** The catalogue property at an address, for diary entries read back from a calendar. */
  propertyAt(address: string): Promise<string | undefined>;
  /** The agents' busy times, read live, leaving out the appointment `ignoring`. */
  calendars(
    config: OfficePlaceBranch,
    agents: readonly AgentRules[],
    from: string,
    days: number,
    priority: CallPriority,
    ignoring?: string,
  ): Promise<BusyTime[]>;
  freeTimes(
    config: OfficePlaceBranch,
    agents: readonly AgentRules[],
    rules: PropertyRules | undefined,
    busy: BusyTime[],
    from: string,
    days: number,
  ): FreeTime[];
  /** Forgets calendars read for visitors: they are older than what OfficePlace now has. */
  invalidate(agentIds: readonly string[]): void;
}

/** Which calendar a viewing went into: what every later call about it must name. */
export const upstreamOf = (calendar: Calendar): Record<string, string> => ({
  adId: calendar.adId,
  domainId: calendar.domainId,
});

/** A viewing held in a calendar, answered as a booking: what booking, moving and finding one all give back. */
export function viewingBooked(
  reference: string,
  calendar: Calendar,
  property: Property,
  branch: Branch,
  times: SlotTimes,
  timeZone: string,
): Extract<BookOutcome, { ok: true }> {
  return {
    ok: true,
    booking: {
      reference,
      propertyId: property.id,
      branchId: branch.id,
      start: times.start,
      end: times.end,
      timeZone,
      status: 'confirmed',
    },
    upstream: upstreamOf(calendar),
  };
}

function calendarOf(held: HeldBooking): Calendar {
  const { adId, domainId } = held.upstream ?? {};
  if (!adId || !domainId) {
    throw new UpstreamError(
      'upstream_error',
      `OfficePlace viewing ${held.reference} was kept without its calendar, so it cannot be found to change it`,
    );
  }
  return { adId, domainId };
}

/**
 * Whether a calendar entry is at this address: by its location, or, where the Connector does not give one
 * back (`location` is not in its published DTO), by the subject our booking wrote.
 */
const atAddress = (item: PreviewItem, address: string): boolean =>
  item.location !== undefined
    ? item.location.trim() === address.trim()
    : (item.subject ?? '').includes(address.trim());

const gone = (held: HeldBooking) =>
  new UpstreamError(
    'upstream_error',
    `OfficePlace no longer has viewing ${held.reference} in its agent's calendar`,
    404,
  );

/**
 * Moving and cancelling viewings in the agents' Outlook calendars, and the staff's view of a branch.
 * Cancelling deletes the appointment (the Connector has no cancelled state to set), so a cancelled viewing
 * cannot be reinstated: the visitor books a new time instead.
 */
export class ManagedViewings {
  constructor(private readonly desk: CalendarDesk) {}

  /**
   * The same agent keeps the same appointment, moved with PUT. When only another agent is free, the viewing
   * is created in their calendar first and the old one deleted after, so the visitor never holds none; if
   * the deletion fails the new one is deleted again, so they never hold two.
   */
  async reschedule(held: HeldBooking, slotId: string): Promise<BookOutcome> {
    const wanted = parseSlotId(slotId);
    if (!wanted) return { ok: false, code: 'invalid_slot' };
    const calendar = calendarOf(held);
    const { config, agents, rules } = await this.desk.lookup(held.property, held.branch.id);
    const day = wanted.start.slice(0, 10);
    try {
      // The viewing's own entry must not keep its agent from a time next to it.
      const live = await this.desk.calendars(
        config,
        agents,
        day,
        ALTERNATIVE_DAYS,
        'booking',
        held.reference,
      );
      const check = recheck(this.desk.freeTimes(config, agents, rules, live, day, ALTERNATIVE_DAYS), wanted);
      const taken = (): BookOutcome => ({
        ok: false,
        code: 'slot_taken',
        alternatives: adaptFreeTimes(check.alternatives),
      });
      if (!check.free) return taken();
      const order = check.agentIds.includes(calendar.adId)
        ? [calendar.adId, ...check.agentIds.filter((id) => id !== calendar.adId)]
        : check.agentIds;
      for (const adId of order) {
        const target: Calendar = {
          adId,
          domainId: config.agents.find((agent) => agent.adId === adId)?.domainId ?? this.desk.domainId,
        };
        const reference =
          adId === calendar.adId
            ? await this.moveInPlace(held, calendar, wanted, config.timeZone)
            : await this.moveTo(held, calendar, target, wanted, config.timeZone);
        if (reference) {
          return viewingBooked(reference, target, held.property, held.branch, wanted, config.timeZone);
        }
      }
      return taken();
    } finally {
      this.desk.invalidate(agents.map((agent) => agent.id));
    }
  }

  /**
   * Cancelling deletes the appointment; one already gone counts as cancelled. Reinstating is refused with
   * a clear error, since a deleted appointment cannot come back; a viewing that was never cancelled is left
   * as it is.
   */
  async setCancelled(held: HeldBooking, cancelled: boolean): Promise<void> {
    const calendar = calendarOf(held);
    if (cancelled) {
      try {
        await this.desk.client.remove(calendar, held.reference);
      } finally {
        this.desk.invalidate([calendar.adId]);
      }
      return;
    }
    if (await this.desk.client.appointment(calendar, held.reference, 'booking')) return;
    throw new UpstreamError(
      'upstream_error',
      `OfficePlace deletes a cancelled viewing from the agent's calendar, so viewing ${held.reference} cannot be reinstated: book a new time instead`,
    );
  }

  /**
   * The visitor's viewing of the property at exactly these times, if an agent's calendar holds one.
   * OfficePlace keeps no visitor record: only the text our booking wrote says who is coming. Entries of the
   * agents who may show the property are narrowed by time, address (the location) and a viewing's subject,
   * then each is read whole for the e-mail address in its body.
   */
  async find(
    property: Property,
    branch: Branch,
    wanted: SlotTimes,
    email: string,
  ): Promise<Extract<BookOutcome, { ok: true }> | undefined> {
    const { config, agents } = await this.desk.lookup(property, branch.id);
    const start = new Date(wanted.start);
    const end = new Date(wanted.end);
    const calendars = await Promise.all(
      agents.map(async (agent) => {
        const calendar: Calendar = {
          adId: agent.id,
          domainId: config.agents.find((one) => one.adId === agent.id)?.domainId ?? this.desk.domainId,
        };
        const { items } = await this.desk.client.preview(
          calendar.domainId,
          calendar.adId,
          start,
          end,
          'booking',
        );
        return { calendar, items };
      }),
    );
    for (const { calendar, items } of calendars) {
      for (const item of items) {
        // A cancelled entry no longer holds the visitor's time; a deleted one is not listed at all.
        if (
          item.isCancelled ||
          !isViewing(item) ||
          !atAddress(item, property.address) ||
          instant(item.startTime, item.timeZone).getTime() !== start.getTime() ||
          instant(item.endTime, item.timeZone).getTime() !== end.getTime()
        ) {
          continue;
        }
        const detail = await this.desk.client.appointment(calendar, item.appointmentId, 'booking');
        if (!detail?.body || !mentionsEmail(detail.body.content, email)) continue;
        return viewingBooked(item.appointmentId, calendar, property, branch, wanted, config.timeZone);
      }
    }
    return undefined;
  }

  /**
   * The branch's viewings starting in the window, read from each agent's calendar. Deleted (cancelled)
   * viewings are gone from OfficePlace; only those Outlook marks cancelled show as cancelled.
   */
  async diary(branch: Branch, from: string, days: number): Promise<DiaryEntry[]> {
    const config = await this.desk.branch(branch.id);
    if (!config) return [];
    const start = fromZonedTime(`${from}T00:00:00`, config.timeZone);
    const end = fromZonedTime(`${addIsoDays(from, days)}T00:00:00`, config.timeZone);
    const perAgent = await Promise.all(
      config.agents.map(async (agent) => {
        const domainId = agent.domainId ?? this.desk.domainId;
        const items: PreviewItem[] = [];
        for (let at = start.getTime(); at < end.getTime(); at += PREVIEW_DAYS * 86_400_000) {
          const until = new Date(Math.min(end.getTime(), at + PREVIEW_DAYS * 86_400_000));
          const read = await this.desk.client.preview(domainId, agent.adId, new Date(at), until, 'slots');
          items.push(...read.items);
        }
        return { agent, items };
      }),
    );
    const entries = new Map<string, DiaryEntry>();
    for (const { agent, items } of perAgent) {
      for (const item of items) {
        const at = instant(item.startTime, item.timeZone).getTime();
        // A preview lists entries overlapping its range: one that began before the window is not in it.
        if (!isViewing(item) || at < start.getTime() || at >= end.getTime()) continue;
        const propertyId = item.location ? await this.desk.propertyAt(item.location) : undefined;
        entries.set(
          item.appointmentId,
          diaryEntry(item, config, { id: agent.adId, name: agent.name ?? agent.adId }, propertyId),
        );
      }
    }
    return [...entries.values()].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  }

  /** OfficePlace has no staff of its own: the branch's agents are those of the catalogue. */
  async staff(branch: Branch): Promise<StaffMember[]> {
    const config = await this.desk.branch(branch.id);
    return (config?.agents ?? []).map((agent) => ({
      id: agent.adId,
      name: agent.name ?? agent.adId,
      branchId: branch.id,
    }));
  }

  /**
   * The new reference (the same one), or undefined when the time was taken: refused by the calendar, or
   * found taken when read back (`keepsTime`), in which case the viewing is moved back to where it was.
   */
  private async moveInPlace(
    held: HeldBooking,
    calendar: Calendar,
    wanted: SlotTimes,
    timeZone: string,
  ): Promise<string | undefined> {
    const move = (times: SlotTimes) =>
      this.desk.client.update({
        ...calendar,
        appointmentId: held.reference,
        startTime: times.start,
        endTime: times.end,
        timeZone,
      });
    const outcome = await move(wanted);
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') throw gone(held);
      return undefined;
    }
    if (await keepsTime(this.desk.client, calendar, held.reference, wanted)) return held.reference;
    const back = await move({ start: held.start, end: held.end });
    if (!back.ok) {
      throw new UpstreamError(
        'upstream_error',
        `OfficePlace viewing ${held.reference} was moved onto a time taken meanwhile and could not be moved back: staff must move it`,
      );
    }
    return undefined;
  }

  /** The new viewing's reference, or undefined when the target calendar refused the time. */
  private async moveTo(
    held: HeldBooking,
    calendar: Calendar,
    target: Calendar,
    wanted: SlotTimes,
    timeZone: string,
  ): Promise<string | undefined> {
    const { client } = this.desk;
    const old = await client.appointment(calendar, held.reference, 'booking');
    if (!old) throw gone(held);
    const fresh = viewingAppointment({
      property: held.property,
      times: wanted,
      calendar: target,
      timeZone,
      showAsStatus: this.desk.showAsStatus,
      guest: held.guest,
      consent: held.consent,
    });
    // The old entry's text carries what the visitor wrote; the new agent should read it too.
    const created = await client.create({
      ...fresh,
      ...(old.subject ? { subject: old.subject } : {}),
      ...(old.body ? { body: old.body } : {}),
    });
    if (!created.ok) return undefined;
    // Read back like a booking: a viewing that gives way is deleted, and the old one stays.
    const keeps = await keepsTime(client, target, created.appointmentId, wanted).catch(async (error) => {
      await client.remove(target, created.appointmentId).catch(() => undefined);
      throw error;
    });
    if (!keeps) {
      await client.remove(target, created.appointmentId);
      return undefined;
    }
    try {
      await client.remove(calendar, held.reference);
    } catch (error) {
      const undone = await client.remove(target, created.appointmentId).then(
        () => true,
        () => false,
      );
      throw new UpstreamError(
        error instanceof UpstreamError ? error.code : 'upstream_unavailable',
        undone
          ? `OfficePlace could not delete viewing ${held.reference} after making its replacement, so the move was undone`
          : `OfficePlace could not delete viewing ${held.reference} nor its replacement ${created.appointmentId}: staff must delete one`,
        error instanceof UpstreamError ? error.status : undefined,
        { cause: error },
      );
    }
    return created.appointmentId;
  }
}
