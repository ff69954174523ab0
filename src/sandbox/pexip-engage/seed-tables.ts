import type { Language, MeetingType, SeedLocation, Translated, WorkingPeriod } from './model.ts';

/**
 * Hand-written facts the seed is built from: a Belgian-Dutch agency with three Belgian offices and one in
 * Utrecht. Phone numbers are invented and e-mail domains end in `.example`, so nothing here reaches a person.
 */

export const ENTERPRISE = 'scheldedijk';
export const EMAIL_DOMAIN = 'scheldedijk.example';

export interface StreetRow {
  street: Translated;
  postalCode: string;
  city: Translated;
}

export interface EmployeeRow {
  firstName: string;
  lastName: string;
  language: Language;
  hours: keyof typeof WORKING_PATTERNS;
  /** Keys of `SUBJECTS`; everyone does viewings. */
  alsoDoes: readonly SubjectKey[];
}

export interface OfficeRow {
  key: string;
  name: Translated;
  timeZone: string;
  location: SeedLocation;
  phoneNumber: string;
  /** Rents and prices here relative to the agency's average. */
  priceFactor: number;
  /** Languages listings here are written in; Utrecht writes for expats in English. */
  languages: readonly Language[];
  streets: readonly StreetRow[];
  employees: readonly EmployeeRow[];
  rentals: readonly PropertyKind[];
  sales: readonly PropertyKind[];
}

export type PropertyKind = keyof typeof PROPERTY_KINDS;

/** Property types as agencies in Flanders, Brussels and the Netherlands advertise them. */
export const PROPERTY_KINDS = {
  studio: { nl: 'Studio', fr: 'Studio', en: 'Studio', bedrooms: [0, 0] },
  apartment: { nl: 'Appartement', fr: 'Appartement', en: 'apartment', bedrooms: [1, 3] },
  duplex: { nl: 'Duplex', fr: 'Duplex', en: 'duplex apartment', bedrooms: [2, 3] },
  loft: { nl: 'Loft', fr: 'Loft', en: 'loft', bedrooms: [1, 2] },
  terraced: { nl: 'Rijwoning', fr: 'Maison mitoyenne', en: 'terraced house', bedrooms: [2, 4] },
  townhouse: { nl: 'Herenhuis', fr: 'Maison de maître', en: 'town house', bedrooms: [3, 5] },
  villa: { nl: 'Villa', fr: 'Villa', en: 'detached villa', bedrooms: [4, 5] },
  upstairs: { nl: 'Bovenwoning', fr: 'Appartement à l’étage', en: 'upper-floor apartment', bedrooms: [1, 3] },
  canalHouse: { nl: 'Grachtenpand', fr: 'Maison de canal', en: 'canal house', bedrooms: [3, 5] },
} as const satisfies Record<string, Translated & { bedrooms: readonly [number, number] }>;

export const OFFICES: readonly OfficeRow[] = [
  {
    key: 'antwerpen',
    name: { nl: 'Antwerpen', fr: 'Anvers', en: 'Antwerp' },
    timeZone: 'Europe/Brussels',
    location: {
      countryCode: 'BE',
      postalCode: '2000',
      street1: { nl: 'Leopoldstraat 12', fr: 'Leopoldstraat 12' },
      city: { nl: 'Antwerpen', fr: 'Anvers', en: 'Antwerp' },
      latitude: 51.2155,
      longitude: 4.4071,
    },
    phoneNumber: '+32 3 555 01 20',
    priceFactor: 1,
    languages: ['nl', 'fr'],
    streets: [
      { street: { nl: 'Amerikalei' }, postalCode: '2018', city: { nl: 'Antwerpen', fr: 'Anvers' } },
      { street: { nl: 'Cogels-Osylei' }, postalCode: '2600', city: { nl: 'Berchem', fr: 'Berchem' } },
      { street: { nl: 'Kloosterstraat' }, postalCode: '2000', city: { nl: 'Antwerpen', fr: 'Anvers' } },
      { street: { nl: 'Lange Leemstraat' }, postalCode: '2018', city: { nl: 'Antwerpen', fr: 'Anvers' } },
      { street: { nl: 'Turnhoutsebaan' }, postalCode: '2140', city: { nl: 'Borgerhout', fr: 'Borgerhout' } },
      { street: { nl: 'De Burburestraat' }, postalCode: '2000', city: { nl: 'Antwerpen', fr: 'Anvers' } },
      { street: { nl: 'Kasteelpleinstraat' }, postalCode: '2000', city: { nl: 'Antwerpen', fr: 'Anvers' } },
    ],
    employees: [
      { firstName: 'Lotte', lastName: 'Peeters', language: 'nl', hours: 'weekdays+saturday', alsoDoes: [] },
      { firstName: 'Jens', lastName: 'Janssens', language: 'nl', hours: 'weekdays', alsoDoes: ['valuation'] },
      // Sunday open-house viewings: the one agent whose hours cross a daylight-saving change day.
      { firstName: 'Sofie', lastName: 'Maes', language: 'fr', hours: 'wednesday-sunday', alsoDoes: [] },
    ],
    rentals: ['apartment', 'studio', 'apartment', 'duplex', 'terraced', 'loft'],
    sales: ['apartment', 'townhouse', 'terraced', 'villa', 'apartment'],
  },
  {
    key: 'gent',
    name: { nl: 'Gent', fr: 'Gand', en: 'Ghent' },
    timeZone: 'Europe/Brussels',
    location: {
      countryCode: 'BE',
      postalCode: '9000',
      street1: { nl: 'Kouter 45', fr: 'Kouter 45' },
      city: { nl: 'Gent', fr: 'Gand', en: 'Ghent' },
      latitude: 51.0511,
      longitude: 3.7244,
    },
    phoneNumber: '+32 9 555 02 40',
    priceFactor: 0.95,
    languages: ['nl', 'fr'],
    streets: [
      { street: { nl: 'Coupure Links' }, postalCode: '9000', city: { nl: 'Gent', fr: 'Gand' } },
      { street: { nl: 'Sint-Pietersnieuwstraat' }, postalCode: '9000', city: { nl: 'Gent', fr: 'Gand' } },
      { street: { nl: 'Kortrijksesteenweg' }, postalCode: '9000', city: { nl: 'Gent', fr: 'Gand' } },
      { street: { nl: 'Brusselsesteenweg' }, postalCode: '9050', city: { nl: 'Ledeberg', fr: 'Ledeberg' } },
      { street: { nl: 'Dampoortstraat' }, postalCode: '9000', city: { nl: 'Gent', fr: 'Gand' } },
      { street: { nl: 'Visserij' }, postalCode: '9000', city: { nl: 'Gent', fr: 'Gand' } },
      { street: { nl: 'Sint-Denijslaan' }, postalCode: '9000', city: { nl: 'Gent', fr: 'Gand' } },
    ],
    employees: [
      {
        firstName: 'Pieter',
        lastName: 'De Smet',
        language: 'nl',
        hours: 'weekdays',
        alsoDoes: ['valuation'],
      },
      {
        firstName: 'Elise',
        lastName: 'Claes',
        language: 'nl',
        hours: 'weekdays+saturday',
        alsoDoes: ['intake'],
      },
      {
        firstName: 'Wout',
        lastName: 'Willems',
        language: 'nl',
        hours: 'monday-thursday',
        alsoDoes: ['inventory'],
      },
    ],
    rentals: ['apartment', 'studio', 'loft', 'apartment', 'terraced', 'duplex'],
    sales: ['terraced', 'apartment', 'townhouse', 'apartment', 'villa'],
  },
  {
    key: 'brussel',
    name: { nl: 'Brussel', fr: 'Bruxelles', en: 'Brussels' },
    timeZone: 'Europe/Brussels',
    location: {
      countryCode: 'BE',
      postalCode: '1000',
      street1: { nl: 'Grasmarkt 61', fr: 'Rue du Marché aux Herbes 61' },
      city: { nl: 'Brussel', fr: 'Bruxelles', en: 'Brussels' },
      latitude: 50.8466,
      longitude: 4.3542,
    },
    phoneNumber: '+32 2 555 03 60',
    priceFactor: 1.1,
    languages: ['fr', 'nl'],
    streets: [
      {
        street: { nl: 'Louizalaan', fr: 'Avenue Louise' },
        postalCode: '1050',
        city: { nl: 'Elsene', fr: 'Ixelles' },
      },
      {
        street: { nl: 'Kasteleinsplein', fr: 'Place du Châtelain' },
        postalCode: '1050',
        city: { nl: 'Elsene', fr: 'Ixelles' },
      },
      {
        street: { nl: 'Waterloosesteenweg', fr: 'Chaussée de Waterloo' },
        postalCode: '1060',
        city: { nl: 'Sint-Gillis', fr: 'Saint-Gilles' },
      },
      {
        street: { nl: 'Vlaamsesteenweg', fr: 'Rue de Flandre' },
        postalCode: '1000',
        city: { nl: 'Brussel', fr: 'Bruxelles' },
      },
      {
        street: { nl: 'Dansaertstraat', fr: 'Rue Antoine Dansaert' },
        postalCode: '1000',
        city: { nl: 'Brussel', fr: 'Bruxelles' },
      },
      {
        street: { nl: 'Flageyplein', fr: 'Place Flagey' },
        postalCode: '1050',
        city: { nl: 'Elsene', fr: 'Ixelles' },
      },
      {
        street: { nl: 'Kortenberglaan', fr: 'Avenue de Cortenbergh' },
        postalCode: '1000',
        city: { nl: 'Brussel', fr: 'Bruxelles' },
      },
    ],
    employees: [
      {
        firstName: 'Camille',
        lastName: 'Dubois',
        language: 'fr',
        hours: 'weekdays',
        alsoDoes: ['valuation'],
      },
      { firstName: 'Thomas', lastName: 'Lambert', language: 'fr', hours: 'tuesday-saturday', alsoDoes: [] },
      { firstName: 'Nora', lastName: 'El Amrani', language: 'nl', hours: 'weekdays', alsoDoes: ['intake'] },
    ],
    rentals: ['studio', 'apartment', 'apartment', 'loft', 'duplex', 'townhouse'],
    sales: ['apartment', 'townhouse', 'apartment', 'duplex', 'villa'],
  },
  {
    key: 'utrecht',
    name: { nl: 'Utrecht', fr: 'Utrecht', en: 'Utrecht' },
    timeZone: 'Europe/Amsterdam',
    location: {
      countryCode: 'NL',
      postalCode: '3511 AL',
      street1: { nl: 'Oudegracht 151', en: 'Oudegracht 151' },
      city: { nl: 'Utrecht', en: 'Utrecht' },
      latitude: 52.0894,
      longitude: 5.1199,
    },
    phoneNumber: '+31 30 555 0480',
    priceFactor: 1.3,
    languages: ['nl', 'en'],
    streets: [
      { street: { nl: 'Biltstraat' }, postalCode: '3572 AS', city: { nl: 'Utrecht', en: 'Utrecht' } },
      { street: { nl: 'Twijnstraat' }, postalCode: '3511 ZK', city: { nl: 'Utrecht', en: 'Utrecht' } },
      {
        street: { nl: 'Amsterdamsestraatweg' },
        postalCode: '3551 CS',
        city: { nl: 'Utrecht', en: 'Utrecht' },
      },
      { street: { nl: 'Lange Nieuwstraat' }, postalCode: '3512 PH', city: { nl: 'Utrecht', en: 'Utrecht' } },
      { street: { nl: 'Wittevrouwenkade' }, postalCode: '3512 CR', city: { nl: 'Utrecht', en: 'Utrecht' } },
      { street: { nl: 'Nachtegaalstraat' }, postalCode: '3581 AC', city: { nl: 'Utrecht', en: 'Utrecht' } },
    ],
    employees: [
      { firstName: 'Daan', lastName: 'de Vries', language: 'nl', hours: 'weekdays', alsoDoes: ['valuation'] },
      { firstName: 'Sanne', lastName: 'Bakker', language: 'nl', hours: 'weekdays+saturday', alsoDoes: [] },
      {
        firstName: 'Fleur',
        lastName: 'van Dijk',
        language: 'nl',
        hours: 'early-lunch',
        alsoDoes: ['intake'],
      },
    ],
    rentals: ['upstairs', 'apartment', 'studio', 'apartment', 'terraced', 'canalHouse'],
    sales: ['upstairs', 'terraced', 'apartment', 'canalHouse', 'villa'],
  },
];

export type SubjectKey = 'viewing' | 'valuation' | 'intake' | 'inventory';

export interface SubjectRow {
  key: SubjectKey;
  name: Translated;
  description: Translated;
  duration: number;
  granularity: number;
  trailingBufferTime: number;
  meetingTypes: readonly MeetingType[];
}

export const SUBJECTS: readonly SubjectRow[] = [
  {
    key: 'viewing',
    name: { en: 'Property viewing', nl: 'Bezichtiging', fr: 'Visite du bien' },
    description: {
      en: 'Visit a property with one of our agents.',
      nl: 'Bezoek een woning samen met een van onze makelaars.',
      fr: 'Visitez un bien avec l’un de nos agents.',
    },
    duration: 30,
    granularity: 30,
    trailingBufferTime: 0,
    meetingTypes: ['OFFICE', 'ON_LOCATION'],
  },
  {
    key: 'valuation',
    name: { en: 'Valuation', nl: 'Schatting', fr: 'Estimation' },
    description: {
      en: 'We value your home for sale or rent.',
      nl: 'Wij schatten uw woning voor verkoop of verhuur.',
      fr: 'Nous estimons votre bien pour la vente ou la location.',
    },
    duration: 60,
    granularity: 30,
    trailingBufferTime: 15,
    meetingTypes: ['ON_LOCATION'],
  },
  {
    key: 'intake',
    name: { en: 'Meeting for landlords', nl: 'Gesprek verhuurder', fr: 'Entretien propriétaire' },
    description: {
      en: 'Let your property through us.',
      nl: 'Verhuur uw woning via ons kantoor.',
      fr: 'Confiez-nous la location de votre bien.',
    },
    duration: 45,
    granularity: 15,
    trailingBufferTime: 0,
    meetingTypes: ['OFFICE', 'VIDEO', 'PHONE'],
  },
  {
    key: 'inventory',
    name: { en: 'Check-in inventory', nl: 'Plaatsbeschrijving', fr: 'État des lieux' },
    description: {
      en: 'The inventory at the start of a tenancy.',
      nl: 'De plaatsbeschrijving bij de start van de huur.',
      fr: 'L’état des lieux d’entrée.',
    },
    duration: 60,
    granularity: 30,
    trailingBufferTime: 30,
    meetingTypes: ['ON_LOCATION'],
  },
];

const MORNING: WorkingPeriod = { from: '09:00', to: '12:30' };
const AFTERNOON: WorkingPeriod = { from: '13:30', to: '18:00' };
const WEEKDAY: readonly WorkingPeriod[] = [MORNING, AFTERNOON];
const SATURDAY: readonly WorkingPeriod[] = [{ from: '10:00', to: '13:00' }];
const SUNDAY_OPEN_HOUSE: readonly WorkingPeriod[] = [{ from: '10:00', to: '13:00' }];
const EARLY_LUNCH: readonly WorkingPeriod[] = [
  { from: '08:30', to: '12:00' },
  { from: '12:30', to: '17:00' },
];
const OFF: readonly WorkingPeriod[] = [];

/** Sunday first. */
export const WORKING_PATTERNS = {
  weekdays: [OFF, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, OFF],
  'weekdays+saturday': [OFF, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, SATURDAY],
  'tuesday-saturday': [OFF, OFF, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, SATURDAY],
  'wednesday-sunday': [SUNDAY_OPEN_HOUSE, OFF, OFF, WEEKDAY, WEEKDAY, WEEKDAY, SATURDAY],
  'monday-thursday': [OFF, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, OFF, OFF],
  'early-lunch': [OFF, EARLY_LUNCH, EARLY_LUNCH, EARLY_LUNCH, EARLY_LUNCH, EARLY_LUNCH, OFF],
} as const satisfies Record<string, readonly (readonly WorkingPeriod[])[]>;

/** Customers already known to the agency. Two Marie Duponts share a name on purpose. */
export const CUSTOMER_NAMES: readonly {
  firstName: string;
  lastName: string;
  language: Language;
  domain: 'example.be' | 'example.nl';
  emailLocal?: string;
}[] = [
  { firstName: 'Emma', lastName: 'Jacobs', language: 'nl', domain: 'example.be' },
  { firstName: 'Lucas', lastName: 'Wouters', language: 'nl', domain: 'example.be' },
  { firstName: 'Marie', lastName: 'Dupont', language: 'fr', domain: 'example.be' },
  {
    firstName: 'Marie',
    lastName: 'Dupont',
    language: 'fr',
    domain: 'example.be',
    emailLocal: 'm.dupont.ixelles',
  },
  { firstName: 'Noah', lastName: 'Mertens', language: 'nl', domain: 'example.be' },
  { firstName: 'Julie', lastName: 'Lemaire', language: 'fr', domain: 'example.be' },
  { firstName: 'Arthur', lastName: 'Goossens', language: 'nl', domain: 'example.be' },
  { firstName: 'Louise', lastName: 'Vermeulen', language: 'nl', domain: 'example.be' },
  {
    firstName: 'Chloé',
    lastName: 'Leclercq',
    language: 'fr',
    domain: 'example.be',
    emailLocal: 'chloe.leclercq',
  },
  { firstName: 'Victor', lastName: 'Hermans', language: 'nl', domain: 'example.be' },
  { firstName: 'Zoë', lastName: 'Pauwels', language: 'nl', domain: 'example.be', emailLocal: 'zoe.pauwels' },
  { firstName: 'Yasmine', lastName: 'Benali', language: 'fr', domain: 'example.be' },
  { firstName: 'Hanne', lastName: 'Desmet', language: 'nl', domain: 'example.be' },
  {
    firstName: 'Milan',
    lastName: 'de Boer',
    language: 'nl',
    domain: 'example.nl',
    emailLocal: 'milan.deboer',
  },
  { firstName: 'Tess', lastName: 'Visser', language: 'nl', domain: 'example.nl' },
  { firstName: 'Lars', lastName: 'Smit', language: 'nl', domain: 'example.nl' },
  { firstName: 'Anouk', lastName: 'Meijer', language: 'nl', domain: 'example.nl' },
  {
    firstName: 'Bram',
    lastName: 'van Leeuwen',
    language: 'nl',
    domain: 'example.nl',
    emailLocal: 'bram.vanleeuwen',
  },
  { firstName: 'Olivia', lastName: 'Brooks', language: 'en', domain: 'example.nl' },
  { firstName: 'Matteo', lastName: 'Rossi', language: 'en', domain: 'example.be' },
];
