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

export const Listing = z.object({
  id: z.string().min(1),
  mls_number: z.string().nullish(),
  address: z.string().min(1),
  city: z.string().min(1),
  state: z.string().min(2),
  zip_code: z.string().min(1),
  list_price: z.number().nonnegative(),
  property_type: z.string().nullish(),
  bedrooms: z.number().int().nonnegative().nullish(),
  bathrooms: z.number().nonnegative().nullish(),
  square_feet: z.number().nonnegative().nullish(),
  status: ListingStatus,
});
export type Listing = z.infer<typeof Listing>;

/** A list answers `data.<resource>` plus `data.meta`. */
export const ListingsPage = Success(z.object({ listings: z.array(Listing), meta: Meta }));

const Instant = z.iso.datetime({ offset: true });

export const AppointmentStatus = z.enum(['scheduled', 'completed', 'cancelled', 'no_show']);

/**
 * An appointment as the full record carries it. `user_id` says whose calendar it is in: the list example in
 * the reference is abbreviated, but without the owner an appointment cannot say which agent is busy.
 */
export const Appointment = z.object({
  id: z.string().min(1),
  user_id: z.string().min(1),
  title: z.string(),
  appointment_type: z.string(),
  start_time: Instant,
  end_time: Instant,
  status: AppointmentStatus,
  listing_id: z.string().nullish(),
  location: z.string().nullish(),
  version: z.number().int().optional(),
  description: z.string().nullish(),
  attendees: z.array(z.object({ name: z.string().nullish(), email: z.string().nullish() })).nullish(),
});
export type Appointment = z.infer<typeof Appointment>;

/** What `PUT /v1/appointments/{id}` takes; `version` makes it refuse (409) if someone changed it since. */
export interface AppointmentUpdate {
  start_time?: string;
  end_time?: string;
  status?: z.infer<typeof AppointmentStatus>;
  version?: number;
}

/** `DELETE /v1/appointments/{id}` answers an empty `data`. */
export const Deleted = Success(z.object({}));

export const AppointmentsPage = Success(z.object({ appointments: z.array(Appointment), meta: Meta }));

/** What `POST /v1/appointments` takes: the documented fields and the record's own `user_id`, `listing_id`… */
export interface NewAppointment {
  title: string;
  start_time: string;
  end_time: string;
  appointment_type: 'showing';
  location: string;
  user_id: string;
  listing_id: string;
  description: string;
  notes: string;
  attendees: { name: string; email: string; phone: string }[];
}

/**
 * A webhook body. Only what the receiver acts on is required; an appointment deleted upstream may come with
 * little more than its id.
 */
export const WebhookPayload = z.object({
  id: z.string().optional(),
  event: z.string().min(1),
  data: z.object({
    appointment: z
      .object({ id: z.string().min(1), user_id: z.string().nullish(), listing_id: z.string().nullish() })
      .optional(),
  }),
  timestamp: z.string().optional(),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;
