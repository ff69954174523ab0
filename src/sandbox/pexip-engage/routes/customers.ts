import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, EmulatorContext } from '../context.ts';
import { CustomerCreate, Paging, parseInput, queryObject } from '../request-schemas.ts';
import { wireCustomer } from '../wire.ts';
import { requireScope } from './guards.ts';
import { invalid, jsonBody, page, problem } from './http.ts';

const BASE = '/enterprises/:enterprise/customers';
const CustomerQuery = Paging.extend({
  id: z.array(z.string().min(1)).optional(),
  email: z.array(z.string().min(1)).optional(),
});

/**
 * Customers: found by e-mail before booking, created when the visitor is new to the agency. Best guess: the
 * reference shows `GET /customers/{id}` only; the list's `email` and `id` filters, the create body and
 * `CUSTOMER_EMAIL_NOT_UNIQUE` are not published.
 */
export function registerCustomerRoutes(app: Hono<AppEnv>, context: EmulatorContext): void {
  const read = requireScope('engage:customers:readOnly', 'engage:customers:readWrite');

  app.get(BASE, read, (c) => {
    const query = parseInput(CustomerQuery, queryObject(new URL(c.req.url), ['id', 'email']));
    if (!query.ok) return invalid(c, query.message);
    const { id, email } = query.data;
    const emails = email?.map((address) => address.toLowerCase());
    const rows = context.customers
      .all()
      .filter(
        (customer) =>
          (!id || id.includes(customer.id)) && (!emails || emails.includes(customer.email.toLowerCase())),
      )
      .map(wireCustomer);
    return c.json(page(rows, query.data));
  });

  app.get(`${BASE}/:id`, read, (c) => {
    const customer = context.customers.find(c.req.param('id'));
    if (!customer)
      return problem(c, 404, 'CUSTOMER_NOT_FOUND', `Customer ${c.req.param('id')} was not found.`);
    return c.json({ data: wireCustomer(customer) });
  });

  app.post(BASE, requireScope('engage:customers:readWrite'), async (c) => {
    const body = await jsonBody(c);
    if (!body.ok) return invalid(c, 'The body must be JSON.');
    const input = parseInput(CustomerCreate, body.value);
    if (!input.ok) return invalid(c, input.message);
    const { firstName, lastName, email, phoneNumber, language } = input.data;
    if (context.customers.findByEmail(email)) {
      return problem(
        c,
        422,
        'CUSTOMER_EMAIL_NOT_UNIQUE',
        'A customer with this email address already exists.',
      );
    }
    const customer = context.customers.add({
      firstName,
      lastName,
      email,
      phoneNumber: phoneNumber ?? null,
      language: language === 'fr' || language === 'nl' ? language : 'en',
      createdAt: context.now().toISOString(),
    });
    return c.json({ data: wireCustomer(customer) }, 201);
  });
}
