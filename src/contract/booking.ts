import { z } from 'zod';
import { TimeZone } from './catalog.ts';
import { Approval } from './approval.ts';
import { Answers } from './questions.ts';
import { OffsetDateTime } from './slots.ts';

export const Guest = z.object({
  firstName: z.string().trim().min(1, 'Enter your first name').max(100),
  lastName: z.string().trim().min(1, 'Enter your last name').max(100),
  email: z.email('Enter an email address like name@example.com').max(254),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{7,20}$/, 'Enter a phone number, digits only, with an optional leading +'),
});
export type Guest = z.infer<typeof Guest>;

/** Letters and marks of any script, with the spaces, apostrophes, hyphens and dots names are written with. */
export const NAME_CHARACTERS = /^[\p{L}\p{M}][\p{L}\p{M} '’.-]*$/u;
const NAME_MESSAGE = 'Use letters, spaces, apostrophes, hyphens and dots only';

/**
 * The visitor as a new booking names them. Names reach the agency's system and its messages, so they hold
 * only what names are written with: no addresses, links or other words a stranger could have them carry.
 * Kept records are read back with {@link Guest}, which names made before this rule still pass.
 */
export const NewGuest = Guest.extend({
  firstName: Guest.shape.firstName.regex(NAME_CHARACTERS, NAME_MESSAGE),
  lastName: Guest.shape.lastName.regex(NAME_CHARACTERS, NAME_MESSAGE),
});

export const Consent = z.object({
  marketing: z.boolean(),
  /** The words the visitor agreed to, as shown to them; the proxy records a default when absent. */
  wording: z.string().trim().max(1000).optional(),
});
export type Consent = z.infer<typeof Consent>;

const tag = z.string().trim().min(1).max(200);

/**
 * Where the visitor came from, as the page they booked on knows it: the page's address (no query string, which
 * can hold anything), the campaign's `utm_*` tags and an ad click's id. Data for the agency's reports, kept with
 * the booking and written into its notes; never mixed into what the visitor wrote.
 */
export const BookingSource = z.object({
  page: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  utm_source: tag.optional(),
  utm_medium: tag.optional(),
  utm_campaign: tag.optional(),
  utm_term: tag.optional(),
  utm_content: tag.optional(),
  /** Google Ads' click id. */
  gclid: z.string().trim().min(1).max(500).optional(),
  /** Meta's (Facebook, Instagram) click id. */
  fbclid: z.string().trim().min(1).max(500).optional(),
});
export type BookingSource = z.infer<typeof BookingSource>;

export const BookingRequest = z.object({
  propertyId: z.string().min(1),
  slotId: z.string().min(1),
  guest: NewGuest,
  consent: Consent,
  message: z.string().trim().max(1000).optional(),
  source: BookingSource.optional(),
  /** Answers to the questions asked with a booking of this home (`GET /v1/questions`), by question id. */
  answers: Answers.optional(),
  /** The `formToken` given for the home when its free times were shown (`GET /v1/form-token`). */
  formToken: z.string().max(200).optional(),
  /** A form field people never see: only scripts fill it in. */
  website: z.string().max(500).optional(),
});
export type BookingRequest = z.infer<typeof BookingRequest>;

export const BookingStatus = z.enum(['confirmed', 'requested', 'cancelled']);
export type BookingStatus = z.infer<typeof BookingStatus>;

export const Booking = z.object({
  reference: z.string().min(1),
  propertyId: z.string(),
  branchId: z.string(),
  start: OffsetDateTime,
  end: OffsetDateTime,
  timeZone: TimeZone,
  status: BookingStatus,
  /** For a home whose owner agrees each viewing: where their answer stands (`requested` until they agree). */
  approval: Approval.optional(),
  calendar: z.object({ ics: z.string(), google: z.string(), outlook: z.string() }).optional(),
  manageUrl: z.string().optional(),
});
export type Booking = z.infer<typeof Booking>;

export const BookingResponse = z.object({ booking: Booking });
export type BookingResponse = z.infer<typeof BookingResponse>;

/** A header the widget sends with every booking so a retried request never books twice. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const IdempotencyKey = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(200)
  .regex(/^[\w.:-]+$/, 'may hold letters, digits and . _ : - only');
