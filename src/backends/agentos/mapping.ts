import type {
  BookingSource,
  Branch,
  DiaryEntry,
  Feedback,
  Price,
  Property,
  Slot,
  StaffMember,
} from '../../contract/index.ts';
import { formatInTimeZone } from 'date-fns-tz';
import { decodeOpaque, encodeOpaque, localToOffset } from '../slot-time.ts';
import { answersNote, approvalNote, sourceNote } from '../source-note.ts';
import type { BookingAnswer } from '../types.ts';
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

/**
 * How a published property type reads in a title: V2's `PropertyOwnableType` values (`FlatApartment`,
 * `SemiDetachedHouse`, ...) and the plain words some accounts use. An unknown value is split into words.
 */
const TYPE_WORDS: Record<string, string> = {
  FlatApartment: 'flat',
  HouseFlatShare: 'house share',
  GarageParking: 'parking space',
  EndTerraceHouse: 'end-terrace house',
  SemiDetachedHouse: 'semi-detached house',
  SemiDetachedBungalow: 'semi-detached bungalow',
  LinkDetached: 'link-detached house',
  MidTerracedBungalow: 'mid-terrace bungalow',
  LandResidential: 'residential land',
};

export function typeWords(propertyType: string): string {
  const known = TYPE_WORDS[propertyType];
  if (known) return known;
  return propertyType
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
}

function title(bedrooms: number | null | undefined, propertyType: string | null | undefined): string {
  const type = propertyType?.trim() ? typeWords(propertyType) : 'property';
  if (bedrooms === 0) return type === 'studio' ? 'Studio' : `Studio ${type}`;
  if (bedrooms == null) return type.charAt(0).toUpperCase() + type.slice(1);
  return `${bedrooms} bedroom ${type}`;
}

/** What agentOS leaves unsaid about an account's homes, from the agency's settings. */
export interface ListingOptions {
  /** agentOS names no currency; UK agencies price in GBP. */
  currency: string;
  /** Whether homes link to a picture (the key has the advertising tier). */
  photos: boolean;
}

export const DEFAULT_LISTING: ListingOptions = { currency: 'GBP', photos: true };

const cents = (amount: number) => Math.round(amount * 100) / 100;

/**
 * A rent as visitors compare rents, or undefined for a schedule that gives no such price: `Once` is a single
 * payment for the whole let, and an unknown schedule cannot be guessed. Daily rents (short lets) read best
 * per week.
 */
export function rentPrice(schedule: string, amount: number, currency: string): Price | undefined {
  switch (schedule) {
    case 'Daily':
      return { amount: cents(amount * 7), currency, period: 'week' };
    case 'Weekly':
      return { amount, currency, period: 'week' };
    case 'Monthly':
      return { amount, currency, period: 'month' };
    // Visitors compare monthly rents; a quarterly rent reads best as its monthly equivalent.
    case 'Quarterly':
      return { amount: cents(amount / 3), currency, period: 'month' };
    case 'Yearly':
      return { amount, currency, period: 'year' };
    default:
      return undefined;
  }
}

/** Pictures sit behind the agency's key upstream, so the proxy serves them; the path is relative to its base. */
export const photoPath = (propertyId: string): string => `v1/photos/${encodeURIComponent(propertyId)}`;

/** A letting as a home to view, or undefined when its rent schedule gives no comparable price. */
export function adaptLettings(
  row: LettingsAdvertised,
  branchId: string,
  options: ListingOptions = DEFAULT_LISTING,
): Property | undefined {
  const price = rentPrice(row.RentSchedule, row.RentAdvertised, options.currency);
  if (!price) return undefined;
  return {
    id: row.PropertyID,
    branchId,
    channel: 'lettings',
    title: title(row.Bedrooms, row.PropertyType),
    address: joinAddress(row.Address1, row.Address2, row.Address3, row.Address4, row.Postcode),
    price,
    ...(row.Bedrooms != null ? { bedrooms: row.Bedrooms } : {}),
    ...(options.photos ? { photoUrl: photoPath(row.PropertyID) } : {}),
  };
}

export function adaptSales(
  row: SalesAdvertised,
  branchId: string,
  options: ListingOptions = DEFAULT_LISTING,
): Property {
  return {
    id: row.OID,
    branchId,
    channel: 'sales',
    title: title(row.Bedrooms, row.PropertyOwnableType ?? row.PropertyType),
    address: joinAddress(row.Address1, row.Address2, row.Address3, row.Address4, row.Postcode),
    price: {
      amount: row.Price,
      currency: options.currency,
      ...(row.POA ? { onApplication: true } : {}),
    },
    ...(row.Bedrooms != null ? { bedrooms: row.Bedrooms } : {}),
    ...(options.photos ? { photoUrl: photoPath(row.OID) } : {}),
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
export function adaptAllocations<A extends Pick<Allocation, 'Start' | 'End'>>(
  allocations: readonly A[],
  timeZone: string,
): Slot[] {
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

/**
 * A time agentOS sent, as the company's wall-clock time: local times as they are, and a date-time carrying
 * `Z` or an offset (as V3 wrote them) converted to the company's zone.
 */
export function companyTime(value: string, timeZone: string): string {
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
    return formatInTimeZone(new Date(value), timeZone, "yyyy-MM-dd'T'HH:mm:ss");
  }
  return normaliseLocal(value);
}

/** An allocation on the company's clock, with the allocation as listed, which is what a booking posts back. */
export interface LocalAllocation extends Allocation {
  listed: Allocation;
}

export function toCompanyTime(allocations: readonly Allocation[], timeZone: string): LocalAllocation[] {
  return allocations.map((listed) => ({
    ...listed,
    Start: companyTime(listed.Start, timeZone),
    End: companyTime(listed.End, timeZone),
    listed,
  }));
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
  const viewer =
    (row.LinkedGuest ?? [])
      .map((guest) => guest.Name?.trim())
      .filter(Boolean)
      .join(', ') || visitorNoted(row.Comment)?.name;
  return {
    reference: row.OID,
    branchId: branch.id,
    ...(propertyId ? { propertyId } : {}),
    start: localToOffset(companyTime(row.Start, branch.timeZone), branch.timeZone),
    end: localToOffset(companyTime(row.End, branch.timeZone), branch.timeZone),
    ...(row.Staff ? { negotiator: { id: row.Staff, name: names.get(row.Staff) ?? row.Staff } } : {}),
    ...(viewer ? { viewer } : {}),
    ...(row.Subject ? { subject: row.Subject } : {}),
    cancelled: row.Cancelled ?? false,
  };
}

/** The first line of every comment the proxy writes on an appointment it books. */
export const BOOKED_ONLINE = 'Booked online through the website viewing widget.';

/**
 * The appointment's comment as the proxy writes it: who booked, then the visitor's own message, their answers
 * to the agency's questions, then where they came from (the page, its campaign tags). agentOS's
 * appointment model names no guest, so this is how negotiators see who is coming, and how a booking whose
 * answer was lost is recognised later (`visitorNoted`).
 */
export function bookingComment(
  guest: { firstName: string; lastName: string; email: string },
  message?: string,
  source?: BookingSource,
  answers?: readonly BookingAnswer[],
  ownerApproval?: boolean,
): string {
  const name = `${guest.firstName} ${guest.lastName}`.replace(/\s+/g, ' ').trim();
  const header = `${BOOKED_ONLINE}\nVisitor: ${name} <${guest.email.trim()}>`;
  return [header, approvalNote(ownerApproval), message?.trim(), answersNote(answers), sourceNote(source)]
    .filter(Boolean)
    .join('\n\n');
}

/**
 * The visitor the proxy noted on an appointment, read only from the comment's first two lines, where the
 * proxy writes them before anything the visitor typed.
 */
export function visitorNoted(
  comment: string | null | undefined,
): { name: string; email: string } | undefined {
  const [first, second] = (comment ?? '').split(/\r?\n/);
  if (first?.trim() !== BOOKED_ONLINE || !second) return undefined;
  const match = /^Visitor: (.*) <([^<>\s]+)>\s*$/.exec(second);
  if (!match?.[1] || !match[2]) return undefined;
  return { name: match[1].trim(), email: match[2].toLowerCase() };
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
