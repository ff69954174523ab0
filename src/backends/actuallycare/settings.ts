import { z } from 'zod';
import { AgentRules, PropertyRules, ViewingRules, listedOnce } from '../../availability/index.ts';
import { TimeZone } from '../../contract/index.ts';
import { ListingStatus } from './schemas.ts';

/** One person who shows properties, by their ActuallyCare user. */
export const ActuallyCareAgent = AgentRules.omit({ id: true }).extend({
  /**
   * Their ActuallyCare user id, matched against `user_id` where ActuallyCare sends one (only full records
   * do); any name unique in these settings serves where it is not known.
   */
  userId: z.string().min(1),
  /**
   * Their own API key. ActuallyCare's keys act as their owner, so an agent's calendar is read and written
   * only through their key. Without one, the top-level `apiKey` is used: agents sharing a key share a calendar.
   */
  apiKey: z.string().min(1, 'must not be empty').optional(),
});
export type ActuallyCareAgent = z.infer<typeof ActuallyCareAgent>;

/** ActuallyCare has no offices: each branch is configured, and claims listings by ZIP code or city. */
export const ActuallyCareBranch = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  address: z.string().min(1),
  timeZone: TimeZone.default('America/Los_Angeles'),
  phone: z.string().optional(),
  email: z.string().optional(),
  zipCodes: z.array(z.string().regex(/^\d{5}$/, 'must be a five-digit ZIP code')).default([]),
  cities: z.array(z.string().min(1)).default([]),
  agents: z
    .array(ActuallyCareAgent)
    .min(1, 'must list at least one agent who shows properties')
    .superRefine(listedOnce((agent: ActuallyCareAgent) => agent.userId, 'userId')),
  viewing: ViewingRules,
});
export type ActuallyCareBranch = z.infer<typeof ActuallyCareBranch>;

/** The ActuallyCare backend's settings, as they appear under `backend` in the proxy's config. */
export const ActuallyCareSettings = z
  .object({
    /** The `/v1/...` paths are appended. */
    baseUrl: z.url().default('https://api.actuallycare.com'),
    /**
     * The key listings are read with, and the calendar of every agent without a key of their own. Optional
     * when every agent has their own key (listings are then read with the first agent's).
     */
    apiKey: z.string().min(1, 'must not be empty').optional(),
    /** The webhook signing secret from ActuallyCare; without it, webhooks are refused. */
    webhookSecret: z
      .string()
      .min(16, 'must be the signing secret ActuallyCare shows (16+ characters)')
      .optional(),
    branches: z
      .array(ActuallyCareBranch)
      .min(1, 'must list at least one branch')
      .superRefine(listedOnce((branch: ActuallyCareBranch) => branch.id, 'id')),
    /** Gets the listings no branch claims; without it they are not offered. */
    defaultBranchId: z.string().min(1).optional(),
    /** A listing's own viewing rules, by its listing id or MLS number. */
    properties: z.record(z.string(), PropertyRules).default({}),
    /** Which listings are offered for viewings. */
    listingStatuses: z.array(ListingStatus).min(1).default(['active']),
    /**
     * Kept under ActuallyCare's 500 per 15 minutes, leaving room for anything else on the same address, with at
     * least two in hand.
     */
    requestsPer15Minutes: z
      .number()
      .int()
      .min(1)
      .max(498, 'must be at most 498: ActuallyCare allows 500 per 15 minutes and two are kept in hand')
      .default(480),
  })
  .superRefine((settings, ctx) => {
    const ids = new Set(settings.branches.map((branch) => branch.id));
    if (settings.defaultBranchId !== undefined && !ids.has(settings.defaultBranchId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultBranchId'],
        message: `is not one of the branches (${[...ids].join(', ')})`,
      });
    }
    const claimed = new Map<string, string>();
    settings.branches.forEach((branch, index) =>
      branch.zipCodes.forEach((zip, z) => {
        const other = claimed.get(zip);
        if (other)
          ctx.addIssue({
            code: 'custom',
            path: ['branches', index, 'zipCodes', z],
            message: `${zip} is already ${other}’s`,
          });
        claimed.set(zip, branch.id);
      }),
    );
    // Each agent needs a key; one listed in two branches must use the same key in both.
    const keys = new Map<string, string | undefined>();
    settings.branches.forEach((branch, b) =>
      branch.agents.forEach((agent, a) => {
        const key = agent.apiKey ?? settings.apiKey;
        if (key === undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['branches', b, 'agents', a, 'apiKey'],
            message: 'is required: this agent’s ActuallyCare API key (or a top-level apiKey)',
          });
        if (keys.has(agent.userId) && keys.get(agent.userId) !== key)
          ctx.addIssue({
            code: 'custom',
            path: ['branches', b, 'agents', a, 'apiKey'],
            message: `differs from ${agent.userId}’s key in another branch`,
          });
        keys.set(agent.userId, key);
      }),
    );
    const agents = new Set(keys.keys());
    for (const [listing, rules] of Object.entries(settings.properties)) {
      rules.agentIds?.forEach((id, index) => {
        if (!agents.has(id))
          ctx.addIssue({
            code: 'custom',
            path: ['properties', listing, 'agentIds', index],
            message: `${id} is no branch’s agent`,
          });
      });
    }
  });
export type ActuallyCareSettings = z.infer<typeof ActuallyCareSettings>;
