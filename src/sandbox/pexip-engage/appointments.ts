import type { Appointment, AppointmentStatus } from './model.ts';

/** Statuses that hold the employee's time; a cancelled meeting or one awaiting a new date does not. */
const HOLDS_TIME: ReadonlySet<AppointmentStatus> = new Set([
  'ACCEPTED',
  'INCOMING_REQUEST',
  'OUTGOING_INVITE',
  'COMPLETED',
  'NO_SHOW',
]);

export interface AppointmentChange {
  before: Appointment;
  after: Appointment;
}

export interface AppointmentBook {
  /** Copies, so a test cannot change what the emulator holds. */
  all(): Appointment[];
  find(id: string): Appointment | undefined;
  /** The appointments holding an employee's time; not copied, for the timetable's inner loop. */
  busy(employeeId: string): readonly Appointment[];
  add(fields: Omit<Appointment, 'id'>): Appointment;
  update(id: string, fields: Partial<Omit<Appointment, 'id'>>): AppointmentChange | undefined;
}

/** First id handed out; Pexip ids are opaque strings, these only have to look like them. */
const FIRST_ID = 700_001;

/** Every appointment of one emulator, seeded and booked alike, so parallel tests never share bookings. */
export function createAppointmentBook(): AppointmentBook {
  const byId = new Map<string, Appointment>();
  const byEmployee = new Map<string, Appointment[]>();
  const reindex = (employeeId: string) => {
    byEmployee.set(
      employeeId,
      [...byId.values()].filter((a) => a.employeeId === employeeId && HOLDS_TIME.has(a.status)),
    );
  };
  return {
    all: () => structuredClone([...byId.values()]),
    find: (id) => {
      const appointment = byId.get(id);
      return appointment && structuredClone(appointment);
    },
    busy: (employeeId) => byEmployee.get(employeeId) ?? [],
    add: (fields) => {
      const appointment: Appointment = { ...structuredClone(fields), id: String(FIRST_ID + byId.size) };
      byId.set(appointment.id, appointment);
      if (HOLDS_TIME.has(appointment.status)) {
        const list = byEmployee.get(appointment.employeeId) ?? [];
        list.push(appointment);
        byEmployee.set(appointment.employeeId, list);
      }
      return structuredClone(appointment);
    },
    update: (id, fields) => {
      const current = byId.get(id);
      if (!current) return undefined;
      const before = structuredClone(current);
      const after: Appointment = { ...current, ...structuredClone(fields), id };
      byId.set(id, after);
      reindex(before.employeeId);
      if (after.employeeId !== before.employeeId) reindex(after.employeeId);
      return { before, after: structuredClone(after) };
    },
  };
}
