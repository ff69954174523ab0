import type {
  Appointment,
  Customer,
  Language,
  Seed,
  SeedEmployee,
  SeedListing,
  SeedLocation,
  SeedOffice,
  SeedSubject,
  Translated,
} from './model.ts';

/**
 * Our records in Pexip Engage's wire shapes: camelCase, related records as `{id}` in API answers and fully
 * expanded in webhooks, every human text as a list of `{language, value}` translations. Pure functions, one
 * per shape, so the routes never build JSON by hand.
 */

/** When the sandbox agency set its records up; fixed so answers never change with the clock. */
const SET_UP_AT = '2025-09-01T08:00:00.000Z';
const LANGUAGES: readonly Language[] = ['nl', 'fr', 'en'];

export const translations = (text: Translated) =>
  LANGUAGES.flatMap((language) => {
    const value = text[language];
    return value === undefined ? [] : [{ language, value }];
  });

export function wireLocation(location: SeedLocation) {
  return {
    postalCode: location.postalCode,
    countryCode: location.countryCode,
    geolocation: { latitude: location.latitude, longitude: location.longitude },
    translations: {
      city: translations(location.city),
      street1: translations(location.street1),
      street2: [],
      state: [],
    },
  };
}

export function wireOffice(office: SeedOffice) {
  return {
    id: office.id,
    active: true,
    email: office.email,
    externalId: office.externalId,
    phoneNumber: office.phoneNumber,
    timeZone: office.timeZone,
    usesIndependentAgents: false,
    virtual: false,
    location: wireLocation(office.location),
    translations: { name: translations(office.name), description: [], directions: [], parkingInfo: [] },
    createdAt: SET_UP_AT,
    updatedAt: SET_UP_AT,
  };
}

export function wireSubject(subject: SeedSubject) {
  return {
    id: subject.id,
    externalId: subject.externalId,
    enabledForCustomerUse: true,
    enabledForInternalUse: true,
    order: subject.order,
    subjectGroup: null,
    translations: {
      name: translations(subject.name),
      description: translations(subject.description),
      instructions: [],
    },
    createdAt: SET_UP_AT,
    updatedAt: SET_UP_AT,
  };
}

export function wireEmployee(employee: SeedEmployee, office: SeedOffice | undefined) {
  return {
    id: employee.id,
    function: { language: 'en', value: 'Estate agent' },
    communicationEmail: employee.email,
    email: employee.email,
    externalId: `EMP-${employee.id}`,
    username: employee.email,
    firstName: employee.firstName,
    lastName: employee.lastName,
    language: employee.language,
    phoneNumber: office?.phoneNumber ?? null,
    profilePictureUrl: null,
    staticVideoUrl: null,
    availableRoles: ['AGENT'],
    status: 'ACTIVE',
    timeZone: office?.timeZone ?? 'Europe/Brussels',
    createdAt: SET_UP_AT,
    updatedAt: SET_UP_AT,
  };
}

/**
 * A listing exactly as the webhook reference shows it (`id, active, externalId, timeZone, location, tags,
 * translations{name, description}, createdAt, updatedAt`): no office, price or transaction type, which
 * Pexip listings do not have. The sandbox agency writes those facts into its tags as `key:value`, the
 * convention the proxy reads (see `PexipEngageSettings`); a real agency may tag differently, or not at all.
 */
export function wireListing(listing: SeedListing, office: SeedOffice | undefined) {
  return {
    id: listing.id,
    active: listing.active,
    externalId: listing.externalId,
    timeZone: office?.timeZone ?? 'Europe/Brussels',
    location: wireLocation(listing.location),
    tags: listing.tags,
    translations: { name: translations(listing.name), description: translations(listing.description) },
    createdAt: listing.createdAt,
    updatedAt: listing.createdAt,
  };
}

export function wireCustomer(customer: Customer) {
  return {
    id: customer.id,
    externalId: null,
    firstName: customer.firstName,
    lastName: customer.lastName,
    email: customer.email,
    phoneNumber: customer.phoneNumber,
    language: customer.language,
    timeZone: null,
    company: null,
    createdAt: customer.createdAt,
    updatedAt: customer.createdAt,
  };
}

/** An appointment as the REST API answers it: related records by id only. */
export function wireAppointment(appointment: Appointment) {
  return {
    id: appointment.id,
    externalId: appointment.externalId,
    start: appointment.start,
    end: appointment.end,
    subject: { id: appointment.subjectId },
    office: { id: appointment.officeId },
    appointmentParticipants: [
      {
        role: 'PRIMARY',
        participant: { id: appointment.employeeId },
        type: 'EMPLOYEE',
        videoUrl: null,
        videoTestUrl: null,
      },
      {
        role: 'PRIMARY',
        participant: { id: appointment.customerId },
        type: 'CUSTOMER',
        videoUrl: null,
        videoTestUrl: null,
      },
    ],
    answers: appointment.answers.map((answer, index) => ({
      id: `${appointment.id}-${index + 1}`,
      form: null,
      question: { id: answer.questionId },
      answerType: 'SUBJECT_QUESTIONNAIRE',
      value: answer.value,
      selectedAnswerOptions: null,
      createdAt: appointment.createdAt,
      updatedAt: appointment.updatedAt,
    })),
    callbackRequest: null,
    listing: appointment.listingId ? { id: appointment.listingId } : null,
    leadSegment: null,
    meetingType: appointment.meetingType,
    status: appointment.status,
    hybrid: false,
    trailingBufferTime: appointment.trailingBufferTime,
    internalNotes: appointment.internalNotes,
    metadata: appointment.metadata,
    createdAt: appointment.createdAt,
    createdBy: null,
    createdByType: appointment.createdByType,
    createdFrom: appointment.createdFrom,
    updatedAt: appointment.updatedAt,
    updatedBy: null,
    updatedByType: appointment.updatedByType,
    updatedFrom: appointment.updatedFrom,
  };
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * A `JSON.stringify` replacer that writes instants as the webhook reference does, `2024-05-04T09:42:00+00:00`
 * (an offset, no milliseconds), where the REST answers here keep `...000Z`.
 */
export function referenceInstants(key: string, value: unknown): unknown {
  if (typeof value !== 'string' || !INSTANT.test(value) || !/(At|^start|^end)$/.test(key)) return value;
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** An appointment as webhooks carry it: every related record expanded, as in Pexip's webhook reference. */
export function wireWebhookAppointment(appointment: Appointment, seed: Seed, customers: readonly Customer[]) {
  const office = seed.offices.find((candidate) => candidate.id === appointment.officeId);
  const subject = seed.subjects.find((candidate) => candidate.id === appointment.subjectId);
  const employee = seed.employees.find((candidate) => candidate.id === appointment.employeeId);
  const customer = customers.find((candidate) => candidate.id === appointment.customerId);
  const listing = seed.listings.find((candidate) => candidate.id === appointment.listingId);
  const links = (role: string) => ({
    token: `${appointment.id}-${role}`,
    videoUrl: null,
    videoTestUrl: null,
    cancelUrl: null,
    editUrl: null,
    inviteUrl: null,
    office365CalendarUrl: null,
    googleCalendarUrl: null,
    icalUrl: null,
    createdAt: appointment.createdAt,
  });
  return {
    id: appointment.id,
    subject: subject ? wireSubject(subject) : { id: appointment.subjectId },
    office: office ? wireOffice(office) : { id: appointment.officeId },
    participants: [
      {
        role: 'PRIMARY',
        type: 'EMPLOYEE',
        ...links('employee'),
        employee: employee ? wireEmployee(employee, office) : { id: appointment.employeeId },
      },
      {
        role: 'PRIMARY',
        type: 'CUSTOMER',
        ...links('customer'),
        customer: customer ? wireCustomer(customer) : { id: appointment.customerId },
      },
    ],
    answers: wireAppointment(appointment).answers,
    location: listing ? wireLocation(listing.location) : office ? wireLocation(office.location) : null,
    listing: listing ? wireListing(listing, office) : null,
    leadSegment: null,
    meetingType: appointment.meetingType,
    externalId: appointment.externalId,
    hybrid: false,
    trailingBufferTime: appointment.trailingBufferTime,
    internalNotes: appointment.internalNotes,
    metadata: appointment.metadata,
    createdAt: appointment.createdAt,
    createdById: null,
    createdByType: appointment.createdByType,
    createdFrom: appointment.createdFrom,
    updatedAt: appointment.updatedAt,
    updatedById: null,
    updatedByType: appointment.updatedByType,
    updatedFrom: appointment.updatedFrom,
    status: appointment.status,
    start: appointment.start,
    end: appointment.end,
  };
}

/** What an appointment was before the change, in the webhook's compact shape. */
export function wirePreviousAppointment(appointment: Appointment) {
  return {
    subject: { id: appointment.subjectId },
    office: { id: appointment.officeId },
    participants: [{ role: 'PRIMARY', type: 'EMPLOYEE', employee: { id: appointment.employeeId } }],
    location: null,
    listing: appointment.listingId ? { id: appointment.listingId } : null,
    leadSegment: null,
    externalId: appointment.externalId,
    status: appointment.status,
    start: appointment.start,
    end: appointment.end,
  };
}

export type WebhookEventType =
  | 'ACCEPT'
  | 'REASSIGN'
  | 'CANCEL'
  | 'COMPLETE'
  | 'CREATE'
  | 'RESCHEDULE'
  | 'REQUEST_ALTERNATIVE_DATE'
  | 'CREATE_REQUEST'
  | 'RESCHEDULE_REQUEST'
  | 'REOPEN'
  | 'GENERIC_UPDATE';

export interface EnvelopeFields {
  id: string;
  correlationId: string;
  webhookConfigurationId: string;
  eventType: WebhookEventType;
  message: string | null;
  appointment: ReturnType<typeof wireWebhookAppointment>;
  previousAppointment: ReturnType<typeof wirePreviousAppointment> | null;
}

/** The Appointment webhook envelope, field for field as in Pexip's reference. */
export function wireEnvelope(fields: EnvelopeFields) {
  return {
    id: fields.id,
    correlationId: fields.correlationId,
    webhookConfigurationId: fields.webhookConfigurationId,
    version: '1',
    entity: 'Appointment',
    data: {
      eventType: fields.eventType,
      message: fields.message,
      appointment: fields.appointment,
      previousAppointment: fields.previousAppointment,
    },
  };
}
