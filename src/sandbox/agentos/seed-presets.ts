import type { PropertyType } from './model.ts';
import { createRandom } from '../shared/random.ts';
import { BRANCHES, type BranchRow } from './seed-tables.ts';

/**
 * Which company the emulator holds (the first is the default):
 * - `standard`: three branches and 48 homes, each kind of listing an adapter must render at least once.
 * - `large-branch`: the same, plus Bristol Harbourside, a branch advertising 300 homes (160 to let, 140 for
 *   sale), for searching, filtering and paging through a big agency's list.
 */
export const SEED_PRESETS = ['standard', 'large-branch'] as const;
export type SeedPreset = (typeof SEED_PRESETS)[number];

export const isSeedPreset = (name: string): name is SeedPreset =>
  (SEED_PRESETS as readonly string[]).includes(name);

const LETTINGS = 160;
const SALES = 140;

/** Types in rough proportion to a city-centre agency's list: mostly flats. */
const LETTING_MIX: readonly PropertyType[] = [
  'Flat',
  'Flat',
  'Flat',
  'Flat',
  'Studio',
  'Maisonette',
  'Terraced house',
  'Terraced house',
  'Semi-detached house',
  'Cottage',
];
const SALE_MIX: readonly PropertyType[] = [
  'Flat',
  'Flat',
  'Flat',
  'Maisonette',
  'Terraced house',
  'Terraced house',
  'Semi-detached house',
  'Semi-detached house',
  'Detached house',
  'Cottage',
];

/** Drawn from its own stream, so the three standard branches stay exactly as they are. */
function typesFor(label: string, mix: readonly PropertyType[], count: number): PropertyType[] {
  const random = createRandom(`agentos:large-branch:${label}`);
  return Array.from({ length: count }, () => random.pick(mix));
}

/**
 * A branch with 300 advertised homes. Some flats are in blocks with accented names (`Château Wharf`), so a
 * search typed without accents must still find them; every 20th sale is priced on application.
 */
export const LARGE_BRANCH: BranchRow = {
  key: 'harbourside',
  name: 'Bristol Harbourside',
  address1: '3 Narrow Quay',
  address2: 'Harbourside',
  town: 'Bristol',
  county: 'City of Bristol',
  postcode: 'BS1 4QA',
  phone: '0117 496 0588',
  priceFactor: 1,
  streets: [
    { street: 'Narrow Quay', locality: 'Harbourside', district: 'BS1' },
    { street: 'Welsh Back', locality: 'Old City', district: 'BS1' },
    { street: 'Queen Square', locality: 'Old City', district: 'BS1' },
    { street: 'Prince Street', locality: 'Harbourside', district: 'BS1' },
    { street: 'Wapping Road', locality: 'Wapping Wharf', district: 'BS1' },
    { street: 'Gas Ferry Road', locality: 'Spike Island', district: 'BS1' },
    { street: 'Redcliff Hill', locality: 'Redcliffe', district: 'BS1' },
    { street: 'Bathurst Parade', locality: 'Redcliffe', district: 'BS1' },
    { street: 'Merchants Road', locality: 'Hotwells', district: 'BS8' },
    { street: 'Hannover Quay', locality: 'Canon’s Marsh', district: 'BS1' },
    { street: 'North Street', locality: 'Bedminster', district: 'BS3' },
    { street: 'Coronation Road', locality: 'Southville', district: 'BS3' },
    { street: 'Stackpool Road', locality: 'Southville', district: 'BS3' },
    { street: 'Raleigh Road', locality: 'Ashton Gate', district: 'BS3' },
    { street: 'Temple Gate', locality: 'Temple Meads', district: 'BS1' },
    { street: 'Feeder Road', locality: 'St Philip’s Marsh', district: 'BS2' },
  ],
  staff: [
    { forename: 'Zoë', surname: 'Hartley', department: 'lettings', hours: 'weekdays+saturday' },
    { forename: 'Marcus', surname: 'Adeyemi', department: 'sales', hours: 'weekdays' },
    { forename: 'Niamh', surname: 'Gallagher', department: 'both', hours: 'tuesday-saturday' },
    { forename: 'Kieran', surname: 'Doyle', department: 'lettings', hours: 'weekdays' },
    { forename: 'Fatima', surname: 'Begum', department: 'sales', hours: 'early-lunch' },
  ],
  lettingTypes: typesFor('lettings', LETTING_MIX, LETTINGS),
  renewalTypes: [],
  saleTypes: typesFor('sales', SALE_MIX, SALES),
  buildingNames: ['Château Wharf', 'Maison Rosé', 'The Crème Works', 'Quayside House', 'Bonded Warehouse'],
  priceOnApplication: Array.from({ length: SALES / 20 }, (_, i) => i * 20 + 19),
};

/** The branches a preset's company has, in the order agentOS lists them. */
export function branchRowsFor(preset: SeedPreset): readonly BranchRow[] {
  return preset === 'large-branch' ? [...BRANCHES, LARGE_BRANCH] : BRANCHES;
}
