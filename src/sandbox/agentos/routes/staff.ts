import type { Hono } from 'hono';
import type { AppEnv, EmulatorContext } from '../context.ts';
import { Paging, StaffQuery, parseInput, readQuery } from '../request-schemas.ts';
import { wireStaff } from '../wire.ts';
import { invalid, message, page } from './http.ts';

const BASE = '/v4/appointments/:shortName/contacts/staff';

/** The company's negotiators, so a staff screen can name who holds each appointment. */
export function registerStaffRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  const { seed } = context;

  app.get(`${BASE}/:offset/:count`, (c) => {
    const paging = parseInput(Paging, c.req.param());
    const query = parseInput(StaffQuery, readQuery(new URL(c.req.url), ['branchID']));
    if (!paging.ok) return invalid(c, paging.message);
    if (!query.ok) return invalid(c, query.message);
    const { branchID } = query.data;
    if (branchID !== undefined && !seed.branches.some((branch) => branch.id === branchID)) {
      return message(c, 404, 'Branch not found.');
    }
    const staff = seed.staff.filter((person) => branchID === undefined || person.branchId === branchID);
    return c.json(page(staff.map(wireStaff), paging.data));
  });

  app.get(`${BASE}/:staffID`, (c) => {
    const person = seed.staff.find((candidate) => candidate.id === c.req.param('staffID'));
    if (!person) return message(c, 404, 'Staff member not found.');
    return c.json(wireStaff(person));
  });
}
