import { formatInTimeZone } from 'date-fns-tz';
import type { Hono } from 'hono';
import { freeAllocations, negotiators, normaliseLocalDateTime } from '../allocations.ts';
import { freeNegotiator } from '../availability.ts';
import type { AppEnv, EmulatorContext } from '../context.ts';
import type { SeedProperty } from '../model.ts';
import {
  AllocationsQuery,
  DiaryQuery,
  DiarySubmission,
  Paging,
  parseInput,
  readAll,
  readQuery,
} from '../request-schemas.ts';
import { wireAllocation, wireAppointment } from '../wire.ts';
import { invalid, message, page } from './http.ts';

const BASE = '/v4/appointments/:shortName';
/** agentOS answers for the preferred date and the seven days after it. */
const ALLOCATION_DAYS = 8;
/**
 * agentOS documents 400, 401, 403, 404, 405 and 429, never 409: an allocation no longer free is refused as a
 * bad request. Best guess: the wording of the message.
 */
export const ALLOCATION_TAKEN = 'The request is invalid. The requested allocation is no longer available.';

/** Free allocations, booking into one, and reading a booking back. */
export function registerDiaryRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  const { seed, diary } = context;
  const timeZone = seed.company.timeZone;
  const findProperty = (id: string) => seed.properties.find((property) => property.id === id);
  const findType = (id: string) => seed.appointmentTypes.find((type) => type.id === id);

  app.get(`${BASE}/diary/appointmenttypes/allocations/:offset/:count`, (c) => {
    const paging = parseInput(Paging, c.req.param());
    const query = parseInput(
      AllocationsQuery,
      readQuery(new URL(c.req.url), [
        'appointmentTypeID',
        'preferredDate',
        'lettings',
        'propertyIdentifier',
        'branchID',
      ]),
    );
    if (!paging.ok) return invalid(c, paging.message);
    if (!query.ok) return invalid(c, query.message);
    const { appointmentTypeID, preferredDate, lettings, propertyIdentifier, branchID } = query.data;

    const type = findType(appointmentTypeID);
    if (!type) return message(c, 404, 'Appointment type not found.');
    if (branchID !== undefined && !seed.branches.some((branch) => branch.id === branchID)) {
      return message(c, 404, 'Branch not found.');
    }
    const property = propertyIdentifier === undefined ? undefined : findProperty(propertyIdentifier);
    if (propertyIdentifier !== undefined && !property) return message(c, 404, 'Property not found.');

    // Filters narrow together: a property in another branch, or of the other department, leaves nobody.
    const conflicting =
      property !== undefined &&
      ((branchID !== undefined && branchID !== property.branchId) ||
        (lettings !== undefined && lettings !== (property.channel === 'lettings')));
    // Staff configure allocations for viewings only; other appointment types are booked inside agentOS.
    const staff =
      type.systemType !== 'Viewing' || conflicting
        ? []
        : negotiators(seed.staff, {
            branchId: property?.branchId ?? branchID,
            lettings: property ? property.channel === 'lettings' : lettings,
          });
    const allocations = freeAllocations({
      staff,
      from: preferredDate,
      days: ALLOCATION_DAYS,
      now: context.now(),
      timeZone,
      isBooked: diary.isBooked,
    });
    const rows = allocations.map((allocation) =>
      wireAllocation(allocation, context.variants.allocationTimes, timeZone),
    );
    const answer = page(rows, paging.data);
    return c.json(context.variants.allocationsShape === 'array' ? answer.Data : answer);
  });

  app.post(`${BASE}/diary`, async (c) => {
    const url = new URL(c.req.url);
    const query = parseInput(DiaryQuery, {
      propertyID: readAll(url, 'propertyID'),
      lettings: readAll(url, 'lettings')[0],
    });
    if (!query.ok) return invalid(c, query.message);
    let json: unknown;
    try {
      json = JSON.parse(await c.req.text());
    } catch {
      return invalid(
        c,
        'The request is invalid. The body must be a JSON AppointmentDiaryEntrySubmissionModel.',
      );
    }
    const body = parseInput(DiarySubmission, json);
    if (!body.ok) return invalid(c, body.message);
    const { propertyID, lettings } = query.data;
    const submission = body.data;

    const properties: SeedProperty[] = [];
    for (const id of propertyID) {
      const property = findProperty(id);
      if (!property) return invalid(c, `The request is invalid. Property ${id} was not found.`);
      if ((property.channel === 'lettings') !== lettings) {
        return invalid(
          c,
          `The request is invalid. Property ${id} is not a ${lettings ? 'lettings' : 'sales'} property.`,
        );
      }
      properties.push(property);
    }
    const type = findType(submission.AppointmentType);
    if (!type) return invalid(c, 'The request is invalid. AppointmentType: unknown appointment type.');
    for (const guest of submission.Guests) {
      if (guest.OID && !seed.contacts.some((contact) => contact.id === guest.OID)) {
        return invalid(c, `The request is invalid. Guests.OID: contact ${guest.OID} was not found.`);
      }
    }
    const start = postedTime(submission.AllocationDetails.Start, context);
    const end = postedTime(submission.AllocationDetails.End, context);
    if (!start || !end) {
      return invalid(c, 'The request is invalid. AllocationDetails: Start and End must be local date-times.');
    }

    const staff = freeNegotiator(context, {
      type,
      properties,
      staffId: submission.AllocationDetails.StaffID,
      start,
      end,
    });
    if (!staff) return invalid(c, ALLOCATION_TAKEN);

    const entry = diary.add({
      appointmentTypeId: type.id,
      staffId: staff.id,
      staffName: staff.name,
      start,
      end,
      propertyIds: properties.map((property) => property.id),
      lettings,
      subject: submission.Subject,
      comments: submission.ExtraComments ?? '',
      guests: submission.Guests.map((guest) => ({
        ...(guest.OID ? { contactId: guest.OID } : {}),
        forename: guest.Forename,
        surname: guest.Surname,
        email: guest.EmailAddress,
        mobile: guest.MobilePhone ?? '',
        allowMarketing: guest.AllowMarketingCorrespondence ?? false,
      })),
      createdAt: context.now().toISOString(),
    });
    return c.json(entry.reference);
  });

  app.get(`${BASE}/diary/appointment/:appointmentID`, (c) => {
    const entry = diary.find(c.req.param('appointmentID'));
    if (!entry) return message(c, 404, 'Appointment not found.');
    return c.json(wireAppointment(entry, seed, timeZone));
  });
}

/**
 * A posted allocation time as the company's local time. Where allocations are listed with `Z` or an offset
 * (the `offset` variant), the same form is taken back, converted (Best guess: agentOS accepts back what it
 * lists); local times are always taken.
 */
export function postedTime(value: string, context: EmulatorContext): string | undefined {
  const local = normaliseLocalDateTime(value);
  if (local || context.variants.allocationTimes === 'local') return local;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(value)) return undefined;
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return undefined;
  return formatInTimeZone(instant, context.seed.company.timeZone, "yyyy-MM-dd'T'HH:mm:ss");
}
