import { formatInTimeZone } from 'date-fns-tz';
import type { Hono } from 'hono';
import { addDays, normaliseLocalDateTime } from '../allocations.ts';
import { freeNegotiator } from '../availability.ts';
import type { AppEnv, EmulatorContext } from '../context.ts';
import type { SeedProperty, SeedStaff } from '../model.ts';
import {
  AppointmentsQuery,
  AppointmentUpdate,
  CancelationQuery,
  CancelationStatus,
  Paging,
  parseInput,
  readAll,
  readQuery,
} from '../request-schemas.ts';
import { wireAppointment } from '../wire.ts';
import { ALLOCATION_TAKEN, postedTime } from './diary.ts';
import { invalid, jsonBody, message, page } from './http.ts';

const BASE = '/v4/appointments/:shortName';

/** The staff side of the diary: a branch's appointments, moving or re-wording one, cancelling and reinstating. */
export function registerAppointmentRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  const { seed, diary } = context;
  const timeZone = seed.company.timeZone;

  app.get(`${BASE}/diary/appointments/:branchID/:offset/:count`, (c) => {
    const url = new URL(c.req.url);
    const paging = parseInput(Paging, c.req.param());
    const query = parseInput(AppointmentsQuery, {
      ...readQuery(url, ['startDate', 'endDate']),
      appointmentTypesToSearch: readAll(url, 'appointmentTypesToSearch'),
    });
    if (!paging.ok) return invalid(c, paging.message);
    if (!query.ok) return invalid(c, query.message);
    const branchID = c.req.param('branchID');
    if (!seed.branches.some((branch) => branch.id === branchID)) return message(c, 404, 'Branch not found.');
    const { startDate, endDate, appointmentTypesToSearch: types } = query.data;
    const from = startDate === undefined ? undefined : localBound(startDate, 'start', timeZone);
    const until = endDate === undefined ? undefined : localBound(endDate, 'end', timeZone);
    // An appointment belongs to the branch of the negotiator holding it; cancelled ones are listed too.
    const inBranch = new Set(seed.staff.filter((person) => person.branchId === branchID).map((p) => p.id));
    const rows = diary
      .entries()
      .filter(
        (entry) =>
          inBranch.has(entry.staffId) &&
          (types.length === 0 || types.includes(entry.appointmentTypeId)) &&
          (from === undefined || entry.start >= from) &&
          (until === undefined || entry.start < until),
      )
      .sort((a, b) => compare(a.start, b.start) || compare(a.reference, b.reference))
      .map((entry) => wireAppointment(entry, seed, timeZone));
    return c.json(page(rows, paging.data));
  });

  app.patch(`${BASE}/appointment/update`, async (c) => {
    const json = await jsonBody(c);
    if (!json.ok) {
      return invalid(
        c,
        'The request is invalid. The body must be a JSON AppointmentDiaryEntryUpdateSubmissionModel.',
      );
    }
    const body = parseInput(AppointmentUpdate, json.value);
    if (!body.ok) return invalid(c, body.message);
    const update = body.data;
    const entry = diary.find(update.AppointmentID);
    if (!entry) return message(c, 404, 'Appointment not found.');

    let move: { staff: SeedStaff; start: string; end: string } | undefined;
    if (update.AllocationDetails) {
      const start = postedTime(update.AllocationDetails.Start, context);
      const end = postedTime(update.AllocationDetails.End, context);
      if (!start || !end) {
        return invalid(
          c,
          'The request is invalid. AllocationDetails: Start and End must be local date-times.',
        );
      }
      const unchanged =
        start === entry.start && end === entry.end && update.AllocationDetails.StaffID === entry.staffId;
      if (!unchanged) {
        if (entry.cancelled) {
          return invalid(c, 'The request is invalid. A cancelled appointment cannot be moved.');
        }
        const type = seed.appointmentTypes.find((candidate) => candidate.id === entry.appointmentTypeId);
        const properties = entry.propertyIds
          .map((id) => seed.properties.find((property) => property.id === id))
          .filter((property): property is SeedProperty => property !== undefined);
        // The same rule as a new booking, checked now: the appointment keeps its old time unless this passes.
        const staff =
          type &&
          freeNegotiator(context, {
            type,
            properties,
            staffId: update.AllocationDetails.StaffID,
            start,
            end,
          });
        if (!staff) return invalid(c, ALLOCATION_TAKEN);
        move = { staff, start, end };
      }
    }

    const updated = diary.update(entry.reference, (changed) => {
      if (move) {
        changed.staffId = move.staff.id;
        changed.staffName = move.staff.name;
        changed.start = move.start;
        changed.end = move.end;
      }
      if (update.Subject != null) changed.subject = update.Subject;
      if (update.ExtraComments != null) changed.comments = update.ExtraComments;
      const marketing = update.AllowMarketingCorrespondence;
      if (marketing != null) for (const guest of changed.guests) guest.allowMarketing = marketing;
    });
    return c.json(updated?.reference ?? entry.reference);
  });

  // How the appointment is named is not published. Best guess: `appointmentID` in the query, as V3's calls had it.
  app.patch(`${BASE}/diary/cancelationStatus/:cancelationStatus`, (c) => {
    const status = parseInput(CancelationStatus, c.req.param('cancelationStatus'));
    const query = parseInput(CancelationQuery, readQuery(new URL(c.req.url), ['appointmentID']));
    if (!status.ok) return invalid(c, status.message);
    if (!query.ok) return invalid(c, query.message);
    const entry = diary.find(query.data.appointmentID);
    if (!entry) return message(c, 404, 'Appointment not found.');
    const cancelled = status.data === 'Cancelled';
    // A cancelled appointment frees its time; by the time it is reinstated someone else may hold it.
    if (!cancelled && entry.cancelled && diary.isBooked(entry.staffId, entry.start)) {
      return invalid(c, ALLOCATION_TAKEN);
    }
    const updated = diary.update(entry.reference, (changed) => {
      changed.cancelled = cancelled;
    });
    return c.json(updated?.reference ?? entry.reference);
  });
}

/**
 * A search bound as a local date-time. A date alone is the whole day: its start for `startDate`, the start of
 * the next day (exclusive) for `endDate` (Best guess: agentOS does not say whether the end day counts).
 */
function localBound(value: string, side: 'start' | 'end', timeZone: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${side === 'start' ? value : addDays(value, 1)}T00:00:00`;
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
    return formatInTimeZone(new Date(value), timeZone, "yyyy-MM-dd'T'HH:mm:ss");
  }
  // Seconds' fractions never matter to 30-minute allocations.
  const local = normaliseLocalDateTime(value.replace(/\.\d+$/, ''));
  if (!local) throw new Error(`${value} passed the schema but is not a date-time`);
  return local;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
