import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ActuallyCareSettings } from '../../src/backends/actuallycare/index.ts';
import { retryAfterMs } from '../../src/backends/http.ts';
import { Calendars } from '../../src/backends/actuallycare/calendars.ts';
import { ActuallyCareClient } from '../../src/backends/actuallycare/client.ts';
import {
  adaptListing,
  branchFor,
  parseSlotId,
  showing,
  slotId,
} from '../../src/backends/actuallycare/mapping.ts';
import { Appointment, Listing } from '../../src/backends/actuallycare/schemas.ts';
import { verifyDelivery } from '../../src/backends/actuallycare/webhooks.ts';
import { parseEach, SkippedRecords } from '../../src/backends/skipped.ts';
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
    const at = (zip_code: string, city: string) => ({ address: '1 Main St', zip_code, city });
    expect(branchFor(at('93311-4410', 'Somewhere'), branches, undefined)).toBe('bakersfield');
    expect(branchFor(at('93531', ' keene '), branches, undefined)).toBe('tehachapi');
    expect(branchFor(at('93555', 'Ridgecrest'), branches, 'bakersfield')).toBe('bakersfield');
    expect(branchFor(at('93555', 'Ridgecrest'), branches, undefined)).toBeUndefined();
  });

  it('places the quickstart’s abbreviated row by a ZIP code ending its address, else in the default branch', () => {
    const short = Listing.parse({
      id: 'q1',
      address: '456 Oak Ave, Tehachapi, CA 93561',
      status: 'active',
      list_price: 1,
    });
    expect(branchFor(short, branches, 'bakersfield')).toBe('tehachapi');
    const street = Listing.parse({ id: 'q2', address: '456 Oak Ave', status: 'active', list_price: 1 });
    expect(branchFor(street, branches, 'bakersfield')).toBe('bakersfield');
    expect(adaptListing(street, 'bakersfield')).toMatchObject({ address: '456 Oak Ave', title: 'Home' });
  });

  it('skips a listing row with a price it cannot read, naming where it sat, and keeps the others', () => {
    const skipped = new SkippedRecords('actuallycare');
    const rows = parseEach(
      Listing,
      [listing, { ...listing, id: 'x', list_price: '429,900' }],
      'GET /v1/listings data.listings',
      skipped,
    );
    expect(rows.map((row) => row.id)).toEqual([listing.id]);
    expect(skipped.totals()).toEqual([{ reason: 'invalid', count: 1 }]);
  });
});

describe('ActuallyCare appointments as busy times', () => {
  // As the list rows of the reference show them: no `user_id`.
  const row = {
    id: 'a1',
    title: 'Showing',
    appointment_type: 'showing',
    start_time: '2026-07-07T17:00:00Z',
    end_time: '2026-07-07T17:30:00Z',
    status: 'scheduled',
  };
  const settings = ActuallyCareSettings.parse({
    apiKey: 'shared',
    branches: [
      {
        id: 'b',
        name: 'B',
        address: '1 Main St',
        agents: [{ userId: 'agent-1', apiKey: 'k1' }, { userId: 'agent-2' }, { userId: 'agent-3' }],
        viewing: { openingHours: { monday: [{ from: '09:00', to: '17:00' }] } },
      },
    ],
  });
  const calendars = new Calendars(
    settings,
    (apiKey) => new ActuallyCareClient({ baseUrl: 'http://x', apiKey }),
  );
  const own = calendars.of('agent-1')!;
  const shared = calendars.of('agent-2')!;

  it('keeps the key’s owner busy for every appointment that is not cancelled', () => {
    const busy = calendars.busyTimes(
      [
        Appointment.parse(row),
        Appointment.parse({ ...row, id: 'a2', appointment_type: 'meeting', status: 'completed' }),
        Appointment.parse({ ...row, id: 'a3', status: 'cancelled' }),
        Appointment.parse({ ...row, id: 'a4', status: 'rescheduled' }),
      ],
      own,
    );
    expect(busy).toHaveLength(3);
    expect(busy[0]).toEqual({
      agentId: 'agent-1',
      start: new Date('2026-07-07T17:00:00Z'),
      end: new Date('2026-07-07T17:30:00Z'),
    });
  });

  it('keeps every agent sharing a key busy, unless the row names one of them', () => {
    expect(calendars.busyTimes([Appointment.parse(row)], shared).map((time) => time.agentId)).toEqual([
      'agent-2',
      'agent-3',
    ]);
    expect(
      calendars
        .busyTimes([Appointment.parse({ ...row, user_id: 'agent-3' })], shared)
        .map((time) => time.agentId),
    ).toEqual(['agent-3']);
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
      guest: {
        firstName: 'Dana',
        lastName: 'Whitfield',
        email: 'dana@example.org',
        phone: '+1 661 555 0199',
      },
      consent: { marketing: false },
      message: 'Pets allowed?',
      source: { page: 'https://tehachapihomes.example/listings/456-oak', utm_source: 'zillow' },
    });
    expect(body).toMatchObject({
      appointment_type: 'showing',
      start_time: '2026-07-07T17:00:00.000Z',
      end_time: '2026-07-07T17:30:00.000Z',
      listing_id: listing.id,
      location: '456 Oak Ave, Tehachapi, CA 93561',
    });
    expect(body.description).toContain('Pets allowed?');
    // Where the visitor came from closes the description, after their own words.
    expect(body.description).toMatch(
      /Came from: https:\/\/tehachapihomes\.example\/listings\/456-oak, utm_source=zillow$/,
    );
    expect(body.notes).toContain('Marketing consent: no');
    // Whose calendar it goes in is the key it is made with: a `user_id` would not be honoured.
    expect(body).not.toHaveProperty('user_id');
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

  it('takes one key per agent, and names an agent left without one when there is no shared key', () => {
    expect(
      problems({ branches: [{ ...branch, agents: [{ userId: 'u1', apiKey: 'k1' }, { userId: 'u2' }] }] }),
    ).toEqual([
      'branches.0.agents.1.apiKey: is required: this agent’s ActuallyCare API key (or a top-level apiKey)',
    ]);
    expect(problems({ branches: [{ ...branch, agents: [{ userId: 'u1', apiKey: 'k1' }] }] })).toEqual([]);
    // A key never appears in what is said about the settings.
    expect(
      problems({
        branches: [
          branch,
          { ...branch, id: 'other', zipCodes: [], agents: [{ userId: 'u1', apiKey: 'secret-key-2' }] },
        ],
        apiKey: 'secret-key-1',
      }).join(' '),
    ).not.toMatch(/secret-key/);
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
