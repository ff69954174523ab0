import { createRandom, type Random } from '../shared/random.ts';
import type {
  Language,
  Seed,
  SeedCustomer,
  SeedEmployee,
  SeedListing,
  SeedOffice,
  SeedSubject,
  Translated,
  TransactionType,
} from './model.ts';
import {
  CUSTOMER_NAMES,
  EMAIL_DOMAIN,
  OFFICES,
  PROPERTY_KINDS,
  SUBJECTS,
  WORKING_PATTERNS,
  type OfficeRow,
  type PropertyKind,
} from './seed-tables.ts';

/** Listings taken off the market but still in Pexip, by `office:R|S index`: the API lists them as inactive. */
const INACTIVE = new Set(['gent:R5']);

/** Ids look like Pexip's (short numeric strings) and follow the tables' order, so tests can name them. */
const officeId = (index: number) => String(101 + index);
const subjectId = (index: number) => String(11 + index);

/** The external id of the subject visitors book: "Property viewing". */
export const VIEWING_SUBJECT = 'SUBJ-VIEWING';

/** Builds the same agency, to the last postcode, on every call. */
export function createSeed(): Seed {
  const subjects = SUBJECTS.map((row, index): SeedSubject => ({
    id: subjectId(index),
    externalId: `SUBJ-${row.key.toUpperCase()}`,
    name: row.name,
    description: row.description,
    duration: row.duration,
    granularity: row.granularity,
    trailingBufferTime: row.trailingBufferTime,
    meetingTypes: row.meetingTypes,
    order: index + 1,
  }));
  const subjectIdOf = (key: string) => subjects[SUBJECTS.findIndex((row) => row.key === key)]?.id ?? '';

  const offices: SeedOffice[] = [];
  const employees: SeedEmployee[] = [];
  const listings: SeedListing[] = [];
  OFFICES.forEach((row, index) => {
    const office = officeFrom(row, officeId(index));
    offices.push(office);
    for (const person of row.employees) {
      employees.push({
        id: String(2001 + employees.length),
        officeId: office.id,
        firstName: person.firstName,
        lastName: person.lastName,
        email: `${emailLocal(person.firstName, person.lastName)}@${EMAIL_DOMAIN}`,
        language: person.language,
        subjectIds: [subjectIdOf('viewing'), ...person.alsoDoes.map(subjectIdOf)],
        hours: WORKING_PATTERNS[person.hours],
      });
    }
    listings.push(...listingsFrom(row, office.id, listings.length));
  });
  return { offices, employees, subjects, listings, customers: customersFrom() };
}

function officeFrom(row: OfficeRow, id: string): SeedOffice {
  return {
    id,
    externalId: `OFF-${row.key.toUpperCase()}`,
    name: row.name,
    timeZone: row.timeZone,
    location: row.location,
    email: `${row.key}@${EMAIL_DOMAIN}`,
    phoneNumber: row.phoneNumber,
  };
}

const emailLocal = (first: string, last: string) =>
  `${first}.${last}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, '')
    .toLowerCase();

function listingsFrom(row: OfficeRow, officeId: string, idOffset: number): SeedListing[] {
  const random = createRandom(`pexip:listings:${row.key}`);
  const used = new Set<string>();
  const kinds: { kind: PropertyKind; transactionType: TransactionType; key: string }[] = [
    ...row.rentals.map((kind, index) => ({
      kind,
      transactionType: 'RENT' as const,
      key: `${row.key}:R${index}`,
    })),
    ...row.sales.map((kind, index) => ({
      kind,
      transactionType: 'SALE' as const,
      key: `${row.key}:S${index}`,
    })),
  ];
  return kinds.map(({ kind, transactionType, key }, index): SeedListing => {
    const [minBedrooms, maxBedrooms] = PROPERTY_KINDS[kind].bedrooms;
    const bedrooms = random.int(minBedrooms, maxBedrooms);
    const place = placeFor(random, row, kind, used);
    const title = titleFor(kind, bedrooms, row.languages);
    // One random stream, drawn in a fixed order (location, price, date): the same agency on every run.
    const location = {
      countryCode: row.location.countryCode,
      postalCode: place.postalCode,
      street1: place.street1,
      city: place.city,
      latitude: round(row.location.latitude + (random.next() - 0.5) * 0.04, 5),
      longitude: round(row.location.longitude + (random.next() - 0.5) * 0.06, 5),
    };
    const price =
      transactionType === 'RENT'
        ? monthlyRent(random, bedrooms, row.priceFactor)
        : salePrice(random, kind, bedrooms, row.priceFactor);
    const propertyType = kind.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
    return {
      id: String(30001 + idOffset + index),
      externalId: `SD-${row.key.slice(0, 3).toUpperCase()}-${transactionType === 'RENT' ? 'H' : 'K'}${String(index + 1).padStart(3, '0')}`,
      officeId,
      active: !INACTIVE.has(key),
      name: title,
      description: descriptionFor(title, place.street1, transactionType, row.languages),
      location,
      transactionType,
      price,
      bedrooms,
      propertyType,
      // The agency's own tag for the kind of home, then the facts the proxy reads, one `key:value` each.
      tags: [
        propertyType,
        `office:OFF-${row.key.toUpperCase()}`,
        `channel:${transactionType === 'RENT' ? 'lettings' : 'sales'}`,
        `price:${price}`,
        'currency:EUR',
        `bedrooms:${bedrooms}`,
      ],
      createdAt: `2026-${String(random.int(3, 9)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}T${String(random.int(7, 16)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}:00.000Z`,
    };
  });
}

const pick = (text: Translated, language: Language): string =>
  text[language] ?? text.nl ?? text.fr ?? text.en ?? '';

function titleFor(kind: PropertyKind, bedrooms: number, languages: readonly Language[]): Translated {
  const names = PROPERTY_KINDS[kind];
  const title: Translated = {};
  for (const language of languages) {
    if (bedrooms === 0) title[language] = names[language];
    else if (language === 'nl') title.nl = `${names.nl} met ${bedrooms} slaapkamer${bedrooms > 1 ? 's' : ''}`;
    else if (language === 'fr') title.fr = `${names.fr} ${bedrooms} chambre${bedrooms > 1 ? 's' : ''}`;
    else title.en = `${bedrooms} bedroom ${names.en}`;
  }
  return title;
}

function descriptionFor(
  title: Translated,
  street: Translated,
  transactionType: TransactionType,
  languages: readonly Language[],
): Translated {
  const lead = {
    nl: transactionType === 'RENT' ? 'Te huur' : 'Te koop',
    fr: transactionType === 'RENT' ? 'À louer' : 'À vendre',
    en: transactionType === 'RENT' ? 'To let' : 'For sale',
  };
  const description: Translated = {};
  for (const language of languages) {
    // French sets a space before the colon.
    const colon = language === 'fr' ? ' :' : ':';
    description[language] = `${lead[language]}${colon} ${pick(title, language)}, ${pick(street, language)}.`;
  }
  return description;
}

function placeFor(random: Random, row: OfficeRow, kind: PropertyKind, used: Set<string>) {
  const flat =
    kind === 'studio' || kind === 'apartment' || kind === 'duplex' || kind === 'loft' || kind === 'upstairs';
  for (;;) {
    const street = random.pick(row.streets);
    const number = random.int(1, 180);
    const building = `${pick(street.street, 'nl')} ${number}`;
    if (used.has(building)) continue;
    used.add(building);
    const unit = random.int(1, 12);
    const street1: Translated = {};
    for (const language of row.languages) {
      const name = `${pick(street.street, language)} ${number}`;
      // Belgian addresses number flats as "bus" (nl) or "boîte" (fr); Dutch ones append it to the house number.
      if (!flat) street1[language] = name;
      else if (row.location.countryCode === 'NL') street1[language] = `${name}-${unit}`;
      else street1[language] = `${name} ${language === 'fr' ? 'boîte' : 'bus'} ${unit}`;
    }
    return { street1, postalCode: street.postalCode, city: street.city };
  }
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const roundTo = (value: number, step: number) => Math.round(value / step) * step;

function monthlyRent(random: Random, bedrooms: number, factor: number): number {
  const byBedrooms = [650, 850, 1050, 1350, 1700, 2100][bedrooms] ?? 2100;
  return roundTo(byBedrooms * factor + random.int(-40, 80), 25);
}

const SALE_BASE: Record<PropertyKind, readonly [number, number]> = {
  studio: [150_000, 0],
  apartment: [190_000, 65_000],
  duplex: [240_000, 70_000],
  loft: [260_000, 70_000],
  terraced: [230_000, 60_000],
  townhouse: [380_000, 80_000],
  villa: [520_000, 90_000],
  upstairs: [210_000, 60_000],
  canalHouse: [650_000, 120_000],
};

function salePrice(random: Random, kind: PropertyKind, bedrooms: number, factor: number): number {
  const [base, perBedroom] = SALE_BASE[kind];
  return roundTo((base + perBedroom * bedrooms) * factor * (0.92 + random.next() * 0.16), 5_000);
}

function customersFrom(): SeedCustomer[] {
  return CUSTOMER_NAMES.map((person, index) => ({
    id: String(50001 + index),
    firstName: person.firstName,
    lastName: person.lastName,
    email: `${person.emailLocal ?? emailLocal(person.firstName, person.lastName)}@${person.domain}`,
    // Invented numbers in the mobile ranges' shape, different for everyone.
    phoneNumber:
      person.domain === 'example.nl'
        ? `+31 6 5550 ${String(1000 + index * 37).slice(-4)}`
        : `+32 470 55 ${String(10 + index).padStart(2, '0')} ${String(20 + index * 3).padStart(2, '0')}`,
    language: person.language,
    createdAt: `2025-${String(1 + (index % 12)).padStart(2, '0')}-${String(1 + ((index * 7) % 28)).padStart(2, '0')}T10:00:00.000Z`,
  }));
}
