import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';
import { uuidFor } from '../shared/ids.ts';
import { createRandom } from '../shared/random.ts';
import type { CalendarAppointment, Seed, SeedAgent, ShowAs } from './model.ts';
import { AGENTS, STREETS, TENANT } from './seed-tables.ts';

const DAY_MS = 86_400_000;

/** Builds the same agency, to the last directory id, on every call. */
export function createSeed(): Seed {
  const agents: SeedAgent[] = AGENTS.map((agent) => ({
    adId: uuidFor(`officeplace:user:${agent.displayName}`),
    office: agent.office,
    displayName: agent.displayName,
    email: `${agent.displayName.toLowerCase().replace(' ', '.')}@${TENANT.emailDomain}`,
  }));
  return {
    tenant: {
      ...TENANT,
      tenantId: uuidFor('officeplace:tenant:thamesandwren'),
      domainId: uuidFor('officeplace:directory:thamesandwren'),
    },
    agents,
  };
}

interface Entry {
  subject: string;
  from: number;
  to: number;
  showAs?: ShowAs;
  isCancelled?: boolean;
  location?: string;
}

/**
 * What the agents' Outlook calendars already hold, from a week before `now` to five weeks after: the Monday
 * team meeting, lunch, viewings and valuations, focus time (shown as free), the odd cancelled viewing, and
 * a few days of annual leave. Each agent-day has its own random stream, so a date always holds the same.
 */
export function seedCalendars(seed: Seed, now: Date): CalendarAppointment[] {
  const { timeZone } = seed.tenant;
  const today = Date.parse(`${formatInTimeZone(now, timeZone, 'yyyy-MM-dd')}T00:00:00Z`);
  const created = new Date(now.getTime() - 21 * DAY_MS).toISOString();
  const appointments: CalendarAppointment[] = [];
  seed.agents.forEach((agent, index) => {
    // Each agent takes two days' leave once in the coming month, on different weeks.
    const leave = new Set(
      [10 + index * 3, 11 + index * 3].map((offset) =>
        new Date(today + offset * DAY_MS).toISOString().slice(0, 10),
      ),
    );
    for (let offset = -7; offset <= 35; offset++) {
      const date = new Date(today + offset * DAY_MS).toISOString().slice(0, 10);
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      if (weekday === 0) continue;
      // Timed entries fall between 09:00 and 18:00, never across the 01:00 clock change: noon's offset fits all.
      const offsetMs =
        Date.parse(`${date}T12:00:00Z`) - fromZonedTime(`${date}T12:00:00`, timeZone).getTime();
      const at = (minute: number) => new Date(Date.parse(`${date}T00:00:00Z`) + minute * 60_000 - offsetMs);
      const add = (entry: Entry, allDay = false) => {
        const nextDay = new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
        const start = allDay ? fromZonedTime(`${date}T00:00:00`, timeZone) : at(entry.from);
        const end = allDay ? fromZonedTime(`${nextDay}T00:00:00`, timeZone) : at(entry.to);
        appointments.push({
          appointmentId: uuidFor(`officeplace:event:${agent.adId}:${date}:${entry.subject}:${entry.from}`),
          adId: agent.adId,
          subject: entry.subject,
          body: { content: '', contentType: 'Text' },
          start: start.toISOString(),
          end: end.toISOString(),
          timeZone,
          isAllDay: allDay,
          showAs: entry.showAs ?? 'busy',
          isCancelled: entry.isCancelled ?? false,
          location: entry.location ?? null,
          createdAt: created,
          lastModifiedAt: created,
        });
      };
      if (leave.has(date) && weekday !== 6) {
        add({ subject: 'Annual leave', from: 0, to: 0, showAs: 'oof' }, true);
        continue;
      }
      const random = createRandom(`officeplace:day:${agent.adId}:${date}`);
      const taken: [number, number][] = [];
      const place = (entry: Entry) => {
        if (taken.some(([from, to]) => entry.from < to && from < entry.to)) return;
        if (!entry.isCancelled && entry.showAs !== 'free') taken.push([entry.from, entry.to]);
        add(entry);
      };
      if (weekday === 1)
        place({ subject: 'Team meeting', from: 9 * 60, to: 9 * 60 + 30, location: 'Office' });
      if (weekday !== 6) place({ subject: 'Lunch', from: 13 * 60, to: 13 * 60 + 45 });
      const street = STREETS[agent.office];
      for (let n = random.int(weekday === 6 ? 0 : 1, 3); n > 0; n--) {
        const from = random.int(19, 34) * 30;
        const address = `${random.int(1, 90)} ${random.pick(street)}`;
        const valuation = random.chance(0.2);
        place({
          subject: valuation ? `Market appraisal — ${address}` : `Viewing — ${address}`,
          from,
          to: from + (valuation ? 60 : 30),
          location: address,
          isCancelled: !valuation && random.chance(0.1),
          showAs: random.chance(0.1) ? 'tentative' : 'busy',
        });
      }
      if (random.chance(0.3)) place({ subject: 'Focus time', from: 16 * 60, to: 17 * 60, showAs: 'free' });
    }
  });
  return appointments;
}
