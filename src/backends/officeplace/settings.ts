import { z } from 'zod';
import { AgentRules, PropertyRules, ViewingRules, listedOnce } from '../../availability/index.ts';
import { Branch, Property, TimeZone } from '../../contract/index.ts';

/** One person who shows properties, by their directory user: the calendar booked into. */
export const OfficePlaceAgent = AgentRules.omit({ id: true }).extend({
  /** Their directory (Entra) user id. */
  adId: z.string().min(1),
  /** Their directory tenant, where it differs from the settings' `domainId`. */
  domainId: z.string().min(1).optional(),
});
export type OfficePlaceAgent = z.infer<typeof OfficePlaceAgent>;

export const OfficePlaceBranch = Branch.extend({
  timeZone: TimeZone.default('Europe/London'),
  agents: z
    .array(OfficePlaceAgent)
    .min(1, 'must list at least one agent who shows properties')
    .superRefine(listedOnce((agent: OfficePlaceAgent) => agent.adId, 'adId')),
  viewing: ViewingRules,
});
export type OfficePlaceBranch = z.infer<typeof OfficePlaceBranch>;

export const OfficePlaceProperty = Property.extend({ viewing: PropertyRules.optional() });
export type OfficePlaceProperty = z.infer<typeof OfficePlaceProperty>;

/**
 * Everything OfficePlace does not hold: branches, who works where and when, viewing rules and properties.
 * Written into the config, or published by the agency as a JSON feed in this same shape.
 */
export const OfficePlaceCatalog = z
  .object({
    branches: z
      .array(OfficePlaceBranch)
      .min(1, 'must list at least one branch')
      .superRefine(listedOnce((branch: OfficePlaceBranch) => branch.id, 'id')),
    properties: z
      .array(OfficePlaceProperty)
      .superRefine(listedOnce((property: OfficePlaceProperty) => property.id, 'id')),
  })
  .superRefine((catalog, ctx) => {
    const branches = new Map(catalog.branches.map((branch) => [branch.id, branch]));
    catalog.properties.forEach((property, index) => {
      const branch = branches.get(property.branchId);
      if (!branch) {
        ctx.addIssue({
          code: 'custom',
          path: ['properties', index, 'branchId'],
          message: `${property.branchId} is not one of the branches`,
        });
        return;
      }
      property.viewing?.agentIds?.forEach((id, n) => {
        if (!branch.agents.some((agent) => agent.adId === id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['properties', index, 'viewing', 'agentIds', n],
            message: `${id} is not an agent of ${branch.id}`,
          });
        }
      });
    });
  });
export type OfficePlaceCatalog = z.infer<typeof OfficePlaceCatalog>;

/** The OfficePlace backend's settings, as they appear under `backend` in the proxy's config. */
export const OfficePlaceSettings = z
  .object({
    /** The Connector's base URL, as its documentation gives it; `/{tenantId}/...` paths are appended. */
    baseUrl: z.url().default('https://publicapi.officeplace.global/'),
    tenantId: z.string().min(1, 'is required: the Connector tenant id'),
    clientId: z.string().min(1, 'is required'),
    clientSecret: z.string().min(1, 'is required'),
    /** The directory tenant of the agents' calendars. */
    domainId: z.string().min(1, 'is required: the directory (Entra) tenant id'),
    catalog: OfficePlaceCatalog.optional(),
    /** Where the agency publishes its catalogue, read at every catalogue sync. */
    catalogUrl: z.url().optional(),
    /** Kept under the Connector's 60 per minute, with at least two in hand. */
    requestsPerMinute: z
      .number()
      .int()
      .min(1)
      .max(58, 'must be at most 58: the Connector allows 60 a minute and two are kept in hand')
      .default(55),
    /**
     * How a viewing shows in the agent's free/busy, as the create body's `showAsStatus` takes it. The API
     * Reference shows the field but not its values: `busy` as Exchange names it by default; an account whose
     * Connector wants another spelling or a number (Graph's busy is 2) sets it here. Default `busy`.
     */
    showAsStatus: z.union([z.string().min(1), z.number().int()]).optional(),
  })
  .superRefine((settings, ctx) => {
    if ((settings.catalog === undefined) === (settings.catalogUrl === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['catalog'],
        message: 'give either catalog or catalogUrl, not both or neither',
      });
    }
  });
export type OfficePlaceSettings = z.infer<typeof OfficePlaceSettings>;
