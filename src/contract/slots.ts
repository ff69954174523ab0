import { z } from 'zod';
import { TimeZone } from './catalog.ts';

/** ISO 8601 with an explicit UTC offset, e.g. `2026-11-24T10:30:00+00:00`. */
export const OffsetDateTime = z.iso.datetime({ offset: true });

export const Slot = z.object({
  /** Opaque to the widget: it encodes what the backend needs to book this time. */
  id: z.string().min(1),
  start: OffsetDateTime,
  end: OffsetDateTime,
  /**
   * An open house or block viewing: how many more visitors this time holds (the agency sets how many it holds
   * in all). Absent on an ordinary time, which holds one.
   */
  placesLeft: z.number().int().min(1).optional(),
});
export type Slot = z.infer<typeof Slot>;

export const MAX_SLOT_DAYS = 14;

export const SlotsQuery = z.object({
  propertyId: z.string().min(1),
  from: z.iso.date(),
  days: z.coerce.number().int().min(1).max(MAX_SLOT_DAYS).default(7),
});
export type SlotsQuery = z.infer<typeof SlotsQuery>;

/** The same for every visitor, so any shared cache may keep it (the form token is asked for on its own). */
export const SlotsResponse = z.object({
  timeZone: TimeZone,
  slots: z.array(Slot),
});
export type SlotsResponse = z.infer<typeof SlotsResponse>;

export const FormTokenQuery = z.object({ propertyId: z.string().min(1) });
export type FormTokenQuery = z.infer<typeof FormTokenQuery>;

/**
 * Asked for when a home's times are first shown, never cached: sent back with a booking of that home, it says,
 * signed, when the visitor began. Absent when the proxy does not check forms.
 */
export const FormTokenResponse = z.object({ formToken: z.string().optional() });
export type FormTokenResponse = z.infer<typeof FormTokenResponse>;
