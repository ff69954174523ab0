import type { Branch, Property, Slot } from '../../contract/index.ts';
import { addIsoDays, localToOffset } from '../slot-time.ts';
import {
  UpstreamError,
  type Backend,
  type BookInput,
  type BookOutcome,
  type Catalog,
  type SlotWindow,
} from '../types.ts';
import { AgentOSClient, type AgentOSClientOptions } from './client.ts';
import {
  adaptAllocations,
  adaptBranch,
  adaptLettings,
  adaptSales,
  normaliseLocal,
  parseSlotId,
} from './mapping.ts';
import type { AgentAppointmentType, Allocation } from './schemas.ts';

export interface AgentOSBackendOptions extends AgentOSClientOptions {
  /** agentOS gives times in the company's zone and does not name it. */
  timeZone?: string;
  /** Which appointment type is a viewing, when the company has several of SystemType `Viewing`. */
  viewingTypeId?: string;
}

/** agentOS answers the preferred date plus the seven days after it. */
const ALLOCATION_SPAN_DAYS = 8;
/** How many other free times a visitor is offered when theirs was taken. */
const ALTERNATIVES = 6;

/** The agentOS V4 booking workflow behind the proxy's Backend interface. */
export class AgentOSBackend implements Backend {
  readonly name = 'agentos';
  readonly client: AgentOSClient;
  private readonly timeZone: string;
  private viewingType: Promise<AgentAppointmentType> | undefined;

  constructor(private readonly options: AgentOSBackendOptions) {
    this.client = new AgentOSClient(options);
    this.timeZone = options.timeZone ?? 'Europe/London';
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

  async listSlots({ property, branch, from, days }: SlotWindow): Promise<Slot[]> {
    const type = await this.appointmentType();
    const until = addIsoDays(from, days);
    const allocations: Allocation[] = [];
    for (let day = from; day < until; day = addIsoDays(day, ALLOCATION_SPAN_DAYS)) {
      allocations.push(
        ...(await this.client.allocations(this.allocationQuery(type, property, branch.id, day))),
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
    const type = await this.appointmentType();
    // The slot was read from a cache: ask agentOS again, right now, who is still free at that time.
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
        const [slot] = adaptAllocations([allocation], branch.timeZone);
        if (!slot) throw new Error('an allocation always maps to a slot');
        return {
          ok: true,
          booking: {
            reference: outcome.reference,
            propertyId: property.id,
            branchId: branch.id,
            start: slot.start,
            end: slot.end,
            timeZone: branch.timeZone,
            status: 'confirmed',
          },
        };
      }
    }
    return { ok: false, code: 'slot_taken', alternatives: alternatives(free) };
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
      propertyIdentifier: property.id,
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
