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

/** A query parameter left empty (`minPrice=`, as a form with a blank field sends) counts as not given. */
const blankIsAbsent = (value: unknown) => (value === '' ? undefined : value);

/** A whole or decimal number written as digits, e.g. `1500` or `1500.50`; never `1e3`, `-1` or `0x10`. */
const Amount = z.preprocess(
  blankIsAbsent,
  z
    .string()
    .regex(/^\d{1,9}(\.\d{1,2})?$/, 'must be an amount in the currency’s major unit, such as 1500')
    .transform(Number)
    .optional(),
);

export const PropertiesQuery = z
  .object({
    branchId: z.string().min(1).optional(),
    channel: Channel.optional(),
    cursor: z.string().regex(/^\d+$/, 'must be a cursor from a previous page').optional(),
    limit: z.coerce.number().int().min(1).max(100).optional(),
    /**
     * Words looked for in the address (street, town, postcode), case and accents ignored; a home must hold
     * every one, each anywhere in a word: `pemb rd` finds Pembroke Road, `bs84` finds BS8 4AB.
     */
    q: z.preprocess(blankIsAbsent, z.string().max(200, 'must be at most 200 characters').optional()),
    /**
     * The least and most a home costs, in the currency's major unit: a sale's price, or a rent per month (a
     * weekly or yearly rent is compared by what it comes to a month). Homes whose price is on application are
     * left out once either is given.
     */
    minPrice: Amount,
    maxPrice: Amount,
    /** Homes with at least this many bedrooms; homes that do not say how many are then left out. */
    bedrooms: z.preprocess(
      blankIsAbsent,
      z
        .string()
        .regex(/^\d{1,2}$/, 'must be a whole number of bedrooms, such as 2')
        .transform(Number)
        .optional(),
    ),
  })
  .refine(
    ({ minPrice, maxPrice }) => minPrice === undefined || maxPrice === undefined || minPrice <= maxPrice,
    { path: ['minPrice'], message: 'must not be more than maxPrice' },
  );
export type PropertiesQuery = z.infer<typeof PropertiesQuery>;

export const PropertiesResponse = z.object({
  properties: z.array(Property),
  nextCursor: z.string().optional(),
  /**
   * How many homes match the query across every page, e.g. for "12 of 300 homes". Optional so that answers of
   * proxies from before it was added still parse.
   */
  total: z.number().int().nonnegative().optional(),
});
export type PropertiesResponse = z.infer<typeof PropertiesResponse>;

export const PropertyResponse = z.object({ property: Property });
export type PropertyResponse = z.infer<typeof PropertyResponse>;
