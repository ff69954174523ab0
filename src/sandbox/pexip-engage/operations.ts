import type { EmulatorContext } from './context.ts';
import {
  APPOINTMENT_STATUSES,
  type Actor,
  type Appointment,
  type AppointmentStatus,
  type Channel,
  type SeedEmployee,
  type SeedOffice,
  type SeedSubject,
} from './model.ts';
import type { AppointmentCreate } from './request-schemas.ts';
import { freeTimes } from './timetable.ts';
import {
  referenceInstants,
  wireEnvelope,
  wirePreviousAppointment,
  wireWebhookAppointment,
  type WebhookEventType,
} from './wire.ts';

/** A refusal as Pexip words it: the status, a stable code and a sentence. */
export interface Refusal {
  ok: false;
  status: 404 | 422;
  code: string;
  message: string;
  /** With `APPOINTMENT_STATUS_INVALID`: the statuses the operation is allowed from. */
  allowedStates?: readonly AppointmentStatus[];
}
export type Outcome = { ok: true; appointment: Appointment } | Refusal;

const refuse = (status: 404 | 422, code: string, message: string): Refusal => ({
  ok: false,
  status,
  code,
  message,
});

/**
 * Every change the appointment's status does not allow, as the error-codes page lists it:
 * `APPOINTMENT_STATUS_INVALID (allowedStates)`, "the operation cannot be performed on the appointment
 * because the appointment status does not allow it".
 */
const statusInvalid = (allowedStates: readonly AppointmentStatus[]): Refusal => ({
  ...refuse(
    422,
    'APPOINTMENT_STATUS_INVALID',
    'The operation cannot be performed on the appointment because the appointment status does not allow it.',
  ),
  allowedStates,
});

/**
 * What a cancel or a move can start from: anything not yet cancelled or over. Best guess: the statuses
 * each action allows are not published.
 */
const LIVE: readonly AppointmentStatus[] = APPOINTMENT_STATUSES.filter(
  (status) => status !== 'CANCELLED' && status !== 'COMPLETED' && status !== 'NO_SHOW',
);

export const NO_AVAILABILITY = refuse(
  422,
  'APPOINTMENT_NO_AVAILABILITY',
  'There is no availability for the requested time slot.',
);

/**
 * Whether `employee` could take a meeting on `subject` from `start` to `end` right now: exactly one of the
 * times the timetable would offer, so a booking can never get what the timetable would not show.
 */
export function isBookable(
  context: EmulatorContext,
  office: SeedOffice,
  subject: SeedSubject,
  employee: SeedEmployee,
  start: Date,
  end: Date,
  ignoring?: string,
): boolean {
  return freeTimes({
    employees: [employee],
    subject,
    timeZone: office.timeZone,
    from: start,
    to: new Date(start.getTime() + 1),
    now: context.now(),
    busy: (id) => context.appointments.busy(id).filter((appointment) => appointment.id !== ignoring),
  }).some((slot) => slot.start.getTime() === start.getTime() && slot.end.getTime() === end.getTime());
}

export function createAppointment(context: EmulatorContext, input: AppointmentCreate): Outcome {
  const { seed } = context;
  const start = new Date(input.start);
  const end = new Date(input.end);
  if (start >= end) return refuse(422, 'APPOINTMENT_START_AFTER_END', 'The start must be before the end.');
  const participants = input.appointmentParticipants;
  const keys = participants.map((p) => `${p.type}:${p.participantId}`);
  if (new Set(keys).size !== keys.length) {
    return refuse(422, 'APPOINTMENT_PARTICIPANTS_NOT_UNIQUE', 'Each participant may take part only once.');
  }
  const customerRef = participants.find((p) => p.type === 'CUSTOMER' && p.role === 'PRIMARY');
  if (!customerRef)
    return refuse(422, 'APPOINTMENT_PRIMARY_CUSTOMER_MISSING', 'A primary customer is required.');
  const employeeRef = participants.find((p) => p.type === 'EMPLOYEE' && p.role === 'PRIMARY');
  if (!employeeRef)
    return refuse(422, 'APPOINTMENT_PRIMARY_EMPLOYEE_MISSING', 'A primary employee is required.');

  const office = seed.offices.find((candidate) => candidate.id === input.officeId);
  // Best guess: the codes of these 404s are not published (the error-codes page lists 422 codes).
  if (!office) return refuse(404, 'OFFICE_NOT_FOUND', `Office ${input.officeId} was not found.`);
  const subject = seed.subjects.find((candidate) => candidate.id === input.subjectId);
  if (!subject) return refuse(404, 'SUBJECT_NOT_FOUND', `Subject ${input.subjectId} was not found.`);
  const customer = context.customers.find(customerRef.participantId);
  if (!customer)
    return refuse(404, 'CUSTOMER_NOT_FOUND', `Customer ${customerRef.participantId} was not found.`);
  const employee = seed.employees.find((candidate) => candidate.id === employeeRef.participantId);
  if (!employee)
    return refuse(404, 'EMPLOYEE_NOT_FOUND', `Employee ${employeeRef.participantId} was not found.`);
  const listing = input.listingId
    ? seed.listings.find((candidate) => candidate.id === input.listingId)
    : undefined;
  if (input.listingId && !listing)
    return refuse(404, 'LISTING_NOT_FOUND', `Listing ${input.listingId} was not found.`);
  if (input.meetingType === 'ON_LOCATION' && !listing && !input.location) {
    return refuse(
      422,
      'APPOINTMENT_LOCATION_REQUIRED',
      'A meeting on location needs a location or a listing.',
    );
  }

  // An employee of another office, a subject they do not do, a meeting type the subject is not offered as,
  // an inactive listing or a listing of another office: none of these ever shows in the timetable.
  const offered =
    employee.officeId === office.id &&
    employee.subjectIds.includes(subject.id) &&
    subject.meetingTypes.includes(input.meetingType) &&
    (!listing || (listing.active && listing.officeId === office.id));
  if (!offered || !isBookable(context, office, subject, employee, start, end)) return NO_AVAILABILITY;

  const now = context.now().toISOString();
  const appointment = context.appointments.add({
    externalId: input.externalId ?? null,
    officeId: office.id,
    subjectId: subject.id,
    listingId: listing?.id ?? null,
    meetingType: input.meetingType,
    employeeId: employee.id,
    customerId: customer.id,
    status: 'ACCEPTED',
    start: start.toISOString(),
    end: end.toISOString(),
    trailingBufferTime: input.trailingBufferTime ?? subject.trailingBufferTime,
    answers: (input.answers ?? []).map((answer) => ({ questionId: answer.questionId, value: answer.value })),
    internalNotes: input.internalNotes ?? null,
    metadata: input.metadata ?? {},
    createdAt: now,
    createdByType: 'OTHER',
    createdFrom: 'OTHER',
    updatedAt: now,
    updatedByType: 'OTHER',
    updatedFrom: 'OTHER',
    seeded: false,
  });
  notify(context, 'CREATE', appointment, undefined, input.messageForCustomer ?? null);
  return { ok: true, appointment };
}

export interface ChangeSource {
  by: Actor;
  from: Channel;
  message?: string | null;
}

/**
 * Best guess: Pexip's public reference has no page for this call; `_actions/cancel` (body `{message}`)
 * follows its documented `_actions/reschedule` and `_actions/accept`.
 */
export function cancelAppointment(context: EmulatorContext, id: string, source: ChangeSource): Outcome {
  const current = context.appointments.find(id);
  if (!current) return refuse(404, 'APPOINTMENT_NOT_FOUND', `Appointment ${id} was not found.`);
  if (!LIVE.includes(current.status)) return statusInvalid(LIVE);
  return change(context, 'CANCEL', id, { status: 'CANCELLED' }, source);
}

export function rescheduleAppointment(
  context: EmulatorContext,
  id: string,
  start: Date,
  end: Date,
  source: ChangeSource,
): Outcome {
  const current = context.appointments.find(id);
  if (!current) return refuse(404, 'APPOINTMENT_NOT_FOUND', `Appointment ${id} was not found.`);
  if (!LIVE.includes(current.status)) return statusInvalid(LIVE);
  if (start >= end) return refuse(422, 'APPOINTMENT_START_AFTER_END', 'The start must be before the end.');
  const { seed } = context;
  const office = seed.offices.find((candidate) => candidate.id === current.officeId);
  const subject = seed.subjects.find((candidate) => candidate.id === current.subjectId);
  const employee = seed.employees.find((candidate) => candidate.id === current.employeeId);
  if (!office || !subject || !employee || !isBookable(context, office, subject, employee, start, end, id)) {
    return NO_AVAILABILITY;
  }
  return change(context, 'RESCHEDULE', id, { start: start.toISOString(), end: end.toISOString() }, source);
}

/**
 * Puts a cancelled appointment back (`REOPEN`, as the webhook reference names the event), if its employee
 * is still free then. Best guess: Pexip's public reference has no page for this call; `_actions/reopen`
 * follows its documented `_actions/reschedule` and `_actions/accept`.
 */
export function reopenAppointment(context: EmulatorContext, id: string, source: ChangeSource): Outcome {
  const current = context.appointments.find(id);
  if (!current) return refuse(404, 'APPOINTMENT_NOT_FOUND', `Appointment ${id} was not found.`);
  if (current.status !== 'CANCELLED') return statusInvalid(['CANCELLED']);
  const { seed } = context;
  const office = seed.offices.find((candidate) => candidate.id === current.officeId);
  const subject = seed.subjects.find((candidate) => candidate.id === current.subjectId);
  const employee = seed.employees.find((candidate) => candidate.id === current.employeeId);
  const start = new Date(current.start);
  const end = new Date(current.end);
  if (!office || !subject || !employee || !isBookable(context, office, subject, employee, start, end, id)) {
    return NO_AVAILABILITY;
  }
  return change(context, 'REOPEN', id, { status: 'ACCEPTED' }, source);
}

function change(
  context: EmulatorContext,
  eventType: WebhookEventType,
  id: string,
  fields: Partial<Appointment>,
  source: ChangeSource,
): Outcome {
  const changed = context.appointments.update(id, {
    ...fields,
    updatedAt: context.now().toISOString(),
    updatedByType: source.by,
    updatedFrom: source.from,
  });
  if (!changed) return refuse(404, 'APPOINTMENT_NOT_FOUND', `Appointment ${id} was not found.`);
  notify(context, eventType, changed.after, changed.before, source.message ?? null);
  return { ok: true, appointment: changed.after };
}

/** Sends the Appointment webhook for a change, if webhooks are configured. */
function notify(
  context: EmulatorContext,
  eventType: WebhookEventType,
  after: Appointment,
  before: Appointment | undefined,
  message: string | null,
): void {
  const id = context.webhooks.nextId();
  const envelope = wireEnvelope({
    id,
    correlationId: context.webhooks.nextId(),
    webhookConfigurationId: context.webhookConfigurationId,
    eventType,
    message,
    appointment: wireWebhookAppointment(after, context.seed, context.customers.all()),
    previousAppointment: before ? wirePreviousAppointment(before) : null,
  });
  context.webhooks.send({
    id,
    eventType,
    appointmentId: after.id,
    body: JSON.stringify(envelope, referenceInstants),
  });
}
