import type { Department, PropertyType, WorkingPeriod } from './model.ts';

/**
 * Hand-written facts the seed is built from. Phone numbers are Ofcom's drama ranges (0117 496 0xxx,
 * 01632 960xxx, 07700 900xxx) and e-mail domains are under `example`, so nothing here reaches a real person.
 */

export const COMPANY = {
  name: 'Harbour & Finch Estate Agents',
  webAddress: 'https://www.harbourandfinch.example.co.uk',
  timeZone: 'Europe/London',
} as const;

export interface StreetRow {
  street: string;
  locality: string;
  /** Outward code; the inward half is generated. */
  district: string;
}

export interface StaffRow {
  forename: string;
  surname: string;
  department: Department;
  hours:
    'weekdays' | 'weekdays+saturday' | 'tuesday-saturday' | 'monday-thursday' | 'mon-wed-fri' | 'early-lunch';
}

export interface BranchRow {
  key: string;
  name: string;
  address1: string;
  address2: string;
  town: string;
  county: string;
  postcode: string;
  phone: string;
  /** Rents and prices here relative to the company's average. */
  priceFactor: number;
  streets: readonly StreetRow[];
  staff: readonly StaffRow[];
  lettingTypes: readonly PropertyType[];
  /** Tenancies up for renewal: advertised only to callers that ask with `includeRenewals`. */
  renewalTypes: readonly PropertyType[];
  saleTypes: readonly PropertyType[];
  /** Names of blocks of flats here; `BUILDING_NAMES` when absent. */
  buildingNames?: readonly string[];
  /** Sales (by their place in `saleTypes`) priced on application, beside those named in `seed.ts`. */
  priceOnApplication?: readonly number[];
}

export const BRANCHES: readonly BranchRow[] = [
  {
    key: 'clifton',
    name: 'Bristol Clifton',
    address1: '42 Princess Victoria Street',
    address2: 'Clifton Village',
    town: 'Bristol',
    county: 'City of Bristol',
    postcode: 'BS8 4BZ',
    phone: '0117 496 0142',
    priceFactor: 1.05,
    streets: [
      { street: 'Royal York Crescent', locality: 'Clifton', district: 'BS8' },
      { street: 'Whiteladies Road', locality: 'Clifton', district: 'BS8' },
      { street: 'Alma Road', locality: 'Clifton', district: 'BS8' },
      { street: 'Pembroke Road', locality: 'Clifton', district: 'BS8' },
      { street: 'Canynge Road', locality: 'Clifton', district: 'BS8' },
      { street: 'Goldney Road', locality: 'Clifton', district: 'BS8' },
      { street: 'Hotwell Road', locality: 'Hotwells', district: 'BS8' },
      { street: 'Cotham Hill', locality: 'Cotham', district: 'BS6' },
      { street: 'Redland Road', locality: 'Redland', district: 'BS6' },
      { street: 'Chandos Road', locality: 'Redland', district: 'BS6' },
      { street: 'Cumberland Road', locality: 'Spike Island', district: 'BS1' },
    ],
    staff: [
      { forename: 'Sophie', surname: 'Whitfield', department: 'lettings', hours: 'weekdays+saturday' },
      { forename: 'Daniel', surname: 'Okafor', department: 'sales', hours: 'weekdays' },
      { forename: 'Priya', surname: 'Raman', department: 'both', hours: 'tuesday-saturday' },
      { forename: 'Tom', surname: 'Beddoe', department: 'lettings', hours: 'monday-thursday' },
    ],
    lettingTypes: [
      'Studio',
      'Flat',
      'Flat',
      'Maisonette',
      'Flat',
      'Terraced house',
      'Flat',
      'Semi-detached house',
    ],
    renewalTypes: ['Flat'],
    saleTypes: [
      'Flat',
      'Terraced house',
      'Maisonette',
      'Semi-detached house',
      'Flat',
      'Terraced house',
      'Detached house',
      'Detached house',
    ],
  },
  {
    key: 'bath',
    name: 'Bath',
    address1: '17 Milsom Street',
    address2: 'City Centre',
    town: 'Bath',
    county: 'Somerset',
    postcode: 'BA1 1DE',
    phone: '01632 960218',
    priceFactor: 1.1,
    streets: [
      { street: 'Great Pulteney Street', locality: 'Bathwick', district: 'BA2' },
      { street: 'Sydney Place', locality: 'Bathwick', district: 'BA2' },
      { street: 'Bathwick Hill', locality: 'Bathwick', district: 'BA2' },
      { street: 'Widcombe Hill', locality: 'Widcombe', district: 'BA2' },
      { street: 'Wellsway', locality: 'Bear Flat', district: 'BA2' },
      { street: 'Church Road', locality: 'Combe Down', district: 'BA2' },
      { street: 'Lansdown Crescent', locality: 'Lansdown', district: 'BA1' },
      { street: 'Camden Crescent', locality: 'Camden', district: 'BA1' },
      { street: 'Walcot Street', locality: 'Walcot', district: 'BA1' },
      { street: 'Newbridge Road', locality: 'Newbridge', district: 'BA1' },
      { street: 'Weston Park', locality: 'Weston', district: 'BA1' },
    ],
    staff: [
      { forename: 'Charlotte', surname: 'Hale', department: 'sales', hours: 'weekdays+saturday' },
      { forename: 'Oliver', surname: 'Pritchard', department: 'lettings', hours: 'early-lunch' },
      { forename: 'Hannah', surname: 'Mercer', department: 'both', hours: 'mon-wed-fri' },
    ],
    lettingTypes: [
      'Flat',
      'Studio',
      'Flat',
      'Cottage',
      'Terraced house',
      'Maisonette',
      'Flat',
      'Terraced house',
    ],
    renewalTypes: ['Flat'],
    saleTypes: [
      'Flat',
      'Cottage',
      'Terraced house',
      'Semi-detached house',
      'Flat',
      'Detached house',
      'Maisonette',
      'Terraced house',
    ],
  },
  {
    key: 'cheltenham',
    name: 'Cheltenham',
    address1: '9 Montpellier Walk',
    address2: 'Montpellier',
    town: 'Cheltenham',
    county: 'Gloucestershire',
    postcode: 'GL50 1SD',
    phone: '01632 960377',
    priceFactor: 0.95,
    streets: [
      { street: 'Montpellier Street', locality: 'Montpellier', district: 'GL50' },
      { street: 'Suffolk Square', locality: 'Suffolk', district: 'GL50' },
      { street: 'Tivoli Road', locality: 'Tivoli', district: 'GL50' },
      { street: 'Lansdown Road', locality: 'Lansdown', district: 'GL51' },
      { street: 'Pittville Lawn', locality: 'Pittville', district: 'GL52' },
      { street: 'Hales Road', locality: 'Battledown', district: 'GL52' },
      { street: 'Prestbury Road', locality: 'Prestbury', district: 'GL52' },
      { street: 'Leckhampton Road', locality: 'Leckhampton', district: 'GL53' },
      { street: 'Bath Road', locality: 'Leckhampton', district: 'GL53' },
      { street: 'Cirencester Road', locality: 'Charlton Kings', district: 'GL53' },
    ],
    staff: [
      { forename: 'James', surname: 'Ashworth', department: 'sales', hours: 'weekdays' },
      { forename: 'Emily', surname: 'Carver', department: 'lettings', hours: 'weekdays+saturday' },
      { forename: 'Ravi', surname: 'Chandra', department: 'both', hours: 'weekdays' },
      { forename: 'Megan', surname: 'Lloyd', department: 'lettings', hours: 'tuesday-saturday' },
    ],
    lettingTypes: [
      'Flat',
      'Flat',
      'Studio',
      'Semi-detached house',
      'Terraced house',
      'Maisonette',
      'Flat',
      'Cottage',
    ],
    renewalTypes: [],
    saleTypes: [
      'Terraced house',
      'Flat',
      'Semi-detached house',
      'Detached house',
      'Cottage',
      'Semi-detached house',
      'Flat',
      'Detached house',
    ],
  },
];

const MORNING: WorkingPeriod = { from: '09:00', to: '13:00' };
const AFTERNOON: WorkingPeriod = { from: '14:00', to: '17:30' };
const WEEKDAY: readonly WorkingPeriod[] = [MORNING, AFTERNOON];
const SATURDAY: readonly WorkingPeriod[] = [{ from: '10:00', to: '14:00' }];
const EARLY_LUNCH: readonly WorkingPeriod[] = [
  { from: '09:00', to: '12:30' },
  { from: '13:30', to: '17:30' },
];
const OFF: readonly WorkingPeriod[] = [];

/** Sunday first; nobody works Sundays. */
export const WORKING_PATTERNS: Record<StaffRow['hours'], readonly (readonly WorkingPeriod[])[]> = {
  weekdays: [OFF, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, OFF],
  'weekdays+saturday': [OFF, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, SATURDAY],
  'tuesday-saturday': [OFF, OFF, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, SATURDAY],
  'monday-thursday': [OFF, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, OFF, OFF],
  'mon-wed-fri': [OFF, WEEKDAY, OFF, WEEKDAY, OFF, WEEKDAY, OFF],
  'early-lunch': [OFF, EARLY_LUNCH, EARLY_LUNCH, EARLY_LUNCH, EARLY_LUNCH, EARLY_LUNCH, OFF],
};

/** Named blocks that flats are given instead of a bare house number. */
export const BUILDING_NAMES = [
  'Kingsley House',
  'Regency Court',
  'The Old Print Works',
  'Orchard Mews',
  'St Vincent Lodge',
  'Linden House',
  'Albion Court',
  'The Maltings',
] as const;

/** Contacts the guest match can find. Two James Taylors share a name on purpose: name matching is ambiguous. */
export const CONTACT_NAMES: readonly { forename: string; surname: string; emailLocal?: string }[] = [
  { forename: 'Amelia', surname: 'Clarke' },
  { forename: 'Oliver', surname: 'Bennett' },
  { forename: 'Isla', surname: 'Thompson' },
  { forename: 'Harry', surname: 'Walsh' },
  { forename: 'Grace', surname: 'Patel' },
  { forename: 'George', surname: 'Evans' },
  { forename: 'Freya', surname: 'Hughes' },
  { forename: 'Jack', surname: 'Robinson' },
  { forename: 'Ava', surname: 'Wright' },
  { forename: 'Noah', surname: 'Green' },
  { forename: 'Lily', surname: 'Morgan' },
  { forename: 'Leo', surname: 'Cooper' },
  { forename: 'Ella', surname: 'Khan' },
  { forename: 'Arthur', surname: 'Ward' },
  { forename: 'Poppy', surname: 'Turner' },
  { forename: 'Muhammad', surname: 'Ali' },
  { forename: 'Evie', surname: 'Phillips' },
  { forename: 'Oscar', surname: 'Lewis' },
  { forename: 'Ruby', surname: "O'Brien", emailLocal: 'ruby.obrien' },
  { forename: 'Theo', surname: 'Fletcher' },
  { forename: 'Sienna', surname: 'Davies' },
  { forename: 'Alfie', surname: 'Jenkins' },
  { forename: 'Maya', surname: 'Shah' },
  { forename: 'Henry', surname: 'Campbell' },
  { forename: 'Zara', surname: 'Ahmed' },
  { forename: 'Samuel', surname: 'Price' },
  { forename: 'Chloe', surname: 'Fraser' },
  { forename: 'Finley', surname: 'Murray' },
  { forename: 'James', surname: 'Taylor' },
  { forename: 'James', surname: 'Taylor', emailLocal: 'jtaylor.bristol' },
];
