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
  /** 503 with Retry-After: the proxy's shared store (Redis) is not answering for the moment. */
  'store_unavailable',
  'not_ready',
  'internal',
  /** The booking was sent by a script (the hidden field was filled, or no genuine form token). */
  'looks_automated',
  /** A manage link that was altered, or signed by another proxy. */
  'invalid_token',
  /** A manage link past its expiry (the end of the viewing plus the feedback window). */
  'link_expired',
  /** Inside the agency's notice period before the viewing: the message gives the branch's phone number. */
  'change_window_closed',
  /** The viewing cannot be changed this way (cancelled, still a request, or the agency's system cannot). */
  'not_changeable',
  /** Feedback is taken once the viewing is over. */
  'feedback_not_open',
  'feedback_given',
  /** 421: the request named a host the proxy does not answer for, so it makes no links from it. */
  'misdirected_request',
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
