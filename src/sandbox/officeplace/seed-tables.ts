/**
 * Hand-written facts: a lettings and sales agency on the Thames in south-west London, with two offices.
 * Phone numbers are in Ofcom's drama range (020 7946 0xxx) and e-mail domains are under `example`.
 */

export const TENANT = {
  name: 'Thames & Wren Estate Agents',
  timeZone: 'Europe/London',
  emailDomain: 'thamesandwren.example.co.uk',
} as const;

export const AGENTS = [
  { office: 'richmond', displayName: 'Olivia Bennett' },
  { office: 'richmond', displayName: 'James Okonkwo' },
  { office: 'richmond', displayName: 'Charlotte Hughes' },
  { office: 'richmond', displayName: 'Marek Nowak' },
  { office: 'kingston', displayName: 'Aisha Rahman' },
  { office: 'kingston', displayName: 'Tom Fletcher' },
  { office: 'kingston', displayName: 'Grace Liu' },
] as const;

/** Streets for viewing subjects in each office's patch. */
export const STREETS = {
  richmond: [
    'Sheen Road',
    'Kew Road',
    'Friars Stile Road',
    'Marchmont Road',
    'Mount Ararat Road',
    'Queens Road',
  ],
  kingston: [
    'Surbiton Road',
    'Park Road',
    'Villiers Road',
    'Canbury Park Road',
    'Richmond Road',
    'Burton Road',
  ],
} as const;

/** Bank holidays in England and Wales, 2026 and 2027: both offices close. */
export const BANK_HOLIDAYS = [
  '2026-01-01',
  '2026-04-03',
  '2026-04-06',
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
  '2026-12-25',
  '2026-12-28',
  '2027-01-01',
  '2027-03-26',
  '2027-03-29',
  '2027-05-03',
  '2027-05-31',
  '2027-08-30',
  '2027-12-27',
  '2027-12-28',
];

export interface PropertyRow {
  key: string;
  office: 'richmond' | 'kingston';
  channel: 'lettings' | 'sales';
  title: string;
  address: string;
  price: number;
  period?: 'week' | 'month';
  bedrooms?: number;
}

export const PROPERTIES: readonly PropertyRow[] = [
  {
    key: 'R-L1',
    office: 'richmond',
    channel: 'lettings',
    title: '2 bedroom flat',
    address: 'Flat 3, 14 Sheen Road, Richmond, TW9 1AE',
    price: 2150,
    period: 'month',
    bedrooms: 2,
  },
  {
    key: 'R-L2',
    office: 'richmond',
    channel: 'lettings',
    title: 'Studio flat',
    address: 'Flat 11, Ormond House, Kew Road, Richmond, TW9 2NQ',
    price: 1395,
    period: 'month',
    bedrooms: 0,
  },
  {
    key: 'R-L3',
    office: 'richmond',
    channel: 'lettings',
    title: '3 bedroom terraced house',
    address: '27 Marchmont Road, Richmond, TW10 6HQ',
    price: 3400,
    period: 'month',
    bedrooms: 3,
  },
  {
    key: 'R-L4',
    office: 'richmond',
    channel: 'lettings',
    title: '1 bedroom flat',
    address: 'Flat 2, 8 Queens Road, Richmond, TW10 6JW',
    price: 425,
    period: 'week',
    bedrooms: 1,
  },
  {
    key: 'R-S1',
    office: 'richmond',
    channel: 'sales',
    title: '4 bedroom semi-detached house',
    address: '5 Mount Ararat Road, Richmond, TW10 6PQ',
    price: 1_650_000,
    bedrooms: 4,
  },
  {
    key: 'R-S2',
    office: 'richmond',
    channel: 'sales',
    title: '2 bedroom maisonette',
    address: '41A Friars Stile Road, Richmond, TW10 6NQ',
    price: 675_000,
    bedrooms: 2,
  },
  {
    key: 'R-S3',
    office: 'richmond',
    channel: 'sales',
    title: '1 bedroom flat',
    address: 'Flat 6, 90 Kew Road, Richmond, TW9 2PQ',
    price: 415_000,
    bedrooms: 1,
  },
  {
    key: 'K-L1',
    office: 'kingston',
    channel: 'lettings',
    title: '2 bedroom flat',
    address: 'Flat 14, Riverside Court, Canbury Park Road, Kingston upon Thames, KT2 6LD',
    price: 1850,
    period: 'month',
    bedrooms: 2,
  },
  {
    key: 'K-L2',
    office: 'kingston',
    channel: 'lettings',
    title: '1 bedroom flat',
    address: 'Flat 4, 62 Surbiton Road, Kingston upon Thames, KT1 2HX',
    price: 1450,
    period: 'month',
    bedrooms: 1,
  },
  {
    key: 'K-L3',
    office: 'kingston',
    channel: 'lettings',
    title: '3 bedroom semi-detached house',
    address: '18 Burton Road, Kingston upon Thames, KT2 5TE',
    price: 2600,
    period: 'month',
    bedrooms: 3,
  },
  {
    key: 'K-S1',
    office: 'kingston',
    channel: 'sales',
    title: '3 bedroom terraced house',
    address: '33 Villiers Road, Kingston upon Thames, KT1 3AR',
    price: 725_000,
    bedrooms: 3,
  },
  {
    key: 'K-S2',
    office: 'kingston',
    channel: 'sales',
    title: '5 bedroom detached house',
    address: '2 Park Road, Kingston upon Thames, KT2 5JZ',
    price: 1_950_000,
    bedrooms: 5,
  },
  {
    key: 'K-S3',
    office: 'kingston',
    channel: 'sales',
    title: '2 bedroom flat',
    address: 'Flat 22, Kingsgate, Richmond Road, Kingston upon Thames, KT2 5BW',
    price: 465_000,
    bedrooms: 2,
  },
];
