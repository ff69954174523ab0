import { DEFAULT_RECIPIENT_LIMIT } from '../../src/proxy/recipient-limit.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { Booking } from '../../src/contract/index.ts';
import { guest, propertyWithSlots, startHarness, type Harness } from './harness.ts';

let harness: Harness;
afterEach(() => harness?.stop());

describe('booking a viewing through the proxy', () => {
  it('books the slot into the agentOS diary and answers with a reference and the times in the branch zone', async () => {
    harness = await startHarness();
    const { property, slots } = await propertyWithSlots(harness);
    const slot = slots[0]!;
    const { status, body } = await harness.book({
      propertyId: property.id,
      slotId: slot.id,
      guest,
      consent: { marketing: false },
    });

    expect(status).toBe(201);
    const booking = Booking.parse(body.booking);
    expect(booking).toMatchObject({
      propertyId: property.id,
      branchId: property.branchId,
      start: slot.start,
      end: slot.end,
      status: 'confirmed',
      timeZone: 'Europe/London',
    });
    const [entry] = harness.emulator.diary();
    expect(entry).toMatchObject({
      reference: booking.reference,
      propertyIds: [property.id],
      lettings: true,
      cancelled: false,
    });
    expect(entry?.guests[0]).toMatchObject({
      forename: 'Priya',
      surname: 'Natarajan',
      email: guest.email,
      allowMarketing: false,
    });
    expect(entry?.guests[0]?.contactId).toBeUndefined();
  });

  it('attaches the booking to the existing contact with that email, and tells the browser nothing about them', async () => {
    harness = await startHarness();
    const known = harness.emulator.contacts()[0]!;
    const { property, slots } = await propertyWithSlots(harness);
    const { status, body } = await harness.book({
      propertyId: property.id,
      slotId: slots[0]!.id,
      guest: {
        firstName: known.forename,
        lastName: known.surname,
        email: known.email.toUpperCase(),
        phone: '07700 900999',
      },
      consent: { marketing: true },
    });
    expect(status).toBe(201);
    expect(harness.emulator.diary()[0]?.guests[0]).toMatchObject({
      contactId: known.id,
      allowMarketing: true,
    });
    const text = JSON.stringify(body);
    expect(text).not.toContain(known.id);
    expect(text).not.toContain(known.mobile);
  });

  it('does not attach a booking to a contact who only shares the name', async () => {
    harness = await startHarness();
    const known = harness.emulator.contacts()[0]!;
    const { property, slots } = await propertyWithSlots(harness);
    await harness.book({
      propertyId: property.id,
      slotId: slots[0]!.id,
      guest: {
        firstName: known.forename,
        lastName: known.surname,
        email: 'someone.else@example.org',
        phone: '07700 900999',
      },
      consent: { marketing: false },
    });
    expect(harness.emulator.diary()[0]?.guests[0]?.contactId).toBeUndefined();
  });

  it('takes the booked time out of the property’s free times straight away', async () => {
    harness = await startHarness();
    const { property, slots } = await propertyWithSlots(harness);
    const taken = slots[0]!;
    await harness.book({ propertyId: property.id, slotId: taken.id, guest, consent: { marketing: false } });
    const after = await propertyWithSlots(harness);
    // Even where agentOS has another negotiator free then: one viewing of a home at a time.
    expect(after.slots.some((s) => s.start === taken.start)).toBe(false);
    expect(after.slots.length).toBe(slots.length - 1);
  });

  it('books exactly once when 50 visitors take the same time at the same moment; the rest get alternatives', async () => {
    harness = await startHarness({ unlimited: true });
    const { property, slots } = await propertyWithSlots(harness);
    const target = slots[0]!;
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        harness.book({
          propertyId: property.id,
          slotId: target.id,
          guest: { ...guest, email: `rush${n}@example.org` },
          consent: { marketing: false },
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const refused = answers.filter((a) => a.status === 409);
    expect(refused).toHaveLength(49);
    for (const answer of refused) {
      expect(answer.body.error?.code).toBe('slot_taken');
      expect(answer.body.error?.alternatives?.length).toBeGreaterThan(0);
      expect(answer.body.error?.alternatives?.some((s) => s.start === target.start)).toBe(false);
    }
    expect(harness.emulator.diary()).toHaveLength(1);
  });
});

describe('a slot someone else took', () => {
  it('answers 409 slot_taken with fresh alternatives when the slot was booked meanwhile', async () => {
    harness = await startHarness();
    const { property, slots } = await propertyWithSlots(harness);
    // Book every negotiator free at that time, as other visitors would.
    const target = slots[0]!;
    let made = 0;
    for (let i = 0; i < 10; i++) {
      const { status } = await harness.book({
        propertyId: property.id,
        slotId: target.id,
        guest: { ...guest, email: `other${i}@example.org` },
        consent: { marketing: false },
      });
      if (status !== 201) break;
      made++;
    }
    expect(made).toBeGreaterThan(0);
    const { status, body } = await harness.book({
      propertyId: property.id,
      slotId: target.id,
      guest,
      consent: { marketing: false },
    });
    expect(status).toBe(409);
    expect(body.error?.code).toBe('slot_taken');
    const alternatives = body.error?.alternatives ?? [];
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives.some((s) => s.start === target.start)).toBe(false);
    // The alternatives are bookable.
    const retry = await harness.book({
      propertyId: property.id,
      slotId: alternatives[0]!.id,
      guest,
      consent: { marketing: false },
    });
    expect(retry.status).toBe(201);
  });

  it('catches a slot taken behind the cache’s back by re-checking live', async () => {
    harness = await startHarness();
    const { property, slots } = await propertyWithSlots(harness);
    const target = slots[0]!;
    // Someone books every free negotiator at that time directly in agentOS (a phone call to the branch).
    const types = await harness.emulator.fetch(
      new Request(
        `http://sandbox/v4/appointments/${harness.emulator.shortName}/diary/appointmenttypes/0/100`,
        { headers: { api_key: harness.emulator.apiKey } },
      ),
    );
    const viewing = ((await types.json()) as { Data: { OID: string; SystemType: string }[] }).Data.find(
      (t) => t.SystemType === 'Viewing',
    )!;
    const list = await harness.emulator.fetch(
      new Request(
        `http://sandbox/v4/appointments/${harness.emulator.shortName}/diary/appointmenttypes/allocations/0/1000?appointmentTypeID=${viewing.OID}&preferredDate=${target.start.slice(0, 10)}&propertyIdentifier=${property.id}&lettings=true`,
        { headers: { api_key: harness.emulator.apiKey } },
      ),
    );
    const allocations = (
      (await list.json()) as { Data: { Start: string; End: string; StaffID: string; StaffName: string }[] }
    ).Data.filter((a) => target.start.startsWith(a.Start));
    for (const allocation of allocations) {
      const made = await harness.emulator.fetch(
        new Request(
          `http://sandbox/v4/appointments/${harness.emulator.shortName}/diary?propertyID=${property.id}&lettings=true`,
          {
            method: 'POST',
            headers: { api_key: harness.emulator.apiKey, 'content-type': 'application/json' },
            body: JSON.stringify({
              AllocationDetails: allocation,
              AppointmentType: viewing.OID,
              Subject: 'Phone booking',
              ExtraComments: '',
              Guests: [
                {
                  Forename: 'Walk',
                  Surname: 'In',
                  EmailAddress: 'walk.in@example.org',
                  MobilePhone: '07700900000',
                  AllowMarketingCorrespondence: false,
                },
              ],
            }),
          },
        ),
      );
      expect(made.status).toBe(200);
    }
    // The proxy's cache still shows the slot as free…
    const cached = await propertyWithSlots(harness);
    expect(cached.slots.some((s) => s.id === target.id)).toBe(true);
    // …but the booking re-checks and refuses honestly.
    const { status, body } = await harness.book({
      propertyId: property.id,
      slotId: target.id,
      guest,
      consent: { marketing: false },
    });
    expect(status).toBe(409);
    expect(body.error?.code).toBe('slot_taken');
    expect(harness.emulator.diary().filter((e) => e.guests[0]?.email === guest.email)).toHaveLength(0);
  });
});

describe('Idempotency-Key', () => {
  it('books once and gives the same answer when the same request is sent twice', async () => {
    harness = await startHarness();
    const { property, slots } = await propertyWithSlots(harness);
    const request = { propertyId: property.id, slotId: slots[0]!.id, guest, consent: { marketing: false } };
    const first = await harness.book(request, 'same-key-123456');
    const second = await harness.book(request, 'same-key-123456');
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(harness.emulator.diary()).toHaveLength(1);
  });

  it('books once when a double click sends the same request twice at the same moment', async () => {
    harness = await startHarness();
    const { property, slots } = await propertyWithSlots(harness);
    const request = { propertyId: property.id, slotId: slots[0]!.id, guest, consent: { marketing: false } };
    const [a, b] = await Promise.all([
      harness.book(request, 'double-click-1'),
      harness.book(request, 'double-click-1'),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body).toEqual(b.body);
    expect(harness.emulator.diary()).toHaveLength(1);
  });

  it('refuses to reuse a key for a different request', async () => {
    harness = await startHarness();
    const { property, slots } = await propertyWithSlots(harness);
    await harness.book(
      { propertyId: property.id, slotId: slots[0]!.id, guest, consent: { marketing: false } },
      'reused-key-1',
    );
    const other = await harness.book(
      { propertyId: property.id, slotId: slots[1]!.id, guest, consent: { marketing: false } },
      'reused-key-1',
    );
    expect(other.status).toBe(422);
    expect(other.body.error?.code).toBe('idempotency_conflict');
    expect(harness.emulator.diary()).toHaveLength(1);
  });
});

describe('the booking form cannot be used to send the agency’s messages to strangers', () => {
  it('refuses a name that carries a link or other words, saying which field and why', async () => {
    harness = await startHarness();
    const { property, slots } = await propertyWithSlots(harness);
    const { status, body } = await harness.book({
      propertyId: property.id,
      slotId: slots[0]!.id,
      guest: { ...guest, firstName: 'urgent: verify your deposit at https://evil.example/pay' },
      consent: { marketing: false },
    });
    expect(status).toBe(422);
    expect(body.error?.code).toBe('invalid_request');
    expect(body.error?.fields?.['guest.firstName']).toMatch(/letters, spaces, apostrophes, hyphens and dots/);
    expect(harness.emulator.diary()).toHaveLength(0);
  });

  it('still takes names as people write them, in any script', async () => {
    harness = await startHarness({ unlimited: true });
    const { property, slots } = await propertyWithSlots(harness);
    const names = [
      ['Zoë', "O'Brien-Smith"],
      ['José María', 'de la Cruz'],
      ['St. John', 'D’Arcy'],
      ['Nguyễn', 'Văn An'],
      ['Ольга', 'Иванова'],
    ] as const;
    for (const [n, [firstName, lastName]] of names.entries()) {
      const { status } = await harness.book({
        propertyId: property.id,
        slotId: slots[n]!.id,
        guest: { ...guest, firstName, lastName, email: `visitor${n}@example.org` },
        consent: { marketing: false },
      });
      expect(status, `${firstName} ${lastName}`).toBe(201);
    }
  });

  it('books only a few viewings an hour for one email address, however it is written', async () => {
    harness = await startHarness({ unlimited: true });
    const { property, slots } = await propertyWithSlots(harness);
    const book = (n: number, email: string) =>
      harness.book({
        propertyId: property.id,
        slotId: slots[n]!.id,
        guest: { ...guest, email },
        consent: { marketing: false },
      });
    const { limit } = DEFAULT_RECIPIENT_LIMIT;
    expect(limit).toBeLessThanOrEqual(10);
    for (let n = 0; n < limit; n++) expect((await book(n, 'victim@example.org')).status).toBe(201);
    const over = await book(limit, 'Victim+again@Example.org');
    expect(over.status).toBe(429);
    expect(over.body.error?.code).toBe('rate_limited');
    expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(harness.emulator.diary()).toHaveLength(limit);
    // Someone else is not held up by it.
    expect((await book(limit + 1, 'priya.natarajan@example.org')).status).toBe(201);
  });
});
