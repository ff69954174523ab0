import { ANY_DAY, expect, test } from './fixtures.ts';
import { e2eNow } from '../playwright.config.ts';
import { confirmBooking, diary, fillDetails, pickFirstFreeTime, widget } from './helpers.ts';

test(
  'a visitor books a viewing from the home page, and it lands in the diary on their existing contact',
  ANY_DAY,
  async ({ page, request }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: /Homes to rent and buy/ })).toBeVisible();
    const w = widget(page);

    await expect(w.getByRole('heading', { name: 'Choose a branch' })).toBeVisible();
    await w.getByRole('button', { name: /Bath/ }).click();

    await expect(w.getByRole('heading', { name: 'Choose a property' })).toBeVisible();
    await w.getByRole('radio', { name: 'To let' }).check();
    const first = w.getByRole('button', { name: /^Book a viewing of / }).first();
    await expect(first).toBeVisible();
    await first.click();

    const time = await pickFirstFreeTime(page);
    // Amelia Clarke is already a contact of the agency.
    await fillDetails(page, {
      firstName: 'Amelia',
      lastName: 'Clarke',
      email: 'amelia.clarke@example.co.uk',
      phone: '07700 900123',
    });
    await expect(w.getByText('amelia.clarke@example.co.uk')).toBeVisible();
    const reference = await confirmBooking(page);
    await expect(w.getByText(time.split(',')[0]!)).toBeVisible();

    const entry = (await diary(request)).find((e) => e.reference === reference);
    expect(entry, `diary entry ${reference}`).toBeDefined();
    expect(entry?.guests[0]).toMatchObject({
      contactId: '44EF144191266CED',
      email: 'amelia.clarke@example.co.uk',
      allowMarketing: false,
    });
  },
);

test(
  'a visitor books a viewing of the home they are reading about on its property page',
  ANY_DAY,
  async ({ page, request }) => {
    const listing = await request.get('/api/v1/properties?channel=sales&limit=3');
    const { properties } = (await listing.json()) as { properties: { id: string; title: string }[] };
    const property = properties[2]!;

    await page.goto(`/properties/${property.id}`);
    await expect(page.getByRole('heading', { level: 1, name: property.title })).toBeVisible();
    const w = widget(page);
    // The page already says which home: the widget starts at its free times.
    await pickFirstFreeTime(page);
    await fillDetails(
      page,
      { firstName: 'Tomasz', lastName: 'Kowalski', email: 'tomasz.k@example.org', phone: '+44 7700 900777' },
      { marketing: true },
    );
    await expect(w.getByText('Tomasz Kowalski')).toBeVisible();
    const reference = await confirmBooking(page);

    const entry = (await diary(request)).find((e) => e.reference === reference);
    expect(entry?.propertyIds).toEqual([property.id]);
    expect(entry?.guests[0]).toMatchObject({ forename: 'Tomasz', surname: 'Kowalski', allowMarketing: true });
    expect(entry?.guests[0]?.contactId).toBeUndefined();
  },
);

test(
  'when someone else takes the time meanwhile, the visitor picks another and keeps their details',
  ANY_DAY,
  async ({ page, request }) => {
    const listing = await request.get('/api/v1/properties?channel=lettings&limit=5');
    const { properties } = (await listing.json()) as { properties: { id: string }[] };
    const property = properties[4]!;

    await page.goto(`/properties/${property.id}`);
    const w = widget(page);
    const chosen = await pickFirstFreeTime(page);
    await fillDetails(page, {
      firstName: 'Grace',
      lastName: 'Obi',
      email: 'grace.obi@example.org',
      phone: '07700 900321',
    });
    await expect(w.getByRole('heading', { name: 'Check and book' })).toBeVisible();

    // Meanwhile other visitors book every negotiator free at that time.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(e2eNow());
    const slots = (await (
      await request.get(`/api/v1/slots?propertyId=${property.id}&from=${today}&days=7`)
    ).json()) as { slots: { id: string; start: string }[] };
    const { formToken } = (await (
      await request.get(`/api/v1/form-token?propertyId=${property.id}`)
    ).json()) as { formToken: string };
    // The very time the visitor chose, found by the name its button has ("Tuesday 8 December 2026, 09:00 to
    // 09:30"): other tests' bookings may have taken earlier times since the visitor's page read the week.
    const named = (start: string) => {
      const at = new Date(start);
      const zone = { timeZone: 'Europe/London' } as const;
      const day = new Intl.DateTimeFormat('en-GB', { ...zone, dateStyle: 'full' })
        .format(at)
        .replace(',', '');
      const time = new Intl.DateTimeFormat('en-GB', { ...zone, timeStyle: 'short' }).format(at);
      return `${day}, ${time} to`;
    };
    const taken = slots.slots.find((slot) => chosen.startsWith(named(slot.start)));
    expect(taken, `a free time named like "${chosen}"`).toBeDefined();
    for (let i = 0; i < 10; i++) {
      const response = await request.post('/api/v1/bookings', {
        headers: { 'Idempotency-Key': `someone-else-${i}-${Date.now()}` },
        data: {
          propertyId: property.id,
          slotId: taken!.id,
          guest: {
            firstName: 'Other',
            lastName: `Visitor ${[...String(i)].map((d) => 'abcdefghij'[Number(d)]).join('')}`,
            email: `other${i}@example.org`,
            phone: '07700900000',
          },
          consent: { marketing: false },
          // As a person's widget would: the proxy holds a booking younger than this form until it could be one.
          formToken,
        },
      });
      if (response.status() === 409) break;
      expect(response.status()).toBe(201);
    }

    await w.getByRole('button', { name: 'Book viewing' }).click();
    await expect(w.getByText(/That time has just been taken/).first()).toBeVisible();
    await expect(w.getByRole('heading', { name: 'Choose a time' })).toBeVisible();
    await expect(w.getByRole('button', { name: chosen, exact: true })).toHaveCount(0);

    const alternative = w.getByRole('button', { name: / to \d\d:\d\d$/ }).first();
    await alternative.click();
    // The details typed before the conflict are kept: the visitor goes straight back to checking and booking.
    await expect(w.getByRole('heading', { name: 'Check and book' })).toBeVisible();
    await expect(w.getByText('Grace Obi')).toBeVisible();
    await expect(w.getByText('grace.obi@example.org')).toBeVisible();
    const reference = await confirmBooking(page);

    const mine = (await diary(request)).filter((e) => e.guests[0]?.email === 'grace.obi@example.org');
    expect(mine.map((e) => e.reference)).toEqual([reference]);
  },
);
