import type { Hono } from 'hono';
import type { AppEnv, EmulatorContext } from '../context.ts';
import { TimetableQuery, parseInput, queryObject } from '../request-schemas.ts';
import { bookableWindow, freeTimes } from '../timetable.ts';
import { requireScope } from './guards.ts';
import { invalid, problem } from './http.ts';

/**
 * `GET /timetable`: the bookable times of one subject at one office, for one meeting type, optionally for
 * one listing and some employees. Times are instants in UTC; each lists every employee free then.
 */
export function registerTimetableRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  const { seed } = context;
  app.get('/enterprises/:enterprise/timetable', requireScope('engage:availability:readOnly'), (c) => {
    const query = parseInput(TimetableQuery, queryObject(new URL(c.req.url), ['employee-id']));
    if (!query.ok) return invalid(c, query.message);
    const q = query.data;
    const office = seed.offices.find((candidate) => candidate.id === q['office-id']);
    if (!office) return problem(c, 404, 'OFFICE_NOT_FOUND', `Office ${q['office-id']} was not found.`);
    const subject = seed.subjects.find((candidate) => candidate.id === q['subject-id']);
    if (!subject) return problem(c, 404, 'SUBJECT_NOT_FOUND', `Subject ${q['subject-id']} was not found.`);
    const listing = q['listing-id']
      ? seed.listings.find((candidate) => candidate.id === q['listing-id'])
      : undefined;
    if (q['listing-id'] && !listing) {
      return problem(c, 404, 'LISTING_NOT_FOUND', `Listing ${q['listing-id']} was not found.`);
    }
    const wanted = q['employee-id'];
    // Filters narrow together: a listing of another office, an inactive listing or a meeting type the
    // subject is not offered as leaves nobody, and the timetable is simply empty. Best guess: Pexip does not
    // publish how a listing is tied to an office; here each listing belongs to the office its agents show it
    // from, and an employee to one office.
    const offered =
      subject.meetingTypes.includes(q['meeting-type']) &&
      (!listing || (listing.active && listing.officeId === office.id));
    const employees = offered
      ? seed.employees.filter(
          (employee) =>
            employee.officeId === office.id &&
            employee.subjectIds.includes(subject.id) &&
            (!wanted || wanted.includes(employee.id)),
        )
      : [];
    const now = context.now();
    const window = bookableWindow(now);
    const slots = freeTimes({
      employees,
      subject,
      timeZone: office.timeZone,
      from: new Date(q.from),
      to: new Date(q.to),
      now,
      busy: context.appointments.busy,
    });
    return c.json({
      data: {
        duration: subject.duration,
        earliestPossible: window.earliest.toISOString(),
        latestPossible: window.latest.toISOString(),
        listing: listing ? { id: listing.id } : null,
        meetingType: q['meeting-type'],
        office: { id: office.id },
        subject: { id: subject.id },
        // Best guess: the reference documents `duration`, `earliestPossible`, `latestPossible`, `listing`
        // and `meetingType`, but not the name or shape of the list of free times.
        timeSlots: slots.map((slot) => ({
          start: slot.start.toISOString(),
          end: slot.end.toISOString(),
          employees: slot.employeeIds.map((id) => ({ id })),
        })),
      },
    });
  });
}
