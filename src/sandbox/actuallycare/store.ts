import { uuidFor } from '../shared/ids.ts';
import type { Appointment } from './model.ts';

export type Change = 'created' | 'updated' | 'deleted';

export type WriteOutcome =
  | { ok: true; appointment: Appointment }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'version'; current: number };

export type NewAppointment = Omit<Appointment, 'id' | 'version' | 'createdAt' | 'updatedAt'>;
export type AppointmentPatch = Partial<
  Pick<Appointment, 'start' | 'end' | 'status' | 'title' | 'location' | 'notes' | 'description'>
>;

export interface AppointmentStore {
  /** Copies, sorted by start: a test cannot change what the emulator holds. */
  all(): Appointment[];
  find(id: string): Appointment | undefined;
  create(fields: NewAppointment, at: Date): WriteOutcome;
  update(id: string, patch: AppointmentPatch, version: number | undefined, at: Date): WriteOutcome;
  remove(id: string): WriteOutcome;
}

/** Start order, then id: the order ActuallyCare lists appointments in. */
export const byStart = (a: Appointment, b: Appointment): number =>
  a.start === b.start ? (a.id < b.id ? -1 : 1) : a.start < b.start ? -1 : 1;

/**
 * The CRM's calendar. A new appointment is version 1 (the 201 example); best guess: every write adds one
 * (only "current record version for optimistic locking" is published). It takes any appointment it is given: no overlap
 * refusal is published (the appointments reference lists no 409 for POST or PUT), so two bookings racing for
 * one agent's time both land, as they would upstream.
 */
export function createStore(initial: readonly Appointment[]): AppointmentStore {
  const rows = new Map(initial.map((row) => [row.id, structuredClone(row)]));
  let created = 0;
  return {
    all: () => [...rows.values()].sort(byStart).map((row) => structuredClone(row)),
    find: (id) => {
      const row = rows.get(id);
      return row && structuredClone(row);
    },
    create(fields, at) {
      const appointment: Appointment = {
        ...structuredClone(fields),
        id: uuidFor(`actuallycare:created:${++created}`),
        version: 1,
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
      };
      rows.set(appointment.id, appointment);
      return { ok: true, appointment: structuredClone(appointment) };
    },
    update(id, patch, version, at) {
      const row = rows.get(id);
      if (!row) return { ok: false, reason: 'not_found' };
      if (version !== undefined && version !== row.version)
        return { ok: false, reason: 'version', current: row.version };
      const next: Appointment = { ...row, ...patch, version: row.version + 1, updatedAt: at.toISOString() };
      rows.set(id, next);
      return { ok: true, appointment: structuredClone(next) };
    },
    remove(id) {
      const row = rows.get(id);
      if (!row) return { ok: false, reason: 'not_found' };
      rows.delete(id);
      return { ok: true, appointment: structuredClone(row) };
    },
  };
}
