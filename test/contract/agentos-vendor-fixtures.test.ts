import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AgentOSClient } from '../../src/backends/agentos/client.ts';
import {
  adaptAllocations,
  adaptBranch,
  adaptLettings,
  adaptSales,
  toCompanyTime,
  visitorNoted,
} from '../../src/backends/agentos/mapping.ts';
import { AgentAppointment, DiaryReference, ErrorBody } from '../../src/backends/agentos/schemas.ts';
import { AgentOSBackend } from '../../src/backends/index.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/vendors/agentos/${name}`, import.meta.url), 'utf8'));

/** The client as the proxy runs it, every call answered with one vendor payload. */
function clientAnswering(name: string) {
  const client = new AgentOSClient({
    baseUrl: 'https://live-api.letmc.com',
    shortName: 'example',
    apiKey: 'k',
    retry: { baseMs: 1 },
    fetch: async () => Response.json(fixture(name)),
  });
  return client;
}

describe('agentOS vendor payloads through the client’s own schemas', () => {
  it('reads a branch with its address, phone and e-mail', async () => {
    const client = clientAnswering('branches.page.json');
    const [branch] = await client.branches();
    expect(adaptBranch(branch!, 'Europe/London')).toEqual({
      id: 'BR0000000001',
      name: 'Clifton',
      address: '8 The Mall, Clifton, Bristol, City of Bristol, BS8 4DR',
      timeZone: 'Europe/London',
      phone: '0117 496 0000',
      email: 'clifton@example.co.uk',
    });
    expect(client.skipped.total).toBe(0);
  });

  it('reads every documented appointment SystemType and finds the viewing type', async () => {
    const types = await clientAnswering('appointment-types.page.json').appointmentTypes();
    expect(types).toHaveLength(7);
    expect(types.find((type) => type.SystemType === 'Viewing')?.OID).toBe('AT01');
  });

  it('reads V4 local-time allocations as one slot per time on the branch’s clock', async () => {
    const rows = await clientAnswering('allocations.v4-local.page.json').allocations({
      appointmentTypeID: 'AT01',
      preferredDate: '2026-07-01',
    });
    const slots = adaptAllocations(toCompanyTime(rows, 'Europe/London'), 'Europe/London');
    expect(slots.map((slot) => slot.start)).toEqual(['2026-07-01T10:30:00+01:00']);
  });

  it('reads V3’s bare array of UTC and offset date-times as the same wall-clock times', async () => {
    const client = clientAnswering('allocations.v3-array-utc.json');
    const rows = await client.allocations({ appointmentTypeID: 'AT01', preferredDate: '2026-07-01' });
    const local = toCompanyTime(rows, 'Europe/London');
    expect(local.map((row) => [row.Start, row.StaffID])).toEqual([
      ['2026-07-01T10:30:00', 'ST01'],
      ['2026-07-01T11:00:00', 'ST02'],
    ]);
    // What is posted back to book is the allocation exactly as agentOS listed it.
    expect(local[0]?.listed.Start).toBe('2026-07-01T09:30:00Z');
    expect(client.skipped.total).toBe(0);
  });

  it('prices each rent schedule a visitor can compare, and leaves out the one paid once', async () => {
    const rows = await clientAnswering('tenancies.rent-schedules.page.json').lettingsAdvertised(
      'BR0000000001',
    );
    expect(rows).toHaveLength(6);
    const prices = Object.fromEntries(
      rows.map((row) => [row.RentSchedule, adaptLettings(row, 'BR0000000001')?.price]),
    );
    expect(prices).toEqual({
      Monthly: { amount: 1250, currency: 'GBP', period: 'month' },
      Weekly: { amount: 300, currency: 'GBP', period: 'week' },
      Yearly: { amount: 18000, currency: 'GBP', period: 'year' },
      Quarterly: { amount: 1000, currency: 'GBP', period: 'month' },
      Daily: { amount: 665, currency: 'GBP', period: 'week' },
      Once: undefined,
    });
    expect(adaptLettings(rows[0]!, 'BR0000000001')?.id).toBe('PR01');
  });

  it('titles a sale from PropertyOwnableType and marks a price on application', async () => {
    const rows = await clientAnswering('sales-instructions.page.json').salesAdvertised('BR0000000001');
    expect(rows.map((row) => adaptSales(row, 'BR0000000001').title)).toEqual([
      '3 bedroom semi-detached house',
      'Studio',
    ]);
    expect(adaptSales(rows[0]!, 'BR0000000001')).toMatchObject({
      id: 'SI01',
      price: { amount: 475000, currency: 'GBP' },
      address: '14 Alma Road, Clifton, Bristol, BS8 2BY',
    });
    expect(rows.map((row) => [row.DevelopmentOpp, row.InvestmentOpp])).toEqual([
      [false, true],
      [true, false],
    ]);
  });

  it('reads a guest match whose links sit on the result', async () => {
    const [match] = await clientAnswering('guest-match.result.json').matchGuest({
      branchID: 'BR0000000001',
      forename: 'Amelia',
      surname: 'Example',
      emailaddress: 'amelia@example.org',
    });
    expect(match).toMatchObject({ OID: 'CT01', EmailAddress: 'amelia@example.org' });
  });

  it('reads an appointment with no guest field: its home, times and the visitor the proxy noted', async () => {
    const appointment = AgentAppointment.parse(fixture('appointment.json'));
    expect(appointment.LinkedProperties?.[0]?.OID).toBe('PR01');
    expect(appointment).not.toHaveProperty('LinkedGuest');
    expect(visitorNoted(appointment.Comment)).toEqual({
      name: 'Amelia Example',
      email: 'amelia@example.org',
    });
  });

  it('picks the lowest-numbered Photo, never the floor plan, and downloads it by the photo’s OID', async () => {
    const asked: string[] = [];
    const backend = new AgentOSBackend({
      baseUrl: 'https://live-api.letmc.com',
      shortName: 'example',
      apiKey: 'k',
      retry: { baseMs: 1 },
      fetch: async (input) => {
        const url = new URL(String(input instanceof Request ? input.url : input));
        asked.push(url.pathname);
        const path = url.pathname;
        if (path.includes('/company/branches/')) return Response.json(fixture('branches.page.json'));
        if (path.includes('/lettings/tenancies/advertised/'))
          return Response.json(fixture('tenancies.rent-schedules.page.json'));
        if (path.includes('/sales/instructions/advertised/')) return Response.json({ Count: 0, Data: [] });
        if (path.includes('/diary/appointmenttypes/'))
          return Response.json(fixture('appointment-types.page.json'));
        if (path.includes('/photos/')) return Response.json(fixture('photos.page.json'));
        if (path.endsWith('/download/PH02'))
          return new Response('jpeg', { headers: { 'content-type': 'image/jpeg' } });
        return Response.json(fixture('error.400.json'), { status: 404 });
      },
    });
    await backend.loadCatalog();
    const photo = await backend.fetchPhoto('PR01');
    expect(photo?.contentType).toBe('image/jpeg');
    expect(asked.slice(-2)).toEqual([
      '/v4/advertising/example/lettings/properties/PR01/photos/0/1000',
      '/v4/advertising/example/download/PH02',
    ]);
  });

  it('reads the staff list, the bare-string reference and the error body', async () => {
    const [person] = await clientAnswering('staff.page.json').staff('BR0000000001');
    expect(person).toMatchObject({
      OID: 'ST01',
      Forename: 'Ann',
      Surname: 'Example',
      ManagedBy: 'BR0000000001',
    });
    expect(DiaryReference.parse(fixture('diary-reference.json'))).toBe('AP01');
    expect(ErrorBody.parse(fixture('error.400.json')).Message).toBe('The request is invalid.');
  });
});
