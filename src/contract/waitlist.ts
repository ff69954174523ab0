import { z } from 'zod';
import { Consent, NewGuest } from './booking.ts';
import { OffsetDateTime, Slot } from './slots.ts';
import { WEEKDAYS } from './weekdays.ts';

export { WEEKDAYS };
export const Weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof Weekday>;

/**
 * A visitor for whom no shown time suits joins the home's waiting list with their details and the days that
 * suit them. When a time of one of those days frees up (a cancellation, a move, new times in the agent's diary),
 * the first on the list it suits is offered it, held for them for a while, with a link that books it.
 */
export const WaitlistRequest = z.object({
  propertyId: z.string().min(1),
  guest: NewGuest,
  consent: Consent,
  /** The days that suit; every day when absent. */
  days: z.array(Weekday).min(1).max(7).optional(),
  /** As for a booking (`GET /v1/form-token`). */
  formToken: z.string().max(200).optional(),
  /** As for a booking: a field people never see. */
  website: z.string().max(500).optional(),
});
export type WaitlistRequest = z.infer<typeof WaitlistRequest>;

/**
 * Where a place on the waiting list stands: `waiting`; `offered` (a time is held until `offer.heldUntil`);
 * `booked` (the offer was taken: `bookingReference`); `lapsed` (an offer was not taken in time); `left`
 * (the visitor left the list); `closed` (the home left the catalog, or the place was kept as long as it is).
 */
export const WaitlistStatus = z.enum(['waiting', 'offered', 'booked', 'lapsed', 'left', 'closed']);
export type WaitlistStatus = z.infer<typeof WaitlistStatus>;

export const WaitlistPlace = z.object({
  reference: z.string(),
  propertyId: z.string(),
  status: WaitlistStatus,
  days: z.array(Weekday),
  /** Visitors ahead on the list, while waiting. */
  ahead: z.number().int().nonnegative().optional(),
  offer: z.object({ slot: Slot, heldUntil: OffsetDateTime }).optional(),
  bookingReference: z.string().optional(),
  /** Until when the place is kept; then it is dropped, with the details given. */
  keptUntil: OffsetDateTime,
  /** The visitor's own link to their place: see it, book an offered time, or leave. */
  url: z.string(),
});
export type WaitlistPlace = z.infer<typeof WaitlistPlace>;

export const WaitlistResponse = z.object({ waitlist: WaitlistPlace });
export type WaitlistResponse = z.infer<typeof WaitlistResponse>;
