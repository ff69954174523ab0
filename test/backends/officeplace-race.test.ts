import { describe, expect, it } from 'vitest';
import { OfficePlaceBackend } from '../../src/backends/officeplace/index.ts';
import type { BookInput } from '../../src/backends/types.ts';
import { createOfficePlaceEmulator, type OfficePlaceEmulator } from '../../src/sandbox/officeplace/index.ts';

/** Monday 23 November 2026, 08:00 in London (GMT). */
const NOW = new Date('2026-11-23T08:00:00Z');
const visitor = (n: number) => ({
  firstName: 'Racing',
  lastName: `Visitor${n}`,
  email: `racing.visitor${n}@example.org`,
  phone: '07700 900400',
});

type Intercept = (request: Request, answer: () => Promise<Response>) => Promise<Response>;
const isCreate = (request: Request) => request.method === 'POST' && /\/appointment$/.test(request.url);

/**
 * One proxy instance's backend in front of `emulator`, the Sheen Road flat shown by Olivia Bennett alone:
 * two of these are two proxy instances booking into the same Connector tenant.
 */
function instance(emulator: OfficePlaceEmulator, intercept: Intercept = (_, answer) => answer()) {
  const feed = emulator.feed();
  const olivia = emulator.agents().find((agent) => agent.displayName === 'Olivia Bennett')!.adId;
  const flat = feed.properties.find((property) => property.address.includes('14 Sheen Road'))!;
  const backend = new OfficePlaceBackend({
    baseUrl: 'https://connector.officeplace.example',
    tenantId: emulator.tenantId,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    domainId: emulator.domainId,
    catalog: {
      ...feed,
      properties: feed.properties.map((property) =>
        property.id === flat.id ? { ...property, viewing: { agentIds: [olivia] } } : property,
      ),
    },
    now: () => NOW,
    busyTtlMs: 0,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      return intercept(request, async () => emulator.fetch(request));
    },
  });
  return { backend, olivia, flatId: flat.id };
}

async function firstTime(made: ReturnType<typeof instance>) {
  const catalog = await made.backend.loadCatalog();
  const property = catalog.properties.find((candidate) => candidate.id === made.flatId)!;
  const branch = catalog.branches.find((candidate) => candidate.id === property.branchId)!;
  const [slot] = await made.backend.listSlots({ property, branch, from: '2026-11-23', days: 7 });
  if (!slot) throw new Error('no free time');
  return {
    slot,
    input: (n: number): BookInput => ({
      property,
      branch,
      slotId: slot.id,
      guest: visitor(n),
      consent: { marketing: false },
    }),
  };
}

const viewingsAt = (emulator: OfficePlaceEmulator, adId: string, start: string) =>
  emulator
    .appointments(adId)
    .filter((row) => row.start === new Date(start).toISOString() && row.subject.startsWith('Viewing'));

describe('two bookings for the same agent and time, where the Connector keeps overlapping appointments', () => {
  it('books one visitor and tells the other the time was taken, when both reach the calendar together', async () => {
    const emulator = createOfficePlaceEmulator({ now: () => NOW, rateLimit: false });
    // Both creations wait for each other, so each re-check before them saw the agent free.
    let waiting: (() => void) | undefined;
    const bothThere = new Promise<void>((resolve) => (waiting = resolve));
    let arrived = 0;
    const together: Intercept = async (request, answer) => {
      if (isCreate(request) && ++arrived <= 2) {
        if (arrived === 2) waiting?.();
        await bothThere;
      }
      return answer();
    };
    const one = instance(emulator, together);
    const two = instance(emulator, together);
    const { slot, input } = await firstTime(one);
    await two.backend.loadCatalog();

    const outcomes = await Promise.all([one.backend.book(input(1)), two.backend.book(input(2))]);

    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(outcomes.find((outcome) => !outcome.ok)).toMatchObject({ ok: false, code: 'slot_taken' });
    const left = viewingsAt(emulator, one.olivia, slot.start);
    expect(left).toHaveLength(1);
    const winner = outcomes.find((outcome) => outcome.ok);
    expect(winner?.ok && winner.booking.reference).toBe(left[0]!.appointmentId);
  });

  it('gives way to an appointment that reached the calendar first, deleting its own', async () => {
    const emulator = createOfficePlaceEmulator({ now: () => NOW, rateLimit: false });
    let slotStart = '';
    let slotEnd = '';
    const made = instance(emulator, async (request, answer) => {
      // Another booking lands in the agent's calendar between our re-check and our creation.
      if (isCreate(request)) {
        emulator.addAppointment({
          adId: made.olivia,
          subject: 'Viewing — 14 Sheen Road — Someone Else',
          start: new Date(slotStart),
          end: new Date(slotEnd),
        });
      }
      return answer();
    });
    const { slot, input } = await firstTime(made);
    slotStart = slot.start;
    slotEnd = slot.end;

    const outcome = await made.backend.book(input(3));

    expect(outcome).toMatchObject({ ok: false, code: 'slot_taken' });
    expect(viewingsAt(emulator, made.olivia, slot.start).map((row) => row.subject)).toEqual([
      'Viewing — 14 Sheen Road — Someone Else',
    ]);
  });

  it('keeps its viewing when what overlaps it came after', async () => {
    const emulator = createOfficePlaceEmulator({ now: () => NOW, rateLimit: false });
    let slotStart = '';
    let slotEnd = '';
    const made = instance(emulator, async (request, answer) => {
      const response = await answer();
      // An agent adds a meeting in Outlook right after the viewing was made: theirs to sort out.
      if (isCreate(request)) {
        emulator.addAppointment({
          adId: made.olivia,
          subject: 'Vendor call',
          start: new Date(slotStart),
          end: new Date(slotEnd),
        });
      }
      return response;
    });
    const { slot, input } = await firstTime(made);
    slotStart = slot.start;
    slotEnd = slot.end;

    const outcome = await made.backend.book(input(4));

    expect(outcome).toMatchObject({ ok: true, booking: { start: slot.start } });
    expect(viewingsAt(emulator, made.olivia, slot.start)).toHaveLength(1);
  });
});
