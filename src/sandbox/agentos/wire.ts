import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';
import { addDays } from './allocations.ts';
import type {
  DiaryEntry,
  FreeAllocation,
  Seed,
  SeedAppointmentType,
  SeedBranch,
  SeedContact,
  SeedLetting,
  SeedSale,
  SeedStaff,
  PropertyType,
} from './model.ts';
import type { SeedPhoto } from './photos.ts';
import { hash32 } from '../shared/random.ts';

/**
 * Our records in agentOS's wire spelling (PascalCase, `OID`, `EMailAddress`). Pure functions, one per
 * shape, so the routes never build JSON by hand.
 */

/** agentOS ETags change with the record; a hash of the fields we serve does the same. */
const etag = (value: unknown) => `"${hash32(JSON.stringify(value)).toString(16).padStart(8, '0')}"`;

export function wireBranch(branch: SeedBranch, companyName: string) {
  const body = {
    OID: branch.id,
    Name: branch.name,
    CompanyName: companyName,
    Address1: branch.address1,
    Address2: branch.address2,
    Address3: branch.address3,
    Address4: branch.address4,
    County: branch.county,
    Postcode: branch.postcode,
    EMailAddress: branch.email,
    LandPhone: branch.phone,
    WebAddress: branch.webAddress,
  };
  return { ...body, ETag: etag(body) };
}

const addressOf = (property: SeedLetting | SeedSale) => ({
  Address1: property.address1,
  Address2: property.locality,
  Address3: property.town,
  Address4: property.county,
  Postcode: property.postcode,
});

/**
 * The seed's property types as V2's `PropertyOwnableType` enum spells them. The enum has no maisonette, so one
 * is advertised as a flat.
 */
export const OWNABLE_TYPE: Record<PropertyType, string> = {
  Studio: 'Studio',
  Flat: 'FlatApartment',
  Maisonette: 'FlatApartment',
  'Terraced house': 'TerracedHouse',
  'Semi-detached house': 'SemiDetachedHouse',
  'Detached house': 'DetachedHouse',
  Cottage: 'Cottage',
};

/** V2's `Furnished` enum. */
const FURNISHED = {
  Furnished: 'Furnished',
  Unfurnished: 'Unfurnished',
  'Part furnished': 'PartFurnished',
} as const;

/**
 * `TermStart` moves with the clock, so the seed stays "available soon" whatever `now()` says. `OID`,
 * `PropertyID`, `RentAdvertised`, `RentSchedule`, `BondRequired`, `TermStart` are what V4 readers use [A9] and
 * `Branch`, `Furnished`, `MaximumTenants` are V2's TenancyModel. Best guess: the address lines, `Bedrooms` and
 * `PropertyType` (V2 keeps them on the property, not the tenancy; a V4 advertised row must carry them for
 * importers to show a home).
 */
export function wireLetting(letting: SeedLetting, now: Date, timeZone: string) {
  const today = formatInTimeZone(now, timeZone, 'yyyy-MM-dd');
  const body = {
    OID: letting.tenancyId,
    PropertyID: letting.id,
    Branch: letting.branchId,
    RentAdvertised: letting.rent,
    RentSchedule: letting.rentSchedule,
    BondRequired: letting.bond,
    TermStart: `${addDays(today, letting.availableInDays)}T00:00:00`,
    Furnished: FURNISHED[letting.furnished],
    MaximumTenants: letting.maximumTenants,
    Bedrooms: letting.bedrooms,
    PropertyType: OWNABLE_TYPE[letting.propertyType],
    ...addressOf(letting),
  };
  return { ...body, ETag: etag(body) };
}

/**
 * V2's SalesInstructionModel: `PropertyOwnableType`, `DevelopmentOpp`, `InvestmentOpp`, `State`, `Tenure` as
 * published. Best guess: `POA` and `GlobalReference` (read by V4 importers [A9], not in the V2 model).
 */
export function wireSale(sale: SeedSale) {
  const body = {
    OID: sale.id,
    Price: sale.price,
    POA: sale.poa,
    State: sale.state,
    Tenure: sale.tenure,
    Bedrooms: sale.bedrooms,
    PropertyOwnableType: OWNABLE_TYPE[sale.propertyType],
    GlobalReference: sale.globalReference,
    DevelopmentOpp: sale.development,
    InvestmentOpp: sale.investment,
    ...addressOf(sale),
  };
  return { ...body, ETag: etag(body) };
}

export function wireAppointmentType(type: SeedAppointmentType) {
  const body = { OID: type.id, Name: type.name, SystemType: type.systemType };
  return { ...body, ETag: etag(body) };
}

/**
 * V3's DiaryBookingModel. `local`: the company's wall-clock time without an offset, as V4 documents
 * ("returned in the company's local timezone"); `offset`: V3's `format: date-time`, written in UTC with `Z`.
 */
export function wireAllocation(
  allocation: FreeAllocation,
  times: 'local' | 'offset' = 'local',
  timeZone = 'Europe/London',
) {
  const time = (local: string) =>
    times === 'local'
      ? local
      : formatInTimeZone(fromZonedTime(local, timeZone), 'UTC', "yyyy-MM-dd'T'HH:mm:ss'Z'");
  return {
    Start: time(allocation.start),
    End: time(allocation.end),
    StaffID: allocation.staffId,
    StaffName: allocation.staffName,
  };
}

/** V3's GuestDiaryParametersModel; the hypermedia `Links` belong to the result wrapper, not each row. */
export function wireGuestMatch(contact: SeedContact) {
  return {
    OID: contact.id,
    Forename: contact.forename,
    Surname: contact.surname,
    EmailAddress: contact.email,
    ContactMobile: contact.mobile,
  };
}

/**
 * The result's own links (V3 `GuestDiaryParametersResultsModel.Links`, `BaseHypermediaLink`). Best guess:
 * one `self` link to the page asked for; the relationships agentOS uses are not published.
 */
export function guestMatchLinks(url: URL) {
  return [{ Href: `${url.origin}${url.pathname}`, Method: 'GET', Relationship: 'self' }];
}

/**
 * V2's PhotoModel: a home's pictures, each downloaded by its own `OID`. Best guess: `Property` holds the
 * lettings property id or the sales instruction id, whichever the list was asked by.
 */
export function wirePhoto(photo: SeedPhoto) {
  const body = {
    OID: photo.id,
    Name: photo.name,
    FileName: photo.fileName,
    PhotoNumber: photo.number,
    PhotoType: photo.type,
    Property: photo.propertyId,
    Room: null,
    InspectionItem: null,
    InterimInspection: null,
    InventoryItem: null,
  };
  return { ...body, ETag: etag(body) };
}

/**
 * V3's DiaryAppointmentModel: `Staff` and `AppointmentType` are ids, properties are LinkedPropertiesModel
 * records, and no guest is named. Best guess: the booking's `ExtraComments` come back as `Comment`, and
 * `RemindBefore` is the company default of half an hour.
 */
export function wireAppointment(entry: DiaryEntry, seed: Seed, timeZone = 'Europe/London') {
  const linked = entry.propertyIds.flatMap((id) => {
    const property = seed.properties.find((candidate) => candidate.id === id);
    if (!property) return [];
    const address = {
      OID: property.id,
      AddressNumber: null,
      AddressFlatRoomNumber: null,
      ...addressOf(property),
    };
    return [{ ...address, ETag: etag(address) }];
  });
  const remindAt = formatInTimeZone(
    fromZonedTime(entry.start, timeZone).getTime() - 30 * 60_000,
    timeZone,
    "yyyy-MM-dd'T'HH:mm:ss",
  );
  const body = {
    OID: entry.reference,
    Start: entry.start,
    End: entry.end,
    Staff: entry.staffId,
    AppointmentType: entry.appointmentTypeId,
    Subject: entry.subject,
    Comment: entry.comments,
    Cancelled: entry.cancelled,
    CreatedAt: entry.createdAt,
    CreatedBy: 'Web API',
    RemindAt: remindAt,
    RemindBefore: 'Min30',
    LinkedProperties: linked,
    NextRecurringDate: null,
    Recurrence: 0,
    RecurrenceType: null,
  };
  return { ...body, ETag: etag(body) };
}

/**
 * V2's ApplicationStaffModel, the only published staff shape (Best guess for V4): `ManagedBy` is the branch the
 * negotiator belongs to.
 */
export function wireStaff(person: SeedStaff) {
  const body = {
    OID: person.id,
    Title: null,
    Forename: person.forename,
    Middlename: null,
    Surname: person.surname,
    GlobalReference: `HF-STF-${String(1000 + (hash32(person.id) % 9000))}`,
    IsEnabled: true,
    ManagedBy: person.branchId,
  };
  return { ...body, ETag: etag(body) };
}
