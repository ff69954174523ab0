import type { Hono } from 'hono';
import type { AppEnv, EmulatorContext } from '../context.ts';
import type { SeedLetting, SeedSale } from '../model.ts';
import { LettingsQuery, Paging, SalesQuery, parseInput, readQuery } from '../request-schemas.ts';
import { wireAppointmentType, wireBranch, wireLetting, wireSale } from '../wire.ts';
import { invalid, message, page } from './http.ts';

const BASE = '/v4/appointments/:shortName';

/** Branches, advertised lettings and sales, and appointment types: what a client syncs into its own store. */
export function registerCatalogRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  const { seed } = context;
  const unknownBranch = (branchID: string | undefined) =>
    branchID !== undefined && !seed.branches.some((branch) => branch.id === branchID);

  app.get(`${BASE}/company/branches/:offset/:count`, (c) => {
    const paging = parseInput(Paging, c.req.param());
    if (!paging.ok) return invalid(c, paging.message);
    return c.json(
      page(
        seed.branches.map((branch) => wireBranch(branch, seed.company.name)),
        paging.data,
      ),
    );
  });

  // Best guess: `branchID` narrows the appointments tier's advertised lists as it does the advertising tier's
  // (V2 required it; the V4 appointments page does not name it).
  app.get(`${BASE}/lettings/tenancies/advertised/:offset/:count`, (c) => {
    const paging = parseInput(Paging, c.req.param());
    const query = parseInput(LettingsQuery, readQuery(new URL(c.req.url), ['includeRenewals', 'branchID']));
    if (!paging.ok) return invalid(c, paging.message);
    if (!query.ok) return invalid(c, query.message);
    const { branchID, includeRenewals = false } = query.data;
    if (unknownBranch(branchID)) return message(c, 404, 'Branch not found.');
    const rows = seed.properties
      .filter((property): property is SeedLetting => property.channel === 'lettings')
      .filter(
        (letting) => (includeRenewals || !letting.renewal) && (!branchID || letting.branchId === branchID),
      )
      .map((letting) => wireLetting(letting, context.now(), seed.company.timeZone));
    return c.json(page(rows, paging.data));
  });

  app.get(`${BASE}/sales/instructions/advertised/:offset/:count`, (c) => {
    const paging = parseInput(Paging, c.req.param());
    const query = parseInput(
      SalesQuery,
      readQuery(new URL(c.req.url), ['branchID', 'onlyDevelopement', 'onlyInvestements']),
    );
    if (!paging.ok) return invalid(c, paging.message);
    if (!query.ok) return invalid(c, query.message);
    const { branchID, onlyDevelopement = false, onlyInvestements = false } = query.data;
    if (unknownBranch(branchID)) return message(c, 404, 'Branch not found.');
    const rows = seed.properties
      .filter((property): property is SeedSale => property.channel === 'sales')
      .filter(
        (sale) =>
          (!branchID || sale.branchId === branchID) &&
          (!onlyDevelopement || sale.development) &&
          (!onlyInvestements || sale.investment),
      )
      .map(wireSale);
    return c.json(page(rows, paging.data));
  });

  app.get(`${BASE}/diary/appointmenttypes/:offset/:count`, (c) => {
    const paging = parseInput(Paging, c.req.param());
    if (!paging.ok) return invalid(c, paging.message);
    return c.json(page(seed.appointmentTypes.map(wireAppointmentType), paging.data));
  });
}
