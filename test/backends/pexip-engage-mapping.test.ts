import { describe, expect, it } from 'vitest';
import { Branch, Property, Slot } from '../../src/contract/index.ts';
import { parseUpstream } from '../../src/backends/http.ts';
import { chooseOffice, factsOf } from '../../src/backends/pexip-engage/listing-facts.ts';
import type { ListingSettings } from '../../src/backends/pexip-engage/settings.ts';
import {
  adaptBooking,
  adaptListing,
  adaptOffice,
  adaptTimeSlots,
  parseSlotId,
  slotId,
  startOfLocalDay,
} from '../../src/backends/pexip-engage/mapping.ts';
import {
  Listing,
  Office,
  One,
  Page,
  TimeSlot,
  WebhookEnvelope,
} from '../../src/backends/pexip-engage/schemas.ts';
import { UpstreamError } from '../../src/backends/types.ts';

const brusselsOffice = {
  id: '103',
  active: true,
  email: 'brussel@scheldedijk.example',
  phoneNumber: '+32 2 555 03 60',
  timeZone: 'Europe/Brussels',
  location: {
    postalCode: '1000',
    countryCode: 'BE',
    translations: {
      city: [
        { language: 'nl', value: 'Brussel' },
        { language: 'fr', value: 'Bruxelles' },
      ],
      street1: [
        { language: 'nl', value: 'Grasmarkt 61' },
        { language: 'fr', value: 'Rue du Marché aux Herbes 61' },
      ],
      street2: [],
    },
  },
  translations: {
    name: [
      { language: 'nl', value: 'Brussel' },
      { language: 'fr', value: 'Bruxelles' },
    ],
  },
};

/** A listing as the webhook reference shows one: no office, no price; the agency's facts in its tags. */
const listingRow = {
  id: '30024',
  active: true,
  externalId: 'SD-BRU-H001',
  timeZone: 'Europe/Brussels',
  tags: ['apartment', 'office:OFF-BRUSSEL', 'channel:lettings', 'price:1275', 'currency:EUR', 'bedrooms:2'],
  location: {
    postalCode: '1050',
    countryCode: 'BE',
    translations: {
      city: [
        { language: 'nl', value: 'Elsene' },
        { language: 'fr', value: 'Ixelles' },
      ],
      street1: [
        { language: 'nl', value: 'Louizalaan 88 bus 4' },
        { language: 'fr', value: 'Avenue Louise 88 boîte 4' },
      ],
    },
  },
  translations: {
    name: [
      { language: 'nl', value: 'Appartement met 2 slaapkamers' },
      { language: 'fr', value: 'Appartement 2 chambres' },
    ],
    description: [],
  },
  createdAt: '2026-05-04T09:42:00.000Z',
  updatedAt: '2026-05-04T09:42:00.000Z',
};

const offices = [
  { id: '101', externalId: 'OFF-ANTWERPEN' },
  { id: '103', externalId: 'OFF-BRUSSEL' },
];
const defaults = { currency: 'EUR', channel: 'lettings' as const };

/** The property the proxy shows for a listing, as the catalog sync builds it; undefined where it skips it. */
function propertyOf(row: unknown, language = 'nl', configured: Record<string, ListingSettings> = {}) {
  const listing = Listing.parse(row);
  const facts = factsOf(listing, configured);
  const office = chooseOffice(facts, offices);
  return office.ok ? adaptListing(listing, language, office.officeId, facts, defaults) : office.reason;
}

describe('Pexip Engage offices and listings', () => {
  it('shows an office in the configured language with its zone, phone and e-mail', () => {
    const branch = adaptOffice(Office.parse(brusselsOffice), 'fr');
    expect(branch).toEqual({
      id: '103',
      name: 'Bruxelles',
      address: 'Rue du Marché aux Herbes 61, 1000 Bruxelles',
      timeZone: 'Europe/Brussels',
      phone: '+32 2 555 03 60',
      email: 'brussel@scheldedijk.example',
    });
    expect(Branch.safeParse(branch).success).toBe(true);
  });

  it('falls back to English, then Dutch, when the office has no text in the configured language', () => {
    expect(adaptOffice(Office.parse(brusselsOffice), 'de').name).toBe('Brussel');
    const withEnglish = Office.parse({
      ...brusselsOffice,
      translations: { name: [...brusselsOffice.translations.name, { language: 'en', value: 'Brussels' }] },
    });
    expect(adaptOffice(withEnglish, 'de').name).toBe('Brussels');
  });

  it('shows a rental with its monthly rent in euros, bedrooms and the address in the visitor’s language, from its tags', () => {
    const property = propertyOf(listingRow);
    expect(property).toEqual({
      id: '30024',
      branchId: '103',
      channel: 'lettings',
      title: 'Appartement met 2 slaapkamers',
      address: 'Louizalaan 88 bus 4, 1050 Elsene',
      price: { amount: 1275, currency: 'EUR', period: 'month' },
      bedrooms: 2,
    });
    expect(Property.safeParse(property).success).toBe(true);
    expect(propertyOf(listingRow, 'fr')).toMatchObject({ title: 'Appartement 2 chambres' });
  });

  it('takes the agency’s configuration for the listing over its tags, field by field', () => {
    const property = propertyOf(listingRow, 'nl', {
      'SD-BRU-H001': { offices: ['101'], channel: 'sales', price: 495_000 },
    });
    expect(property).toMatchObject({ branchId: '101', channel: 'sales', bedrooms: 2 });
    expect(property).toHaveProperty('price', { amount: 495_000, currency: 'EUR' });
    // Another listing's configuration changes nothing here.
    expect(propertyOf(listingRow, 'nl', { 'SD-ANT-K001': { channel: 'sales' } })).toMatchObject({
      channel: 'lettings',
    });
  });

  it('shows a listing nothing gives a price as price on application, and without bedrooms', () => {
    const bare = { ...listingRow, tags: ['office:OFF-BRUSSEL'] };
    const property = propertyOf(bare);
    expect(property).toMatchObject({
      channel: 'lettings',
      price: { amount: 0, currency: 'EUR', onApplication: true },
    });
    expect(property).not.toHaveProperty('bedrooms');
    // Tags that are not the convention, or do not read, are left alone.
    expect(
      propertyOf({ ...bare, tags: [...bare.tags, 'price:on request', 'garden', 'bedrooms:two'] }),
    ).toEqual(property);
  });

  it('leaves out a listing with no office, or only offices it does not know, unless there is only one office', () => {
    expect(propertyOf({ ...listingRow, tags: ['channel:lettings'] })).toBe('no_office');
    expect(propertyOf({ ...listingRow, tags: ['office:OFF-GENT'] })).toBe('unknown_office');
    const listing = Listing.parse({ ...listingRow, tags: [] });
    expect(chooseOffice(factsOf(listing, {}), [offices[0]!])).toEqual({ ok: true, officeId: '101' });
  });
});

describe('Pexip Engage timetable', () => {
  const slot = (start: string, end: string, employees = ['2001']) => ({
    start,
    end,
    employees: employees.map((id) => ({ id })),
  });

  it('offers each time once, on the office wall clock with that day’s offset, across the spring clock change', () => {
    const slots = adaptTimeSlots(
      [
        slot('2026-03-29T08:00:00.000Z', '2026-03-29T08:30:00.000Z', ['2003']),
        slot('2026-03-28T09:00:00.000Z', '2026-03-28T09:30:00.000Z', ['2001', '2003']),
        slot('2026-03-28T09:00:00+00:00', '2026-03-28T09:30:00+00:00', ['2002']),
      ],
      '101',
      'Europe/Brussels',
    );
    expect(slots.map((s) => [s.start, s.end])).toEqual([
      ['2026-03-28T10:00:00+01:00', '2026-03-28T10:30:00+01:00'],
      ['2026-03-29T10:00:00+02:00', '2026-03-29T10:30:00+02:00'],
    ]);
    for (const one of slots) expect(Slot.safeParse(one).success).toBe(true);
  });

  it('ignores a time nobody is free for', () => {
    expect(
      adaptTimeSlots([slot('2026-11-24T09:00:00Z', '2026-11-24T09:30:00Z', [])], '101', 'Europe/Brussels'),
    ).toEqual([]);
  });

  it('asks for whole local days, midnight to midnight in the office zone, even on a 23-hour day', () => {
    expect(startOfLocalDay('2026-03-29', 'Europe/Brussels')).toBe('2026-03-29T00:00:00+01:00');
    expect(startOfLocalDay('2026-03-30', 'Europe/Brussels')).toBe('2026-03-30T00:00:00+02:00');
    expect(startOfLocalDay('2026-11-24', 'Europe/Amsterdam')).toBe('2026-11-24T00:00:00+01:00');
  });

  it('round-trips a slot id carrying the office and instants, and rejects ids it did not make', () => {
    const key = { officeId: '101', start: '2026-11-24T09:00:00.000Z', end: '2026-11-24T09:30:00.000Z' };
    expect(parseSlotId(slotId(key))).toEqual(key);
    const forged = (text: string) => Buffer.from(text).toString('base64url');
    expect(parseSlotId('not a slot')).toBeUndefined();
    expect(parseSlotId(forged('a1|2026-11-24T10:30:00|2026-11-24T11:00:00'))).toBeUndefined();
    expect(parseSlotId(forged('pe1|101|2026-11-24T09:30:00.000Z|2026-11-24T09:00:00.000Z'))).toBeUndefined();
    expect(parseSlotId(forged('pe1|101|tomorrow|2026-11-24T09:30:00.000Z'))).toBeUndefined();
    expect(parseSlotId(forged(`pe1|101|${key.start}|${key.end}|extra`))).toBeUndefined();
  });

  it('reports a booking in the branch zone, confirmed when Pexip accepted it and requested when it awaits an agent', () => {
    const branch = adaptOffice(Office.parse(brusselsOffice), 'nl');
    const property = propertyOf(listingRow);
    if (typeof property === 'string') throw new Error('the listing is bookable');
    const key = { officeId: '103', start: '2026-11-24T09:00:00.000Z', end: '2026-11-24T09:30:00.000Z' };
    expect(adaptBooking({ id: '700801', status: 'ACCEPTED' }, key, property, branch)).toEqual({
      reference: '700801',
      propertyId: '30024',
      branchId: '103',
      start: '2026-11-24T10:00:00+01:00',
      end: '2026-11-24T10:30:00+01:00',
      timeZone: 'Europe/Brussels',
      status: 'confirmed',
    });
    expect(adaptBooking({ id: '7', status: 'INCOMING_REQUEST' }, key, property, branch).status).toBe(
      'requested',
    );
    // A status Pexip adds later does not break the booking: it reads as awaiting the agency.
    expect(adaptBooking({ id: '8', status: 'ON_HOLD' }, key, property, branch).status).toBe('requested');
  });
});

describe('Pexip Engage answers that are not what the reference promises', () => {
  const failure = (run: () => unknown) => {
    try {
      run();
    } catch (caught) {
      return caught;
    }
    return undefined;
  };

  it('fails clearly when a list has no meta, naming the field', () => {
    expect(() =>
      parseUpstream('Pexip Engage', 'offices page', Page(Office), { data: [brusselsOffice] }),
    ).toThrowError(/Pexip Engage sent an unexpected offices page \(meta: /);
  });

  it('fails clearly when a listing’s active flag is not a boolean, naming the field', () => {
    const error = failure(() =>
      parseUpstream('Pexip Engage', 'listing', One(Listing), { data: { ...listingRow, active: 'yes' } }),
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: 'upstream_error', message: expect.stringContaining('data.active') });
  });

  it('refuses an office whose zone is not a real time zone, and a timetable time without an offset', () => {
    expect(() =>
      parseUpstream('Pexip Engage', 'offices page', Page(Office), {
        data: [{ ...brusselsOffice, timeZone: 'CET+1' }],
        meta: { offset: 0, limit: 100, totalCount: 1 },
      }),
    ).toThrow(UpstreamError);
    const slot = TimeSlot.safeParse({
      start: '2026-11-24T10:00:00',
      end: '2026-11-24T10:30:00',
      employees: [{ id: '2001' }],
    });
    expect(slot.error?.issues[0]?.path).toEqual(['start']);
  });

  it('reads the documented webhook example, whose times carry +00:00 rather than Z', () => {
    const envelope = WebhookEnvelope.parse({
      id: 'evt-1',
      correlationId: 'c',
      webhookConfigurationId: 'w',
      version: '1',
      entity: 'Appointment',
      data: {
        eventType: 'ACCEPT',
        message: 'string',
        appointment: {
          id: 'a1',
          office: { id: '101', timeZone: 'Europe/Brussels' },
          listing: { id: '30001', active: true },
          updatedAt: '2024-05-04T09:42:00+00:00',
        },
        previousAppointment: {
          listing: { id: '30002' },
          office: { id: '101' },
          start: '2024-05-04T09:42:00+00:00',
        },
      },
    });
    expect(envelope.data.appointment).toEqual({
      id: 'a1',
      office: { id: '101' },
      listing: { id: '30001' },
      updatedAt: '2024-05-04T09:42:00+00:00',
    });
  });
});
