import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, EmulatorContext } from '../context.ts';
import { Paging, parseInput, queryObject } from '../request-schemas.ts';
import { wireEmployee, wireListing, wireOffice, wireSubject } from '../wire.ts';
import { requireScope } from './guards.ts';
import { invalid, page, problem } from './http.ts';

const BASE = '/enterprises/:enterprise';
const Ids = z.array(z.string().min(1)).optional();
const ListQuery = Paging.extend({ id: Ids });
/**
 * Listings have no office in Pexip, so there is no office filter. Best guess: the operation page of
 * `GET /listings` is not public; `id[]`, `external-id[]` and `active` follow its other lists.
 */
const ListingQuery = ListQuery.extend({
  'external-id': Ids,
  active: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
});
/**
 * `GET /employees` filters by id, email, external id, role, username and status; it has no `office-id`.
 * Best guess: a parameter it does not know is ignored, not refused, so such a call lists every employee.
 */
const EmployeeQuery = ListQuery.extend({ 'external-id': Ids });

/** Offices, listings, subjects and employees: what a client syncs into its own store. */
export function registerCatalogRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  const { seed } = context;
  const officeOf = (id: string) => seed.offices.find((office) => office.id === id);
  const lists = ['id', 'office-id', 'external-id'];
  const keep = (filter: readonly string[] | undefined, value: string) => !filter || filter.includes(value);

  app.get(`${BASE}/offices`, requireScope('engage:offices:readOnly'), (c) => {
    const query = parseInput(ListQuery, queryObject(new URL(c.req.url), lists));
    if (!query.ok) return invalid(c, query.message);
    const rows = seed.offices.filter((office) => keep(query.data.id, office.id)).map(wireOffice);
    return c.json(page(rows, query.data));
  });

  app.get(`${BASE}/offices/:id`, requireScope('engage:offices:readOnly'), (c) => {
    const office = officeOf(c.req.param('id'));
    if (!office) return problem(c, 404, 'OFFICE_NOT_FOUND', `Office ${c.req.param('id')} was not found.`);
    return c.json({ data: wireOffice(office) });
  });

  app.get(`${BASE}/listings`, requireScope('engage:listings:readOnly'), (c) => {
    const query = parseInput(ListingQuery, queryObject(new URL(c.req.url), lists));
    if (!query.ok) return invalid(c, query.message);
    const { id, active } = query.data;
    const rows = seed.listings
      .filter(
        (listing) =>
          keep(id, listing.id) &&
          keep(query.data['external-id'], listing.externalId) &&
          (active === undefined || listing.active === active),
      )
      .map((listing) => wireListing(listing, officeOf(listing.officeId)));
    return c.json(page(rows, query.data));
  });

  app.get(`${BASE}/listings/:id`, requireScope('engage:listings:readOnly'), (c) => {
    const listing = seed.listings.find((candidate) => candidate.id === c.req.param('id'));
    if (!listing) return problem(c, 404, 'LISTING_NOT_FOUND', `Listing ${c.req.param('id')} was not found.`);
    return c.json({ data: wireListing(listing, officeOf(listing.officeId)) });
  });

  app.get(`${BASE}/subjects`, requireScope('engage:subjects:readOnly'), (c) => {
    const query = parseInput(ListQuery, queryObject(new URL(c.req.url), lists));
    if (!query.ok) return invalid(c, query.message);
    const rows = seed.subjects.filter((subject) => keep(query.data.id, subject.id)).map(wireSubject);
    return c.json(page(rows, query.data));
  });

  app.get(`${BASE}/employees`, requireScope('engage:employees:readOnly'), (c) => {
    const query = parseInput(EmployeeQuery, queryObject(new URL(c.req.url), lists));
    if (!query.ok) return invalid(c, query.message);
    const rows = seed.employees
      .filter(
        (employee) =>
          keep(query.data.id, employee.id) && keep(query.data['external-id'], `EMP-${employee.id}`),
      )
      .map((employee) => wireEmployee(employee, officeOf(employee.officeId)));
    return c.json(page(rows, query.data));
  });
}
