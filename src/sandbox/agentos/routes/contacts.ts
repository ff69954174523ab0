import type { Hono } from 'hono';
import type { AppEnv, EmulatorContext } from '../context.ts';
import { GuestMatchQuery, Paging, parseInput, readQuery } from '../request-schemas.ts';
import { guestMatchLinks, wireGuestMatch } from '../wire.ts';
import { invalid, message, page } from './http.ts';

/**
 * Guest match, so a booking can name an existing contact instead of creating a duplicate. Contacts belong to
 * the company, not a branch: `branchID` is checked but does not narrow the match.
 */
export function registerContactRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  const { seed } = context;
  app.get('/v4/appointments/:shortName/contacts/guest/match/:offset/:count', (c) => {
    const url = new URL(c.req.url);
    const paging = parseInput(Paging, c.req.param());
    const query = parseInput(
      GuestMatchQuery,
      readQuery(url, ['branchID', 'forename', 'surname', 'emailaddress']),
    );
    if (!paging.ok) return invalid(c, paging.message);
    if (!query.ok) return invalid(c, query.message);
    const { branchID, forename, surname, emailaddress } = query.data;
    if (branchID !== undefined && !seed.branches.some((branch) => branch.id === branchID)) {
      return message(c, 404, 'Branch not found.');
    }
    const same = (a: string, b: string | undefined) => b !== undefined && a.toLowerCase() === b.toLowerCase();
    const matches = seed.contacts.filter(
      (contact) =>
        same(contact.email, emailaddress) ||
        (same(contact.forename, forename) && same(contact.surname, surname)),
    );
    return c.json({ ...page(matches.map(wireGuestMatch), paging.data), Links: guestMatchLinks(url) });
  });
}
