import { formatInTimeZone } from 'date-fns-tz';
import { SkippedRecords } from '../skipped.ts';
import type { AccountCheck, Capabilities } from '../types.ts';
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
  bookingComment,
  companyTime,
  DEFAULT_LISTING,
  feedbackText,
  parseSlotId,
  staffName,
  toCompanyTime,
  visitorNoted,
  type ListingOptions,
  type LocalAllocation,
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
  /** agentOS names no currency; default GBP. */
  currency?: string;
  /**
   * Whether homes show a picture, read from the advertising tier. Default true; false when the key has no
   * advertising tier, so no call is spent on pictures that would only be refused.
   */
  photos?: boolean;
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
    openHouses:
      'agentOS books a viewing only into a free allocation, which the booking uses up, and its published ' +
      'update model adds no guests to an appointment: a second viewer at one time can be neither booked nor added',
    webhooks: false,
    direct: { cancel: true, uncancel: true, reschedule: true, negotiatorKey: 'staffId', refusals: {} },
  };
  readonly skipped = new SkippedRecords('agentos');
  readonly client: AgentOSClient;
  private readonly timeZone: string;
  private readonly perProperty: boolean;
  private readonly listing: ListingOptions;
  private viewingType: Promise<AgentAppointmentType> | undefined;
  /** Each home's channel, from the last catalog: pictures are listed per lettings property or sales instruction. */
  private channels = new Map<string, Property['channel']>();
  /** The picture chosen for each home (`null`: none), kept until the next catalog sync. */
  private photoChoice = new Map<string, Promise<string | null>>();
  /** Re-reads of free times after a refused write, in flight, shared by every refusal for the same time. */
  private readonly rechecks = new Map<string, ReturnType<AgentOSBackend['freeAt']>>();

  constructor(private readonly options: AgentOSBackendOptions) {
    this.client = new AgentOSClient({ ...options, skipped: this.skipped });
    this.timeZone = options.timeZone ?? 'Europe/London';
    this.perProperty = options.allocationsPer === 'property';
    this.listing = {
      currency: options.currency ?? DEFAULT_LISTING.currency,
      photos: options.photos ?? DEFAULT_LISTING.photos,
    };
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
      for (const row of lettings) {
        const home = adaptLettings(row, branch.id, this.listing);
        // The path names the tenancy, never its rent or address.
        if (!home) this.skipped.skip('unsupported_rent_schedule', `lettings tenancy ${row.OID}`);
        else properties.push(home);
      }
      properties.push(...sales.map((row) => adaptSales(row, branch.id, this.listing)));
    }
    this.channels = new Map(properties.map((home) => [home.id, home.channel]));
    this.photoChoice.clear();
    // The viewing type is catalog too: refreshed with it, never looked up on a visitor's request.
    this.viewingType = this.findViewingType();
    await this.viewingType;
    return { branches, properties };
  }

  /**
   * agentOS's own account checks, read only, in three calls: the key reaches the company through the
   * appointments tier, a viewing type exists, and the advertising tier (pictures) is on the key.
   */
  async checkAccount(): Promise<AccountCheck[]> {
    const checks: AccountCheck[] = [];
    const appointments = await this.client.probe('appointments');
    if (!appointments.ok) {
      checks.push({
        name: 'agentOS key',
        ok: false,
        detail: `the appointments tier ${appointments.reason}`,
        hint:
          appointments.status === 401
            ? 'agentOS refused the key: check apiKey, and ask agentOS to enable the V4 Appointments tier on it.'
            : appointments.status === 404
              ? 'agentOS knows no company by this short name: check shortName.'
              : 'Check baseUrl and that agentOS can be reached from here.',
      });
      // Without the appointments tier nothing else can be checked usefully.
      return checks;
    }
    checks.push({
      name: 'agentOS key',
      ok: true,
      detail: `accepted for the appointments tier; the company has ${appointments.count} ${appointments.count === 1 ? 'branch' : 'branches'}`,
    });

    try {
      const types = await this.client.appointmentTypes();
      const wanted = this.options.viewingTypeId;
      const viewing = wanted
        ? types.find((t) => t.OID === wanted)
        : types.find((t) => t.SystemType === 'Viewing');
      checks.push(
        viewing
          ? {
              name: 'agentOS viewing type',
              ok: true,
              detail: `${types.length} appointment types; viewings are booked as "${viewing.Name}"`,
            }
          : {
              name: 'agentOS viewing type',
              ok: false,
              detail: wanted
                ? `no appointment type ${wanted} among ${types.length}`
                : `none of ${types.length} appointment types has SystemType Viewing`,
              hint: wanted
                ? 'Set viewingTypeId to the OID of the appointment type used for viewings, or leave it out.'
                : 'Create an appointment type of system type Viewing in agentOS (and its allocations), or set viewingTypeId.',
            },
      );
    } catch (error) {
      checks.push({
        name: 'agentOS viewing type',
        ok: false,
        detail:
          error instanceof UpstreamError
            ? `appointment types could not be read (${error.code})`
            : 'no answer',
        hint: 'Check the key may read the V4 Appointments tier (diary/appointmenttypes).',
      });
    }

    if (!this.listing.photos) {
      checks.push({
        name: 'agentOS advertising tier',
        ok: true,
        detail: 'not used: pictures are off (photos: false)',
      });
      return checks;
    }
    const advertising = await this.client.probe('advertising');
    checks.push(
      advertising.ok
        ? { name: 'agentOS advertising tier', ok: true, detail: 'on the key: homes can show pictures' }
        : {
            name: 'agentOS advertising tier',
            ok: false,
            detail: `the advertising tier ${advertising.reason}`,
            hint:
              advertising.status === 401
                ? 'The key lacks the V4 Advertising tier: homes show no pictures, booking still works. Ask agentOS to enable it, or set photos: false.'
                : 'Pictures could not be checked; booking does not depend on them.',
          },
    );
    return checks;
  }

  async listSlots({ property, branch, from, days, priority = 'slots' }: SlotWindow): Promise<Slot[]> {
    const type = await this.appointmentType();
    const until = addIsoDays(from, days);
    const allocations: LocalAllocation[] = [];
    for (let day = from; day < until; day = addIsoDays(day, ALLOCATION_SPAN_DAYS)) {
      const read = await this.client.allocations(
        this.allocationQuery(type, property, branch.id, day),
        priority,
      );
      allocations.push(...toCompanyTime(read, this.timeZone));
    }
    const inWindow = allocations.filter((a) => {
      const date = a.Start.slice(0, 10);
      return date >= from && date < until;
    });
    return adaptAllocations(inWindow, branch.timeZone);
  }

  async book({
    property,
    branch,
    slotId,
    guest,
    consent,
    message,
    source,
    answers,
    ownerApproval,
  }: BookInput): Promise<BookOutcome> {
    const wanted = parseSlotId(slotId);
    if (!wanted) return { ok: false, code: 'invalid_slot' };
    const { type, free, alternatives } = await this.freeAt(property, branch, wanted);
    if (free.length === 0) return { ok: false, code: 'slot_taken', alternatives: alternatives([]) };
    const tried: LocalAllocation[] = [];

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
      tried.push(allocation);
      const outcome = await this.client.createDiaryEntry([property.id], property.channel === 'lettings', {
        AllocationDetails: allocation.listed,
        AppointmentType: type.OID,
        Subject: `Viewing: ${property.address}`,
        ExtraComments: bookingComment(guest, message, source, answers, ownerApproval),
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
      await this.expectTaken(outcome, property, branch, allocation, 'booking');
    }
    return { ok: false, code: 'slot_taken', alternatives: alternatives(tried) };
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
    const tried: LocalAllocation[] = [];
    // The visitor keeps their negotiator when that one is free at the new time too.
    const current = held.upstream?.staffId;
    const ordered = [
      ...free.filter((a) => a.StaffID === current),
      ...free.filter((a) => a.StaffID !== current),
    ];
    for (const allocation of ordered) {
      // A move is one update: agentOS frees the old time only if the new one is taken, so a refusal leaves
      // the visitor's booking exactly as it was.
      tried.push(allocation);
      const outcome = await this.client.updateAppointment({
        AppointmentID: held.reference,
        AllocationDetails: allocation.listed,
      });
      if (outcome.ok) {
        return this.confirmed(outcome.reference, property, branch, allocation, { ...held.upstream });
      }
      await this.expectTaken(outcome, property, branch, allocation, 'move');
    }
    return { ok: false, code: 'slot_taken', alternatives: alternatives(tried) };
  }

  async setCancelled(held: HeldBooking, cancelled: boolean, reason?: string): Promise<void> {
    const outcome = await this.client.setCancelationStatus(
      held.reference,
      cancelled ? 'Cancelled' : 'Uncancelled',
    );
    if (!outcome.ok && outcome.reason === 'refused' && !cancelled) {
      // A 400 may mean the time was taken while the viewing was cancelled, or anything else: its time tells.
      const start = formatInTimeZone(new Date(held.start), held.branch.timeZone, "yyyy-MM-dd'T'HH:mm:ss");
      const end = formatInTimeZone(new Date(held.end), held.branch.timeZone, "yyyy-MM-dd'T'HH:mm:ss");
      const staffId = held.upstream?.staffId;
      const { free } = await this.freeAt(held.property, held.branch, { Start: start, End: end });
      if (free.some((a) => staffId === undefined || a.StaffID === staffId)) {
        throw new UpstreamError(
          'upstream_error',
          `agentOS refused to reinstate viewing ${held.reference}`,
          400,
        );
      }
    } else if (!outcome.ok && outcome.reason === 'refused') {
      throw new UpstreamError('upstream_error', `agentOS refused to cancel viewing ${held.reference}`, 400);
    }
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
      const date = companyTime(row.Start, this.timeZone).slice(0, 10);
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

  /**
   * A home's first picture of type `Photo` (not a floor plan or map), downloaded by the photo's own OID. The
   * choice is kept until the next catalog sync, so a picture costs one list call per home per sync at most.
   */
  async fetchPhoto(propertyId: string) {
    if (!this.listing.photos) return undefined;
    const channel = this.channels.get(propertyId);
    if (!channel) return undefined;
    let choice = this.photoChoice.get(propertyId);
    if (!choice) {
      choice = this.client.photos(channel, propertyId).then((photos) => {
        const pictures = (photos ?? [])
          .filter((photo) => photo.PhotoType === 'Photo')
          .sort((a, b) => (a.PhotoNumber ?? Infinity) - (b.PhotoNumber ?? Infinity));
        return pictures[0]?.OID ?? null;
      });
      this.photoChoice.set(propertyId, choice);
      // A failed read is tried again next time rather than remembered.
      choice.catch(() => this.photoChoice.delete(propertyId));
    }
    const photoId = await choice;
    return photoId === null ? undefined : this.client.photo(photoId);
  }

  /** Who is free at the wanted time, asked live: slots are read from a cache, and agentOS has no hold. */
  private async freeAt(property: Property, branch: Branch, wanted: Pick<Allocation, 'Start' | 'End'>) {
    const type = await this.appointmentType();
    const live = toCompanyTime(
      await this.client.allocations(
        this.allocationQuery(type, property, branch.id, wanted.Start.slice(0, 10)),
        'booking',
      ),
      this.timeZone,
    );
    const free = live.filter((a) => a.Start === wanted.Start && a.End === wanted.End);
    const alternatives = (taken: readonly LocalAllocation[]) =>
      adaptAllocations(
        live.filter((a) => !taken.includes(a) && a.Start !== wanted.Start),
        branch.timeZone,
      ).slice(0, ALTERNATIVES);
    return { type, free, alternatives };
  }

  /**
   * After a refused write: a 409, or a 400 for an allocation that a fresh read no longer lists, is a taken
   * time and the caller tries the next negotiator; a 400 for one still listed free is some other refusal.
   */
  private async expectTaken(
    outcome: Extract<DiaryOutcome, { ok: false }>,
    property: Property,
    branch: Branch,
    allocation: LocalAllocation,
    what: 'booking' | 'move',
  ): Promise<void> {
    if (outcome.reason === 'allocation_taken') return;
    // Many visitors refused at once for one time need one fresh read between them, not one each.
    const key = `${this.slotScope(property)}|${allocation.Start}|${allocation.End}`;
    let recheck = this.rechecks.get(key);
    if (!recheck) {
      recheck = this.freeAt(property, branch, allocation).finally(() => this.rechecks.delete(key));
      this.rechecks.set(key, recheck);
    }
    const { free } = await recheck;
    if (free.some((a) => a.StaffID === allocation.StaffID)) {
      throw new UpstreamError(
        'upstream_error',
        `agentOS refused the ${what} (400) for a time it lists as free`,
        400,
      );
    }
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
    // agentOS's appointment names no guest: the visitor is known by the line the proxy wrote in its comment
    // (or by `LinkedGuest`, where an account sends one).
    const held = appointments.find(
      (row) =>
        !row.Cancelled &&
        companyTime(row.Start, this.timeZone) === wanted.Start &&
        companyTime(row.End, this.timeZone) === wanted.End &&
        (row.LinkedProperties ?? []).some((linked) => linked.OID === property.id) &&
        (visitorNoted(row.Comment)?.email === email ||
          (row.LinkedGuest ?? []).some((person) => person.Email?.trim().toLowerCase() === email)),
    );
    if (!held) return undefined;
    const found = this.confirmed(held.OID, property, branch, { ...wanted, StaffID: held.Staff ?? '' }, {});
    return found.ok ? found : undefined;
  }

  private confirmed(
    reference: string,
    property: Property,
    branch: Branch,
    allocation: Pick<Allocation, 'Start' | 'End' | 'StaffID'>,
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
    // An unknown SystemType is kept as it came: it is simply not a viewing.
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
