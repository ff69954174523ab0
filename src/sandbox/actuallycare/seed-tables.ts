import type { ListingStatus, PropertyType, SeedAgent } from './model.ts';

/**
 * Hand-written facts the seed is built from: a two-office brokerage in Kern County, California. Phone
 * numbers are in the 555-01xx range kept for fiction, and e-mail domains are under `example`.
 */

export const COMPANY = {
  name: 'Kern Crest Realty',
  timeZone: 'America/Los_Angeles',
  emailDomain: 'kerncrestrealty.example.com',
} as const;

export const AGENTS: readonly Omit<SeedAgent, 'id' | 'email'>[] = [
  { office: null, firstName: 'Robert', lastName: 'Hayes', phone: '+1 661 555 0100', role: 'broker' },
  { office: 'bakersfield', firstName: 'Maria', lastName: 'Delgado', phone: '+1 661 555 0111', role: 'agent' },
  { office: 'bakersfield', firstName: 'Jordan', lastName: 'Lee', phone: '+1 661 555 0123', role: 'agent' },
  { office: 'bakersfield', firstName: 'Kevin', lastName: 'Tran', phone: '+1 661 555 0134', role: 'agent' },
  {
    office: 'bakersfield',
    firstName: 'Aisha',
    lastName: 'Robinson',
    phone: '+1 661 555 0145',
    role: 'agent',
  },
  { office: 'tehachapi', firstName: 'Emily', lastName: 'Carter', phone: '+1 661 555 0156', role: 'agent' },
  { office: 'tehachapi', firstName: 'Luis', lastName: 'Ramírez', phone: '+1 661 555 0167', role: 'agent' },
  { office: 'tehachapi', firstName: 'Hannah', lastName: 'Nguyen', phone: '+1 661 555 0178', role: 'agent' },
];

export interface StreetRow {
  street: string;
  city: string;
  zip: string;
}

export const STREETS: Record<'bakersfield' | 'tehachapi' | 'ridgecrest', readonly StreetRow[]> = {
  bakersfield: [
    { street: 'Panorama Dr', city: 'Bakersfield', zip: '93306' },
    { street: 'Oswell St', city: 'Bakersfield', zip: '93306' },
    { street: 'Truxtun Ave', city: 'Bakersfield', zip: '93301' },
    { street: 'Chester Ave', city: 'Bakersfield', zip: '93301' },
    { street: 'Ming Ave', city: 'Bakersfield', zip: '93309' },
    { street: 'New Stine Rd', city: 'Bakersfield', zip: '93309' },
    { street: 'Stockdale Hwy', city: 'Bakersfield', zip: '93311' },
    { street: 'Old River Rd', city: 'Bakersfield', zip: '93311' },
    { street: 'Calloway Dr', city: 'Bakersfield', zip: '93312' },
    { street: 'Brimhall Rd', city: 'Bakersfield', zip: '93312' },
    { street: 'Snow Rd', city: 'Bakersfield', zip: '93308' },
    { street: 'Olive Dr', city: 'Bakersfield', zip: '93308' },
    { street: 'White Ln', city: 'Bakersfield', zip: '93307' },
    { street: 'Gosford Rd', city: 'Bakersfield', zip: '93313' },
  ],
  tehachapi: [
    { street: 'Tucker Rd', city: 'Tehachapi', zip: '93561' },
    { street: 'Valley Blvd', city: 'Tehachapi', zip: '93561' },
    { street: 'Highline Rd', city: 'Tehachapi', zip: '93561' },
    { street: 'Curry St', city: 'Tehachapi', zip: '93561' },
    { street: 'Bear Valley Rd', city: 'Tehachapi', zip: '93561' },
    { street: 'Woodford Tehachapi Rd', city: 'Keene', zip: '93531' },
  ],
  // No office claims Ridgecrest: the listing there tests what a branch mapping does with the unclaimed.
  ridgecrest: [{ street: 'China Lake Blvd', city: 'Ridgecrest', zip: '93555' }],
};

export interface ListingRow {
  area: keyof typeof STREETS;
  type: PropertyType;
  status: ListingStatus;
}

const active = (area: ListingRow['area'], ...types: PropertyType[]): ListingRow[] =>
  types.map((type) => ({ area, type, status: 'active' }));

export const LISTINGS: readonly ListingRow[] = [
  ...active(
    'bakersfield',
    'single_family',
    'single_family',
    'condo',
    'single_family',
    'townhouse',
    'single_family',
    'multi_family',
    'single_family',
    'condo',
    'single_family',
    'land',
    'single_family',
    'townhouse',
    'single_family',
  ),
  { area: 'bakersfield', type: 'single_family', status: 'pending' },
  { area: 'bakersfield', type: 'condo', status: 'sold' },
  { area: 'bakersfield', type: 'single_family', status: 'withdrawn' },
  ...active(
    'tehachapi',
    'single_family',
    'manufactured',
    'single_family',
    'land',
    'single_family',
    'townhouse',
  ),
  { area: 'tehachapi', type: 'single_family', status: 'pending' },
  { area: 'tehachapi', type: 'single_family', status: 'expired' },
  ...active('ridgecrest', 'single_family'),
];

/** Asking prices in each area, as a base plus a step per bedroom, before some noise. */
export const PRICES: Record<ListingRow['area'], Record<PropertyType, [number, number]>> = {
  bakersfield: {
    single_family: [215_000, 55_000],
    condo: [160_000, 45_000],
    townhouse: [190_000, 45_000],
    multi_family: [260_000, 50_000],
    manufactured: [90_000, 25_000],
    land: [45_000, 0],
  },
  tehachapi: {
    single_family: [240_000, 60_000],
    condo: [180_000, 45_000],
    townhouse: [210_000, 45_000],
    multi_family: [280_000, 50_000],
    manufactured: [110_000, 30_000],
    land: [60_000, 0],
  },
  ridgecrest: {
    single_family: [170_000, 45_000],
    condo: [130_000, 35_000],
    townhouse: [150_000, 35_000],
    multi_family: [210_000, 40_000],
    manufactured: [70_000, 20_000],
    land: [25_000, 0],
  },
};

/** What agents fill their days with besides showings, and how long each takes, in minutes. */
export const OTHER_APPOINTMENTS: readonly {
  type: 'meeting' | 'call' | 'signing' | 'inspection';
  title: string;
  minutes: readonly number[];
}[] = [
  { type: 'meeting', title: 'Buyer consultation — Torres family', minutes: [60] },
  { type: 'meeting', title: 'Listing presentation — Whitaker residence', minutes: [60, 90] },
  { type: 'meeting', title: 'Office sales meeting', minutes: [60] },
  { type: 'call', title: 'Call with lender — pre-approval', minutes: [30] },
  { type: 'call', title: 'Seller check-in call', minutes: [15, 30] },
  { type: 'signing', title: 'Escrow signing — Nakamura purchase', minutes: [60] },
  { type: 'inspection', title: 'Home inspection walk-through', minutes: [90, 120] },
];

export const CLIENT_SURNAMES = [
  'Torres',
  'Patel',
  'Nakamura',
  'Okafor',
  'Hughes',
  'Castillo',
  'Reyes',
  'Kim',
] as const;
