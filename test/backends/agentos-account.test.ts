import { describe, expect, it } from 'vitest';
import { AgentOSBackend, type AgentOSBackendOptions } from '../../src/backends/index.ts';
import { createAgentOSEmulator, type AgentOSEmulatorOptions } from '../../src/sandbox/agentos/index.ts';

/** Monday 23 November 2026, 08:00 in London. */
const NOW = new Date('2026-11-23T08:00:00Z');
const TODAY = '2026-11-23';

type Intercept = (request: Request, answer: () => Promise<Response>) => Promise<Response>;

function open(
  options: {
    emulator?: AgentOSEmulatorOptions;
    backend?: Partial<AgentOSBackendOptions>;
    intercept?: Intercept;
  } = {},
) {
  const emulator = createAgentOSEmulator({ now: () => NOW, rateLimit: false, ...options.emulator });
  const calls: string[] = [];
  const intercept = options.intercept ?? ((_, answer) => answer());
  const backend = new AgentOSBackend({
    baseUrl: 'http://agentos.sandbox',
    shortName: emulator.shortName,
    apiKey: emulator.apiKey,
    retry: { baseMs: 1 },
    ...options.backend,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      calls.push(`${request.method} ${new URL(request.url).pathname}`);
      return intercept(request, async () => emulator.fetch(request));
    },
  });
  return { emulator, backend, calls };
}

const guest = {
  firstName: 'Amelia',
  lastName: 'Clarke',
  email: 'amelia.clarke@example.co.uk',
  phone: '07700 900123',
};

describe('agentOS: records the proxy cannot use', () => {
  it('one odd tenancy is skipped and counted, the rest of the catalog loads', async () => {
    const { emulator, backend } = open({
      intercept: async (request, answer) => {
        const response = await answer();
        if (!request.url.includes('/lettings/tenancies/advertised/')) return response;
        const page = (await response.json()) as { Count: number; Data: Record<string, unknown>[] };
        return Response.json({
          ...page,
          Data: page.Data.map((row, i) => (i === 1 ? { ...row, RentAdvertised: '£1,250 pcm' } : row)),
        });
      },
    });
    const { properties, branches } = await backend.loadCatalog();
    const lettings = emulator
      .properties()
      .flatMap((home) => (home.channel === 'lettings' && !home.renewal ? [home] : []));
    const usable = lettings.filter((home) => home.rentSchedule !== 'Once');
    // One odd row per branch's page, each branch read on its own.
    expect(properties.filter((home) => home.channel === 'lettings')).toHaveLength(
      usable.length - branches.length,
    );
    expect(properties.filter((home) => home.channel === 'sales')).toHaveLength(
      emulator.properties().filter((home) => home.channel === 'sales').length,
    );
    expect(backend.skipped.totals()).toEqual(
      expect.arrayContaining([
        { reason: 'invalid', count: branches.length },
        { reason: 'unsupported_rent_schedule', count: 1 },
      ]),
    );
  });

  it('lists a daily short let at its weekly price and leaves out a let paid once, counting it', async () => {
    const { emulator, backend } = open();
    const { properties } = await backend.loadCatalog();
    const daily = emulator
      .properties()
      .find((home) => home.channel === 'lettings' && home.rentSchedule === 'Daily');
    const once = emulator
      .properties()
      .find((home) => home.channel === 'lettings' && home.rentSchedule === 'Once');
    if (!daily || daily.channel !== 'lettings' || !once) throw new Error('the seed has no short lets');
    expect(properties.find((home) => home.id === daily.id)?.price).toEqual({
      amount: daily.rent * 7,
      currency: 'GBP',
      period: 'week',
    });
    expect(properties.some((home) => home.id === once.id)).toBe(false);
    expect(backend.skipped.totals()).toEqual([{ reason: 'unsupported_rent_schedule', count: 1 }]);
  });
});

describe('agentOS: allocations in each published shape', () => {
  it('offers the same summer times whether agentOS writes local times or UTC date-times, as a page or an array', async () => {
    const summer = new Date('2026-07-06T07:00:00Z');
    const slotsWith = async (variants: AgentOSEmulatorOptions['variants']) => {
      const { backend } = open({ emulator: { now: () => summer, variants } });
      const { properties, branches } = await backend.loadCatalog();
      const property = properties.find((home) => home.channel === 'lettings')!;
      const branch = branches.find((one) => one.id === property.branchId)!;
      return backend.listSlots({ property, branch, from: '2026-07-06', days: 7 });
    };
    const local = await slotsWith({});
    expect(local.length).toBeGreaterThan(0);
    expect(local[0]?.start).toMatch(/\+01:00$/);
    expect(await slotsWith({ allocationTimes: 'offset' })).toEqual(local);
    expect(await slotsWith({ allocationsShape: 'array', allocationTimes: 'offset' })).toEqual(local);
  });
});

describe('agentOS: a refused booking', () => {
  async function ready(intercept: Intercept) {
    const opened = open({ intercept });
    const { properties, branches } = await opened.backend.loadCatalog();
    const property = properties.find((home) => home.channel === 'lettings')!;
    const branch = branches.find((one) => one.id === property.branchId)!;
    const slots = await opened.backend.listSlots({ property, branch, from: TODAY, days: 7 });
    return { ...opened, property, branch, slots };
  }

  it('takes the next free negotiator when agentOS answers 400 because the allocation was just taken', async () => {
    let raced = false;
    const seen: { emulator?: ReturnType<typeof open>['emulator'] } = {};
    const opened = await ready(async (request, answer) => {
      if (!raced && request.method === 'POST' && /\/diary\?/.test(request.url) && seen.emulator) {
        raced = true;
        // Someone books the very allocation over the phone a moment before the visitor's write arrives.
        const body = (await request.clone().json()) as Record<string, unknown>;
        const phone = await seen.emulator.fetch(
          new Request(request.url, {
            method: 'POST',
            headers: request.headers,
            body: JSON.stringify({
              ...body,
              ExtraComments: '',
              Guests: [{ Forename: 'Walk', Surname: 'In', EmailAddress: 'walk.in@example.org' }],
            }),
          }),
        );
        expect(phone.status).toBe(200);
      }
      return answer();
    });
    seen.emulator = opened.emulator;
    const { backend, property, branch, slots } = opened;
    // The first time two negotiators share, so a second one can take the visitor.
    const shared = slots.find((slot) => slot.start.includes('T10:00'))!;
    const outcome = await backend.book({
      property,
      branch,
      slotId: shared.id,
      guest,
      consent: { marketing: false },
    });
    expect(raced).toBe(true);
    if (outcome.ok) {
      expect(outcome.booking.start).toBe(shared.start);
      expect(
        opened.emulator.diary().filter((entry) => entry.start === shared.start.slice(0, 19)),
      ).toHaveLength(2);
    } else {
      expect(outcome.code).toBe('slot_taken');
      if (outcome.code === 'slot_taken') {
        expect(outcome.alternatives.every((slot) => slot.start !== shared.start)).toBe(true);
      }
    }
  });

  it('reports an upstream error, not a taken time, when agentOS refuses a time it still lists as free', async () => {
    const { backend, property, branch, slots, emulator } = await ready(async (request, answer) =>
      request.method === 'POST' && /\/diary\?/.test(request.url)
        ? Response.json(
            { Message: 'The request is invalid. Guests[0].MobilePhone: 07700 900123 is not valid.' },
            { status: 400 },
          )
        : answer(),
    );
    const error = await backend
      .book({ property, branch, slotId: slots[0]!.id, guest, consent: { marketing: false } })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toMatchObject({ name: 'UpstreamError', code: 'upstream_error' });
    expect(String((error as Error).message)).not.toContain('07700');
    expect(emulator.diary()).toHaveLength(0);
  });
});

describe('agentOS: pictures', () => {
  it('shows a home’s front photo, found in its picture list and downloaded by the photo’s own id', async () => {
    const { backend, calls } = open();
    const { properties } = await backend.loadCatalog();
    const home = properties.find((one) => one.channel === 'sales')!;
    calls.length = 0;
    const photo = await backend.fetchPhoto(home.id);
    expect(photo?.contentType).toMatch(/^image\/svg\+xml/);
    expect(new TextDecoder().decode(photo?.body)).not.toContain('Floor plan');
    expect(calls).toEqual([
      `GET /v4/advertising/harbourandfinch/sales/salesinstructions/${home.id}/photos/0/1000`,
      expect.stringMatching(/^GET \/v4\/advertising\/harbourandfinch\/download\/(?!.*\b${home.id}\b)/),
    ]);
    // The picture list is kept until the next catalog sync: a second read downloads only.
    await backend.fetchPhoto(home.id);
    expect(calls.filter((call) => call.includes('/photos/'))).toHaveLength(1);
  });

  it('shows no picture for a home listed without one, or with floor plans only', async () => {
    for (const listed of [[], [{ OID: 'PH1', PhotoType: 'FloorPlan', PhotoNumber: 1 }]]) {
      const { backend, calls } = open({
        intercept: (request, answer) =>
          request.url.includes('/photos/')
            ? Promise.resolve(Response.json({ Count: listed.length, Data: listed }))
            : answer(),
      });
      const { properties } = await backend.loadCatalog();
      calls.length = 0;
      expect(await backend.fetchPhoto(properties[0]!.id)).toBeUndefined();
      expect(calls.some((call) => call.includes('/download/'))).toBe(false);
    }
  });
});

describe('agentOS: settings for what agentOS does not say', () => {
  it('prices in the configured currency and, with pictures off, links no picture and asks for none', async () => {
    const { backend, calls } = open({ backend: { currency: 'EUR', photos: false } });
    const { properties } = await backend.loadCatalog();
    expect(properties.every((home) => home.price.currency === 'EUR')).toBe(true);
    expect(properties.some((home) => home.photoUrl)).toBe(false);
    expect(await backend.fetchPhoto(properties[0]!.id)).toBeUndefined();
    expect(calls.some((call) => call.includes('/advertising/'))).toBe(false);
  });
});

describe('agentOS: account checks for the doctor', () => {
  it('finds the key, a viewing type and the advertising tier, in three read-only calls', async () => {
    const { backend, calls } = open();
    const checks = await backend.checkAccount();
    expect(checks.map((check) => [check.name, check.ok])).toEqual([
      ['agentOS key', true],
      ['agentOS viewing type', true],
      ['agentOS advertising tier', true],
    ]);
    expect(checks[1]?.detail).toContain('"Property Viewing"');
    expect(calls).toHaveLength(3);
    expect(calls.every((call) => call.startsWith('GET '))).toBe(true);
  });

  it('fails on a wrong key with a hint to check it and its appointments tier', async () => {
    const { backend, calls } = open({ backend: { apiKey: 'not-the-key' } });
    const checks = await backend.checkAccount();
    expect(checks).toEqual([
      expect.objectContaining({
        name: 'agentOS key',
        ok: false,
        hint: expect.stringMatching(/apiKey.*Appointments tier/),
      }),
    ]);
    expect(JSON.stringify(checks)).not.toContain('not-the-key');
    expect(calls).toHaveLength(1);
  });

  it('says the advertising tier is missing, and that booking still works, for a key without it', async () => {
    const { backend } = open({ emulator: { tiers: { 'sandbox-key': ['appointments'] } } });
    const checks = await backend.checkAccount();
    expect(checks.slice(0, 2).every((check) => check.ok)).toBe(true);
    expect(checks[2]).toMatchObject({
      name: 'agentOS advertising tier',
      ok: false,
      hint: expect.stringMatching(/Advertising tier.*booking still works/),
    });
  });

  it('says which appointment type to create when there is no viewing type', async () => {
    const { backend } = open({ backend: { viewingTypeId: 'NO-SUCH-TYPE' } });
    const checks = await backend.checkAccount();
    expect(checks[1]).toMatchObject({ ok: false, hint: expect.stringContaining('viewingTypeId') });
  });
});
