import AxeBuilder from '@axe-core/playwright';
import { ANY_DAY, expect, test, type APIRequestContext, type Locator, type Page } from './fixtures.ts';
import { DEMO_STAFF_KEY } from '../demo/server.ts';
import { E2E_SANDBOX_URL } from '../playwright.config.ts';
import { confirmBooking, diary, fillDetails, pickFirstFreeTime, uniqueSurname } from './helpers.ts';

const staffPage = (page: Page) => page.locator('viewing-staff');

/** Books the first free time of a home to let through the demo site's widget, as a visitor. */
async function bookThroughWidget(page: Page, request: APIRequestContext, lastName: string) {
  const listing = await request.get('/api/v1/properties?channel=lettings&limit=2');
  const { properties } = (await listing.json()) as { properties: { id: string; branchId: string }[] };
  const property = properties[1]!;
  await page.goto(`/properties/${property.id}`);
  await pickFirstFreeTime(page);
  await fillDetails(page, {
    firstName: 'Ada',
    lastName,
    email: `ada.${lastName.toLowerCase()}@example.org`,
    phone: '07700 900321',
  });
  // Bookings sent within seconds of the free times being shown are held back and re-sent by the widget.
  const reference = await confirmBooking(page);
  const entry = (await diary(request)).find((e) => e.reference === reference);
  expect(entry, `diary entry ${reference}`).toBeDefined();
  return { reference, branchId: property.branchId, day: entry!.start.slice(0, 10) };
}

async function signIn(page: Page): Promise<Locator> {
  const staff = staffPage(page);
  await expect(staff.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await staff.getByLabel('Staff key').fill(DEMO_STAFF_KEY);
  await staff.getByRole('button', { name: 'Sign in' }).click();
  await expect(staff.getByText('Signed in as Demo staff', { exact: true })).toBeVisible();
  return staff;
}

async function expectNoAxeViolations(page: Page, state: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
  );
  expect(found, `axe, ${state}`).toEqual([]);
}

test(
  'staff sign in, find a viewing a visitor booked through the widget, and cancel it',
  ANY_DAY,
  async ({ page, request }) => {
    const lastName = uniqueSurname('Staffcase');
    const booked = await bookThroughWidget(page, request, lastName);

    await page.goto(`/api/staff?branch=${booked.branchId}&day=${booked.day}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Staff diary' })).toBeVisible();
    const staff = await signIn(page);

    const viewing = staff.getByRole('listitem').filter({ hasText: `Viewer: Ada ${lastName}` });
    await expect(viewing).toBeVisible();
    await viewing.getByRole('button', { name: /^Open the viewing at / }).click();
    await expect(viewing.getByText(booked.reference)).toBeVisible();
    await expect(viewing.getByText('Booked online: the viewer is told of every change')).toBeVisible();

    await viewing.getByLabel('Reason (optional)').fill('The landlord has let it privately');
    await viewing.getByRole('button', { name: 'Cancel viewing' }).click();
    await expect(staff.getByText('The viewing is cancelled.').first()).toBeVisible();
    await expect(viewing.locator('.tag', { hasText: 'Cancelled' })).toBeVisible();
    await expect(viewing.getByRole('button', { name: 'Reinstate viewing' })).toBeVisible();

    const upstream = await request.get(`${E2E_SANDBOX_URL}/_sandbox/diary`);
    const { diary: entries } = (await upstream.json()) as {
      diary: { reference: string; cancelled: boolean }[];
    };
    expect(entries.find((e) => e.reference === booked.reference)?.cancelled).toBe(true);

    // Still cancelled when the day is read again from the agency's system.
    await page.reload();
    const again = staffPage(page)
      .getByRole('listitem')
      .filter({ hasText: `Viewer: Ada ${lastName}` });
    await expect(again.locator('.tag', { hasText: 'Cancelled' })).toBeVisible();
  },
);

test('the staff page has nothing for axe to find, signed out and with a viewing open', async ({
  page,
  request,
}) => {
  const lastName = uniqueSurname('Axecase');
  const booked = await bookThroughWidget(page, request, lastName);
  await page.goto(`/api/staff?branch=${booked.branchId}&day=${booked.day}`);
  await page.context().clearCookies();
  await page.reload();
  await expect(staffPage(page).getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expectNoAxeViolations(page, 'signed out');

  const staff = await signIn(page);
  const viewing = staff.getByRole('listitem').filter({ hasText: `Viewer: Ada ${lastName}` });
  await viewing.getByRole('button', { name: /^Open the viewing at / }).click();
  await viewing.getByRole('button', { name: 'Show free times' }).click();
  await expect(viewing.getByRole('grid')).toBeVisible();
  await expectNoAxeViolations(page, 'signed in, a viewing open with its free times');
});
