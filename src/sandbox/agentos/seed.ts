import type {
  PropertyType,
  Seed,
  SeedAppointmentType,
  SeedBranch,
  SeedContact,
  SeedLetting,
  SeedProperty,
  SeedSale,
  SeedStaff,
} from './model.ts';
import { createRandom, hash32, oidFor, type Random } from '../shared/random.ts';
import { branchRowsFor, type SeedPreset } from './seed-presets.ts';
import { BUILDING_NAMES, COMPANY, CONTACT_NAMES, WORKING_PATTERNS, type BranchRow } from './seed-tables.ts';

const EMAIL_DOMAIN = 'harbourandfinch.example.co.uk';

/**
 * Sales that are special on purpose, by `branch:index`, so the catalogue always shows each case an adapter
 * must render: a price on application, a sale already under offer, a new-build development, an investment.
 */
const PRICE_ON_APPLICATION = new Set(['clifton:7', 'cheltenham:7']);
const UNDER_OFFER = new Set(['clifton:3', 'bath:2', 'cheltenham:1']);
const DEVELOPMENT = new Set(['clifton:4', 'cheltenham:6']);
const INVESTMENT = new Set(['clifton:0', 'bath:4']);
/** Lettings advertised at a weekly rent, as some agents still do for short lets. */
const WEEKLY_RENT = new Set(['clifton:4', 'bath:4', 'cheltenham:4']);

export const APPOINTMENT_TYPES: readonly SeedAppointmentType[] = (
  [
    ['Property Viewing', 'Viewing'],
    ['Valuation', 'SalesAppraisal'],
    ['Check-in', 'OpeningInspection'],
    ['Mid-term inspection', 'InterimInspection'],
    ['Check-out', 'ClosingInspection'],
    ['Maintenance visit', 'Custom'],
  ] as const
).map(([name, systemType]) => ({ id: oidFor(`appointment-type:${name}`), name, systemType }));

/** Builds the same company, to the last postcode, on every call: the one `preset` names (`SEED_PRESETS`). */
export function createSeed(preset: SeedPreset = 'standard'): Seed {
  const branches: SeedBranch[] = [];
  const staff: SeedStaff[] = [];
  const properties: SeedProperty[] = [];
  for (const row of branchRowsFor(preset)) {
    const branch = branchFrom(row);
    branches.push(branch);
    staff.push(...staffFrom(row, branch.id));
    properties.push(...propertiesFrom(row, branch.id));
  }
  return {
    company: { ...COMPANY },
    branches,
    staff,
    properties,
    contacts: contactsFrom(),
    appointmentTypes: APPOINTMENT_TYPES,
  };
}

function branchFrom(row: BranchRow): SeedBranch {
  return {
    id: oidFor(`branch:${row.key}`),
    name: row.name,
    address1: row.address1,
    address2: row.address2,
    address3: row.town,
    address4: null,
    county: row.county,
    postcode: row.postcode,
    email: `${row.key}@${EMAIL_DOMAIN}`,
    phone: row.phone,
    webAddress: `${COMPANY.webAddress}/branches/${row.key}`,
  };
}

function staffFrom(row: BranchRow, branchId: string): SeedStaff[] {
  return row.staff.map((person) => ({
    id: oidFor(`staff:${row.key}:${person.forename} ${person.surname}`),
    branchId,
    forename: person.forename,
    surname: person.surname,
    name: `${person.forename} ${person.surname}`,
    department: person.department,
    hours: WORKING_PATTERNS[person.hours],
  }));
}

function propertiesFrom(row: BranchRow, branchId: string): SeedProperty[] {
  const random = createRandom(`agentos:properties:${row.key}`);
  // One listing per building: a flat and a house at the same number would be the same front door.
  const usedBuildings = new Set<string>();
  const place = (propertyType: PropertyType) => {
    let address = addressFor(random, row, propertyType);
    while (usedBuildings.has(address.building)) address = addressFor(random, row, propertyType);
    usedBuildings.add(address.building);
    const { building: _building, ...fields } = address;
    return fields;
  };

  const lettings = [
    ...row.lettingTypes.map((type) => ({ type, renewal: false })),
    ...row.renewalTypes.map((type) => ({ type, renewal: true })),
  ].map(({ type, renewal }, index): SeedLetting => {
    const bedrooms = bedroomsFor(random, type);
    const monthly = monthlyRent(random, type, bedrooms, row.priceFactor);
    const weekly = WEEKLY_RENT.has(`${row.key}:${index}`);
    return {
      channel: 'lettings',
      id: oidFor(`property:${row.key}:L${index}`),
      tenancyId: oidFor(`tenancy:${row.key}:L${index}`),
      branchId,
      propertyType: type,
      bedrooms,
      ...place(type),
      rent: weekly ? Math.round((monthly * 12) / 52 / 5) * 5 : monthly,
      rentSchedule: weekly ? 'Weekly' : 'Monthly',
      // Tenancy deposits in England are capped at five weeks' rent; agents ask for the cap.
      bond: Math.floor(((monthly * 12) / 52) * 5),
      furnished: random.pick(['Furnished', 'Unfurnished', 'Part furnished'] as const),
      maximumTenants: bedrooms === 0 ? 1 : Math.min(6, bedrooms * 2),
      availableInDays: random.int(7, 60),
      renewal,
    };
  });

  const sales = row.saleTypes.map((type, index): SeedSale => {
    const key = `${row.key}:${index}`;
    const bedrooms = bedroomsFor(random, type);
    const poa = PRICE_ON_APPLICATION.has(key) || (row.priceOnApplication?.includes(index) ?? false);
    const flat = type === 'Flat' || type === 'Maisonette' || type === 'Studio';
    const id = oidFor(`sales-instruction:${row.key}:S${index}`);
    return {
      channel: 'sales',
      id,
      branchId,
      propertyType: type,
      bedrooms,
      ...place(type),
      price: poa ? 0 : salePrice(random, type, bedrooms, row.priceFactor),
      poa,
      state: UNDER_OFFER.has(key) ? 'UnderOffer' : 'Advertised',
      tenure: flat ? random.pick(['Leasehold', 'Leasehold', 'ShareOfFreehold'] as const) : 'Freehold',
      globalReference: `HF-${row.key.slice(0, 3).toUpperCase()}-${String(1000 + (hash32(id) % 9000))}`,
      development: DEVELOPMENT.has(key),
      investment: INVESTMENT.has(key),
    };
  });

  return [...lettings, ...sales, ...shortLetsFrom(row, branchId, place)];
}

/**
 * Short lets whose rent is not per week or month: V2's TenancyModel allows `Daily` and `Once`, so the
 * catalogue holds one of each in the branches named here. Drawn from their own random stream, so the
 * ordinary homes stay exactly as they were.
 */
const SHORT_LETS: Record<
  string,
  readonly { schedule: 'Daily' | 'Once'; type: PropertyType; rent: number }[]
> = {
  bath: [{ schedule: 'Daily', type: 'Flat', rent: 95 }],
  cheltenham: [{ schedule: 'Once', type: 'Cottage', rent: 3_400 }],
};

function shortLetsFrom(
  row: BranchRow,
  branchId: string,
  place: (type: PropertyType) => Omit<ReturnType<typeof addressFor>, 'building'>,
): SeedLetting[] {
  const random = createRandom(`agentos:short-lets:${row.key}`);
  return (SHORT_LETS[row.key] ?? []).map(({ schedule, type, rent }, index) => {
    const bedrooms = bedroomsFor(random, type);
    return {
      channel: 'lettings',
      id: oidFor(`property:${row.key}:SL${index}`),
      tenancyId: oidFor(`tenancy:${row.key}:SL${index}`),
      branchId,
      propertyType: type,
      bedrooms,
      ...place(type),
      rent,
      rentSchedule: schedule,
      bond: 0,
      furnished: 'Furnished',
      maximumTenants: Math.max(1, bedrooms * 2),
      availableInDays: random.int(3, 20),
      renewal: false,
      // A let paid once is advertised before its pictures are taken.
      ...(schedule === 'Once' ? { noPhotos: true } : {}),
    };
  });
}

function bedroomsFor(random: Random, type: PropertyType): number {
  switch (type) {
    case 'Studio':
      return 0;
    case 'Flat':
      return random.int(1, 3);
    case 'Maisonette':
    case 'Cottage':
      return random.int(2, 3);
    case 'Terraced house':
      return random.int(2, 4);
    case 'Semi-detached house':
      return random.int(3, 4);
    case 'Detached house':
      return random.int(4, 5);
  }
}

const roundTo = (value: number, step: number) => Math.round(value / step) * step;
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

function monthlyRent(random: Random, type: PropertyType, bedrooms: number, factor: number): number {
  const byBedrooms = [925, 1075, 1375, 1750, 2200, 2650][bedrooms] ?? 2650;
  const houseBonus = type.endsWith('house') || type === 'Cottage' ? 100 : 0;
  return clamp(roundTo((byBedrooms + houseBonus) * factor + random.int(-50, 125), 25), 900, 2800);
}

function salePrice(random: Random, type: PropertyType, bedrooms: number, factor: number): number {
  const [base, perBedroom] = (
    {
      Studio: [150_000, 40_000],
      Flat: [150_000, 55_000],
      Maisonette: [170_000, 55_000],
      Cottage: [210_000, 75_000],
      'Terraced house': [190_000, 70_000],
      'Semi-detached house': [230_000, 80_000],
      'Detached house': [330_000, 110_000],
    } as const
  )[type];
  const price = (base + perBedroom * bedrooms) * factor * (0.92 + random.next() * 0.16);
  return clamp(roundTo(price, 5_000), 185_000, 950_000);
}

function addressFor(random: Random, row: BranchRow, type: PropertyType) {
  const street = random.pick(row.streets);
  const number = random.int(1, 120);
  const flat = type === 'Flat' || type === 'Studio' || type === 'Maisonette';
  const named = flat && random.chance(0.35) ? random.pick(row.buildingNames ?? BUILDING_NAMES) : undefined;
  const building = named ? `${named}, ${street.street}` : `${number} ${street.street}`;
  return {
    building,
    address1: flat ? `Flat ${random.int(1, 12)}, ${building}` : building,
    locality: street.locality,
    town: row.town,
    county: row.county,
    postcode: `${street.district} ${inwardCode(`${row.key}|${street.street}|${Math.floor(number / 24)}`)}`,
  };
}

/** Neighbouring numbers on a street share a postcode, as they do in the UK. */
function inwardCode(label: string): string {
  const letters = 'ABDEFGHJLNPQRSTUWXYZ';
  const hash = hash32(label);
  return `${1 + (hash % 9)}${letters[(hash >>> 8) % letters.length]}${letters[(hash >>> 16) % letters.length]}`;
}

function contactsFrom(): SeedContact[] {
  return CONTACT_NAMES.map((person, index) => {
    const local = person.emailLocal ?? `${person.forename}.${person.surname}`.toLowerCase();
    const email = `${local}@example.co.uk`;
    return {
      id: oidFor(`contact:${email}`),
      forename: person.forename,
      surname: person.surname,
      email,
      // 29 is coprime with 1000, so every contact gets a different number in the drama range.
      mobile: `07700 900${String((123 + index * 29) % 1000).padStart(3, '0')}`,
    };
  });
}
