import { formatInTimeZone } from 'date-fns-tz';
import type {
  Booking,
  BookingStatus,
  Branch,
  Channel,
  DiaryEntry,
  Property,
  Slot,
} from '../../contract/index.ts';
import { priceFrom, type ListingFacts } from './listing-facts.ts';
import { decodeOpaque, encodeOpaque, inZone, localToOffset } from '../slot-time.ts';
import type {
  Appointment,
  AppointmentStatus,
  Listing,
  Location,
  Office,
  TimeSlot,
  Translations,
} from './schemas.ts';

/** Languages tried after the configured one: English, then the two official languages of the agencies. */
const FALLBACK_LANGUAGES = ['en', 'nl', 'fr'];

/** The text in `language`, else in a fallback language, else the first there is. */
export function translate(
  translations: Translations | null | undefined,
  language: string,
): string | undefined {
  const texts = (translations ?? []).filter((t) => t.value.trim() !== '');
  for (const wanted of [language, ...FALLBACK_LANGUAGES]) {
    const found = texts.find((t) => t.language.toLowerCase() === wanted.toLowerCase());
    if (found) return found.value.trim();
  }
  return texts[0]?.value.trim();
}

/** `Leopoldstraat 12, 2000 Antwerpen`: street lines, then postcode and town, as letters are addressed there. */
export function formatAddress(location: Location | null | undefined, language: string): string {
  const t = location?.translations;
  const town = [location?.postalCode?.trim(), translate(t?.city, language)].filter(Boolean).join(' ');
  return [translate(t?.street1, language), translate(t?.street2, language), town].filter(Boolean).join(', ');
}

export function adaptOffice(office: Office, language: string): Branch {
  return {
    id: office.id,
    name: translate(office.translations.name, language) ?? office.id,
    address: formatAddress(office.location, language),
    timeZone: office.timeZone,
    ...(office.phoneNumber ? { phone: office.phoneNumber } : {}),
    ...(office.email ? { email: office.email } : {}),
  };
}

/** What fills in for facts a listing has from nowhere: the agency's currency and channel. */
export interface ListingDefaults {
  currency: string;
  channel: Channel;
}

/**
 * A listing as a property visitors can book, at the office chosen for it (`chooseOffice`), with the facts
 * configuration and tags give it (`factsOf`). Its name is its title; without one, its externalId.
 */
export function adaptListing(
  listing: Listing,
  language: string,
  officeId: string,
  facts: ListingFacts,
  defaults: ListingDefaults,
): Property {
  const channel = facts.channel ?? defaults.channel;
  return {
    id: listing.id,
    branchId: officeId,
    channel,
    title: translate(listing.translations?.name, language) ?? listing.externalId ?? listing.id,
    address: formatAddress(listing.location, language),
    price: priceFrom(facts, channel, defaults),
    ...(facts.bedrooms !== undefined ? { bedrooms: facts.bedrooms } : {}),
  };
}

/** Pexip answers instants in UTC; visitors read them on the office's wall clock, with its offset that day. */
export { inZone };

/** The office's calendar date at an instant. */
export const localDateOf = (instant: string, timeZone: string): string =>
  formatInTimeZone(new Date(instant), timeZone, 'yyyy-MM-dd');

/** Local midnight of `date` in the office's zone, with the offset of that moment: a timetable bound. */
export const startOfLocalDay = (date: string, timeZone: string): string =>
  localToOffset(`${date}T00:00:00`, timeZone);

export interface SlotKey {
  officeId: string;
  /** Instants, ISO 8601 in UTC with milliseconds. */
  start: string;
  end: string;
}

/**
 * The slot id carries the office and the exact instants: the employee is not in it, because whoever is free
 * at that time when the visitor confirms is the one booked.
 */
export function slotId(key: SlotKey): string {
  return encodeOpaque(`pe1|${key.officeId}|${key.start}|${key.end}`);
}

export function parseSlotId(id: string): SlotKey | undefined {
  const [version, officeId, start, end, ...rest] = (decodeOpaque(id) ?? '').split('|');
  const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
  if (version !== 'pe1' || rest.length > 0 || !officeId || !start || !end) return undefined;
  if (!instant.test(start) || !instant.test(end) || Number.isNaN(Date.parse(start)) || start >= end)
    return undefined;
  return { officeId, start, end };
}

/** `2026-03-29T08:00:00+00:00` and `2026-03-29T08:00:00.000Z` are the same instant. */
export const canonicalInstant = (instant: string): string => new Date(instant).toISOString();

/**
 * One slot per distinct time, in the office's zone: several agents free at 10:30 are one choice for the
 * visitor, and the booking takes whichever of them is still free.
 */
export function adaptTimeSlots(slots: readonly TimeSlot[], officeId: string, timeZone: string): Slot[] {
  const seen = new Map<string, Slot>();
  for (const slot of slots) {
    if (slot.employees.length === 0) continue;
    const key = { officeId, start: canonicalInstant(slot.start), end: canonicalInstant(slot.end) };
    const id = slotId(key);
    if (!seen.has(id))
      seen.set(id, { id, start: inZone(key.start, timeZone), end: inZone(key.end, timeZone) });
  }
  return [...seen.values()].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

const STATUS = new Map<string, BookingStatus>([
  ['ACCEPTED', 'confirmed'],
  ['COMPLETED', 'confirmed'],
  ['NO_SHOW', 'confirmed'],
  ['INCOMING_REQUEST', 'requested'],
  ['OUTGOING_INVITE', 'requested'],
  ['ALTERNATIVE_DATE_REQUESTED', 'requested'],
  ['CANCELLED', 'cancelled'],
] satisfies [AppointmentStatus, BookingStatus][]);

/** A status Pexip adds later reads as a request: the agency has not confirmed it in a way we know. */
export const bookingStatusOf = (status: string): BookingStatus => STATUS.get(status) ?? 'requested';

export function adaptBooking(
  appointment: { id: string; status: string; start?: string | null; end?: string | null },
  slot: SlotKey,
  property: Property,
  branch: Branch,
): Booking {
  return {
    reference: appointment.id,
    propertyId: property.id,
    branchId: branch.id,
    start: inZone(appointment.start ?? slot.start, branch.timeZone),
    end: inZone(appointment.end ?? slot.end, branch.timeZone),
    timeZone: branch.timeZone,
    status: bookingStatusOf(appointment.status),
  };
}

/** The appointment's primary participant of a kind (its employee, or its customer), by id. */
export function participantOf(
  appointment: Pick<Appointment, 'appointmentParticipants'>,
  type: 'EMPLOYEE' | 'CUSTOMER',
): string | undefined {
  const all = (appointment.appointmentParticipants ?? []).filter((one) => one.type === type);
  return (all.find((one) => one.role === 'PRIMARY') ?? all[0])?.participant?.id;
}

/** A person's name as staff know it, or their id when Pexip has no name for them. */
export const fullName = (person: { id: string; firstName?: string | null; lastName?: string | null }) =>
  [person.firstName, person.lastName].filter(Boolean).join(' ').trim() || person.id;

/** A viewing as staff see it in the branch's diary, on the office's clock. */
export function diaryEntry(
  appointment: Appointment & { start: string; end: string },
  branch: Pick<Branch, 'id' | 'timeZone'>,
  names: { employees: ReadonlyMap<string, string>; customers: ReadonlyMap<string, string> },
): DiaryEntry {
  const employeeId = participantOf(appointment, 'EMPLOYEE');
  const customerId = participantOf(appointment, 'CUSTOMER');
  const viewer = customerId ? names.customers.get(customerId) : undefined;
  return {
    reference: appointment.id,
    branchId: branch.id,
    ...(appointment.listing ? { propertyId: appointment.listing.id } : {}),
    start: inZone(appointment.start, branch.timeZone),
    end: inZone(appointment.end, branch.timeZone),
    ...(employeeId
      ? { negotiator: { id: employeeId, name: names.employees.get(employeeId) ?? employeeId } }
      : {}),
    ...(viewer ? { viewer } : {}),
    cancelled: appointment.status === 'CANCELLED',
  };
}
