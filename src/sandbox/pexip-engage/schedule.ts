import { createRandom } from '../shared/random.ts';
import type { AppointmentBook } from './appointments.ts';
import { MINUTE_MS, instantAt, localDate, minutesOf, plusDays, weekdayOf } from './calendar.ts';
import type { Seed } from './model.ts';
import { VIEWING_SUBJECT } from './seed.ts';
import { LATEST_POSSIBLE_DAYS } from './timetable.ts';

/** Days before today that already hold (now completed) appointments, so the agenda does not start empty. */
const DAYS_BEHIND = 3;

/**
 * Fills every employee's agenda with the meetings booked before the emulator started: about one per two and a half
 * working hours, of the subjects they do, on the subject's grid. Each employee-day has its own random stream, so a day's
 * agenda is the same whenever the emulator starts and whatever range it covers.
 */
export function seedAgendas(seed: Seed, book: AppointmentBook, now: Date): void {
  for (const office of seed.offices) {
    const today = localDate(now, office.timeZone);
    const listings = seed.listings.filter((listing) => listing.officeId === office.id && listing.active);
    for (let offset = -DAYS_BEHIND; offset <= LATEST_POSSIBLE_DAYS + 1; offset++) {
      const date = plusDays(today, offset);
      for (const employee of seed.employees.filter((person) => person.officeId === office.id)) {
        const periods = employee.hours[weekdayOf(date)] ?? [];
        if (periods.length === 0) continue;
        const random = createRandom(`pexip:agenda:${employee.id}:${date}`);
        const taken: { from: number; to: number }[] = [];
        // About one meeting per two and a half working hours, so a short open-house morning keeps free times.
        const minutes = periods.reduce(
          (sum, period) => sum + minutesOf(period.to) - minutesOf(period.from),
          0,
        );
        const attempts = random.int(0, Math.ceil(minutes / 150));
        for (let attempt = 0; attempt < attempts; attempt++) {
          const subject = seed.subjects.find(
            (candidate) => candidate.id === random.pick(employee.subjectIds),
          );
          const period = random.pick(periods);
          if (!subject) continue;
          const open = Math.ceil(minutesOf(period.from) / subject.granularity);
          const last = Math.floor((minutesOf(period.to) - subject.duration) / subject.granularity);
          if (last < open) continue;
          const from = random.int(open, last) * subject.granularity;
          const to = from + subject.duration + subject.trailingBufferTime;
          if (taken.some((other) => other.from < to && from < other.to)) continue;
          taken.push({ from, to });
          const start = instantAt(date, from, office.timeZone);
          // Viewings are of a listing; the other subjects are about a home not (yet) on the market.
          const viewing = subject.externalId === VIEWING_SUBJECT;
          const createdAt = new Date(now.getTime() - random.int(1, 30) * 24 * 60 * MINUTE_MS).toISOString();
          book.add({
            externalId: null,
            officeId: office.id,
            subjectId: subject.id,
            listingId: viewing && listings.length > 0 ? random.pick(listings).id : null,
            meetingType: random.pick(subject.meetingTypes),
            employeeId: employee.id,
            customerId: random.pick(seed.customers).id,
            status: start < now ? 'COMPLETED' : 'ACCEPTED',
            start: start.toISOString(),
            end: instantAt(date, from + subject.duration, office.timeZone).toISOString(),
            trailingBufferTime: subject.trailingBufferTime,
            answers: [],
            internalNotes: null,
            metadata: {},
            createdAt,
            createdByType: 'EMPLOYEE',
            createdFrom: 'BACKOFFICE_APP',
            updatedAt: createdAt,
            updatedByType: 'EMPLOYEE',
            updatedFrom: 'BACKOFFICE_APP',
            seeded: true,
          });
        }
      }
    }
  }
}
