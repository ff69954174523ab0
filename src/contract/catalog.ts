import { z } from 'zod';

/** An IANA zone name such as `Europe/London`; times shown to visitors are wall-clock times in it. */
export const TimeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as Europe/London' },
);

export const Branch = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  address: z.string(),
  timeZone: TimeZone,
  phone: z.string().optional(),
  email: z.string().optional(),
});
export type Branch = z.infer<typeof Branch>;

export const Channel = z.enum(['lettings', 'sales']);
export type Channel = z.infer<typeof Channel>;

export const Price = z.object({
  /** In the currency's major unit (pounds, euros, dollars). */
  amount: z.number().nonnegative(),
  currency: z.string().length(3),
  /** Rent period for lettings; absent for sale prices. */
  period: z.enum(['week', 'month', 'year']).optional(),
  /** The agency shows no price ("price on application"); `amount` is then not for display. */
  onApplication: z.boolean().optional(),
});
export type Price = z.infer<typeof Price>;

export const Property = z.object({
  id: z.string().min(1),
  branchId: z.string().min(1),
  channel: Channel,
  title: z.string(),
  address: z.string(),
  price: Price,
  bedrooms: z.number().int().nonnegative().optional(),
  photoUrl: z.string().optional(),
});
export type Property = z.infer<typeof Property>;

export const BranchesResponse = z.object({ branches: z.array(Branch) });
export type BranchesResponse = z.infer<typeof BranchesResponse>;

export const PropertiesQuery = z.object({
  branchId: z.string().min(1).optional(),
  channel: Channel.optional(),
  cursor: z.string().regex(/^\d+$/, 'must be a cursor from a previous page').optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export type PropertiesQuery = z.infer<typeof PropertiesQuery>;

export const PropertiesResponse = z.object({
  properties: z.array(Property),
  nextCursor: z.string().optional(),
});
export type PropertiesResponse = z.infer<typeof PropertiesResponse>;

export const PropertyResponse = z.object({ property: Property });
export type PropertyResponse = z.infer<typeof PropertyResponse>;
