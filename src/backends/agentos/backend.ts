import { SkippedRecords } from '../skipped.ts';
import type { Capabilities } from '../types.ts';
import type {
  Branch,
  Consent,
  DiaryEntry,
  Feedback,
  Property,
  Slot,
  StaffMember,
} from '../../contract/index.ts';
import { addIsoDays, localToOffset } from '../slot-time.ts';
import {
  UpstreamError,
  type Backend,
  type BookInput,
  type BookOutcome,
  type Catalog,
  type HeldBooking,
  type SlotWindow,
  type VisitorMessage,
} from '../types.ts';
import { AgentOSClient, type AgentOSClientOptions, type DiaryOutcome } from './client.ts';
import {
  adaptAllocations,
  adaptAppointment,
  adaptBranch,
  adaptLettings,
  adaptSales,
  adaptStaff,
  feedbackText,
  normaliseLocal,
  parseSlotId,
  staffName,
} from './mapping.ts';
import type { AgentAppointmentType, Allocation } from './schemas.ts';

export interface AgentOSBackendOptions extends AgentOSClientOptions {
  /** agentOS gives times in the company's zone and does not name it. */
  timeZone?: string;
  /** Which appointment type is a viewing, when the company has several of SystemType `Viewing`. */
  viewingTypeId?: string;
  /**
   * `branch` (default): allocations are the negotiators' hours of a branch and department, the same for every
   * home there, so one read serves all of them; this is what keeps a busy site inside 50 calls a minute.
   * `property`: the agency sets allocations per property, so each home is read on its own.
   */
  allocationsPer?: 'branch' | 'property';
}

/** agentOS answers the preferred date plus the seven days after it. */
const ALLOCATION_SPAN_DAYS = 8;
/** How many other free times a visitor is offered when theirs was taken. */
const ALTERNATIVES = 6;

/** The agentOS V4 booking workflow behind the proxy's Backend interface. */
export class AgentOSBackend implements Backend {
  readonly name = 'agentos';
  readonly title = 'agentOS';
  readonly capabilities: Capabilities = {
    reinstate: 'reference',
    nativeMove: true,
    messages: true,
    feedback: true,
    consent: true,
    photos: true,
    webhooks: false,
    direct: { cancel: true, uncancel: true, reschedule: true, negotiatorKey: 'staffId', refusals: {} },
  };
  readonly skipped = new SkippedRecords('agentos');
  readonly client: AgentOSClient;
  private readonly timeZone: string;
  private readonly perProperty: boolean;
  private viewingType: Promise<AgentAppointmentType> | undefined;

  constructor(private readonly options: AgentOSBackendOptions) {
    this.client = new AgentOSClient(options);
    this.timeZone = options.timeZone ?? 'Europe/London';
    this.perProperty = options.allocationsPer === 'property';
  }

  async loadCatalog(): Promise<Catalog> {
    const upstreamBranches = await this.client.branches();
    const branches = upstreamBranches.map((branch) => adaptBranch(branch, this.timeZone));
    const properties: Property[] = [];
    for (const branch of branches) {
      // Advertised lists do not name their branch, so each branch is read on its own.
      const [lettings, sales] = await Promise.all([
        this.client.lettingsAdvertised(branch.id),
        this.client.salesAdvertised(branch.id),
      ]);
      properties.push(
        ...lettings.map((row) => adaptLettings(row, branch.id)),
        ...sales.map((row) => adaptSales(row, branch.id)),
      );
    }
    // The viewing type is catalog too: refreshed with it, never looked up on a visitor's request.
    this.viewingType = this.findViewingType();
    await this.viewingType;
    return { branches, properties };
  }

  async listSlots({ property, branch, from, days, priority = 'slots' }: SlotWindow): Promise<Slot[]> {
    const type = await this.appointmentType();
    const until = addIsoDays(from, days);
    const allocations: Allocation[] = [];
    for (let day = from; day < until; day = addIsoDays(day, ALLOCATION_SPAN_DAYS)) {
      allocations.push(
        ...(await this.client.allocations(this.allocationQuery(type, property, branch.id, day), priority)),
      );
    }
    const inWindow = allocations.filter((a) => {
      const date = normaliseLocal(a.Start).slice(0, 10);
      return date >= from && date < until;
    });
    return adaptAllocations(inWindow, branch.timeZone);
  }

  async book({ property, branch, slotId, guest, consent, message }: BookInput): Promise<BookOutcome> {
    const wanted = parseSlotId(slotId);
    if (!wanted) return { ok: false, code: 'invalid_slot' };
    const { type, free, alternatives } = await this.freeAt(property, branch, wanted);
    if (free.length === 0) return { ok: false, code: 'slot_taken', alternatives: alternatives([]) };

    const matches = await this.client.matchGuest({
      branchID: branch.id,
      forename: guest.firstName,
      surname: guest.lastName,
      emailaddress: guest.email,
    });
    // Names alone are not proof of identity: only an exact email match attaches the booking to a contact.
    const contact = matches.find(
      (row) => row.EmailAddress?.trim().toLowerCase() === guest.email.trim().toLowerCase(),
    );

    for (const allocation of free) {
      const outcome = await this.client.createDiaryEntry([property.id], property.channel === 'lettings', {
        AllocationDetails: allocation,
        AppointmentType: type.OID,
        Subject: `Viewing: ${property.address}`,
        ExtraComments: [message, 'Booked online through the website viewing widget.']
          .filter(Boolean)
          .join('\n\n'),
        Guests: [
          {
            ...(contact ? { OID: contact.OID } : {}),
            Forename: guest.firstName,
            Surname: guest.lastName,
            EmailAddress: guest.email,
            MobilePhone: guest.phone,
            AllowMarketingCorrespondence: consent.marketing,
          },
        ],
      });
      if (outcome.ok) {
        return this.confirmed(outcome.reference, property, branch, allocation, {
          ...(contact ? { contactId: contact.OID } : {}),
        });
      }
    }
    return { ok: false, code: 'slot_taken', alternatives: alternatives(free) };
  }

  async reschedule(held: HeldBooking, slotId: string): Promise<BookOutcome> {
    const wanted = parseSlotId(slotId);
    if (!wanted) return { ok: false, code: 'invalid_slot' };
    const { property, branch } = held;
    const sameInstant = (a: string, b: string) => Date.parse(a) === Date.parse(b);
    if (
      sameInstant(localToOffset(wanted.Start, branch.timeZone), held.start) &&
      sameInstant(localToOffset(wanted.End, branch.timeZone), held.end)
    ) {
      // agentOS never lists a booking's own time as free: asking would only make a visitor's no-op a refusal.
      const { upstream } = held;
      return {
        ok: true,
        booking: { ...this.booking(held.reference, property, branch, held), status: 'confirmed' },
        ...(upstream ? { upstream } : {}),
      };
    }
    const { free, alternatives } = await this.freeAt(property, branch, wanted);
    // The visitor keeps their negotiator when that one is free at the new time too.
    const current = held.upstream?.staffId;
    const ordered = [
      ...free.filter((a) => a.StaffID === current),
      ...free.filter((a) => a.StaffID !== current),
    ];
    for (const allocation of ordered) {
      // A move is one update: agentOS frees the old time only if the new one is taken, so a refusal leaves
      // the visitor's booking exactly as it was.
      const outcome = await this.client.updateAppointment({
        AppointmentID: held.reference,
        AllocationDetails: allocation,
      });
      if (outcome.ok) {
        return this.confirmed(outcome.reference, property, branch, allocation, { ...held.upstream });
      }
    }
    return { ok: false, code: 'slot_taken', alternatives: alternatives(free) };
  }

  async setCancelled(held: HeldBooking, cancelled: boolean, reason?: string): Promise<void> {
    const outcome = await this.client.setCancelationStatus(
      held.reference,
      cancelled ? 'Cancelled' : 'Uncancelled',
    );
    if (!outcome.ok) {
      // The interface has no answer for "that time is gone" here; 409 on the error lets the caller tell it apart.
      throw new UpstreamError(
        'upstream_error',
        `agentOS cannot reinstate viewing ${held.reference}: its time was taken after it was cancelled`,
        409,
      );
    }
    if (cancelled && reason?.trim()) await this.noteCancellation(held.reference, reason.trim());
  }

  async sendMessage(held: HeldBooking, message: VisitorMessage): Promise<void> {
    await this.client.sendMessage(held.branch.id, {
      AppointmentID: held.reference,
      Subject: message.subject,
      Body: message.body,
    });
  }

  async sendFeedback(held: HeldBooking, feedback: Feedback): Promise<void> {
    await this.client.submitFeedback({
      AppointmentID: held.reference,
      PropertyID: held.property.id,
      Feedback: feedbackText(feedback),
    });
  }

  async setConsent(held: HeldBooking, consent: Consent): Promise<void> {
    const outcome = await this.client.updateAppointment({
      AppointmentID: held.reference,
      AllowMarketingCorrespondence: consent.marketing,
    });
    expectUpdated(outcome, held.reference);
  }

  async diary(branch: Branch, from: string, days: number): Promise<DiaryEntry[]> {
    const type = await this.appointmentType();
    const until = addIsoDays(from, days);
    const [appointments, staff] = await Promise.all([
      this.client.appointments(branch.id, {
        startDate: `${from}T00:00:00`,
        endDate: `${until}T00:00:00`,
        appointmentTypesToSearch: [type.OID],
      }),
      this.client.staff(branch.id),
    ]);
    // The filter is ours as well as agentOS's: a search that reads its end date inclusively, or ignores the
    // type, must not put a valuation or next week's viewing in this list.
    const viewings = appointments.filter((row) => {
      const date = normaliseLocal(row.Start).slice(0, 10);
      return (
        (row.AppointmentType == null || row.AppointmentType === type.OID) && date >= from && date < until
      );
    });
    const names = new Map(staff.map((row) => [row.OID, staffName(row)]));
    // Someone who has left the branch still holds their old viewings: name them one by one.
    const missing = new Set(
      viewings.flatMap((row) => (row.Staff && !names.has(row.Staff) ? [row.Staff] : [])),
    );
    for (const id of missing) {
      const person = await this.client.staffMember(id);
      if (person) names.set(id, staffName(person));
    }
    return viewings
      .map((row) => adaptAppointment(row, branch, names))
      .sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || compare(a.reference, b.reference));
  }

  async staff(branch: Branch): Promise<StaffMember[]> {
    const rows = await this.client.staff(branch.id);
    return rows.filter((row) => row.IsEnabled !== false).map((row) => adaptStaff(row, branch.id));
  }

  slotScope(property: Property): string {
    return this.perProperty ? property.id : `${property.branchId}|${property.channel}`;
  }

  slotTimes(slotId: string, branch: Branch) {
    const times = parseSlotId(slotId);
    return (
      times && {
        start: localToOffset(times.Start, branch.timeZone),
        end: localToOffset(times.End, branch.timeZone),
      }
    );
  }

  get budget() {
    return this.client.budget;
  }

  async fetchPhoto(propertyId: string) {
    return this.client.photo(propertyId);
  }

  /** Who is free at the wanted time, asked live: slots are read from a cache, and agentOS has no hold. */
  private async freeAt(property: Property, branch: Branch, wanted: Pick<Allocation, 'Start' | 'End'>) {
    const type = await this.appointmentType();
    const live = await this.client.allocations(
      this.allocationQuery(type, property, branch.id, wanted.Start.slice(0, 10)),
      'booking',
    );
    const free = live.filter(
      (a) => normaliseLocal(a.Start) === wanted.Start && normaliseLocal(a.End) === wanted.End,
    );
    const alternatives = (taken: Allocation[]) =>
      adaptAllocations(
        live.filter((a) => !taken.includes(a) && normaliseLocal(a.Start) !== wanted.Start),
        branch.timeZone,
      ).slice(0, ALTERNATIVES);
    return { type, free, alternatives };
  }

  async findBooking({ property, branch, slotId, guest }: BookInput) {
    const wanted = parseSlotId(slotId);
    if (!wanted) return undefined;
    const type = await this.appointmentType();
    const day = wanted.Start.slice(0, 10);
    const appointments = await this.client.appointments(
      branch.id,
      {
        startDate: `${day}T00:00:00`,
        endDate: `${addIsoDays(day, 1)}T00:00:00`,
        appointmentTypesToSearch: [type.OID],
      },
      'booking',
    );
    const email = guest.email.trim().toLowerCase();
    const held = appointments.find(
      (row) =>
        !row.Cancelled &&
        normaliseLocal(row.Start) === wanted.Start &&
        normaliseLocal(row.End) === wanted.End &&
        (row.LinkedProperties ?? []).some((linked) => linked.OID === property.id) &&
        (row.LinkedGuest ?? []).some((person) => person.Email?.trim().toLowerCase() === email),
    );
    if (!held) return undefined;
    const found = this.confirmed(
      held.OID,
      property,
      branch,
      { ...wanted, StaffID: held.Staff ?? '', StaffName: '' },
      {},
    );
    return found.ok ? found : undefined;
  }

  private confirmed(
    reference: string,
    property: Property,
    branch: Branch,
    allocation: Allocation,
    upstream: Record<string, string>,
  ): BookOutcome {
    const [slot] = adaptAllocations([allocation], branch.timeZone);
    if (!slot) throw new Error('an allocation always maps to a slot');
    return {
      ok: true,
      booking: { ...this.booking(reference, property, branch, slot), status: 'confirmed' },
      // The negotiator is kept so a later move can stay with the same person when they are free.
      upstream: { ...upstream, staffId: allocation.StaffID },
    };
  }

  private booking(
    reference: string,
    property: Property,
    branch: Branch,
    times: { start: string; end: string },
  ) {
    return {
      reference,
      propertyId: property.id,
      branchId: branch.id,
      start: times.start,
      end: times.end,
      timeZone: branch.timeZone,
    };
  }

  /** A cancellation's reason goes into the appointment's comment, where negotiators read it. */
  private async noteCancellation(reference: string, reason: string): Promise<void> {
    const appointment = await this.client.appointment(reference, 'booking');
    if (!appointment) {
      throw new UpstreamError('upstream_error', `agentOS has no appointment ${reference}`, 404);
    }
    const line = `Cancellation reason: ${reason}`;
    const comment = appointment.Comment?.trim() ?? '';
    // Cancelling is idempotent and may be repeated after a lost answer; the reason is noted once.
    if (comment.split('\n').includes(line)) return;
    const outcome = await this.client.updateAppointment({
      AppointmentID: reference,
      ExtraComments: [comment, line].filter(Boolean).join('\n\n'),
    });
    expectUpdated(outcome, reference);
  }

  private allocationQuery(
    type: AgentAppointmentType,
    property: Property,
    branchID: string,
    preferredDate: string,
  ) {
    return {
      appointmentTypeID: type.OID,
      preferredDate,
      lettings: property.channel === 'lettings',
      ...(this.perProperty ? { propertyIdentifier: property.id } : {}),
      branchID,
    };
  }

  private appointmentType(): Promise<AgentAppointmentType> {
    this.viewingType ??= this.findViewingType();
    // A failed look-up is retried next time rather than remembered.
    this.viewingType.catch(() => (this.viewingType = undefined));
    return this.viewingType;
  }

  private async findViewingType(): Promise<AgentAppointmentType> {
    const types = await this.client.appointmentTypes();
    const wanted = this.options.viewingTypeId;
    const type = wanted ? types.find((t) => t.OID === wanted) : types.find((t) => t.SystemType === 'Viewing');
    if (!type) {
      throw new UpstreamError(
        'upstream_error',
        wanted
          ? `agentOS has no appointment type ${wanted}`
          : 'agentOS has no appointment type of SystemType Viewing',
      );
    }
    return type;
  }
}

/** An update that moves nothing cannot be refused for a taken time; if agentOS says so, it is not making sense. */
function expectUpdated(outcome: DiaryOutcome, reference: string): void {
  if (!outcome.ok) {
    throw new UpstreamError('upstream_error', `agentOS refused to update appointment ${reference}`, 409);
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
