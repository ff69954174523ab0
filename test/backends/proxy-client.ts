import { z } from 'zod';
import { Booking, ErrorResponse, PropertiesResponse, SlotsResponse } from '../../src/contract/index.ts';
import type { Proxy } from '../../src/proxy/app.ts';

const BookingAnswer = z.union([z.object({ booking: Booking }), ErrorResponse]);

/**
 * A widget's view of a proxy joined in memory: every answer parsed with the contract's schemas, so a test
 * fails on a wrong shape, not only on a wrong value. `keyPrefix` keeps each suite's Idempotency-Keys apart.
 */
export function proxyClient(proxy: Proxy, { today, keyPrefix }: { today: string; keyPrefix: string }) {
  const call = (path: string, init: RequestInit = {}) => proxy.app.request(`http://proxy.test${path}`, init);
  const json = async <T extends z.ZodType>(schema: T, path: string, init: RequestInit = {}) => {
    const response = await call(path, init);
    return { status: response.status, body: schema.parse(await response.json()) };
  };
  const properties = async (branchId?: string) =>
    (await json(PropertiesResponse, `/v1/properties?limit=100${branchId ? `&branchId=${branchId}` : ''}`))
      .body.properties;
  const slots = async (propertyId: string, from = today, days = 7) =>
    (await json(SlotsResponse, `/v1/slots?propertyId=${propertyId}&from=${from}&days=${days}`)).body;
  let keys = 0;
  const book = (body: unknown) =>
    json(BookingAnswer, '/v1/bookings', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `${keyPrefix}-${++keys}` },
      body: JSON.stringify(body),
    });
  return { call, json, properties, slots, book };
}
