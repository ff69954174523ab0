import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  AgentAppointmentType,
  AgentBranch,
  Allocation,
  DiaryReference,
  GuestMatch,
  LettingsAdvertised,
  Page,
  SalesAdvertised,
  type DiarySubmission,
} from '../../src/backends/agentos/schemas.ts';
import {
  createAgentOSEmulator,
  startAgentOSEmulator,
  type AgentOSEmulator,
  type AgentOSEmulatorOptions,
  type SeedLetting,
} from '../../src/sandbox/agentos/index.ts';

/** Monday 23 November 2026, 08:00 in London (GMT, so also 08:00 UTC). */
const MONDAY_8AM = new Date('2026-11-23T08:00:00Z');
const BASE = '/v4/appointments/harbourandfinch';

const emulatorAt = (now: Date = MONDAY_8AM, options: AgentOSEmulatorOptions = {}) =>
  createAgentOSEmulator({ now: () => now, ...options });

const Message = z.object({ Message: z.string() });
const Rows = z.object({ Branch: z.string() });
const Appointment = z.object({
  OID: z.string(),
  Start: z.string(),
  End: z.string(),
  Staff: z.string(),
  AppointmentType: z.string(),
  Subject: z.string(),
  Comment: z.string(),
  Cancelled: z.boolean(),
  CreatedAt: z.string(),
  CreatedBy: z.string(),
  RemindBefore: z.string(),
  LinkedProperties: z.array(z.object({ OID: z.string(), Postcode: z.string() })),
  ETag: z.string(),
});
const DiaryView = z.object({ diary: z.array(z.object({ reference: z.string() })) });
const Stats = z.object({ requests: z.number() });

async function call(emulator: AgentOSEmulator, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('api_key')) headers.set('api_key', emulator.apiKey);
  return emulator.fetch(new Request(`http://sandbox${path}`, { ...init, headers }));
}

async function body<T extends z.ZodType>(response: Response, schema: T): Promise<z.output<T>> {
  const json: unknown = await response.json();
  return schema.parse(json);
}

async function list<T extends z.ZodType>(emulator: AgentOSEmulator, path: string, item: T) {
  const response = await call(emulator, path);
  expect(response.status, path).toBe(200);
  return body(response, Page(item));
}

const viewingType = (emulator: AgentOSEmulator) => {
  const type = emulator.appointmentTypes().find((candidate) => candidate.systemType === 'Viewing');
  if (!type) throw new Error('the seed has no viewing type');
  return type;
};

const firstLetting = (emulator: AgentOSEmulator): SeedLetting => {
  const letting = emulator
    .properties()
    .find((property): property is SeedLetting => property.channel === 'lettings' && !property.renewal);
  if (!letting) throw new Error('the seed has no lettings');
  return letting;
};

function allocationsFor(
  emulator: AgentOSEmulator,
  query: Record<string, string>,
  appointmentTypeID = viewingType(emulator).id,
) {
  const search = new URLSearchParams({ appointmentTypeID, ...query });
  return list(emulator, `${BASE}/diary/appointmenttypes/allocations/0/1000?${search}`, Allocation);
}

function submission(
  allocation: z.infer<typeof Allocation>,
  emulator: AgentOSEmulator,
  guestOid?: string,
): DiarySubmission {
  return {
    AllocationDetails: allocation,
    AppointmentType: viewingType(emulator).id,
    Subject: 'Viewing requested on the website',
    ExtraComments: 'Can we bring the dog?',
    Guests: [
      {
        ...(guestOid ? { OID: guestOid } : {}),
        Forename: 'Amelia',
        Surname: 'Clarke',
        EmailAddress: 'amelia.clarke@example.co.uk',
        MobilePhone: '07700 900123',
        AllowMarketingCorrespondence: false,
      },
    ],
  };
}

function book(
  emulator: AgentOSEmulator,
  propertyIds: string[],
  lettings: boolean,
  payload: unknown,
): Promise<Response> {
  const search = new URLSearchParams(propertyIds.map((id) => ['propertyID', id]));
  search.set('lettings', String(lettings));
  return call(emulator, `${BASE}/diary?${search}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('authentication', () => {
  it('refuses a request without a key with the .NET "denied" message', async () => {
    const emulator = emulatorAt();
    const response = await emulator.fetch(new Request(`http://sandbox${BASE}/company/branches/0/10`));
    expect(response.status).toBe(401);
    expect(await body(response, Message)).toEqual({
      Message: 'Authorization has been denied for this request.',
    });
  });

  it('refuses a wrong key', async () => {
    const emulator = emulatorAt();
    const response = await call(emulator, `${BASE}/company/branches/0/10`, { headers: { api_key: 'guess' } });
    expect(response.status).toBe(401);
  });

  it('accepts the key as an api_key header or as an api_key query parameter', async () => {
    const emulator = emulatorAt();
    const viaHeader = await call(emulator, `${BASE}/company/branches/0/10`);
    const viaQuery = await emulator.fetch(
      new Request(`http://sandbox${BASE}/company/branches/0/10?api_key=${emulator.apiKey}`),
    );
    expect(viaHeader.status).toBe(200);
    expect(viaQuery.status).toBe(200);
  });

  it('accepts every configured key and answers 404 for another company short name', async () => {
    const emulator = emulatorAt(MONDAY_8AM, { shortName: 'acme', apiKeys: ['one', 'two'] });
    expect(emulator.apiKey).toBe('one');
    const ok = await call(emulator, '/v4/appointments/acme/company/branches/0/10', {
      headers: { api_key: 'two' },
    });
    expect(ok.status).toBe(200);
    const other = await call(emulator, `${BASE}/company/branches/0/10`);
    expect(other.status).toBe(404);
    expect(await body(other, Message)).toEqual({ Message: 'Company not found.' });
  });
});

describe('catalogue', () => {
  it('pages lists with Count as the total before paging', async () => {
    const emulator = emulatorAt();
    const first = await list(emulator, `${BASE}/company/branches/0/2`, AgentBranch);
    const rest = await list(emulator, `${BASE}/company/branches/2/2`, AgentBranch);
    expect(first.Count).toBe(3);
    expect(first.Data).toHaveLength(2);
    expect(rest.Count).toBe(3);
    expect(rest.Data.map((branch) => branch.Name)).toEqual(['Cheltenham']);
    const beyond = await list(emulator, `${BASE}/company/branches/10/5`, AgentBranch);
    expect(beyond).toEqual({ Count: 3, Data: [] });
  });

  it.each(['0/0', '0/1001', '-1/10', 'a/10', '0/ten'])(
    'refuses paging %s with a 400 Message',
    async (paging) => {
      const emulator = emulatorAt();
      const response = await call(emulator, `${BASE}/company/branches/${paging}`);
      expect(response.status).toBe(400);
      expect((await body(response, Message)).Message).toMatch(/invalid|offset|count/i);
    },
  );

  it('answers every list in the shapes the adapter parses, the tenancy naming its branch as V2 did', async () => {
    const emulator = emulatorAt();
    const branches = await list(emulator, `${BASE}/company/branches/0/1000`, AgentBranch);
    const lettings = await list(
      emulator,
      `${BASE}/lettings/tenancies/advertised/0/1000`,
      LettingsAdvertised.extend(Rows.shape),
    );
    const sales = await list(emulator, `${BASE}/sales/instructions/advertised/0/1000`, SalesAdvertised);
    const types = await list(emulator, `${BASE}/diary/appointmenttypes/0/1000`, AgentAppointmentType);
    const branchIds = new Set(branches.Data.map((branch) => branch.OID));
    for (const row of lettings.Data) expect(branchIds).toContain(row.Branch);
    // V2's SalesInstructionModel: the type and the flags under their published names.
    for (const row of sales.Data) {
      expect(row.PropertyOwnableType).toMatch(
        /^(Studio|FlatApartment|TerracedHouse|SemiDetachedHouse|DetachedHouse|Cottage)$/,
      );
      expect(typeof row.DevelopmentOpp).toBe('boolean');
      expect(typeof row.InvestmentOpp).toBe('boolean');
      expect(row.State).toMatch(/^(Advertised|UnderOffer)$/);
    }
    expect(branches.Data.every((branch) => branch.CompanyName === 'Harbour & Finch Estate Agents')).toBe(
      true,
    );
    expect(types.Data.map((type) => [type.Name, type.SystemType])).toEqual(
      expect.arrayContaining([
        ['Property Viewing', 'Viewing'],
        ['Valuation', 'SalesAppraisal'],
        ['Check-in', 'OpeningInspection'],
        ['Mid-term inspection', 'InterimInspection'],
        ['Check-out', 'ClosingInspection'],
        ['Maintenance visit', 'Custom'],
      ]),
    );
  });

  it('advertises at least 45 properties over three branches, about half lettings and half sales', async () => {
    const emulator = emulatorAt();
    const lettings = await list(
      emulator,
      `${BASE}/lettings/tenancies/advertised/0/1000`,
      LettingsAdvertised.extend(Rows.shape),
    );
    const sales = await list(emulator, `${BASE}/sales/instructions/advertised/0/1000`, SalesAdvertised);
    expect(lettings.Count + sales.Count).toBeGreaterThanOrEqual(45);
    expect(Math.abs(lettings.Count - sales.Count)).toBeLessThanOrEqual(4);
    for (const branch of emulator.branches()) {
      const own = await list(
        emulator,
        `${BASE}/sales/instructions/advertised/0/1000?branchID=${branch.id}`,
        SalesAdvertised,
      );
      expect(lettings.Data.filter((row) => row.Branch === branch.id).length).toBeGreaterThanOrEqual(6);
      expect(own.Count).toBeGreaterThanOrEqual(6);
    }
    // V2's TenancyModel schedules beyond weekly and monthly are in the catalogue on purpose.
    expect(new Set(lettings.Data.map((row) => row.RentSchedule))).toEqual(
      new Set(['Monthly', 'Weekly', 'Daily', 'Once']),
    );
    const monthly = lettings.Data.filter((row) => row.RentSchedule === 'Monthly').map(
      (row) => row.RentAdvertised,
    );
    expect(Math.min(...monthly)).toBeGreaterThanOrEqual(900);
    expect(Math.max(...monthly)).toBeLessThanOrEqual(2800);
    expect(lettings.Data.some((row) => row.RentSchedule === 'Weekly')).toBe(true);
    const priced = sales.Data.filter((row) => !row.POA).map((row) => row.Price);
    expect(Math.min(...priced)).toBeGreaterThanOrEqual(185_000);
    expect(Math.max(...priced)).toBeLessThanOrEqual(950_000);
    expect(sales.Data.some((row) => row.POA)).toBe(true);
    expect(sales.Data.some((row) => row.State === 'UnderOffer')).toBe(true);
    expect(new Set([...lettings.Data, ...sales.Data].map((row) => row.Bedrooms))).toEqual(
      new Set([0, 1, 2, 3, 4, 5]),
    );
    expect(lettings.Data.find((row) => row.Bedrooms === 0)?.PropertyType).toBe('Studio');
  });

  it('lists tenancies up for renewal only when includeRenewals is true', async () => {
    const emulator = emulatorAt();
    const plain = await list(emulator, `${BASE}/lettings/tenancies/advertised/0/1000`, LettingsAdvertised);
    const renewals = await list(
      emulator,
      `${BASE}/lettings/tenancies/advertised/0/1000?includeRenewals=true`,
      LettingsAdvertised,
    );
    expect(renewals.Count).toBeGreaterThan(plain.Count);
  });

  it('filters lettings and sales by branch, and sales by the misspelt development and investment flags', async () => {
    const emulator = emulatorAt();
    const [clifton] = emulator.branches();
    if (!clifton) throw new Error('no branches');
    const lettings = await list(
      emulator,
      `${BASE}/lettings/tenancies/advertised/0/1000?branchID=${clifton.id}`,
      LettingsAdvertised.extend(Rows.shape),
    );
    const sales = await list(
      emulator,
      `${BASE}/sales/instructions/advertised/0/1000?branchID=${clifton.id}`,
      SalesAdvertised,
    );
    const ownSales = new Set(
      emulator
        .properties()
        .filter((home) => home.channel === 'sales' && home.branchId === clifton.id)
        .map((home) => home.id),
    );
    expect(lettings.Count).toBeGreaterThan(0);
    expect(lettings.Data.every((row) => row.Branch === clifton.id)).toBe(true);
    expect(sales.Data.map((row) => row.OID).sort()).toEqual([...ownSales].sort());
    const all = await list(emulator, `${BASE}/sales/instructions/advertised/0/1000`, SalesAdvertised);
    const developments = await list(
      emulator,
      `${BASE}/sales/instructions/advertised/0/1000?onlyDevelopement=true`,
      SalesAdvertised,
    );
    const investments = await list(
      emulator,
      `${BASE}/sales/instructions/advertised/0/1000?onlyInvestements=true`,
      SalesAdvertised,
    );
    expect(developments.Count).toBeGreaterThan(0);
    expect(developments.Count).toBeLessThan(all.Count);
    expect(investments.Count).toBeGreaterThan(0);
    expect(investments.Count).toBeLessThan(all.Count);
    const unknown = await call(emulator, `${BASE}/sales/instructions/advertised/0/10?branchID=NOPE`);
    expect(unknown.status).toBe(404);
  });

  it('seeds three or four negotiators per branch, nobody working on Sunday, and about 30 contacts', () => {
    const emulator = emulatorAt();
    for (const branch of emulator.branches()) {
      const staff = emulator.staff().filter((person) => person.branchId === branch.id);
      expect(staff.length).toBeGreaterThanOrEqual(3);
      expect(staff.length).toBeLessThanOrEqual(4);
      expect(staff.some((person) => person.department !== 'sales')).toBe(true);
      expect(staff.some((person) => person.department !== 'lettings')).toBe(true);
    }
    expect(emulator.staff().every((person) => person.hours[0]?.length === 0)).toBe(true);
    expect(emulator.contacts().length).toBeGreaterThanOrEqual(28);
    expect(emulator.contacts().map((contact) => contact.email)).toContain('amelia.clarke@example.co.uk');
    expect(emulator.contacts().every((contact) => /^[0-9A-F]{16}$/.test(contact.id))).toBe(true);
  });

  it('holds identical data in every emulator', async () => {
    const a = emulatorAt();
    const b = emulatorAt();
    expect(b.properties()).toEqual(a.properties());
    expect(b.contacts()).toEqual(a.contacts());
    expect(b.staff()).toEqual(a.staff());
    const path = `${BASE}/diary/appointmenttypes/allocations/0/1000?appointmentTypeID=${viewingType(a).id}&preferredDate=2026-11-23`;
    expect(await (await call(b, path)).text()).toEqual(await (await call(a, path)).text());
    expect(await (await call(b, `${BASE}/company/branches/0/10`)).text()).toEqual(
      await (await call(a, `${BASE}/company/branches/0/10`)).text(),
    );
  });
});

describe('allocations', () => {
  it('offers 30-minute allocations over the preferred date and the seven days after, sorted by start then staff', async () => {
    const emulator = emulatorAt();
    const { Data, Count } = await allocationsFor(emulator, { preferredDate: '2026-11-23' });
    expect(Count).toBe(Data.length);
    const days = new Set(Data.map((allocation) => allocation.Start.slice(0, 10)));
    // 29 November is a Sunday: nobody works, so it offers nothing.
    expect([...days].sort()).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-30',
    ]);
    for (const allocation of Data) {
      expect(allocation.Start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:(00|30):00$/);
      const minutes = (time: string) => Number(time.slice(11, 13)) * 60 + Number(time.slice(14, 16));
      expect(minutes(allocation.End) - minutes(allocation.Start)).toBe(30);
    }
    const keys = Data.map((allocation) => `${allocation.Start}|${allocation.StaffID}`);
    expect(keys).toEqual([...keys].sort());
    // On weekdays lunch is 13:00 to 14:00, or 12:30 to 13:30 for one negotiator: 13:00 is never offered.
    const weekdays = Data.filter((allocation) => !allocation.Start.startsWith('2026-11-28'));
    expect(weekdays.some((allocation) => allocation.Start.endsWith('T13:00:00'))).toBe(false);
    expect(weekdays.some((allocation) => allocation.Start.endsWith('T12:30:00'))).toBe(true);
    const saturday = Data.filter((allocation) => allocation.Start.startsWith('2026-11-28'));
    expect(saturday.length).toBeGreaterThan(0);
    expect(
      saturday.every(
        (allocation) => allocation.Start >= '2026-11-28T10:00:00' && allocation.End <= '2026-11-28T14:00:00',
      ),
    ).toBe(true);
  });

  it('offers nothing that starts less than an hour from now', async () => {
    const tenPast10 = new Date('2026-11-24T10:10:00Z');
    const emulator = emulatorAt(tenPast10);
    const { Data } = await allocationsFor(emulator, { preferredDate: '2026-11-24' });
    expect(Data[0]?.Start).toBe('2026-11-24T11:30:00');
    const early = await allocationsFor(emulatorAt(), { preferredDate: '2026-11-23' });
    expect(early.Data[0]?.Start).toBe('2026-11-23T09:00:00');
    const past = await allocationsFor(emulator, { preferredDate: '2026-11-16' });
    expect(past.Data.every((allocation) => allocation.Start >= '2026-11-24T11:10')).toBe(true);
  });

  it('keeps wall-clock times across the change from British Summer Time', async () => {
    // 07:00 UTC is 08:00 BST on Monday 19 October; the clocks go back on Sunday 25 October.
    const emulator = emulatorAt(new Date('2026-10-19T07:00:00Z'), { rateLimit: false });
    const { Data } = await allocationsFor(emulator, { preferredDate: '2026-10-22' });
    const startsOn = (date: string) =>
      Data.filter((allocation) => allocation.Start.startsWith(date)).map((a) => a.Start);
    for (const date of ['2026-10-22', '2026-10-26', '2026-10-29']) {
      const times = startsOn(date).map((start) => start.slice(11));
      expect(times[0], date).toMatch(/^09:/);
      expect(times.at(-1), date).toBe('17:00:00');
    }
    // In BST, 09:00 local is exactly now + 1 hour: the first slot of the day is still offered.
    const summer = emulatorAt(new Date('2026-06-01T07:00:00Z'));
    const june = await allocationsFor(summer, { preferredDate: '2026-06-01' });
    expect(june.Data[0]?.Start).toBe('2026-06-01T09:00:00');
  });

  it('takes the date of a full ISO date-time and refuses a missing or impossible date', async () => {
    const emulator = emulatorAt();
    const plain = await allocationsFor(emulator, { preferredDate: '2026-11-25' });
    const timed = await allocationsFor(emulator, { preferredDate: '2026-11-25T15:00:00Z' });
    expect(timed).toEqual(plain);
    const type = viewingType(emulator).id;
    for (const query of [
      `appointmentTypeID=${type}`,
      `appointmentTypeID=${type}&preferredDate=2026-02-30`,
      'preferredDate=2026-11-25',
    ]) {
      const response = await call(emulator, `${BASE}/diary/appointmenttypes/allocations/0/100?${query}`);
      expect(response.status, query).toBe(400);
      expect((await body(response, Message)).Message).toMatch(/preferredDate|appointmentTypeID/);
    }
  });

  it('offers allocations for viewings only and 404s an unknown type or property', async () => {
    const emulator = emulatorAt();
    const valuation = emulator.appointmentTypes().find((type) => type.systemType === 'SalesAppraisal');
    if (!valuation) throw new Error('no valuation type');
    expect((await allocationsFor(emulator, { preferredDate: '2026-11-23' }, valuation.id)).Count).toBe(0);
    const unknownType = await call(
      emulator,
      `${BASE}/diary/appointmenttypes/allocations/0/100?appointmentTypeID=NOPE&preferredDate=2026-11-23`,
    );
    expect(unknownType.status).toBe(404);
    const unknownProperty = await call(
      emulator,
      `${BASE}/diary/appointmenttypes/allocations/0/100?appointmentTypeID=${viewingType(emulator).id}&preferredDate=2026-11-23&propertyIdentifier=NOPE`,
    );
    expect(unknownProperty.status).toBe(404);
  });

  it("narrows to the property's branch and department, or to the lettings flag", async () => {
    const emulator = emulatorAt();
    const letting = firstLetting(emulator);
    const staffById = new Map(emulator.staff().map((person) => [person.id, person]));
    const forProperty = await allocationsFor(emulator, {
      preferredDate: '2026-11-23',
      propertyIdentifier: letting.id,
    });
    expect(forProperty.Count).toBeGreaterThan(0);
    for (const allocation of forProperty.Data) {
      const person = staffById.get(allocation.StaffID);
      expect(person?.branchId).toBe(letting.branchId);
      expect(person?.department).not.toBe('sales');
      expect(allocation.StaffName).toBe(person?.name);
    }
    const sales = await allocationsFor(emulator, { preferredDate: '2026-11-23', lettings: 'false' });
    expect(
      sales.Data.every((allocation) => staffById.get(allocation.StaffID)?.department !== 'lettings'),
    ).toBe(true);
    const everyone = await allocationsFor(emulator, { preferredDate: '2026-11-23' });
    expect(new Set(everyone.Data.map((allocation) => allocation.StaffID)).size).toBe(emulator.staff().length);
  });

  it('keeps about a quarter of the working slots busy, the same ones every time', async () => {
    const emulator = emulatorAt(new Date('2026-11-22T08:00:00Z'));
    const { Data } = await allocationsFor(emulator, { preferredDate: '2026-11-23' });
    let working = 0;
    for (const person of emulator.staff()) {
      for (let day = 0; day < 8; day++) {
        const weekday = (1 + day) % 7;
        for (const period of person.hours[weekday] ?? []) {
          const span =
            Number(period.to.slice(0, 2)) * 60 +
            Number(period.to.slice(3)) -
            (Number(period.from.slice(0, 2)) * 60 + Number(period.from.slice(3)));
          working += span / 30;
        }
      }
    }
    const busyShare = 1 - Data.length / working;
    expect(busyShare).toBeGreaterThan(0.15);
    expect(busyShare).toBeLessThan(0.35);
  });
});

describe('booking', () => {
  it('books a free allocation, answers a bare reference, and no longer offers it', async () => {
    const emulator = emulatorAt();
    const letting = firstLetting(emulator);
    const before = await allocationsFor(emulator, {
      preferredDate: '2026-11-24',
      propertyIdentifier: letting.id,
    });
    const chosen = before.Data[3];
    if (!chosen) throw new Error('no allocation to book');

    const response = await book(emulator, [letting.id], true, submission(chosen, emulator));
    expect(response.status).toBe(200);
    const reference = await body(response, DiaryReference);
    expect(reference).toMatch(/^VW-\d{6}$/);

    const after = await allocationsFor(emulator, {
      preferredDate: '2026-11-24',
      propertyIdentifier: letting.id,
    });
    expect(after.Count).toBe(before.Count - 1);
    expect(after.Data).not.toContainEqual(chosen);
  });

  it('answers 400 with a Message, never 409, when the same allocation is booked twice', async () => {
    const emulator = emulatorAt();
    const letting = firstLetting(emulator);
    const [chosen] = (
      await allocationsFor(emulator, { preferredDate: '2026-11-24', propertyIdentifier: letting.id })
    ).Data;
    if (!chosen) throw new Error('no allocation to book');
    expect((await book(emulator, [letting.id], true, submission(chosen, emulator))).status).toBe(200);
    const again = await book(emulator, [letting.id], true, submission(chosen, emulator));
    expect(again.status).toBe(400);
    expect(await body(again, Message)).toEqual({
      Message: 'The request is invalid. The requested allocation is no longer available.',
    });
    expect(emulator.diary()).toHaveLength(1);
  });

  it('records the booking with the matched contact, readable back by its reference', async () => {
    const emulator = emulatorAt();
    const letting = firstLetting(emulator);
    const [match] = (
      await list(
        emulator,
        `${BASE}/contacts/guest/match/0/10?emailaddress=amelia.clarke@example.co.uk`,
        GuestMatch,
      )
    ).Data;
    if (!match) throw new Error('Amelia was not matched');
    const [chosen] = (
      await allocationsFor(emulator, { preferredDate: '2026-11-25', propertyIdentifier: letting.id })
    ).Data;
    if (!chosen) throw new Error('no allocation to book');
    const reference = await body(
      await book(emulator, [letting.id], true, submission(chosen, emulator, match.OID)),
      DiaryReference,
    );

    expect(emulator.diary()).toEqual([
      {
        reference,
        appointmentTypeId: viewingType(emulator).id,
        staffId: chosen.StaffID,
        staffName: chosen.StaffName,
        start: chosen.Start,
        end: chosen.End,
        propertyIds: [letting.id],
        lettings: true,
        subject: 'Viewing requested on the website',
        comments: 'Can we bring the dog?',
        guests: [
          {
            contactId: match.OID,
            forename: 'Amelia',
            surname: 'Clarke',
            email: 'amelia.clarke@example.co.uk',
            mobile: '07700 900123',
            allowMarketing: false,
          },
        ],
        createdAt: MONDAY_8AM.toISOString(),
        cancelled: false,
      },
    ]);

    const appointment = await body(
      await call(emulator, `${BASE}/diary/appointment/${reference}`),
      Appointment,
    );
    expect(appointment).toMatchObject({
      OID: reference,
      Start: chosen.Start,
      Staff: chosen.StaffID,
      AppointmentType: viewingType(emulator).id,
      Cancelled: false,
      LinkedProperties: [{ OID: letting.id, Postcode: letting.postcode }],
    });
    expect((await call(emulator, `${BASE}/diary/appointment/VW-999999`)).status).toBe(404);

    const sandbox = await body(await emulator.fetch(new Request('http://sandbox/_sandbox/diary')), DiaryView);
    expect(sandbox.diary.map((entry) => entry.reference)).toEqual([reference]);
  });

  it('books a sale with lettings=false and links several properties of one branch', async () => {
    const emulator = emulatorAt();
    const sales = emulator.properties().filter((property) => property.channel === 'sales');
    const [first] = sales;
    const second = sales.find((property) => property !== first && property.branchId === first?.branchId);
    if (!first || !second) throw new Error('not enough sales');
    const [chosen] = (
      await allocationsFor(emulator, { preferredDate: '2026-11-24', propertyIdentifier: first.id })
    ).Data;
    if (!chosen) throw new Error('no allocation to book');
    const response = await book(emulator, [first.id, second.id], false, submission(chosen, emulator));
    expect(response.status).toBe(200);
    expect(emulator.diary()[0]?.propertyIds).toEqual([first.id, second.id]);
    expect(emulator.diary()[0]?.lettings).toBe(false);
  });

  it('refuses bad bookings with 400 and a Message', async () => {
    const emulator = emulatorAt();
    const letting = firstLetting(emulator);
    const [chosen] = (
      await allocationsFor(emulator, { preferredDate: '2026-11-24', propertyIdentifier: letting.id })
    ).Data;
    if (!chosen) throw new Error('no allocation to book');
    const good = submission(chosen, emulator);
    const cases: [string, Promise<Response>][] = [
      ['unknown property', book(emulator, ['NOPE'], true, good)],
      ['lettings property booked as a sale', book(emulator, [letting.id], false, good)],
      ['unknown appointment type', book(emulator, [letting.id], true, { ...good, AppointmentType: 'NOPE' })],
      ['unknown guest OID', book(emulator, [letting.id], true, submission(chosen, emulator, 'NOPE'))],
      ['no guests', book(emulator, [letting.id], true, { ...good, Guests: [] })],
      ['no property', book(emulator, [], true, good)],
      [
        'guest without an e-mail',
        book(emulator, [letting.id], true, { ...good, Guests: [{ Forename: 'A', Surname: 'B' }] }),
      ],
      [
        'start with an offset',
        book(emulator, [letting.id], true, {
          ...good,
          AllocationDetails: { ...chosen, Start: `${chosen.Start}Z` },
        }),
      ],
      [
        'not JSON',
        call(emulator, `${BASE}/diary?propertyID=${letting.id}`, { method: 'POST', body: 'Start=10:00' }),
      ],
    ];
    for (const [name, pending] of cases) {
      const response = await pending;
      expect(response.status, name).toBe(400);
      expect((await body(response, Message)).Message, name).not.toBe('');
    }
    expect(emulator.diary()).toEqual([]);
  });

  it('refuses with 400 an allocation that was never offered', async () => {
    const emulator = emulatorAt();
    const letting = firstLetting(emulator);
    const [chosen] = (
      await allocationsFor(emulator, { preferredDate: '2026-11-24', propertyIdentifier: letting.id })
    ).Data;
    if (!chosen) throw new Error('no allocation to book');
    const otherBranch = emulator.staff().find((person) => person.branchId !== letting.branchId);
    const cases: [string, z.infer<typeof Allocation>][] = [
      ['lunch time', { ...chosen, Start: '2026-11-24T13:00:00', End: '2026-11-24T13:30:00' }],
      [
        'an hour long',
        {
          ...chosen,
          End: chosen.Start.replace(
            /T(\d{2})/,
            (_, hour: string) => `T${String(Number(hour) + 1).padStart(2, '0')}`,
          ),
        },
      ],
      ['within the hour', { ...chosen, Start: '2026-11-23T08:30:00', End: '2026-11-23T09:00:00' }],
      ['a Sunday', { ...chosen, Start: '2026-11-29T10:00:00', End: '2026-11-29T10:30:00' }],
      ['a negotiator of another branch', { ...chosen, StaffID: otherBranch?.id ?? 'x' }],
      ['an unknown negotiator', { ...chosen, StaffID: 'NOPE' }],
    ];
    for (const [name, allocation] of cases) {
      const response = await book(emulator, [letting.id], true, submission(allocation, emulator));
      expect(response.status, name).toBe(400);
    }
  });
});

describe('guest match', () => {
  it('matches by e-mail address whatever its case', async () => {
    const emulator = emulatorAt();
    const { Data } = await list(
      emulator,
      `${BASE}/contacts/guest/match/0/10?emailaddress=Amelia.CLARKE@example.co.uk`,
      GuestMatch,
    );
    expect(Data).toHaveLength(1);
    expect(Data[0]).toMatchObject({
      Forename: 'Amelia',
      Surname: 'Clarke',
      EmailAddress: 'amelia.clarke@example.co.uk',
    });
    // V3 puts the hypermedia links on the result, not on each row.
    expect(Data[0]).not.toHaveProperty('Links');
    const answer = await call(
      emulator,
      `${BASE}/contacts/guest/match/0/10?emailaddress=amelia.clarke@example.co.uk`,
    );
    expect(await answer.json()).toMatchObject({
      Links: [
        { Href: expect.stringContaining('/contacts/guest/match/0/10'), Method: 'GET', Relationship: 'self' },
      ],
    });
  });

  it('matches by forename and surname together, finding every namesake', async () => {
    const emulator = emulatorAt();
    const both = await list(
      emulator,
      `${BASE}/contacts/guest/match/0/10?forename=james&surname=TAYLOR`,
      GuestMatch,
    );
    expect(both.Count).toBe(2);
    const one = await list(
      emulator,
      `${BASE}/contacts/guest/match/0/1?forename=james&surname=TAYLOR`,
      GuestMatch,
    );
    expect(one).toMatchObject({ Count: 2, Data: [expect.anything()] });
    const nobody = await list(
      emulator,
      `${BASE}/contacts/guest/match/0/10?forename=James&surname=Clarke`,
      GuestMatch,
    );
    expect(nobody).toEqual({ Count: 0, Data: [] });
  });

  it('refuses a match without an e-mail or a full name', async () => {
    const emulator = emulatorAt();
    for (const query of ['', '?forename=Amelia', `?branchID=${emulator.branches()[0]?.id ?? ''}`]) {
      const response = await call(emulator, `${BASE}/contacts/guest/match/0/10${query}`);
      expect(response.status, query).toBe(400);
    }
  });
});

describe('rate limit', () => {
  const branches = `${BASE}/company/branches/0/10`;

  it('answers 429 with Retry-After on the 51st request in a minute, then blocks a key that keeps calling', async () => {
    const emulator = emulatorAt();
    for (let index = 0; index < 50; index++) expect((await call(emulator, branches)).status).toBe(200);
    const limited = await call(emulator, branches);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('Retry-After')).toBe('60');
    expect(await body(limited, Message)).toEqual({ Message: 'Rate limit exceeded. Wait 60 seconds.' });
    const blocked = await call(emulator, branches);
    expect(blocked.status).toBe(403);
    expect(await body(blocked, Message)).toEqual({ Message: 'Forbidden' });
  });

  it('counts per key, ignores unauthenticated calls and never limits the sandbox routes', async () => {
    const emulator = emulatorAt(MONDAY_8AM, { apiKeys: ['first', 'second'] });
    for (let index = 0; index < 60; index++) {
      await emulator.fetch(new Request(`http://sandbox${branches}`));
      await emulator.fetch(new Request('http://sandbox/_sandbox/stats'));
    }
    for (let index = 0; index < 50; index++) await call(emulator, branches);
    expect((await call(emulator, branches)).status).toBe(429);
    expect((await call(emulator, branches, { headers: { api_key: 'second' } })).status).toBe(200);
    expect((await emulator.fetch(new Request('http://sandbox/_sandbox/diary'))).status).toBe(200);
  });

  it('serves again once a limited key has waited the minute, and lifts a block after blockMs', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T08:00:00Z'));
    const emulator = emulatorAt();
    for (let index = 0; index < 50; index++) await call(emulator, branches);
    expect((await call(emulator, branches)).status).toBe(429);
    vi.advanceTimersByTime(60_000);
    expect((await call(emulator, branches)).status).toBe(200);

    for (let index = 0; index < 49; index++) await call(emulator, branches);
    expect((await call(emulator, branches)).status).toBe(429);
    expect((await call(emulator, branches)).status).toBe(403);
    vi.advanceTimersByTime(299_000);
    expect((await call(emulator, branches)).status).toBe(403);
    vi.advanceTimersByTime(2_000);
    expect((await call(emulator, branches)).status).toBe(200);
  });

  it('lifts the limit entirely with rateLimit: false', async () => {
    const emulator = emulatorAt(MONDAY_8AM, { rateLimit: false });
    for (let index = 0; index < 120; index++) expect((await call(emulator, branches)).status).toBe(200);
  });
});

describe('inspection', () => {
  it('counts requests received, by path, until reset', async () => {
    const emulator = emulatorAt();
    await call(emulator, `${BASE}/company/branches/0/10`);
    await emulator.fetch(new Request(`http://sandbox${BASE}/company/branches/0/10`));
    await call(emulator, `${BASE}/diary/appointmenttypes/0/10`);
    await emulator.fetch(new Request('http://sandbox/_sandbox/diary'));
    expect(emulator.requestCount()).toBe(3);
    expect(emulator.requestCount('/company/branches')).toBe(2);
    const stats = await body(await emulator.fetch(new Request('http://sandbox/_sandbox/stats')), Stats);
    expect(stats).toEqual({ requests: 3 });
    emulator.resetRequestCount();
    expect(emulator.requestCount()).toBe(0);
  });

  it('diary() returns copies that cannot change the emulator', async () => {
    const emulator = emulatorAt();
    const letting = firstLetting(emulator);
    const [chosen] = (
      await allocationsFor(emulator, { preferredDate: '2026-11-24', propertyIdentifier: letting.id })
    ).Data;
    if (!chosen) throw new Error('no allocation to book');
    await book(emulator, [letting.id], true, submission(chosen, emulator));
    const [entry] = emulator.diary();
    if (entry) entry.cancelled = true;
    expect(emulator.diary()[0]?.cancelled).toBe(false);
  });
});

describe('photos', () => {
  const photo = (emulator: AgentOSEmulator, oid: string) =>
    call(emulator, `/v4/advertising/harbourandfinch/download/${oid}`);

  const PhotoRow = z.object({ OID: z.string(), PhotoType: z.string(), PhotoNumber: z.number() });
  const photosOf = (emulator: AgentOSEmulator, property: { id: string; channel: string }) =>
    call(
      emulator,
      property.channel === 'lettings'
        ? `/v4/advertising/harbourandfinch/lettings/properties/${property.id}/photos/0/1000`
        : `/v4/advertising/harbourandfinch/sales/salesinstructions/${property.id}/photos/0/1000`,
    );

  it('lists each home’s pictures as PhotoModel rows and serves each by the photo’s OID, cacheable for a day', async () => {
    // Two calls per home is more than a key may make in a minute; the limit has cases of its own.
    const emulator = emulatorAt(MONDAY_8AM, { rateLimit: false });
    const pictures = new Set<string>();
    const homes = emulator.properties().filter((home) => !home.noPhotos);
    for (const property of homes) {
      const rows = await body(await photosOf(emulator, property), Page(PhotoRow));
      expect(rows.Data.map((row) => row.PhotoType)).toEqual(['FloorPlan', 'Photo']);
      const front = rows.Data.find((row) => row.PhotoType === 'Photo');
      const response = await photo(emulator, front?.OID ?? '?');
      expect(response.status).toBe(200);
      expect(response.headers.get('Content-Type')).toMatch(/^image\/svg\+xml/);
      expect(response.headers.get('Cache-Control')).toBe('public, max-age=86400');
      const svg = await response.text();
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* viewBox="0 0 800 600"/);
      expect(svg.endsWith('</svg>')).toBe(true);
      expect(svg.length).toBeLessThan(12_000);
      pictures.add(svg);
    }
    expect(pictures.size).toBe(homes.length);
    const bare = emulator.properties().find((home) => home.noPhotos);
    if (!bare) throw new Error('every home has pictures');
    expect((await body(await photosOf(emulator, bare), Page(PhotoRow))).Count).toBe(0);
  });

  it('draws the same picture every time and 404s a property id, a tenancy id or an unknown id', async () => {
    const emulator = emulatorAt();
    const letting = firstLetting(emulator);
    const rows = await body(await photosOf(emulator, letting), Page(PhotoRow));
    const front = rows.Data.find((row) => row.PhotoType === 'Photo')?.OID ?? '?';
    const once = await photo(emulator, front);
    expect(once.status).toBe(200);
    const twice = await photo(createAgentOSEmulator(), front);
    expect(await twice.text()).toBe(await once.text());
    expect((await photo(emulator, 'NOPE')).status).toBe(404);
    expect((await photo(emulator, letting.id)).status).toBe(404);
    expect((await photo(emulator, letting.tenancyId)).status).toBe(404);
    const sale = emulator.properties().find((home) => home.channel === 'sales');
    // A sale is listed by its instruction id under sales only.
    expect((await photosOf(emulator, { id: sale?.id ?? '?', channel: 'lettings' })).status).toBe(404);
    const keyless = await emulator.fetch(
      new Request(`http://sandbox/v4/advertising/harbourandfinch/download/${front}`),
    );
    expect(keyless.status).toBe(401);
  });

  it('refuses with 401 the advertising tier to a key that lacks it, and serves it the appointments tier', async () => {
    const emulator = createAgentOSEmulator({
      now: () => MONDAY_8AM,
      tiers: { 'sandbox-key': ['appointments'] },
    });
    expect((await call(emulator, '/v4/advertising/harbourandfinch/company/branches/0/1')).status).toBe(401);
    expect((await call(emulator, `${BASE}/company/branches/0/1`)).status).toBe(200);
  });
});

describe('startAgentOSEmulator', () => {
  it('serves the emulator over HTTP on loopback and closes cleanly', async () => {
    const running = await startAgentOSEmulator({ now: () => MONDAY_8AM });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${running.url}${BASE}/company/branches/0/10`, {
        headers: { api_key: running.emulator.apiKey },
      });
      expect((await body(response, Page(AgentBranch))).Count).toBe(3);
      expect(running.emulator.requestCount()).toBe(1);
    } finally {
      await running.close();
    }
  });
});
