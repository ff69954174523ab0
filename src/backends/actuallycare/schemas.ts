import { z } from 'zod';

/**
 * ActuallyCare v1 response shapes, as its API reference shows them. Kept apart from our contract and joined
 * to it only by the pure functions in `mapping.ts`. Unknown extra fields are allowed.
 */

export const Meta = z.object({
  page: z.number().int().min(1),
  limit: z.number().int().min(1),
  total: z.number().int().nonnegative(),
  totalPages: z.number().int().nonnegative(),
  hasMore: z.boolean(),
});
export type Meta = z.infer<typeof Meta>;

/** `{success: true, data, message?, timestamp}` around every answer. */
export const Success = <T extends z.ZodType>(data: T) =>
  z.object({
    success: z.literal(true),
    data,
    message: z.string().optional(),
    timestamp: z.string().optional(),
  });

export const ErrorEnvelope = z.object({
  success: z.literal(false),
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  errorId: z.string().optional(),
  correlationId: z.string().optional(),
  timestamp: z.string().optional(),
});

export const ListingStatus = z.enum(['active', 'pending', 'sold', 'withdrawn', 'expired']);
export type ListingStatus = z.infer<typeof ListingStatus>;

/**
 * A listings row. The reference shows it in full; the quickstart's example has only `id, address, status,
 * list_price`, so the place (`city`, `state`, `zip_code`) and the details are optional. A price is needed to
 * offer a home, so a row without one is skipped.
 */
export const Listing = z.object({
  id: z.string().min(1),
  mls_number: z.string().nullish(),
  address: z.string().min(1),
  city: z.string().nullish(),
  state: z.string().nullish(),
  zip_code: z.string().nullish(),
  list_price: z.number().nonnegative(),
  property_type: z.string().nullish(),
  bedrooms: z.number().int().nonnegative().nullish(),
  bathrooms: z.number().nonnegative().nullish(),
  square_feet: z.number().nonnegative().nullish(),
  status: z.string().nullish(),
});
export type Listing = z.infer<typeof Listing>;

/** A list answers `data.<resource>` plus `data.meta`; rows are parsed one by one, so one odd row is skipped. */
export const ListingsPage = Success(z.object({ listings: z.array(z.unknown()), meta: Meta }));

const Instant = z.iso.datetime({ offset: true });

export const AppointmentStatus = z.enum(['scheduled', 'completed', 'cancelled', 'no_show']);
/** A status this client does not know yet: kept as `unknown`, which counts as busy (the safe side). */
const Status = z.union([AppointmentStatus, z.string().transform(() => 'unknown' as const)]);

/**
 * An appointment as any answer carries it. Only the full record (the PUT answer) has `user_id`: list rows and
 * the 201 answer do not, and such an appointment is in the calendar of the key that read or made it.
 */
export const Appointment = z.object({
  id: z.string().min(1),
  user_id: z.string().nullish(),
  title: z.string().nullish(),
  appointment_type: z.string().nullish(),
  start_time: Instant,
  end_time: Instant,
  status: Status,
  listing_id: z.string().nullish(),
  location: z.string().nullish(),
  version: z.number().int().nullish(),
  description: z.string().nullish(),
  attendees: z
    .array(z.object({ name: z.string().nullish(), email: z.string().nullish() }))
    .nullish()
    .catch(undefined),
  created_at: z.string().nullish(),
});
export type Appointment = z.infer<typeof Appointment>;

/** What `PUT /v1/appointments/{id}` takes: the documented fields, `version` for optimistic locking. */
export interface AppointmentUpdate {
  start_time?: string;
  end_time?: string;
  status?: z.infer<typeof AppointmentStatus>;
  version?: number;
}

/** `DELETE /v1/appointments/{id}` answers an empty `data`. */
export const Deleted = Success(z.object({}));

export const AppointmentsPage = Success(z.object({ appointments: z.array(z.unknown()), meta: Meta }));

/**
 * What `POST /v1/appointments` takes: the documented `title, start_time, end_time, appointment_type,
 * location`, plus (best guess: the reference does not list them) the full record's `listing_id`,
 * `description`, `notes` and `attendees`, so the agent has the visitor's details. Never `user_id`: each key
 * acts as its owner, so the agent is chosen by the key the showing is made with.
 */
export interface NewAppointment {
  title: string;
  start_time: string;
  end_time: string;
  appointment_type: 'showing';
  location: string;
  listing_id: string;
  description: string;
  notes: string;
  attendees: { name: string; email: string; phone: string }[];
}

/** The appointment fields a webhook is acted on by: which one, and whose calendar when it says. */
const WebhookAppointment = z.object({
  id: z.string().min(1),
  user_id: z.string().nullish(),
  listing_id: z.string().nullish(),
});

const NestedAppointment = z.object({ appointment: WebhookAppointment });

/**
 * A webhook body. Its envelope is not published: the appointment is taken from `data.appointment` or from
 * `data` itself, and an event without either is still authentic (acknowledged, nothing to refresh).
 */
export const WebhookPayload = z.object({
  id: z.string().optional(),
  event: z.string().min(1),
  data: z
    .unknown()
    .transform(
      (data) =>
        NestedAppointment.safeParse(data).data?.appointment ?? WebhookAppointment.safeParse(data).data,
    ),
  timestamp: z.string().optional(),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;
