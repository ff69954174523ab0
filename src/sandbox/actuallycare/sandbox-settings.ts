import type { Seed } from './model.ts';

/**
 * What the brokerage would write in the proxy's config to offer viewings: its two offices, which ZIP codes
 * each covers, who shows properties from each, and their viewing rules. ActuallyCare itself knows none of
 * this, so the sandbox hands it over with the emulator; the shape is the ActuallyCare backend's settings.
 * The top-level `apiKey` (the broker's) reads listings; each agent's calendar goes through their own key.
 */
export function sandboxSettings(seed: Seed, keyFor: (userId: string) => string) {
  const team = (office: 'bakersfield' | 'tehachapi') =>
    seed.agents
      .filter((agent) => agent.office === office)
      .map((agent) => ({
        userId: agent.id,
        name: `${agent.firstName} ${agent.lastName}`,
        // Each key acts as its owner: an agent's calendar is read and written with their own key.
        apiKey: keyFor(agent.id),
        // Hannah works Tuesday to Saturday; everyone else works whenever the office is open.
        ...(agent.firstName === 'Hannah'
          ? { hours: { tuesday: DAY, wednesday: DAY, thursday: DAY, friday: DAY, saturday: SATURDAY } }
          : {}),
      }));
  const land = seed.listings.filter((listing) => listing.propertyType === 'land');
  return {
    branches: [
      {
        id: 'bakersfield',
        name: 'Bakersfield — Stockdale',
        address: '9900 Stockdale Hwy, Suite 120, Bakersfield, CA 93311',
        timeZone: seed.company.timeZone,
        phone: '+1 661 555 0101',
        email: `bakersfield@${seed.company.emailDomain}`,
        zipCodes: [
          '93301',
          '93304',
          '93305',
          '93306',
          '93307',
          '93308',
          '93309',
          '93311',
          '93312',
          '93313',
          '93314',
        ],
        cities: ['Bakersfield'],
        agents: team('bakersfield'),
        viewing: { ...VIEWING, openingHours: { ...WEEK, sunday: SUNDAY } },
      },
      {
        id: 'tehachapi',
        name: 'Tehachapi',
        address: '112 W Tehachapi Blvd, Tehachapi, CA 93561',
        timeZone: seed.company.timeZone,
        phone: '+1 661 555 0102',
        email: `tehachapi@${seed.company.emailDomain}`,
        zipCodes: ['93561', '93531', '93518'],
        cities: ['Tehachapi', 'Keene'],
        agents: team('tehachapi'),
        viewing: { ...VIEWING, openingHours: WEEK },
      },
    ],
    // Bakersfield covers the rest of Kern County, Ridgecrest included.
    defaultBranchId: 'bakersfield',
    // A lot is walked, not toured: an hour, shown by the agent who listed it and knows the boundaries.
    properties: Object.fromEntries(
      land.map((listing) => [listing.mlsNumber, { viewingMinutes: 60, agentIds: [listing.listingAgentId] }]),
    ),
  };
}
export type ActuallyCareSandboxSettings = ReturnType<typeof sandboxSettings>;

const DAY = [{ from: '09:00', to: '18:00' }];
const SATURDAY = [{ from: '10:00', to: '16:00' }];
const SUNDAY = [{ from: '12:00', to: '16:00' }];
const WEEK = { monday: DAY, tuesday: DAY, wednesday: DAY, thursday: DAY, friday: DAY, saturday: SATURDAY };
const VIEWING = {
  // US federal holidays the offices close for, this year and next.
  closedDates: [
    '2026-11-26',
    '2026-12-25',
    '2027-01-01',
    '2027-05-31',
    '2027-07-05',
    '2027-09-06',
    '2027-11-25',
    '2027-12-24',
  ],
  viewingMinutes: 30,
  bufferMinutes: 15,
  minimumNoticeMinutes: 120,
  maxDaysAhead: 28,
};
