import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PexipEngageBackend, type PexipEngageBackendOptions } from '../../src/backends/pexip-engage/index.ts';
import { Listing, Office, Page, Subject, WebhookEnvelope } from '../../src/backends/pexip-engage/schemas.ts';

/** The vendor's own example payloads (see SOURCES.md beside them), read with the client's schemas. */
const DIR = join(import.meta.dirname, '../fixtures/vendors/pexip-engage');
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(DIR, name), 'utf8'));
const asObject = (value: unknown) => z.record(z.string(), z.unknown()).parse(value);

const webhookExample = fixture('appointment-webhook.example.json');
const listingExample = fixture('listing.from-webhook-example.json');
const officeExample = fixture('office.from-webhook-example.json');
const subjectExample = fixture('subject.from-webhook-example.json');
const paginationExample = fixture('pagination-meta.example.json');
const timetableRequestExample = z
  .object({ method: z.literal('GET'), url: z.string() })
  .parse(fixture('timetable-request.example.json'));

const SECRET = 'vendor-fixture-webhook-secret';

/**
 * A backend whose upstream answers with the vendor's examples: one office, one listing, one subject, each in
 * a one-row page, as the pagination page documents pages. Every request is recorded.
 */
function backendServing(
  rows: { office: unknown; listing: unknown; subject: unknown },
  options: Partial<PexipEngageBackendOptions> = {},
) {
  const requests: URL[] = [];
  const page = (row: unknown) => ({ data: [row], meta: { offset: 0, limit: 25, totalCount: 1 } });
  const backend = new PexipEngageBackend({
    baseUrl: 'https://api.pexipengage.com',
    authUrl: 'https://auth.pexipengage.com',
    enterprise: 'acme',
    clientId: 'vendor-fixtures',
    clientSecret: 'not-a-real-secret',
    subjectName: 'string',
    webhookSecret: SECRET,
    now: () => new Date('2024-05-04T09:00:00Z'),
    ...options,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      requests.push(url);
      if (url.pathname.endsWith('/openid-connect/token')) {
        return Response.json({ access_token: 'token', expires_in: 300, token_type: 'Bearer' });
      }
      if (url.pathname.endsWith('/offices')) return Response.json(page(rows.office));
      if (url.pathname.endsWith('/listings')) return Response.json(page(rows.listing));
      if (url.pathname.endsWith('/subjects')) return Response.json(page(rows.subject));
      if (url.pathname.endsWith('/timetable')) {
        return Response.json({
          data: {
            duration: 30,
            earliestPossible: '2024-05-04T09:42:00+00:00',
            latestPossible: '2024-06-04T09:42:00+00:00',
            listing: null,
            meetingType: 'OFFICE',
            timeSlots: [],
          },
        });
      }
      return Response.json(
        { errors: [{ message: 'no', code: 'NOT_FOUND', statusCode: '404' }] },
        { status: 404 },
      );
    },
  });
  return { backend, requests };
}

/** The example office with a real zone in place of the example's placeholder `"string"`. */
const officeInBrussels = { ...asObject(officeExample), timeZone: 'Europe/Brussels' };

describe('Pexip Engage vendor examples, read by the client', () => {
  it('reads the documented Appointment webhook and refreshes free times for it', async () => {
    const envelope = WebhookEnvelope.parse(webhookExample);
    expect(envelope).toMatchObject({
      id: 'string',
      entity: 'Appointment',
      data: {
        eventType: 'ACCEPT',
        appointment: { id: 'string', updatedAt: '2024-05-04T09:42:00+00:00', office: { id: 'string' } },
        previousAppointment: { office: { id: 'string' }, listing: { id: 'string' } },
      },
    });
    const { backend } = backendServing(
      { office: officeExample, listing: listingExample, subject: subjectExample },
      // Delivered moments after the example's update: older updates are not acted on.
      { now: () => new Date('2024-05-04T09:43:00Z') },
    );
    // Delivered to the URL the agency sets in Pexip: the secret is its last part.
    const outcome = await backend.handleWebhook({
      headers: new Headers({ 'content-type': 'application/json' }),
      rawBody: JSON.stringify(webhookExample),
      pathSecret: SECRET,
    });
    // Before the first catalog sync the proxy cannot tell which homes the office shows: all are refreshed.
    expect(outcome).toEqual({ kind: 'refresh', propertyIds: 'all' });
  });

  it('reads the documented listing, which has no office, price or channel, and tags that are not facts', () => {
    const listing = Listing.parse(listingExample);
    expect(listing).toMatchObject({ id: 'string', active: true, externalId: 'string', tags: ['string'] });
    expect(listing.translations?.name).toEqual([{ value: 'string', language: 'string' }]);
    expect(Object.keys(asObject(listingExample))).not.toContain('office');
    expect(Object.keys(asObject(listingExample))).not.toContain('metadata');
  });

  it('reads the documented office and subject, and refuses the example’s placeholder zone', () => {
    const office = Office.safeParse(officeExample);
    expect(office.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['timeZone']);
    expect(Office.parse(officeInBrussels)).toMatchObject({ id: 'string', timeZone: 'Europe/Brussels' });
    expect(Subject.parse(subjectExample)).toMatchObject({
      id: 'string',
      translations: { name: [{ value: 'string', language: 'string' }] },
    });
  });

  it('reads the documented page meta', () => {
    const page = Page(z.unknown()).parse({ data: [], ...asObject(paginationExample) });
    expect(page.meta).toEqual({ offset: 0, limit: 25, totalCount: 500 });
  });

  it('builds a home from the documented listing at the only office, with the price the agency configured', async () => {
    const { backend } = backendServing(
      { office: officeInBrussels, listing: listingExample, subject: subjectExample },
      { listings: { string: { channel: 'lettings', price: 1250, bedrooms: 2 } } },
    );
    const catalog = await backend.loadCatalog();
    expect(catalog.branches).toEqual([
      {
        id: 'string',
        name: 'string',
        address: 'string, string, string string',
        timeZone: 'Europe/Brussels',
        phone: 'string',
        email: 'string',
      },
    ]);
    expect(catalog.properties).toEqual([
      {
        id: 'string',
        branchId: 'string',
        channel: 'lettings',
        title: 'string',
        address: 'string, string, string string',
        price: { amount: 1250, currency: 'EUR', period: 'month' },
        bedrooms: 2,
      },
    ]);
  });

  it('leaves the office with the example’s placeholder zone out, counted, and so has no branch for the listing', async () => {
    const { backend } = backendServing({
      office: officeExample,
      listing: listingExample,
      subject: subjectExample,
    });
    const catalog = await backend.loadCatalog();
    expect(catalog).toEqual({ branches: [], properties: [] });
    expect(backend.skipped.totals()).toEqual([
      { reason: 'invalid', count: 1 },
      { reason: 'no_office', count: 1 },
    ]);
  });

  it('asks for a token and a timetable the way the reference’s examples do', async () => {
    const { backend, requests } = backendServing({
      office: officeInBrussels,
      listing: listingExample,
      subject: subjectExample,
    });
    const { branches, properties } = await backend.loadCatalog();
    const branch = branches[0]!;
    // Without configuration the only office shows the listing, at price on application.
    expect(properties[0]).toMatchObject({ branchId: 'string', price: { onApplication: true } });
    await backend.listSlots({ property: properties[0]!, branch, from: '2024-05-06', days: 1 });
    expect(requests[0]?.href).toBe('https://auth.pexipengage.com/realms/acme/protocol/openid-connect/token');
    const example = new URL(timetableRequestExample.url);
    const asked = requests.find((url) => url.pathname.endsWith('/timetable'))!;
    expect(asked.origin + asked.pathname).toBe(example.origin + example.pathname);
    for (const name of example.searchParams.keys()) expect(asked.searchParams.has(name), name).toBe(true);
    expect(asked.searchParams.get('meeting-type')).toBe('OFFICE');
  });
});
