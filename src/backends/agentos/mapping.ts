import type {
  Branch,
  DiaryEntry,
  Feedback,
  Price,
  Property,
  Slot,
  StaffMember,
} from '../../contract/index.ts';
import { decodeOpaque, encodeOpaque, localToOffset } from '../slot-time.ts';
import type {
  AgentAppointment,
  AgentBranch,
  AgentStaff,
  Allocation,
  LettingsAdvertised,
  SalesAdvertised,
} from './schemas.ts';

const joinAddress = (...parts: (string | null | undefined)[]): string =>
  parts
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(', ');

export function adaptBranch(branch: AgentBranch, timeZone: string): Branch {
  return {
    id: branch.OID,
    name: branch.Name,
    address: joinAddress(
      branch.Address1,
      branch.Address2,
      branch.Address3,
      branch.Address4,
      branch.County,
      branch.Postcode,
    ),
    timeZone,
    ...(branch.LandPhone ? { phone: branch.LandPhone } : {}),
    ...(branch.EMailAddress ? { email: branch.EMailAddress } : {}),
  };
}

function title(bedrooms: number | null | undefined, propertyType: string | null | undefined): string {
  const type = (propertyType ?? 'property').toLowerCase();
  if (bedrooms === 0) return type === 'studio' ? 'Studio' : `Studio ${type}`;
  if (bedrooms == null) return propertyType ?? 'Property';
  return `${bedrooms} bedroom ${type}`;
}

const RENT: Record<LettingsAdvertised['RentSchedule'], (amount: number) => Price> = {
  Weekly: (amount) => ({ amount, currency: 'GBP', period: 'week' }),
  Monthly: (amount) => ({ amount, currency: 'GBP', period: 'month' }),
  // Visitors compare monthly rents; a quarterly rent reads best as its monthly equivalent.
  Quarterly: (amount) => ({ amount: Math.round((amount / 3) * 100) / 100, currency: 'GBP', period: 'month' }),
  Yearly: (amount) => ({ amount, currency: 'GBP', period: 'year' }),
};

/** Pictures sit behind the agency's key upstream, so the proxy serves them; the path is relative to its base. */
export const photoPath = (propertyId: string): string => `v1/photos/${encodeURIComponent(propertyId)}`;

export function adaptLettings(row: LettingsAdvertised, branchId: string): Property {
  return {
    id: row.PropertyID,
    branchId,
    channel: 'lettings',
    title: title(row.Bedrooms, row.PropertyType),
    address: joinAddress(row.Address1, row.Address2, row.Address3, row.Address4, row.Postcode),
    price: RENT[row.RentSchedule](row.RentAdvertised),
    ...(row.Bedrooms != null ? { bedrooms: row.Bedrooms } : {}),
    photoUrl: photoPath(row.PropertyID),
  };
}

export function adaptSales(row: SalesAdvertised, branchId: string): Property {
  return {
    id: row.OID,
    branchId,
    channel: 'sales',
    title: title(row.Bedrooms, row.PropertyType),
    address: joinAddress(row.Address1, row.Address2, row.Address3, row.Address4, row.Postcode),
    price: { amount: row.Price, currency: 'GBP', ...(row.POA ? { onApplication: true } : {}) },
    ...(row.Bedrooms != null ? { bedrooms: row.Bedrooms } : {}),
    photoUrl: photoPath(row.OID),
  };
}

/** The slot id carries the allocation's times only: agentOS has no slot id, so booking posts the allocation back. */
export function slotId(allocation: Pick<Allocation, 'Start' | 'End'>): string {
  return encodeOpaque(`a1|${allocation.Start}|${allocation.End}`);
}

export function parseSlotId(id: string): Pick<Allocation, 'Start' | 'End'> | undefined {
  const [version, start, end, ...rest] = (decodeOpaque(id) ?? '').split('|');
  const local = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
  if (version !== 'a1' || rest.length > 0 || !start || !end || !local.test(start) || !local.test(end))
    return undefined;
  return { Start: start, End: end };
}

/**
 * One slot per distinct time: several negotiators free at 10:30 are one choice for the visitor, and the
 * booking takes whichever of them is still free.
 */
export function adaptAllocations(allocations: readonly Allocation[], timeZone: string): Slot[] {
  const seen = new Map<string, Slot>();
  for (const allocation of allocations) {
    const start = normaliseLocal(allocation.Start);
    const end = normaliseLocal(allocation.End);
    const key = `${start}|${end}`;
    if (seen.has(key)) continue;
    seen.set(key, {
      id: slotId({ Start: start, End: end }),
      start: localToOffset(start, timeZone),
      end: localToOffset(end, timeZone),
    });
  }
  return [...seen.values()].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

/** `2026-11-24T10:30` and `2026-11-24T10:30:00.000` are the same wall-clock time. */
export function normaliseLocal(local: string): string {
  const [date, time = ''] = local.split('T');
  const [h = '00', m = '00', s = '00'] = time.split(':');
  return `${date}T${h}:${m}:${s.slice(0, 2).padEnd(2, '0')}`;
}

/** How a negotiator is named to staff: forename and surname, or the id when agentOS has neither. */
export function staffName(row: AgentStaff): string {
  return (
    [row.Forename, row.Surname]
      .map((part) => part?.trim())
      .filter(Boolean)
      .join(' ') || row.OID
  );
}

export function adaptStaff(row: AgentStaff, branchId: string): StaffMember {
  return { id: row.OID, name: staffName(row), branchId };
}

/**
 * One appointment of a branch's diary, for staff. `names` maps negotiator ids to names; an id it lacks is
 * shown as itself rather than dropped, so staff still see that someone holds the viewing.
 */
export function adaptAppointment(
  row: AgentAppointment,
  branch: Pick<Branch, 'id' | 'timeZone'>,
  names: ReadonlyMap<string, string>,
): DiaryEntry {
  const propertyId = row.LinkedProperties?.[0]?.OID;
  const viewer = (row.LinkedGuest ?? [])
    .map((guest) => guest.Name?.trim())
    .filter(Boolean)
    .join(', ');
  return {
    reference: row.OID,
    branchId: branch.id,
    ...(propertyId ? { propertyId } : {}),
    start: localToOffset(normaliseLocal(row.Start), branch.timeZone),
    end: localToOffset(normaliseLocal(row.End), branch.timeZone),
    ...(row.Staff ? { negotiator: { id: row.Staff, name: names.get(row.Staff) ?? row.Staff } } : {}),
    ...(viewer ? { viewer } : {}),
    ...(row.Subject ? { subject: row.Subject } : {}),
    cancelled: row.Cancelled ?? false,
  };
}

const EXPERIENCE: Record<Feedback['experience'], string> = { good: 'Good', okay: 'Okay', poor: 'Poor' };
const INTEREST: Record<Feedback['interest'], string> = {
  interested: 'Interested',
  undecided: 'Undecided',
  not_interested: 'Not interested',
};

/** agentOS keeps feedback as one free text that negotiators read, so each answer becomes a labelled line. */
export function feedbackText(feedback: Feedback): string {
  return [
    'Feedback from the visitor, given online after the viewing.',
    `How the viewing went: ${EXPERIENCE[feedback.experience]}`,
    `Interest in the property: ${INTEREST[feedback.interest]}`,
    ...(feedback.comments ? [`Comments: ${feedback.comments}`] : []),
  ].join('\n');
}
