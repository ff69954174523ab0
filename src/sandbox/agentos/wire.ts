import { formatInTimeZone } from 'date-fns-tz';
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
} from './model.ts';
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

/** `TermStart` moves with the clock, so the seed stays "available soon" whatever `now()` says. */
export function wireLetting(letting: SeedLetting, now: Date, timeZone: string) {
  const today = formatInTimeZone(now, timeZone, 'yyyy-MM-dd');
  const body = {
    OID: letting.tenancyId,
    PropertyID: letting.id,
    BranchID: letting.branchId,
    RentAdvertised: letting.rent,
    RentSchedule: letting.rentSchedule,
    BondRequired: letting.bond,
    TermStart: `${addDays(today, letting.availableInDays)}T00:00:00`,
    Furnished: letting.furnished,
    MaximumTenants: letting.maximumTenants,
    Bedrooms: letting.bedrooms,
    PropertyType: letting.propertyType,
    ...addressOf(letting),
  };
  return { ...body, ETag: etag(body) };
}

export function wireSale(sale: SeedSale) {
  const body = {
    OID: sale.id,
    BranchID: sale.branchId,
    Price: sale.price,
    POA: sale.poa,
    State: sale.state,
    Tenure: sale.tenure,
    Bedrooms: sale.bedrooms,
    PropertyType: sale.propertyType,
    GlobalReference: sale.globalReference,
    Development: sale.development,
    Investment: sale.investment,
    ...addressOf(sale),
  };
  return { ...body, ETag: etag(body) };
}

export function wireAppointmentType(type: SeedAppointmentType) {
  const body = { OID: type.id, Name: type.name, SystemType: type.systemType };
  return { ...body, ETag: etag(body) };
}

export function wireAllocation(allocation: FreeAllocation) {
  return {
    Start: allocation.start,
    End: allocation.end,
    StaffID: allocation.staffId,
    StaffName: allocation.staffName,
  };
}

export function wireGuestMatch(contact: SeedContact, origin: string, shortName: string) {
  return {
    OID: contact.id,
    Forename: contact.forename,
    Surname: contact.surname,
    EmailAddress: contact.email,
    ContactMobile: contact.mobile,
    Links: [
      {
        Href: `${origin}/v4/contacts/${shortName}/contact/${contact.id}`,
        Method: 'GET',
        Relationship: 'self',
      },
    ],
  };
}

/** The V3 diary model: `Staff` and `AppointmentType` are ids, guests and properties are linked records. */
export function wireAppointment(entry: DiaryEntry, seed: Seed) {
  const linked = entry.propertyIds.flatMap((id) => {
    const property = seed.properties.find((candidate) => candidate.id === id);
    if (!property) return [];
    const address = { OID: property.id, ...addressOf(property) };
    return [{ ...address, ETag: etag(address) }];
  });
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
    RemindBefore: 'Min30',
    LinkedProperties: linked,
    LinkedGuest: entry.guests.map((guest) => ({
      OID: guest.contactId ?? null,
      Name: `${guest.forename} ${guest.surname}`,
      Email: guest.email,
      Mobile: guest.mobile,
    })),
  };
  return { ...body, ETag: etag(body) };
}

/**
 * V2's ApplicationStaffModel, the only published staff shape (best guess for V4): `ManagedBy` is the branch the
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
