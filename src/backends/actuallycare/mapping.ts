import {
  parseSlotTimesText,
  slotTimesText,
  type AgentRules,
  type BusyTime,
  type FreeTime,
  type SlotTimes,
} from '../../availability/index.ts';
import type { Branch, Consent, DiaryEntry, Guest, Property, Slot } from '../../contract/index.ts';
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

/** The branch that claims a listing: by ZIP code first, then by city, else the default (if any). */
export function branchFor(
  listing: Pick<Listing, 'zip_code' | 'city'>,
  branches: readonly Pick<ActuallyCareBranch, 'id' | 'zipCodes' | 'cities'>[],
  defaultBranchId: string | undefined,
): string | undefined {
  // ZIP+4 codes (93311-1234) belong where their five digits do.
  const zip = listing.zip_code.trim().slice(0, 5);
  const city = listing.city.trim().toLowerCase();
  return (
    branches.find((branch) => branch.zipCodes.includes(zip))?.id ??
    branches.find((branch) => branch.cities.some((name) => name.toLowerCase() === city))?.id ??
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

/** ActuallyCare lists homes for sale, priced in dollars. */
export function adaptListing(listing: Listing, branchId: string): Property {
  return {
    id: listing.id,
    branchId,
    channel: 'sales',
    title: title(listing.bedrooms, listing.property_type),
    address: `${listing.address.trim()}, ${listing.city.trim()}, ${listing.state.trim()} ${listing.zip_code.trim()}`,
    price: { amount: listing.list_price, currency: 'USD' },
    ...(listing.bedrooms != null && listing.property_type !== 'land' ? { bedrooms: listing.bedrooms } : {}),
  };
}

/** The branch's agents as the availability engine names them: by ActuallyCare user id. */
export const engineAgents = (branch: ActuallyCareBranch): AgentRules[] =>
  branch.agents.map(({ userId, ...rules }) => ({ ...rules, id: userId }));

/** Every appointment that is not cancelled keeps its owner busy, whatever it is for. */
export const busyTimes = (appointments: readonly Appointment[]): BusyTime[] =>
  appointments
    .filter((appointment) => appointment.status !== 'cancelled')
    .map((appointment) => ({
      agentId: appointment.user_id,
      start: new Date(appointment.start_time),
      end: new Date(appointment.end_time),
    }));

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
  agentId: string;
  guest: Guest;
  consent: Consent;
  message?: string;
}

/** The showing as the agent will see it in their calendar: who is coming, how to reach them, what they said. */
export function showing({
  property,
  times,
  agentId,
  guest,
  consent,
  message,
}: ShowingRequest): NewAppointment {
  const name = `${guest.firstName} ${guest.lastName}`;
  return {
    title: `Showing — ${property.address} — ${name}`,
    start_time: new Date(times.start).toISOString(),
    end_time: new Date(times.end).toISOString(),
    appointment_type: 'showing',
    location: property.address,
    user_id: agentId,
    listing_id: property.id,
    description: [message, 'Booked online through the website viewing widget.'].filter(Boolean).join('\n\n'),
    notes: `Visitor: ${name}, ${guest.email}, ${guest.phone}. Marketing consent: ${consent.marketing ? 'yes' : 'no'}.`,
    attendees: [{ name, email: guest.email, phone: guest.phone }],
  };
}

/** A showing as staff see it in the branch's diary: when, who shows it, who comes, on the branch's clock. */
export function diaryEntry(
  appointment: Appointment,
  branch: Pick<Branch, 'id' | 'timeZone'>,
  negotiatorName: string,
): DiaryEntry {
  const viewer = appointment.attendees?.find((attendee) => attendee.name)?.name;
  return {
    reference: appointment.id,
    branchId: branch.id,
    ...(appointment.listing_id ? { propertyId: appointment.listing_id } : {}),
    start: inZone(appointment.start_time, branch.timeZone),
    end: inZone(appointment.end_time, branch.timeZone),
    negotiator: { id: appointment.user_id, name: negotiatorName },
    ...(viewer ? { viewer } : {}),
    subject: appointment.title,
    cancelled: appointment.status === 'cancelled',
  };
}
