import { describe, expect, it } from 'vitest';
import { Property, Slot } from '../../src/contract/index.ts';
import {
  adaptAllocations,
  adaptBranch,
  adaptLettings,
  adaptSales,
  bookingComment,
  companyTime,
  parseSlotId,
  slotId,
  toCompanyTime,
  visitorNoted,
} from '../../src/backends/agentos/mapping.ts';
import {
  AgentAppointmentType,
  AgentBranch,
  Allocation,
  LettingsAdvertised,
  Page,
  SalesAdvertised,
} from '../../src/backends/agentos/schemas.ts';
import { parseUpstream } from '../../src/backends/http.ts';
import { UpstreamError } from '../../src/backends/types.ts';

const lettingsRow = {
  OID: 'T1',
  PropertyID: 'P1',
  RentAdvertised: 1250,
  RentSchedule: 'Monthly',
  Bedrooms: 2,
  PropertyType: 'Flat',
  Address1: '12 Princess Victoria Street',
  Address2: 'Clifton',
  Address3: 'Bristol',
  Address4: null,
  Postcode: 'BS8 4BX',
} as const;

describe('agentOS mapping', () => {
  it('shows a lettings home with its monthly rent, bedrooms and a full address', () => {
    const property = adaptLettings(LettingsAdvertised.parse(lettingsRow), 'B1');
    expect(property).toEqual({
      id: 'P1',
      branchId: 'B1',
      channel: 'lettings',
      title: '2 bedroom flat',
      address: '12 Princess Victoria Street, Clifton, Bristol, BS8 4BX',
      price: { amount: 1250, currency: 'GBP', period: 'month' },
      bedrooms: 2,
      photoUrl: 'v1/photos/P1',
    });
    expect(Property.safeParse(property).success).toBe(true);
  });

  it('reads a weekly rent as weekly and a quarterly rent as its monthly equivalent', () => {
    expect(
      adaptLettings(
        LettingsAdvertised.parse({ ...lettingsRow, RentSchedule: 'Weekly', RentAdvertised: 300 }),
        'B1',
      )?.price,
    ).toEqual({
      amount: 300,
      currency: 'GBP',
      period: 'week',
    });
    expect(
      adaptLettings(
        LettingsAdvertised.parse({ ...lettingsRow, RentSchedule: 'Quarterly', RentAdvertised: 3000 }),
        'B1',
      )?.price.amount,
    ).toBe(1000);
  });

  it('calls a home with no bedrooms a studio and marks a price on application', () => {
    const sale = adaptSales(
      SalesAdvertised.parse({
        OID: 'S1',
        Price: 0,
        POA: true,
        Bedrooms: 0,
        PropertyType: 'Studio',
        Address1: '1 Quay St',
        Postcode: 'BS1 4DJ',
      }),
      'B1',
    );
    expect(sale.title).toBe('Studio');
    expect(sale.price.onApplication).toBe(true);
    expect(sale.channel).toBe('sales');
  });

  it('keeps the branch phone and email and names its zone', () => {
    const branch = adaptBranch(
      AgentBranch.parse({
        OID: 'B1',
        Name: 'Clifton',
        Address1: '8 The Mall',
        Address3: 'Bristol',
        Postcode: 'BS8 4DR',
        LandPhone: '0117 496 0000',
        EMailAddress: 'clifton@example.co.uk',
      }),
      'Europe/London',
    );
    expect(branch).toEqual({
      id: 'B1',
      name: 'Clifton',
      address: '8 The Mall, Bristol, BS8 4DR',
      timeZone: 'Europe/London',
      phone: '0117 496 0000',
      email: 'clifton@example.co.uk',
    });
  });

  it('offers one slot per time even when several negotiators are free then, with the branch offset', () => {
    const slots = adaptAllocations(
      [
        { Start: '2026-07-01T10:30:00', End: '2026-07-01T11:00:00', StaffID: 'N2', StaffName: 'Ben' },
        { Start: '2026-07-01T10:30:00', End: '2026-07-01T11:00:00', StaffID: 'N1', StaffName: 'Ann' },
        { Start: '2026-07-01T09:00', End: '2026-07-01T09:30', StaffID: 'N1', StaffName: 'Ann' },
      ],
      'Europe/London',
    );
    expect(slots.map((s) => [s.start, s.end])).toEqual([
      ['2026-07-01T09:00:00+01:00', '2026-07-01T09:30:00+01:00'],
      ['2026-07-01T10:30:00+01:00', '2026-07-01T11:00:00+01:00'],
    ]);
    for (const slot of slots) expect(Slot.safeParse(slot).success).toBe(true);
  });

  it('uses the winter offset after the clocks go back', () => {
    const [slot] = adaptAllocations(
      [{ Start: '2026-11-24T10:30:00', End: '2026-11-24T11:00:00', StaffID: 'N1', StaffName: 'Ann' }],
      'Europe/London',
    );
    expect(slot?.start).toBe('2026-11-24T10:30:00+00:00');
  });

  it('round-trips a slot id and rejects ids it did not make', () => {
    const id = slotId({ Start: '2026-11-24T10:30:00', End: '2026-11-24T11:00:00' });
    expect(parseSlotId(id)).toEqual({ Start: '2026-11-24T10:30:00', End: '2026-11-24T11:00:00' });
    expect(parseSlotId('not a slot')).toBeUndefined();
    expect(parseSlotId(Buffer.from('a1|yesterday|today').toString('base64url'))).toBeUndefined();
    expect(
      parseSlotId(Buffer.from('a1|2026-11-24T10:30:00|2026-11-24T11:00:00|extra').toString('base64url')),
    ).toBeUndefined();
  });
});

describe('agentOS responses that are not what the docs promise', () => {
  it('fails clearly when a page has no Data list', () => {
    expect(() => parseUpstream('agentOS', 'branches page', Page(AgentBranch), { Count: 3 })).toThrowError(
      /agentOS sent an unexpected branches page \(Data: /,
    );
  });

  it('fails clearly when a rent is not a number, naming the field', () => {
    const error = (() => {
      try {
        parseUpstream('agentOS', 'lettings page', Page(LettingsAdvertised), {
          Count: 1,
          Data: [{ ...lettingsRow, RentAdvertised: '£1,250' }],
        });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({
      code: 'upstream_error',
      message: expect.stringContaining('Data.0.RentAdvertised'),
    });
  });

  it('offers no price for a one-off or unknown rent schedule rather than guessing one', () => {
    for (const schedule of ['Once', 'Fortnightly']) {
      const row = LettingsAdvertised.parse({ ...lettingsRow, RentSchedule: schedule });
      expect(adaptLettings(row, 'B1'), schedule).toBeUndefined();
    }
  });
});

describe('agentOS shapes the published models allow', () => {
  it('shows a daily short-let rent as its weekly equivalent', () => {
    const row = LettingsAdvertised.parse({ ...lettingsRow, RentSchedule: 'Daily', RentAdvertised: 95.5 });
    expect(adaptLettings(row, 'B1')?.price).toEqual({ amount: 668.5, currency: 'GBP', period: 'week' });
  });

  it('prices in the configured currency and leaves the picture out when pictures are off', () => {
    const home = adaptLettings(LettingsAdvertised.parse(lettingsRow), 'B1', {
      currency: 'EUR',
      photos: false,
    });
    expect(home?.price.currency).toBe('EUR');
    expect(home).not.toHaveProperty('photoUrl');
  });

  it('names a sale by its V2 PropertyOwnableType, and by PropertyType where only that is sent', () => {
    const sale = (fields: Record<string, unknown>) =>
      adaptSales(SalesAdvertised.parse({ OID: 'S1', Price: 350000, Bedrooms: 3, ...fields }), 'B1').title;
    expect(sale({ PropertyOwnableType: 'SemiDetachedHouse' })).toBe('3 bedroom semi-detached house');
    expect(sale({ PropertyOwnableType: 'FlatApartment', PropertyType: 'Flat' })).toBe('3 bedroom flat');
    expect(sale({ PropertyType: 'Bungalow' })).toBe('3 bedroom bungalow');
    expect(sale({ PropertyOwnableType: 'MidTerracedBungalow' })).toBe('3 bedroom mid-terrace bungalow');
    expect(sale({ PropertyOwnableType: 'RiversideLoft' })).toBe('3 bedroom riverside loft');
  });

  it('reads allocation times with Z or an offset as the company’s wall-clock time, summer and winter', () => {
    expect(companyTime('2026-07-01T09:30:00Z', 'Europe/London')).toBe('2026-07-01T10:30:00');
    expect(companyTime('2026-07-01T10:30:00+01:00', 'Europe/London')).toBe('2026-07-01T10:30:00');
    expect(companyTime('2026-11-24T10:30:00Z', 'Europe/London')).toBe('2026-11-24T10:30:00');
    expect(companyTime('2026-11-24T10:30', 'Europe/London')).toBe('2026-11-24T10:30:00');
    const [local] = toCompanyTime(
      [
        Allocation.parse({
          Start: '2026-07-01T09:30:00Z',
          End: '2026-07-01T10:00:00Z',
          StaffID: 'N1',
          StaffName: 'Ann',
        }),
      ],
      'Europe/London',
    );
    expect(local).toMatchObject({ Start: '2026-07-01T10:30:00', listed: { Start: '2026-07-01T09:30:00Z' } });
  });

  it('keeps an appointment type of a SystemType added after the published list', () => {
    const type = AgentAppointmentType.parse({
      OID: 'T9',
      Name: 'Video viewing',
      SystemType: 'VirtualViewing',
    });
    expect(type.SystemType).toBe('VirtualViewing');
  });

  it('knows the visitor it noted on an appointment, and nobody from a message written to look like it', () => {
    const guest = { firstName: 'Amelia', lastName: 'Clarke', email: 'Amelia.Clarke@example.co.uk' };
    const comment = bookingComment(guest, 'Visitor: Someone Else <someone@example.org>');
    expect(visitorNoted(comment)).toEqual({ name: 'Amelia Clarke', email: 'amelia.clarke@example.co.uk' });
    expect(visitorNoted('Visitor: Someone Else <someone@example.org>')).toBeUndefined();
    expect(visitorNoted(null)).toBeUndefined();
  });
});
