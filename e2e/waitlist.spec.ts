import AxeBuilder from '@axe-core/playwright';
import { ANY_DAY, expect, test } from './fixtures.ts';
import { DEMO_STAFF_KEY } from '../demo/server.ts';
import { confirmBooking, diary, fillDetails, pickFirstFreeTime, uniqueSurname, widget } from './helpers.ts';

test(
  'a visitor no time suits joins the waiting list; a time given back is held for them, shown to staff, and booked from their link',
  ANY_DAY,
  async ({ page, request }) => {
    const { properties } = (await (
      await request.get('/api/v1/properties?channel=lettings&limit=100')
    ).json()) as {
      properties: { id: string; branchId: string }[];
    };
    // The last home to let: of a branch no other test books, whose times no other home's booking can change.
    const home = properties.at(-1)!;

    // Someone books its last free time this week.
    await page.goto(`/properties/${home.id}`);
    await pickFirstFreeTime(page, { which: 'last' });
    const first = uniqueSurname('Early');
    await fillDetails(page, {
      firstName: 'Bea',
      lastName: first,
      email: `bea.${first.toLowerCase()}@example.org`,
      phone: '07700 900654',
    });
    const taken = await confirmBooking(page);
    const takenLink = await widget(page).getByRole('link', { name: 'Change or cancel' }).getAttribute('href');

    // Another visitor finds no time that suits, and joins the list.
    await page.goto(`/properties/${home.id}`);
    const w = widget(page);
    await expect(w.getByText('None of these times suit you?')).toBeVisible();
    await w.getByRole('button', { name: 'Join the waiting list' }).click();
    const second = uniqueSurname('Later');
    await fillDetails(
      page,
      {
        firstName: 'Ana',
        lastName: second,
        email: `ana.${second.toLowerCase()}@example.org`,
        phone: '07700 900987',
      },
      {
        answer: async (form) => {
          await expect(form.getByRole('group', { name: 'Days that suit you' })).toBeVisible();
        },
      },
    );
    await expect(w.getByText('Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday')).toBeVisible();
    await w.getByRole('button', { name: 'Join the waiting list' }).click();
    await expect(w.getByRole('heading', { name: 'You’re on the waiting list' })).toBeVisible();
    const placeLink = await w.getByRole('link', { name: 'Your place on the list' }).getAttribute('href');

    // The first visitor cancels: the time is held for the one waiting.
    const cancelled = await request.post(`/api/v1/bookings/${takenLink?.split('/').pop()}/cancel`, {
      data: {},
    });
    expect(cancelled.ok()).toBe(true);

    // Staff see who waits, and the time held for them.
    const entry = (await diary(request)).find((e) => e.reference === taken)!;
    await page.goto(`/api/staff?branch=${home.branchId}&day=${entry.start.slice(0, 10)}`);
    const staff = page.locator('viewing-staff');
    await staff.getByLabel('Staff key').fill(DEMO_STAFF_KEY);
    await staff.getByRole('button', { name: 'Sign in' }).click();
    const lists = staff.getByRole('region', { name: 'Waiting lists' });
    const place = lists.getByRole('listitem').filter({ hasText: `Ana ${second}` });
    await expect(place.getByText(/^Held for them: /)).toBeVisible();

    // The waiting visitor's link shows the held time and books it with one press.
    await page.goto(placeLink ?? '');
    await expect(page.getByRole('status')).toContainText('A time has freed up and is held for you');
    const axe = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(
      axe.violations.map((v) => v.id),
      'axe, the waiting visitor’s page',
    ).toEqual([]);
    await page.getByRole('button', { name: 'Book this time' }).click();
    await expect(widget(page).getByText(/^You can reschedule or cancel it here until/)).toBeVisible();
    const booked = (await diary(request)).filter((e) => e.comments.includes(`Visitor: Ana ${second}`));
    expect(booked).toHaveLength(1);
    expect(Date.parse(booked[0]!.start)).toBe(Date.parse(entry.start));
  },
);
