import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';
import { createRandom, type Random } from '../shared/random.ts';
import { uuidFor } from '../shared/ids.ts';
import type { Appointment, AppointmentStatus, Seed, SeedAgent, SeedListing } from './model.ts';
import { byStart } from './store.ts';
import {
  AGENTS,
  CLIENT_SURNAMES,
  COMPANY,
  LISTINGS,
  OTHER_APPOINTMENTS,
  PRICES,
  STREETS,
  type ListingRow,
} from './seed-tables.ts';

/** Builds the same brokerage, to the last ZIP code, on every call. */
export function createSeed(): Seed {
  const agents: SeedAgent[] = AGENTS.map((agent) => ({
    ...agent,
    id: uuidFor(`actuallycare:user:${agent.firstName} ${agent.lastName}`),
    email: `${asciiLower(agent.firstName)}.${asciiLower(agent.lastName)}@${COMPANY.emailDomain}`,
  }));
  return { company: { ...COMPANY }, agents, listings: listingsFrom(agents) };
}

const asciiLower = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

function listingsFrom(agents: readonly SeedAgent[]): SeedListing[] {
  const random = createRandom('actuallycare:listings');
  const used = new Set<string>();
  return LISTINGS.map((row, index) => {
    let address = `${random.int(1, 98) * 100 + random.int(0, 99)} ${random.pick(STREETS[row.area]).street}`;
    while (used.has(address))
      address = `${random.int(1, 98) * 100 + random.int(0, 99)} ${random.pick(STREETS[row.area]).street}`;
    used.add(address);
    const street = STREETS[row.area].find((candidate) => address.endsWith(candidate.street));
    if (!street) throw new Error(`no street for ${address}`);
    const land = row.type === 'land';
    const bedrooms = land ? null : bedroomsFor(random, row);
    const office = row.area === 'tehachapi' ? 'tehachapi' : 'bakersfield';
    const listingAgent = random.pick(agents.filter((agent) => agent.office === office));
    return {
      id: uuidFor(`actuallycare:listing:${index}`),
      mlsNumber: `SR${String(24_010_000 + ((index * 7919) % 90_000)).padStart(8, '0')}`,
      address,
      city: street.city,
      state: 'CA',
      zipCode: street.zip,
      listPrice: priceFor(random, row, bedrooms),
      propertyType: row.type,
      bedrooms,
      bathrooms: bedrooms === null ? null : Math.max(1, bedrooms - 1) + (random.chance(0.5) ? 0.5 : 0),
      squareFeet: land ? null : 650 + (bedrooms ?? 1) * 380 + random.int(0, 30) * 10,
      status: row.status,
      listingAgentId: listingAgent.id,
      listedDaysAgo: random.int(3, 120),
      description: describe(row, bedrooms, street.city),
    };
  });
}

function bedroomsFor(random: Random, row: ListingRow): number {
  switch (row.type) {
    case 'condo':
    case 'manufactured':
      return random.int(1, 3);
    case 'townhouse':
      return random.int(2, 3);
    case 'multi_family':
      return random.int(4, 6);
    default:
      return random.int(3, 5);
  }
}

function priceFor(random: Random, row: ListingRow, bedrooms: number | null): number {
  const [base, perBedroom] = PRICES[row.area][row.type];
  const raw = (base + perBedroom * (bedrooms ?? 0)) * (0.92 + random.next() * 0.16);
  // US asking prices end in 900 or 000 far more often than not.
  return Math.round(raw / 1000) * 1000 - (random.chance(0.6) ? 100 : 0);
}

function describe(row: ListingRow, bedrooms: number | null, city: string): string {
  if (row.type === 'land') return `Buildable lot in ${city} with utilities at the street.`;
  const kind = {
    single_family: 'home',
    condo: 'condo',
    townhouse: 'townhome',
    multi_family: 'fourplex',
    manufactured: 'manufactured home',
    land: 'lot',
  }[row.type];
  return `${bedrooms}-bedroom ${kind} in ${city}, close to schools and shopping.`;
}

/**
 * Appointments already in the CRM, from a week before `now` to five weeks after. Each agent-day has its own
 * random stream, so a given date holds the same appointments whatever the time of day `now` is.
 */
export function seedAppointments(seed: Seed, now: Date): Appointment[] {
  const today = Date.parse(`${formatInTimeZone(now, seed.company.timeZone, 'yyyy-MM-dd')}T00:00:00Z`);
  const created = new Date(now.getTime() - 14 * 86_400_000).toISOString();
  const appointments: Appointment[] = [];
  const active = seed.listings.filter((listing) => listing.status === 'active');
  for (let offset = -7; offset <= 35; offset++) {
    const date = new Date(today + offset * 86_400_000).toISOString().slice(0, 10);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    // Appointments fall between 08:00 and 19:00, never across the 02:00 clock change: noon's offset fits all.
    const offsetMs =
      Date.parse(`${date}T12:00:00Z`) - fromZonedTime(`${date}T12:00:00`, seed.company.timeZone).getTime();
    const instant = (minute: number) =>
      new Date(Date.parse(`${date}T00:00:00Z`) + minute * 60_000 - offsetMs);
    for (const agent of seed.agents) {
      const random = createRandom(`actuallycare:day:${agent.id}:${date}`);
      // Agents work Saturdays as often as not; Sundays only for the odd open house.
      const count = weekday === 0 ? (random.chance(0.2) ? 1 : 0) : random.int(weekday === 6 ? 0 : 1, 3);
      const taken: [number, number][] = [];
      for (let n = 0; n < count; n++) {
        const startMinute = random.int(8 * 4, 17 * 4) * 15;
        const showing = agent.role === 'agent' && random.chance(0.45);
        const other = random.pick(OTHER_APPOINTMENTS);
        const minutes = showing ? random.pick([30, 45]) : random.pick(other.minutes);
        if (taken.some(([from, to]) => startMinute < to && from < startMinute + minutes)) continue;
        taken.push([startMinute, startMinute + minutes]);
        const listing = showing ? random.pick(active) : undefined;
        const start = instant(startMinute);
        const end = instant(startMinute + minutes);
        const past = end.getTime() <= now.getTime();
        const client = random.pick(CLIENT_SURNAMES);
        appointments.push({
          id: uuidFor(`actuallycare:appointment:${agent.id}:${date}:${n}`),
          userId: agent.id,
          title: listing ? `Showing — ${listing.address}` : other.title,
          description: null,
          type: listing ? 'showing' : other.type,
          start: start.toISOString(),
          end: end.toISOString(),
          location: listing ? `${listing.address}, ${listing.city}, CA ${listing.zipCode}` : null,
          clientId: uuidFor(`actuallycare:client:${client}`),
          listingId: listing?.id ?? null,
          escrowId: null,
          status: statusFor(random, past),
          attendees: [
            { name: `${agent.firstName} ${agent.lastName}`, email: agent.email, phone: agent.phone },
          ],
          reminderSent: past,
          notes: null,
          version: 1,
          createdAt: created,
          updatedAt: created,
        });
      }
    }
  }
  return appointments.sort(byStart);
}

/** Most appointments happen as planned; some clients never turn up, and some plans fall through. */
function statusFor(random: Random, past: boolean): AppointmentStatus {
  if (past) return random.chance(0.9) ? 'completed' : 'no_show';
  return random.chance(0.1) ? 'cancelled' : 'scheduled';
}
