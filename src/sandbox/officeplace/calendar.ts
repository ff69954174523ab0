import { uuidFor } from '../shared/ids.ts';
import type { CalendarAppointment } from './model.ts';

export type CalendarWrite =
  | { ok: true; appointment: CalendarAppointment }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'conflict'; with: CalendarAppointment };

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
  create(fields: NewCalendarAppointment, at: Date): CalendarWrite;
  update(adId: string, appointmentId: string, patch: CalendarPatch, at: Date): CalendarWrite;
  remove(adId: string, appointmentId: string): CalendarWrite;
}

const blocks = (row: CalendarAppointment) => !row.isCancelled && row.showAs !== 'free';
const overlaps = (row: Pick<CalendarAppointment, 'start' | 'end'>, from: number, to: number) =>
  Date.parse(row.start) < to && from < Date.parse(row.end);

/**
 * The agents' calendars. Writes that would put two busy appointments at once in one calendar are refused,
 * as the Connector's conflict check does (answered 409); free and cancelled entries never conflict.
 */
export function createCalendars(initial: readonly CalendarAppointment[]): Calendars {
  const rows = new Map(initial.map((row) => [row.appointmentId, structuredClone(row)]));
  let made = 0;
  const clash = (candidate: CalendarAppointment) =>
    blocks(candidate)
      ? [...rows.values()].find(
          (row) =>
            row.appointmentId !== candidate.appointmentId &&
            row.adId === candidate.adId &&
            blocks(row) &&
            overlaps(row, Date.parse(candidate.start), Date.parse(candidate.end)),
        )
      : undefined;
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
      const appointment: CalendarAppointment = {
        ...structuredClone(fields),
        appointmentId: uuidFor(`officeplace:created:${++made}`),
        createdAt: at.toISOString(),
        lastModifiedAt: at.toISOString(),
      };
      const other = clash(appointment);
      if (other) return { ok: false, reason: 'conflict', with: structuredClone(other) };
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
      const other = clash(next);
      if (other) return { ok: false, reason: 'conflict', with: structuredClone(other) };
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
