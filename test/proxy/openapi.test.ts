import { validate } from '@readme/openapi-parser';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/contract/openapi.ts';
import { SESSION_COOKIE } from '../../src/proxy/staff/auth.ts';
import { Conformance } from '../fixtures/openapi-conformance.ts';
import { startHarness, TODAY, propertyWithSlots, type Harness } from './harness.ts';

let harness: Harness;
afterEach(() => harness?.stop());

const json = (body: unknown, status = 200, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document by a maintained validator', async () => {
    const document = openApiDocument('1.2.3');
    const result = await validate(structuredClone(document) as never);
    expect(result).toMatchObject({ valid: true, specification: 'OpenAPI' });
    expect(document).toMatchObject({ openapi: expect.stringMatching(/^3\.1\./), info: { version: '1.2.3' } });
    // Every route of the widget's API is there, with its answers.
    const paths = Object.keys((document as { paths: object }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/v1/branches',
        '/v1/properties',
        '/v1/slots',
        '/v1/form-token',
        '/v1/bookings',
        '/v1/bookings/{token}/reschedule',
        '/staff/api/diary',
      ]),
    );
  });

  it('describes the events the proxy sends the agency’s URLs, and the headers that sign them', () => {
    const document = openApiDocument('1') as {
      webhooks: Record<string, { post: { parameters: { name: string }[]; requestBody: unknown } }>;
    };
    expect(Object.keys(document.webhooks).sort()).toEqual([
      'viewing.approval_requested',
      'viewing.booked',
      'viewing.cancelled',
      'viewing.feedback',
      'viewing.moved',
      'waitlist.offered',
    ]);
    for (const [type, event] of Object.entries(document.webhooks)) {
      expect(event.post.parameters.map((p) => p.name)).toEqual([
        'webhook-id',
        'webhook-timestamp',
        'webhook-signature',
      ]);
      const schema = type.startsWith('waitlist.') ? 'WaitlistEvent' : 'ViewingEvent';
      expect(event.post.requestBody).toMatchObject({
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
      });
    }
  });

  it('names the staff session cookie the proxy sets', () => {
    const document = openApiDocument('1') as {
      components: { securitySchemes: { staffSession: { name: string } } };
    };
    expect(document.components.securitySchemes.staffSession.name).toBe(SESSION_COOKIE);
  });

  it('is served at /v1/openapi.json with a validator to 304, and is the one the build writes to dist/', async () => {
    harness = await startHarness();
    const served = await harness.call('/v1/openapi.json');
    expect(served.status).toBe(200);
    const body = (await served.json()) as { info: { version: string }; paths: object };
    const pkg = JSON.parse(
      readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'),
    );
    expect(body.info.version).toBe(pkg.version);
    const again = await harness.call('/v1/openapi.json', {
      headers: { 'If-None-Match': served.headers.get('etag') ?? '' },
    });
    expect(again.status).toBe(304);
    const written = fileURLToPath(new URL('../../dist/openapi.json', import.meta.url));
    expect(existsSync(written), '`npm run build` writes dist/openapi.json').toBe(true);
    expect(JSON.parse(readFileSync(written, 'utf8'))).toEqual(body);
  });
});

describe('answers held against the document', () => {
  const conformance = new Conformance();

  it('passes an answer as documented', async () => {
    harness = await startHarness();
    const { property } = await propertyWithSlots(harness);
    const answer = await harness.call(`/v1/slots?propertyId=${property.id}&from=${TODAY}&days=7`);
    expect(await conformance.problem('GET', answer.url || `/v1/slots`, answer)).toBeUndefined();
  });

  it('names a field the document does not have, a missing one, an unlisted status and a wrong media type', async () => {
    const slots = { timeZone: 'Europe/London', slots: [] };
    expect(await conformance.problem('GET', '/v1/slots', json({ ...slots, formToken: 'x' }))).toMatch(
      /does not match #\/components\/schemas\/SlotsResponse: \(body\) must NOT have additional properties/,
    );
    expect(await conformance.problem('GET', '/v1/slots', json({ slots: [] }))).toMatch(
      /must have required property 'timeZone'/,
    );
    expect(await conformance.problem('POST', '/v1/bookings', json({ booking: {} }, 202))).toMatch(
      /POST \/v1\/bookings → 202: not an answer the document lists/,
    );
    expect(await conformance.problem('GET', '/v1/slots', json(slots, 200, 'text/plain'))).toMatch(
      /sent text\/plain, documented application\/json/,
    );
    expect(await conformance.problem('GET', '/v1/waitlist', json({}))).toMatch(
      /the OpenAPI document has no GET \/v1\/waitlist/,
    );
    // A refusal must carry the error body.
    expect(await conformance.problem('GET', '/v1/slots', json({ message: 'no' }, 429))).toMatch(
      /ErrorResponse: \(body\) must have required property 'error'/,
    );
  });
});
