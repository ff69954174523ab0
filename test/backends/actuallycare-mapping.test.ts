import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ActuallyCareSettings } from '../../src/backends/actuallycare/index.ts';
import { retryAfterMs } from '../../src/backends/http.ts';
import {
  adaptListing,
  branchFor,
  busyTimes,
  parseSlotId,
  showing,
  slotId,
} from '../../src/backends/actuallycare/mapping.ts';
import { Appointment, Listing, ListingsPage } from '../../src/backends/actuallycare/schemas.ts';
import { verifyDelivery } from '../../src/backends/actuallycare/webhook.ts';
import { parseUpstream } from '../../src/backends/http.ts';
import { UpstreamError } from '../../src/backends/types.ts';
import { Property } from '../../src/contract/index.ts';

const listing = {
  id: 'd4b7a9e2-8c1f-4d6a-b3e5-7f9c2a0d8b46',
  mls_number: 'SR24010000',
  address: '456 Oak Ave',
  city: 'Tehachapi',
  state: 'CA',
  zip_code: '93561',
  list_price: 429_900,
  property_type: 'single_family',
  bedrooms: 3,
  bathrooms: 2,
  square_feet: 1_650,
  status: 'active',
} as const;

const branches = [
  { id: 'bakersfield', zipCodes: ['93311', '93309'], cities: ['Bakersfield'] },
  { id: 'tehachapi', zipCodes: ['93561'], cities: ['Tehachapi', 'Keene'] },
];

describe('ActuallyCare listings as properties', () => {
  it('shows a home for sale with its dollar price, bedrooms and full address', () => {
    const property = adaptListing(Listing.parse(listing), 'tehachapi');
    expect(property).toEqual({
      id: listing.id,
      branchId: 'tehachapi',
      channel: 'sales',
      title: '3 bedroom house',
      address: '456 Oak Ave, Tehachapi, CA 93561',
      price: { amount: 429_900, currency: 'USD' },
      bedrooms: 3,
    });
    expect(Property.safeParse(property).success).toBe(true);
  });

  it('names a lot as a lot, without bedrooms, and an unknown type as a home', () => {
    expect(
      adaptListing(Listing.parse({ ...listing, property_type: 'land', bedrooms: null }), 'b'),
    ).toMatchObject({ title: 'Lot' });
    expect(
      adaptListing(Listing.parse({ ...listing, property_type: 'land', bedrooms: null }), 'b').bedrooms,
    ).toBeUndefined();
    expect(adaptListing(Listing.parse({ ...listing, property_type: 'ranch' }), 'b').title).toBe(
      '3 bedroom home',
    );
    expect(adaptListing(Listing.parse({ ...listing, property_type: 'condo', bedrooms: 0 }), 'b').title).toBe(
      'Studio condo',
    );
  });

  it('puts a listing in the branch that claims its ZIP code, then its city, then the default', () => {
    expect(branchFor({ zip_code: '93311-4410', city: 'Somewhere' }, branches, undefined)).toBe('bakersfield');
    expect(branchFor({ zip_code: '93531', city: ' keene ' }, branches, undefined)).toBe('tehachapi');
    expect(branchFor({ zip_code: '93555', city: 'Ridgecrest' }, branches, 'bakersfield')).toBe('bakersfield');
    expect(branchFor({ zip_code: '93555', city: 'Ridgecrest' }, branches, undefined)).toBeUndefined();
  });

  it('refuses a listing page with a missing field, naming it, as the upstream’s fault', () => {
    const page = {
      success: true,
      data: {
        listings: [{ ...listing, list_price: '429,900' }],
        meta: { page: 1, limit: 25, total: 1, totalPages: 1, hasMore: false },
      },
    };
    const attempt = () => parseUpstream('ActuallyCare', 'listings page', ListingsPage, page);
    expect(attempt).toThrow(UpstreamError);
    expect(attempt).toThrow(/data\.listings\.0\.list_price/);
  });
});

describe('ActuallyCare appointments as busy times', () => {
  const row = {
    id: 'a1',
    user_id: 'agent-1',
    title: 'Showing',
    appointment_type: 'showing',
    start_time: '2026-07-07T17:00:00Z',
    end_time: '2026-07-07T17:30:00Z',
    status: 'scheduled',
  };

  it('keeps the owner busy for every appointment that is not cancelled', () => {
    const busy = busyTimes([
      Appointment.parse(row),
      Appointment.parse({ ...row, id: 'a2', appointment_type: 'meeting', status: 'completed' }),
      Appointment.parse({ ...row, id: 'a3', status: 'cancelled' }),
    ]);
    expect(busy).toHaveLength(2);
    expect(busy[0]).toEqual({
      agentId: 'agent-1',
      start: new Date('2026-07-07T17:00:00Z'),
      end: new Date('2026-07-07T17:30:00Z'),
    });
  });

  it('refuses an appointment that does not say whose calendar it is in', () => {
    const { user_id: _owner, ...anonymous } = row;
    expect(Appointment.safeParse(anonymous).success).toBe(false);
  });
});

describe('ActuallyCare slot ids and showings', () => {
  const times = { start: '2026-07-07T10:00:00-07:00', end: '2026-07-07T10:30:00-07:00' };

  it('reads back the times it wrote, and nothing it did not', () => {
    expect(parseSlotId(slotId(times))).toEqual(times);
    expect(parseSlotId(Buffer.from(`op1|${times.start}|${times.end}`).toString('base64url'))).toBeUndefined();
    expect(parseSlotId('%%%')).toBeUndefined();
  });

  it('asks for a showing the agent can act on: who comes, how to reach them, what they said', () => {
    const property = adaptListing(Listing.parse(listing), 'tehachapi');
    const body = showing({
      property,
      times,
      agentId: 'agent-1',
      guest: {
        firstName: 'Dana',
        lastName: 'Whitfield',
        email: 'dana@example.org',
        phone: '+1 661 555 0199',
      },
      consent: { marketing: false },
      message: 'Pets allowed?',
    });
    expect(body).toMatchObject({
      appointment_type: 'showing',
      start_time: '2026-07-07T17:00:00.000Z',
      end_time: '2026-07-07T17:30:00.000Z',
      user_id: 'agent-1',
      listing_id: listing.id,
      location: '456 Oak Ave, Tehachapi, CA 93561',
    });
    expect(body.description).toContain('Pets allowed?');
    expect(body.notes).toContain('Marketing consent: no');
  });
});

describe('ActuallyCare settings', () => {
  const branch = {
    id: 'tehachapi',
    name: 'Tehachapi',
    address: '112 W Tehachapi Blvd',
    zipCodes: ['93561'],
    agents: [{ userId: 'u1' }],
    viewing: { openingHours: { monday: [{ from: '09:00', to: '17:00' }] } },
  };
  const problems = (input: unknown) => {
    const result = ActuallyCareSettings.safeParse(input);
    return result.success
      ? []
      : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it('fills in California time, active listings only, and a budget under the limit', () => {
    const settings = ActuallyCareSettings.parse({ apiKey: 'k', branches: [branch] });
    expect(settings.branches[0]?.timeZone).toBe('America/Los_Angeles');
    expect(settings.listingStatuses).toEqual(['active']);
    expect(settings.requestsPer15Minutes).toBeLessThan(500);
  });

  it('names each mistake: a ZIP code claimed twice, an unknown default branch, a stranger as agent, a short secret', () => {
    expect(
      problems({
        apiKey: 'k',
        webhookSecret: 'short',
        defaultBranchId: 'fresno',
        branches: [branch, { ...branch, id: 'other', agents: [{ userId: 'u2' }, { userId: 'u2' }] }],
        properties: { SR1: { agentIds: ['u9'] } },
      }),
    ).toEqual([
      'webhookSecret: must be the signing secret ActuallyCare shows (16+ characters)',
      'branches.1.agents.1.userId: u2 is listed twice',
      'defaultBranchId: is not one of the branches (tehachapi, other)',
      'branches.1.zipCodes.0: 93561 is already tehachapi’s',
      'properties.SR1.agentIds.0: u9 is no branch’s agent',
    ]);
  });
});

describe('ActuallyCare webhook signatures', () => {
  const secret = 'whsec_0123456789abcdef';
  const body = '{"event":"appointment.created"}';
  const now = Date.parse('2026-07-06T15:00:00Z');
  const delivery = (headers: Record<string, string>) => ({ headers: new Headers(headers), rawBody: body });
  const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

  it('accepts the signature over the raw body with a recent time in seconds, milliseconds or ISO 8601', () => {
    for (const timestamp of [
      String(now / 1000 - 60),
      String(now - 60_000),
      new Date(now - 60_000).toISOString(),
    ]) {
      expect(
        verifyDelivery(
          delivery({ 'x-webhook-signature': signature, 'x-webhook-timestamp': timestamp }),
          secret,
          now,
        ),
      ).toEqual({ ok: true });
    }
    expect(
      verifyDelivery(
        delivery({
          'x-webhook-signature': signature.toUpperCase().replace('SHA256', 'sha256'),
          'x-webhook-timestamp': String(now / 1000),
        }),
        secret,
        now,
      ).ok,
    ).toBe(true);
  });

  it('refuses a missing timestamp, and says why each refusal happened', () => {
    expect(verifyDelivery(delivery({ 'x-webhook-signature': signature }), secret, now)).toEqual({
      ok: false,
      message: 'X-Webhook-Timestamp is missing or not a time',
    });
    expect(
      verifyDelivery(
        delivery({ 'x-webhook-signature': signature, 'x-webhook-timestamp': String(now / 1000 - 301) }),
        secret,
        now,
      ),
    ).toEqual({
      ok: false,
      message: 'X-Webhook-Timestamp is more than 5 minutes old',
    });
  });
});

describe('ActuallyCare Retry-After', () => {
  it('waits as long as asked, in seconds or until a date, else until the window resets', () => {
    const now = Date.parse('2026-07-06T15:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': '120' }), now)).toBe(120_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Mon, 06 Jul 2026 15:02:00 GMT' }), now)).toBe(120_000);
    expect(retryAfterMs(new Headers({ 'ratelimit-reset': '30' }), now)).toBe(30_000);
    expect(retryAfterMs(new Headers(), now)).toBe(60_000);
  });
});
