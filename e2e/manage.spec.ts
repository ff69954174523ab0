import { ANY_DAY, expect, test, type APIRequestContext, type Page } from './fixtures.ts';
import { confirmBooking, diary, fillDetails, pickFirstFreeTime, widget } from './helpers.ts';
import { expectNoAxeViolations, expectTargetsAtLeast44 } from './host-page.ts';

// The manage page speaks the browser's language (Accept-Language); these visitors read British English.
test.use({ locale: 'en-GB' });

/**
 * Books a free time of a home to let and returns the done screen's manage link. The first day's last time: on
 * a Monday after a closed Sunday every home's first time is the same one, and other tests take it.
 */
async function bookAViewing(page: Page, request: APIRequestContext, index: number) {
  const listing = await request.get('/api/v1/properties?channel=lettings&limit=12');
  const { properties } = (await listing.json()) as { properties: { id: string; address: string }[] };
  const property = properties[index]!;
  await page.goto(`/properties/${property.id}`);
  await pickFirstFreeTime(page, { which: 'last' });
  await fillDetails(page, {
    firstName: 'Grace',
    lastName: 'Okafor',
    // One address per viewing: the proxy books a few an hour for any one address, however it is written.
    email: `grace.okafor.${index}@example.org`,
    phone: '07700 900321',
  });
  const reference = await confirmBooking(page);
  const w = widget(page);
  await expect(w.getByRole('link', { name: 'Calendar file' })).toHaveAttribute('href', /\/calendar\.ics$/);
  const manage = w.getByRole('link', { name: 'Change or cancel' });
  await expect(manage).toHaveAttribute('href', /\/api\/manage\/[^/]+$/);
  return { property, reference, manage, href: (await manage.getAttribute('href'))! };
}

/** The viewing as the proxy tells its link, read the way the manage page does. */
async function proxyView(request: APIRequestContext, manageUrl: string) {
  const token = manageUrl.split('/').pop()!;
  const response = await request.get(`/api/v1/bookings/${token}`);
  expect(response.ok()).toBe(true);
  return (await response.json()) as { phase: string; booking: { reference: string; start: string } };
}

test(
  'a visitor follows "Change or cancel", moves the viewing to another time, then cancels it',
  ANY_DAY,
  async ({ page, request }) => {
    const { property, reference, manage, href } = await bookAViewing(page, request, 6);
    const before = await proxyView(request, href);

    await manage.click();
    await expect(page).toHaveURL(href);
    await expect(page.getByRole('heading', { level: 1, name: property.address })).toBeVisible();
    const w = widget(page);
    await expect(w.getByRole('heading', { name: 'Your viewing' })).toBeVisible();
    await expect(w.getByText(reference)).toBeVisible();

    await w.getByRole('button', { name: 'Choose another time' }).click();
    await expect(w.getByRole('heading', { name: 'Choose another time' })).toBeFocused();
    const time = w.getByRole('button', { name: / to \d\d:\d\d$/ }).first();
    await expect(time).toBeVisible();
    const label = (await time.getAttribute('aria-label'))!;
    await time.click();
    await w.getByRole('button', { name: `Move my viewing to ${label}` }).click();
    await expect(w.locator('.notice')).toHaveText(`Done: your viewing has moved to ${label}.`);
    await expect(w.getByRole('heading', { name: 'Your viewing' })).toBeFocused();

    const after = await proxyView(request, href);
    expect(after.booking.start).not.toBe(before.booking.start);
    const moved = (await diary(request)).find((e) => e.reference === after.booking.reference);
    // The emulator keeps branch wall-clock times; the proxy's answer carries the branch's offset.
    expect(moved?.start).toBe(after.booking.start.slice(0, 19));
    expect(moved).toMatchObject({ cancelled: false });

    await w.getByRole('button', { name: 'Cancel viewing' }).click();
    await expect(w.getByRole('heading', { name: 'Cancel your viewing' })).toBeFocused();
    await w.getByLabel('Reason (optional)').fill('Found somewhere else');
    await w.getByRole('button', { name: 'Yes, cancel the viewing' }).click();
    await expect(w.getByRole('heading', { name: 'Viewing cancelled' })).toBeFocused();
    await expect(w.getByRole('link', { name: 'Remove from calendar' })).toHaveAttribute(
      'href',
      /calendar\.ics$/,
    );

    expect((await proxyView(request, href)).phase).toBe('cancelled');
    expect((await diary(request)).find((e) => e.reference === after.booking.reference)).toMatchObject({
      cancelled: true,
    });
  },
);

test('the manage page: private headers, a strict policy, and nothing for axe to fix', async ({
  page,
  request,
}) => {
  const { href } = await bookAViewing(page, request, 7);
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const response = await page.goto(href);
  const headers = response!.headers();
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['cache-control']).toBe('no-store');
  expect(headers['content-security-policy']).toMatch(/script-src 'nonce-[^']+';/);
  expect(headers['content-security-policy']).not.toContain('unsafe-inline');

  const w = widget(page);
  await expect(w.getByRole('button', { name: 'Choose another time' })).toBeVisible();
  await expectNoAxeViolations(page, 'manage page', 'html');
  await expectTargetsAtLeast44(w, 'manage page');

  await w.getByRole('button', { name: 'Choose another time' }).click();
  await expect(w.getByRole('button', { name: / to \d\d:\d\d$/ }).first()).toBeVisible();
  await expectNoAxeViolations(page, 'manage page, choosing a time', 'html');
  await expectTargetsAtLeast44(w, 'manage page, choosing a time');

  await w.getByRole('button', { name: 'Back' }).click();
  await w.getByRole('button', { name: 'Cancel viewing' }).click();
  await expect(w.getByLabel('Reason (optional)')).toBeVisible();
  await expectNoAxeViolations(page, 'manage page, cancelling', 'html');
  expect(errors, 'nothing blocked by the page’s policy').toEqual([]);
});

test('an altered manage link opens a page that says so, and loads no script', async ({ page }) => {
  const response = await page.goto('/api/manage/not-a-real-token');
  expect(response?.status()).toBe(404);
  await expect(page.getByText(/This link is not valid/)).toBeVisible();
  await expect(page.locator('script')).toHaveCount(0);
});
