import { z } from 'zod';

const Channel = z.enum(['lettings', 'sales']);

/** What the agency tells the proxy about one listing, by the listing's `externalId` in Pexip Engage. */
export const ListingSettings = z.object({
  /**
   * Offices that show this listing, by office `externalId` or id; the first active one is its branch (a
   * property belongs to one branch), the others stand in while it is inactive.
   */
  offices: z.array(z.string().min(1)).min(1).optional(),
  channel: Channel.optional(),
  /** In the currency's major unit; a rent per `period`. */
  price: z.number().nonnegative().optional(),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'must be a three-letter currency code such as EUR')
    .transform((code) => code.toUpperCase())
    .optional(),
  /** What a rent is quoted per; default `month`. Ignored for sales. */
  period: z.enum(['week', 'month', 'year']).optional(),
  bedrooms: z.number().int().nonnegative().optional(),
});
export type ListingSettings = z.infer<typeof ListingSettings>;

/**
 * How the proxy reaches an enterprise's Pexip Engage account.
 *
 * Configuration of what Pexip listings do not hold. A Pexip listing has a name, an address, a time zone and
 * free-form `tags`, but no price, channel (lettings or sales), bedrooms or office. The proxy takes each of
 * these, field by field, from:
 * 1. `listings["<externalId>"]` here, e.g.
 *    `{"SD-ANT-H001": {"offices": ["OFF-ANTWERPEN"], "channel": "lettings", "price": 1275, "bedrooms": 2}}`;
 * 2. else the listing's tags, one `key:value` per tag: `office:<office externalId or id>` (may repeat),
 *    `channel:lettings|sales`, `price:1275`, `currency:EUR`, `period:week|month|year`, `bedrooms:2`;
 * 3. else: no price is shown as "price on application" in `currency`, no channel is `defaultChannel`,
 *    no bedrooms are left out. A listing with no office is left out and counted (`no_office`), unless the
 *    enterprise has a single active office, which then shows it.
 */
export const PexipEngageSettings = z.object({
  baseUrl: z.url().default('https://api.pexipengage.com'),
  authUrl: z.url().default('https://auth.pexipengage.com'),
  enterprise: z.string().min(1, 'is required: the enterprise name in Pexip Engage'),
  clientId: z.string().min(1, 'is required: the API client id'),
  clientSecret: z.string().min(1, 'is required: the API client secret'),
  subjectId: z.string().min(1).optional(),
  subjectName: z.string().min(1).optional(),
  meetingType: z.enum(['OFFICE', 'ON_LOCATION', 'PHONE', 'VIDEO']).default('OFFICE'),
  /**
   * Pexip signs no webhook and documents no custom header, so the secret travels in the webhook URL set in
   * Pexip: `<proxy>/v1/webhooks/pexip-engage/<webhookSecret>` (an `X-Webhook-Secret` header is accepted as
   * well). Without it webhooks are refused.
   */
  webhookSecret: z
    .string()
    .min(16, 'must be at least 16 characters')
    .regex(/^[A-Za-z0-9._~-]+$/, 'must use only letters, digits and - _ . ~, as it travels in a URL')
    .optional(),
  language: z.string().min(2).optional(),
  /** Facts about listings that Pexip does not hold, by listing `externalId` (see above). */
  listings: z.record(z.string().min(1), ListingSettings).optional(),
  /** Currency of prices that do not name one; default `EUR`. */
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'must be a three-letter currency code such as EUR')
    .transform((code) => code.toUpperCase())
    .optional(),
  /** Where a listing that neither configuration nor tags place is shown; default `lettings`. */
  defaultChannel: Channel.optional(),
});
export type PexipEngageSettings = z.infer<typeof PexipEngageSettings>;
