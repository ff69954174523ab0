import type { Branch, DiaryEntry, Property, StaffMember } from '../../contract/index.ts';
import type { CallPriority } from '../budget.ts';
import { addIsoDays } from '../slot-time.ts';
import { UpstreamError, type BookOutcome, type HeldBooking } from '../types.ts';
import type { PexipEngageClient } from './client.ts';
import {
  adaptBooking,
  adaptTimeSlots,
  canonicalInstant,
  diaryEntry,
  fullName,
  localDateOf,
  parseSlotId,
  participantOf,
  startOfLocalDay,
  type SlotKey,
} from './mapping.ts';
import type { Appointment, Customer, Employee, MeetingType, Subject, TimeSlot } from './schemas.ts';

/** The re-check reads the new time's day and the week after it, enough to offer alternatives. */
const RECHECK_DAYS = 7;
/** How many other free times a visitor is offered when theirs was taken. */
const ALTERNATIVES = 6;
/** Customer and employee ids per look-up, so the query string stays a comfortable length. */
const IDS_PER_READ = 50;
/** The staff of an office are those with free viewing times or appointments there over this many days. */
const STAFF_DAYS = 14;

/** What changing an appointment needs from the backend that made it. */
export interface EngageDesk {
  client: PexipEngageClient;
  /** The viewing subject's free times at the office, for the property when given, read live by default. */
  timetable(
    property: Property | undefined,
    branch: Branch,
    from: string,
    days: number,
    priority?: CallPriority,
  ): Promise<TimeSlot[]>;
  viewingSubject(): Promise<Subject>;
  meetingType: MeetingType;
  now: () => Date;
}

/** Who an appointment is with: what a later move needs without reading it back first. */
export function upstreamOf(
  appointment: Appointment,
  known: { employeeId?: string | undefined; customerId?: string | undefined } = {},
): Record<string, string> {
  const employeeId = participantOf(appointment, 'EMPLOYEE') ?? known.employeeId;
  const customerId = participantOf(appointment, 'CUSTOMER') ?? known.customerId;
  return { ...(employeeId ? { employeeId } : {}), ...(customerId ? { customerId } : {}) };
}

const gone = (held: HeldBooking) =>
  new UpstreamError('upstream_error', `Pexip Engage has no appointment ${held.reference}`, 404);

const notMovable = (held: HeldBooking) =>
  new UpstreamError(
    'upstream_error',
    `Pexip Engage appointment ${held.reference} was cancelled, so it cannot be moved`,
    422,
  );

/**
 * Moving, cancelling and reopening Pexip Engage appointments, and the staff's view of an office. Every
 * change goes through Pexip itself, which announces it by webhook (RESCHEDULE, CANCEL, REOPEN, CREATE) as
 * it does for changes made in its back office.
 */
export class ManagedAppointments {
  constructor(private readonly desk: EngageDesk) {}

  /**
   * The same employee keeps the same appointment, rescheduled. When only another employee is free then, a new
   * appointment is made with them first and the old one cancelled after (undone if that fails), so the
   * visitor never holds none or two.
   */
  async reschedule(held: HeldBooking, slotId: string): Promise<BookOutcome> {
    const wanted = parseSlotId(slotId);
    const { branch, property } = held;
    if (!wanted || wanted.officeId !== branch.id) return { ok: false, code: 'invalid_slot' };
    if (
      Date.parse(wanted.start) === Date.parse(held.start) &&
      Date.parse(wanted.end) === Date.parse(held.end)
    ) {
      // Its employee is busy then with this very appointment, so the timetable never lists the time as free:
      // asking would hand the visitor's own time to someone else. Nothing moves.
      return {
        ok: true,
        booking: adaptBooking({ id: held.reference, status: 'ACCEPTED' }, wanted, property, branch),
        ...(held.upstream ? { upstream: held.upstream } : {}),
      };
    }
    const live = await this.desk.timetable(
      property,
      branch,
      localDateOf(wanted.start, branch.timeZone),
      RECHECK_DAYS,
    );
    const matches = (slot: TimeSlot) =>
      canonicalInstant(slot.start) === wanted.start && canonicalInstant(slot.end) === wanted.end;
    const taken = (): BookOutcome => ({
      ok: false,
      code: 'slot_taken',
      alternatives: adaptTimeSlots(
        live.filter((slot) => !matches(slot)),
        branch.id,
        branch.timeZone,
      ).slice(0, ALTERNATIVES),
    });
    const free = live.find(matches)?.employees.map((employee) => employee.id) ?? [];
    if (free.length === 0) return taken();

    // An appointment booked before its employee was kept with it is read to learn who it is with.
    let current = held.upstream?.employeeId ? undefined : await this.current(held);
    const employeeId = held.upstream?.employeeId ?? (current && participantOf(current, 'EMPLOYEE'));
    const order =
      employeeId && free.includes(employeeId)
        ? [employeeId, ...free.filter((id) => id !== employeeId)]
        : free;
    for (const candidate of order) {
      if (candidate === employeeId) {
        const outcome = await this.desk.client.rescheduleAppointment(held.reference, wanted);
        if (outcome.ok) {
          return {
            ok: true,
            booking: adaptBooking(outcome.appointment, wanted, property, branch),
            upstream: upstreamOf(outcome.appointment, { employeeId, customerId: held.upstream?.customerId }),
          };
        }
        if (outcome.reason === 'already_cancelled') throw notMovable(held);
        if (outcome.reason === 'not_found') throw gone(held);
        continue;
      }
      current ??= await this.current(held);
      const made = await this.moveTo(held, current, wanted, candidate);
      if (made) {
        return {
          ok: true,
          booking: adaptBooking(made.appointment, wanted, property, branch),
          upstream: upstreamOf(made.appointment, { employeeId: candidate, customerId: made.customerId }),
        };
      }
    }
    return taken();
  }

  /**
   * Cancelling asks Pexip to cancel (its reason goes along as the message); one already cancelled or gone
   * counts as done. Reopening a cancelled one is refused (409) when its employee's time went meanwhile.
   */
  async setCancelled(held: HeldBooking, cancelled: boolean, reason?: string): Promise<void> {
    const { client } = this.desk;
    if (cancelled) {
      const outcome = await client.cancelAppointment(held.reference, reason);
      if (outcome.ok || outcome.reason === 'already_cancelled' || outcome.reason === 'not_found') return;
      throw new UpstreamError(
        'upstream_error',
        `Pexip Engage would not cancel appointment ${held.reference} (${outcome.reason})`,
      );
    }
    const outcome = await client.reopenAppointment(held.reference);
    if (outcome.ok || outcome.reason === 'not_cancelled') return;
    if (outcome.reason === 'not_found') throw gone(held);
    throw new UpstreamError(
      'upstream_error',
      `The time of Pexip Engage appointment ${held.reference} was taken while it was cancelled, so it stays cancelled`,
      409,
    );
  }

  /**
   * The visitor's appointment for the listing at exactly these times, if Pexip holds one that is not
   * cancelled. An appointment names its customer by id only, so the candidates' customers are read to
   * compare their e-mail: the one address a booking always attaches the visitor by.
   */
  async find(
    property: Property,
    branch: Branch,
    wanted: SlotKey,
    email: string,
  ): Promise<Extract<BookOutcome, { ok: true }> | undefined> {
    const { client } = this.desk;
    const subject = await this.desk.viewingSubject();
    const rows = await client.appointments(
      {
        officeId: branch.id,
        subjectId: subject.id,
        listingId: property.id,
        from: wanted.start,
        to: wanted.end,
      },
      'booking',
    );
    // The filters are ours too: a list that ignores one must not hand back another home or an overlap.
    const candidates = rows.filter(
      (row) =>
        row.status !== 'CANCELLED' &&
        row.listing?.id === property.id &&
        row.start != null &&
        row.end != null &&
        canonicalInstant(row.start) === wanted.start &&
        canonicalInstant(row.end) === wanted.end,
    );
    const ids = candidates.flatMap((row) => participantOf(row, 'CUSTOMER') ?? []);
    if (ids.length === 0) return undefined;
    const address = email.trim().toLowerCase();
    const customers = await this.customers(ids, 'booking');
    const visitor = new Set(
      customers.filter((one) => one.email?.trim().toLowerCase() === address).map((one) => one.id),
    );
    const held = candidates.find((row) => visitor.has(participantOf(row, 'CUSTOMER') ?? ''));
    if (!held) return undefined;
    return {
      ok: true,
      booking: adaptBooking(held, wanted, property, branch),
      upstream: upstreamOf(held),
    };
  }

  /** The office's viewings starting in the window, cancelled ones included, with who shows them to whom. */
  async diary(branch: Branch, from: string, days: number): Promise<DiaryEntry[]> {
    const { client } = this.desk;
    const subject = await this.desk.viewingSubject();
    const start = startOfLocalDay(from, branch.timeZone);
    const end = startOfLocalDay(addIsoDays(from, days), branch.timeZone);
    const rows = await client.appointments(
      { officeId: branch.id, subjectId: subject.id, from: start, to: end },
      'slots',
    );
    // The list holds what overlaps the window; the diary shows what starts in it.
    const inWindow = rows.flatMap((row) =>
      row.start &&
      row.end &&
      Date.parse(row.start) >= Date.parse(start) &&
      Date.parse(row.start) < Date.parse(end)
        ? [{ ...row, start: row.start, end: row.end }]
        : [],
    );
    const [customers, employees] = await Promise.all([
      this.customerNames(inWindow.flatMap((row) => participantOf(row, 'CUSTOMER') ?? [])),
      this.employees(inWindow.flatMap((row) => participantOf(row, 'EMPLOYEE') ?? [])),
    ]);
    const names = {
      employees: new Map(employees.map((employee) => [employee.id, fullName(employee)])),
      customers,
    };
    return inWindow
      .map((row) => diaryEntry(row, branch, names))
      .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  }

  /**
   * The office's active employees. Pexip's employee list has no office filter and an employee no office,
   * so the office's staff are the employees its agenda names: free for viewings there, or with an
   * appointment there, over the coming two weeks.
   */
  async staff(branch: Branch): Promise<StaffMember[]> {
    const from = localDateOf(this.desk.now().toISOString(), branch.timeZone);
    const [free, rows] = await Promise.all([
      this.desk.timetable(undefined, branch, from, STAFF_DAYS, 'slots'),
      this.desk.client.appointments(
        {
          officeId: branch.id,
          from: startOfLocalDay(from, branch.timeZone),
          to: startOfLocalDay(addIsoDays(from, STAFF_DAYS), branch.timeZone),
        },
        'slots',
      ),
    ]);
    const ids = [
      ...free.flatMap((slot) => slot.employees.map((employee) => employee.id)),
      ...rows.flatMap((row) => participantOf(row, 'EMPLOYEE') ?? []),
    ];
    const employees = await this.employees(ids);
    return employees
      .filter((employee) => !employee.status || employee.status === 'ACTIVE')
      .map((employee) => ({ id: employee.id, name: fullName(employee), branchId: branch.id }));
  }

  private async current(held: HeldBooking): Promise<Appointment> {
    const appointment = await this.desk.client.appointment(held.reference, 'booking');
    if (!appointment) throw gone(held);
    return appointment;
  }

  /** A new appointment with `employeeId`, then the old one cancelled; undefined if Pexip refused the time. */
  private async moveTo(
    held: HeldBooking,
    old: Appointment,
    wanted: { start: string; end: string },
    employeeId: string,
  ): Promise<{ appointment: Appointment; customerId: string } | undefined> {
    if (old.status === 'CANCELLED') throw notMovable(held);
    const customerId = participantOf(old, 'CUSTOMER') ?? held.upstream?.customerId;
    if (!customerId) {
      throw new UpstreamError(
        'upstream_error',
        `Pexip Engage appointment ${held.reference} names no customer to move`,
      );
    }
    const { client } = this.desk;
    const created = await client.createAppointment({
      start: wanted.start,
      end: wanted.end,
      subjectId: old.subject?.id ?? (await this.desk.viewingSubject()).id,
      officeId: held.branch.id,
      meetingType: old.meetingType ?? this.desk.meetingType,
      listingId: old.listing?.id ?? held.property.id,
      appointmentParticipants: [
        { role: 'PRIMARY', participantId: customerId, type: 'CUSTOMER' },
        { role: 'PRIMARY', participantId: employeeId, type: 'EMPLOYEE' },
      ],
      // What the visitor wrote and agreed to goes with the viewing to its new employee.
      internalNotes:
        old.internalNotes ?? `Viewing of ${held.property.title}, ${held.property.address}, moved online.`,
      metadata: old.metadata ?? { source: 'viewing-widget' },
    });
    if (!created.ok) return undefined;
    let failure: unknown;
    try {
      const outcome = await client.cancelAppointment(held.reference, 'Moved to another time.');
      if (outcome.ok || outcome.reason === 'already_cancelled' || outcome.reason === 'not_found') {
        return { appointment: created.appointment, customerId };
      }
      failure = new UpstreamError('upstream_error', `Pexip Engage refused to cancel (${outcome.reason})`);
    } catch (error) {
      failure = error;
    }
    const undone = await client.cancelAppointment(created.appointment.id, 'Move undone.').then(
      (outcome) => outcome.ok,
      () => false,
    );
    throw new UpstreamError(
      failure instanceof UpstreamError ? failure.code : 'upstream_unavailable',
      undone
        ? `Pexip Engage could not cancel appointment ${held.reference} after making its replacement, so the move was undone`
        : `Pexip Engage could not cancel appointment ${held.reference} nor its replacement ${created.appointment.id}: staff must cancel one`,
      failure instanceof UpstreamError ? failure.status : undefined,
      { cause: failure },
    );
  }

  /**
   * Customers' names by id. A client without the customers scope still gets its diary, without viewers'
   * names.
   */
  private async customerNames(ids: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    try {
      for (const customer of await this.customers(ids, 'slots')) names.set(customer.id, fullName(customer));
    } catch (error) {
      if (!(error instanceof UpstreamError && error.status === 403)) throw error;
    }
    return names;
  }

  /** Customers by id, a few dozen per read. */
  private customers(ids: readonly string[], priority: CallPriority): Promise<Customer[]> {
    return inBatches(ids, (batch) => this.desk.client.customers(batch, priority));
  }

  /** Employees by id, a few dozen per read. */
  private employees(ids: readonly string[]): Promise<Employee[]> {
    return inBatches(ids, (batch) => this.desk.client.employees(batch, 'slots'));
  }
}

/** Reads records by id, each id once, a few dozen per read. */
async function inBatches<T>(ids: readonly string[], read: (batch: string[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(ids)];
  const found: T[] = [];
  for (let at = 0; at < unique.length; at += IDS_PER_READ) {
    found.push(...(await read(unique.slice(at, at + IDS_PER_READ))));
  }
  return found;
}
