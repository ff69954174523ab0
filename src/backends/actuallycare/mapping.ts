import {
  parseSlotTimesText,
  slotTimesText,
  type AgentRules,
  type FreeTime,
  type SlotTimes,
} from '../../availability/index.ts';
import type {
  BookingSource,
  Branch,
  Consent,
  DiaryEntry,
  Guest,
  Property,
  Slot,
} from '../../contract/index.ts';
import { answersNote, approvalNote, sourceNote } from '../source-note.ts';
import type { BookingAnswer } from '../types.ts';
import { decodeOpaque, encodeOpaque, inZone } from '../slot-time.ts';
import type { Appointment, Listing, NewAppointment } from './schemas.ts';
import type { ActuallyCareBranch } from './settings.ts';

export function adaptBranch(branch: ActuallyCareBranch): Branch {
  return {
    id: branch.id,
    name: branch.name,
    address: branch.address,
    timeZone: branch.timeZone,
    ...(branch.phone ? { phone: branch.phone } : {}),
    ...(branch.email ? { email: branch.email } : {}),
  };
}

/**
 * The branch that claims a listing: by ZIP code first, then by city, else the default (if any). A row
 * without `zip_code` (the quickstart's abbreviated row) is placed by a ZIP code ending its address, if any.
 */
export function branchFor(
  listing: Pick<Listing, 'zip_code' | 'city' | 'address'>,
  branches: readonly Pick<ActuallyCareBranch, 'id' | 'zipCodes' | 'cities'>[],
  defaultBranchId: string | undefined,
): string | undefined {
  // ZIP+4 codes (93311-1234) belong where their five digits do.
  const zip = (listing.zip_code ?? /\b(\d{5})(?:-\d{4})?\s*$/.exec(listing.address)?.[1] ?? '')
    .trim()
    .slice(0, 5);
  const city = listing.city?.trim().toLowerCase();
  return (
    (zip ? branches.find((branch) => branch.zipCodes.includes(zip))?.id : undefined) ??
    (city
      ? branches.find((branch) => branch.cities.some((name) => name.toLowerCase() === city))?.id
      : undefined) ??
    defaultBranchId
  );
}

const KIND: Record<string, string> = {
  single_family: 'house',
  condo: 'condo',
  townhouse: 'townhouse',
  multi_family: 'multi-family home',
  manufactured: 'manufactured home',
  land: 'lot',
};

function title(bedrooms: number | null | undefined, propertyType: string | null | undefined): string {
  const kind = KIND[propertyType ?? ''] ?? 'home';
  if (bedrooms == null || propertyType === 'land') return kind.charAt(0).toUpperCase() + kind.slice(1);
  if (bedrooms === 0) return `Studio ${kind}`;
  return `${bedrooms} bedroom ${kind}`;
}

/** One line, with whatever of city, state and ZIP code the row has: `123 Main St, Tehachapi, CA 93561`. */
function addressOf(listing: Pick<Listing, 'address' | 'city' | 'state' | 'zip_code'>): string {
  const region = [listing.state?.trim(), listing.zip_code?.trim()].filter(Boolean).join(' ');
  return [listing.address.trim(), listing.city?.trim(), region].filter(Boolean).join(', ');
}

/** ActuallyCare lists homes for sale, priced in dollars. */
export function adaptListing(listing: Listing, branchId: string): Property {
  return {
    id: listing.id,
    branchId,
    channel: 'sales',
    title: title(listing.bedrooms, listing.property_type),
    address: addressOf(listing),
    price: { amount: listing.list_price, currency: 'USD' },
    ...(listing.bedrooms != null && listing.property_type !== 'land' ? { bedrooms: listing.bedrooms } : {}),
  };
}

/** The branch's agents as the availability engine names them: by ActuallyCare user id. */
export const engineAgents = (branch: ActuallyCareBranch): AgentRules[] =>
  branch.agents.map(({ userId, ...rules }) => ({ ...rules, id: userId }));

/** ActuallyCare has no slots, so the id carries the times; booking recomputes who is free then. */
export const slotId = (times: SlotTimes): string => encodeOpaque(`ac1|${slotTimesText(times)}`);

export function parseSlotId(id: string): SlotTimes | undefined {
  const text = decodeOpaque(id) ?? '';
  return text.startsWith('ac1|') ? parseSlotTimesText(text.slice(4)) : undefined;
}

export const adaptFreeTimes = (times: readonly FreeTime[]): Slot[] =>
  times.map((time) => ({ id: slotId(time), start: time.start, end: time.end }));

export interface ShowingRequest {
  property: Property;
  times: SlotTimes;
  guest: Guest;
  consent: Consent;
  message?: string;
  source?: BookingSource;
  answers?: readonly BookingAnswer[];
  ownerApproval?: boolean;
}

/**
 * The showing's title: the home and the visitor, which is also how a showing is found again (list rows carry
 * neither the listing nor the attendees).
 */
export const showingTitle = (
  property: Pick<Property, 'address'>,
  guest: Pick<Guest, 'firstName' | 'lastName'>,
) => `Showing — ${property.address} — ${guest.firstName} ${guest.lastName}`;

/**
 * The showing as the agent will see it in their calendar: who is coming, how to reach them, what they said.
 * Whose calendar it goes in is the key it is made with, not the body.
 */
export function showing({
  property,
  times,
  guest,
  consent,
  message,
  source,
  answers,
  ownerApproval,
}: ShowingRequest): NewAppointment {
  const name = `${guest.firstName} ${guest.lastName}`;
  return {
    title: showingTitle(property, guest),
    start_time: new Date(times.start).toISOString(),
    end_time: new Date(times.end).toISOString(),
    appointment_type: 'showing',
    location: property.address,
    listing_id: property.id,
    description: [
      approvalNote(ownerApproval),
      message,
      'Booked online through the website viewing widget.',
      answersNote(answers),
      sourceNote(source),
    ]
      .filter(Boolean)
      .join('\n\n'),
    notes: `Visitor: ${name}, ${guest.email}, ${guest.phone}. Marketing consent: ${consent.marketing ? 'yes' : 'no'}.`,
    attendees: [{ name, email: guest.email, phone: guest.phone }],
  };
}

/**
 * A showing as staff see it in the branch's diary: when, who shows it, who comes, on the branch's clock.
 * List rows carry no attendees and no listing: the viewer is read from a title made by `showingTitle`, and
 * the home is the one `propertyId` found by the location, when given.
 */
export function diaryEntry(
  appointment: Appointment,
  branch: Pick<Branch, 'id' | 'timeZone'>,
  negotiator: { id: string; name: string },
  propertyId?: string,
): DiaryEntry {
  const title = appointment.title ?? '';
  const viewer =
    appointment.attendees?.find((attendee) => attendee.name)?.name ??
    (title.startsWith('Showing — ') && title.split(' — ').length >= 3
      ? title.split(' — ').at(-1)
      : undefined);
  const home = appointment.listing_id ?? propertyId;
  return {
    reference: appointment.id,
    branchId: branch.id,
    ...(home ? { propertyId: home } : {}),
    start: inZone(appointment.start_time, branch.timeZone),
    end: inZone(appointment.end_time, branch.timeZone),
    negotiator,
    ...(viewer ? { viewer } : {}),
    subject: title,
    cancelled: appointment.status === 'cancelled',
  };
}
