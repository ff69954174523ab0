import { z } from 'zod';
import { Slot } from './slots.ts';

export const ErrorCode = z.enum([
  'invalid_request',
  'not_found',
  'slot_taken',
  'idempotency_conflict',
  'booking_in_progress',
  'forbidden_origin',
  'unauthorized',
  'payload_too_large',
  'rate_limited',
  'upstream_unavailable',
  'upstream_error',
  'not_ready',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiError = z.object({
  code: ErrorCode,
  message: z.string(),
  /** For `invalid_request`: a message per dotted field path, e.g. `guest.email`. */
  fields: z.record(z.string(), z.string()).optional(),
  /** For `slot_taken`: fresh free times for the same property. */
  alternatives: z.array(Slot).optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export const ErrorResponse = z.object({ error: ApiError });
export type ErrorResponse = z.infer<typeof ErrorResponse>;
