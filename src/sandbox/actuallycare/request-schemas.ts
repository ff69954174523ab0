import { z } from 'zod';
import { UUID } from '../shared/ids.ts';
import { APPOINTMENT_STATUSES, APPOINTMENT_TYPES } from './model.ts';

/** What ActuallyCare accepts from a caller. Every query and body is parsed with these before use. */

const whole = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`));

export const Paging = z.object({
  page: whole('page', 1, 1_000_000).default(1),
  limit: whole('limit', 1, 100).default(25),
});
export type Paging = z.infer<typeof Paging>;

const money = (name: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, `${name} must be a number`)
    .transform(Number);

export const ListingsQuery = Paging.extend({
  status: z.enum(['active', 'pending', 'sold', 'withdrawn', 'expired']).optional(),
  minPrice: money('minPrice').optional(),
  maxPrice: money('maxPrice').optional(),
});

export const AppointmentsQuery = Paging.extend({
  appointment_type: z.enum(APPOINTMENT_TYPES).optional(),
  status: z.enum(APPOINTMENT_STATUSES).optional(),
  start_date: z.iso.date('start_date must be a date, YYYY-MM-DD').optional(),
});

const DateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });
const Id = z.string().regex(UUID, 'must be a UUID');

const Attendee = z.object({
  name: z.string().min(1),
  email: z.email().optional(),
  phone: z.string().optional(),
});

/**
 * The documented body is `title*, start_time*, end_time*, appointment_type, location`. Best guess: the full
 * record's `description`, `notes`, `client_id`, `listing_id` and `attendees` are taken on create too (the
 * reference does not list them); any other field, `user_id` included, is dropped, never honoured: "each key
 * acts as you", so an appointment lands in the key owner's calendar whatever the body says.
 */
export const CreateAppointment = z
  .object({
    title: z.string().trim().min(1, 'title is required').max(255),
    start_time: DateTime,
    end_time: DateTime,
    // Best guess: the default type when none is given (the reference shows none).
    appointment_type: z.enum(APPOINTMENT_TYPES).default('meeting'),
    location: z.string().max(500).optional(),
    description: z.string().max(5000).optional(),
    notes: z.string().max(5000).optional(),
    client_id: Id.optional(),
    listing_id: Id.optional(),
    attendees: z.array(Attendee).max(20).default([]),
  })
  .refine((body) => Date.parse(body.start_time) < Date.parse(body.end_time), {
    message: 'end_time must be after start_time',
    path: ['end_time'],
  });

/** The documented body of `PUT /v1/appointments/{id}`; any other field is dropped (best guess). */
export const UpdateAppointment = z.object({
  start_time: DateTime.optional(),
  end_time: DateTime.optional(),
  status: z.enum(APPOINTMENT_STATUSES).optional(),
  version: z.number().int().min(1).optional(),
});

export const IdParam = z.object({ id: Id });

export interface FieldProblem {
  field: string;
  message: string;
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; details: FieldProblem[] };

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): Parsed<z.output<T>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    details: result.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.') || '(body)',
      message: issue.message,
    })),
  };
}
