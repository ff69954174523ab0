import type { Customer, SeedCustomer } from './model.ts';

export interface CustomerBook {
  all(): readonly Customer[];
  find(id: string): Customer | undefined;
  /** Email addresses are matched whatever their case, as mail servers treat them. */
  findByEmail(email: string): Customer | undefined;
  add(fields: Omit<Customer, 'id'>): Customer;
  /** Customers created through the API, not the seeded ones. */
  created(): Customer[];
}

/** The agency's known customers plus those created through the API, one book per emulator. */
export function createCustomerBook(seeded: readonly SeedCustomer[]): CustomerBook {
  const customers: Customer[] = structuredClone([...seeded]);
  const createdIds = new Set<string>();
  return {
    all: () => customers,
    find: (id) => customers.find((customer) => customer.id === id),
    findByEmail: (email) =>
      customers.find((customer) => customer.email.toLowerCase() === email.toLowerCase()),
    add: (fields) => {
      const customer: Customer = { ...fields, id: String(60_001 + createdIds.size) };
      customers.push(customer);
      createdIds.add(customer.id);
      return structuredClone(customer);
    },
    created: () => structuredClone(customers.filter((customer) => createdIds.has(customer.id))),
  };
}
