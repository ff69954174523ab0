import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseUpstream } from '../../src/backends/http.ts';
import { OfficePlaceClient } from '../../src/backends/officeplace/index.ts';
import { viewingAppointment } from '../../src/backends/officeplace/mapping.ts';
import { Created, TokenResponse } from '../../src/backends/officeplace/schemas.ts';
import { createOfficePlaceEmulator } from '../../src/sandbox/officeplace/index.ts';

/** One of the vendor's published examples (see test/fixtures/vendors/officeplace/SOURCES.md). */
const example = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/vendors/officeplace/${name}`, import.meta.url), 'utf8'));

/** Every key path of a JSON object, nested ones as `body.content`. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const path = `${prefix}${key}`;
    const nested = keyPaths(inner, `${path}.`);
    return nested.length > 0 ? nested : [path];
  });
}

/**
 * A client whose Connector answers the token call with `token` and every other call with `answer`,
 * keeping what each call sent.
 */
function clientAnswering(token: unknown, answer: () => Response) {
  const sent: { method: string; url: string; authorization: string | null; body: unknown }[] = [];
  const client = new OfficePlaceClient({
    baseUrl: 'https://publicapi.officeplace.global/',
    tenantId: 'tenant-1',
    clientId: 'client-1',
    clientSecret: 'not-a-real-secret',
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const text = await request.text();
      sent.push({
        method: request.method,
        url: request.url,
        authorization: request.headers.get('authorization'),
        body: text ? JSON.parse(text) : undefined,
      });
      return request.url.endsWith('/authentication/token') ? Response.json(token) : answer();
    },
  });
  return { client, sent };
}

const viewing = viewingAppointment({
  property: {
    id: 'P1',
    branchId: 'richmond',
    channel: 'lettings',
    title: '2 bedroom flat',
    address: '14 Sheen Road',
    price: { amount: 2150, currency: 'GBP', period: 'month' },
  },
  times: { start: '2026-11-24T10:30:00+00:00', end: '2026-11-24T11:00:00+00:00' },
  calendar: { adId: 'ad-1', domainId: 'dir-1' },
  timeZone: 'Europe/London',
  showAsStatus: 'busy',
  guest: { firstName: 'Eleanor', lastName: 'Marsh', email: 'eleanor@example.co.uk', phone: '07700 900321' },
  consent: { marketing: false },
});

describe('OfficePlace token answers as the vendor documents them', () => {
  it('reads the API Reference’s token, {accessToken, refreshToken, expiresIn}', () => {
    const token = parseUpstream(
      'OfficePlace',
      'token',
      TokenResponse,
      example('token-response.reference.json'),
    );
    expect(token).toEqual({ accessToken: 'string', expiresIn: 3600, field: 'accessToken' });
  });

  it('reads the Authentication Guide’s token, {token, expiresIn, tokenType}', () => {
    const token = parseUpstream('OfficePlace', 'token', TokenResponse, example('token-response.guide.json'));
    expect(token).toEqual({ accessToken: 'eyJ…', expiresIn: 3600, field: 'token' });
  });

  it('asks for a token with the documented body and sends it back as the bearer', async () => {
    const { client, sent } = clientAnswering(example('token-response.reference.json'), () =>
      Response.json([]),
    );
    await client.preview(
      'dir-1',
      'ad-1',
      new Date('2026-11-24T00:00:00Z'),
      new Date('2026-11-25T00:00:00Z'),
      'slots',
    );
    expect(sent[0]).toMatchObject({
      method: 'POST',
      url: 'https://publicapi.officeplace.global/tenant-1/authentication/token',
    });
    expect(keyPaths(sent[0]?.body).sort()).toEqual(keyPaths(example('token-request.json')).sort());
    expect(sent[1]?.authorization).toBe('Bearer string');
  });
});

describe('OfficePlace appointment calls as the vendor documents them', () => {
  it('sends every field of the API Reference’s create example, and reads the id from its answer', async () => {
    const { client, sent } = clientAnswering(example('token-response.reference.json'), () =>
      Response.json(example('create-response.reference.json'), { status: 200 }),
    );
    const outcome = await client.create(viewing);
    expect(outcome).toEqual({ ok: true, appointmentId: 'string' });
    expect(
      parseUpstream('OfficePlace', 'created', Created, example('create-response.reference.json')),
    ).toEqual({
      appointmentId: 'string',
    });
    const body = sent.find((call) => call.method === 'POST' && call.url.endsWith('/appointment'))?.body;
    expect(keyPaths(body)).toEqual(expect.arrayContaining(keyPaths(example('create-body.reference.json'))));
    expect(body).toMatchObject({ body: { contentType: 'Text' }, showAsStatus: 'busy' });
  });

  it('deletes with exactly the fields of the API Reference’s delete example, on a token in the guide’s shape', async () => {
    // The guide prints its token shortened, with a character no header may carry; a real one is ASCII.
    const issued = { ...(example('token-response.guide.json') as object), token: 'eyJhbGciOi' };
    const { client, sent } = clientAnswering(issued, () => new Response(null, { status: 204 }));
    expect(await client.remove({ domainId: 'dir-1', adId: 'ad-1' }, 'appt-1')).toBe('deleted');
    const deletion = sent.find((call) => call.method === 'DELETE');
    expect(keyPaths(deletion?.body).sort()).toEqual(keyPaths(example('delete-body.reference.json')).sort());
    expect(deletion?.authorization).toBe('Bearer eyJhbGciOi');
  });
});

describe('the OfficePlace sandbox takes the Appointments Guide’s examples', () => {
  it('creates, moves and deletes with the guide’s bodies, once the calendar is named', async () => {
    const emulator = createOfficePlaceEmulator({ now: () => new Date('2023-12-01T09:00:00Z') });
    const adId = emulator.agents()[0]!.adId;
    const calendar = { domainId: emulator.domainId, adId };
    const token = (await (
      await emulator.fetch(
        new Request(`http://sandbox/${emulator.tenantId}/authentication/token`, {
          method: 'POST',
          body: JSON.stringify({ clientId: emulator.clientId, clientSecret: emulator.clientSecret }),
        }),
      )
    ).json()) as { accessToken: string };
    const call = (method: string, body: object) =>
      emulator.fetch(
        new Request(`http://sandbox/${emulator.tenantId}/appointment`, {
          method,
          headers: {
            authorization: `Bearer ${token.accessToken}`,
            tenantId: emulator.tenantId,
            'content-type': 'application/json',
          },
          body: JSON.stringify(body),
        }),
      );

    const created = await call('POST', { ...calendar, ...(example('create-body.guide.json') as object) });
    expect(created.status).toBe(201);
    const { appointmentId } = Created.parse(await created.json());
    const update = { ...(example('update-body.guide.json') as object), ...calendar, appointmentId };
    expect((await call('PUT', update)).status).toBe(200);
    expect(emulator.appointments(adId).find((row) => row.appointmentId === appointmentId)).toMatchObject({
      subject: 'Updated Meeting Title',
      start: '2024-01-15T10:30:00.000Z',
      body: { content: 'Quarterly review meeting' },
    });
    const remove = { ...(example('delete-body.guide.json') as object), ...calendar, appointmentId };
    expect((await call('DELETE', remove)).status).toBe(204);
    expect(emulator.appointments(adId).some((row) => row.appointmentId === appointmentId)).toBe(false);
  });
});
