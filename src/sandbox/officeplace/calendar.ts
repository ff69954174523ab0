import { uuidFor } from '../shared/ids.ts';
import type { CalendarAppointment } from './model.ts';

export type CalendarWrite =
  { ok: true; appointment: CalendarAppointment } | { ok: false; reason: 'not_found' };

export type NewCalendarAppointment = Omit<
  CalendarAppointment,
  'appointmentId' | 'createdAt' | 'lastModifiedAt'
>;
export type CalendarPatch = Partial<
  Pick<
    CalendarAppointment,
    'subject' | 'body' | 'start' | 'end' | 'timeZone' | 'showAs' | 'location' | 'isCancelled'
  >
>;

export interface Calendars {
  /** Copies of one calendar's appointments overlapping `[from, to)`, in start order. */
  between(adId: string, from: number, to: number): CalendarAppointment[];
  all(): CalendarAppointment[];
  find(adId: string, appointmentId: string): CalendarAppointment | undefined;
  create(fields: NewCalendarAppointment, at: Date): { ok: true; appointment: CalendarAppointment };
  update(adId: string, appointmentId: string, patch: CalendarPatch, at: Date): CalendarWrite;
  remove(adId: string, appointmentId: string): CalendarWrite;
}

const overlaps = (row: Pick<CalendarAppointment, 'start' | 'end'>, from: number, to: number) =>
  Date.parse(row.start) < to && from < Date.parse(row.end);

/**
 * The agents' calendars. Best guess: overlapping appointments are all kept, as an Exchange calendar keeps
 * them (Outlook shows them side by side); the Connector documents no conflict check and no 409, so none is
 * invented here. Settled by a documented overlap rule or status code in the API Reference.
 */
export function createCalendars(initial: readonly CalendarAppointment[]): Calendars {
  const rows = new Map(initial.map((row) => [row.appointmentId, structuredClone(row)]));
  let made = 0;
  // A server's clock moves on between two writes even where a test pins the emulator's: creation stamps
  // stay in the order the appointments were made.
  let lastCreated = 0;
  const sorted = (list: CalendarAppointment[]) =>
    list.sort((a, b) =>
      a.start === b.start ? (a.appointmentId < b.appointmentId ? -1 : 1) : a.start < b.start ? -1 : 1,
    );
  return {
    between: (adId, from, to) =>
      sorted(
        [...rows.values()]
          .filter((row) => row.adId === adId && overlaps(row, from, to))
          .map((row) => structuredClone(row)),
      ),
    all: () => sorted([...rows.values()].map((row) => structuredClone(row))),
    find(adId, appointmentId) {
      const row = rows.get(appointmentId);
      return row && row.adId === adId ? structuredClone(row) : undefined;
    },
    create(fields, at) {
      lastCreated = Math.max(at.getTime(), lastCreated + 1);
      const stamp = new Date(lastCreated).toISOString();
      const appointment: CalendarAppointment = {
        ...structuredClone(fields),
        appointmentId: uuidFor(`officeplace:created:${++made}`),
        createdAt: stamp,
        lastModifiedAt: stamp,
      };
      rows.set(appointment.appointmentId, appointment);
      return { ok: true, appointment: structuredClone(appointment) };
    },
    update(adId, appointmentId, patch, at) {
      const row = rows.get(appointmentId);
      if (!row || row.adId !== adId) return { ok: false, reason: 'not_found' };
      const next: CalendarAppointment = {
        ...row,
        ...structuredClone(patch),
        lastModifiedAt: at.toISOString(),
      };
      rows.set(appointmentId, next);
      return { ok: true, appointment: structuredClone(next) };
    },
    remove(adId, appointmentId) {
      const row = rows.get(appointmentId);
      if (!row || row.adId !== adId) return { ok: false, reason: 'not_found' };
      rows.delete(appointmentId);
      return { ok: true, appointment: structuredClone(row) };
    },
  };
}
