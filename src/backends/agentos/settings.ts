import { z } from 'zod';
import { TimeZone } from '../../contract/index.ts';

/** How the proxy reaches an agency's agentOS account. */
export const AgentOSSettings = z.object({
  baseUrl: z.url().default('https://live-api.letmc.com'),
  shortName: z.string().min(1, 'is required: the company short name agentOS gave the agency'),
  apiKey: z.string().min(1, 'is required: the agency’s agentOS API key'),
  timeZone: TimeZone.default('Europe/London'),
  viewingTypeId: z.string().min(1).optional(),
  /** Whether free times are read once per branch and department (default) or once per property. */
  allocationsPer: z.enum(['branch', 'property']).default('branch'),
  /**
   * agentOS names no currency for rents and prices; GBP when left out. (Optional rather than defaulted here, so
   * configs built in code need not name it.)
   */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as GBP or EUR')
    .optional(),
  /**
   * Pictures come from agentOS's advertising tier, which not every key has. Set false for a key without it:
   * homes then show no picture and no call is spent asking. On when left out.
   */
  photos: z.boolean().optional(),
  /**
   * Kept under agentOS's 50 per minute, leaving room for anything else that uses the same key. At most 48: two
   * calls a minute stay in hand whatever the clocks and connections of several instances do.
   */
  requestsPerMinute: z
    .number()
    .int()
    .min(1)
    .max(48, 'must be at most 48: agentOS allows 50 a minute and two are kept in hand')
    .default(48),
});
export type AgentOSSettings = z.infer<typeof AgentOSSettings>;
