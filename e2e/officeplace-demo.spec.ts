import { ANY_DAY, expect, test } from './fixtures.ts';
import { startDemo } from '../demo/server.ts';
import { DEMO_OPEN_HOUSES } from '../demo/open-house.ts';
import { FULL_HOME } from '../demo/full-home.ts';
import { e2eNow } from '../playwright.config.ts';
import { expectNoAxeViolations, expectTargetsAtLeast44 } from './host-page.ts';
import { fillDetails, widget } from './helpers.ts';

/** The demo's open house on OfficePlace: every time of this home holds six visitors. */
const HOME = Object.keys(DEMO_OPEN_HOUSES.officeplace?.properties ?? {})[0] ?? '';

test.describe('the OfficePlace demo: an open house, and a full home with a waiting list', ANY_DAY, () => {
  let demo: Awaited<ReturnType<typeof startDemo>>;
  test.beforeAll(async () => {
    demo = await startDemo({ backend: 'officeplace', port: 0, quiet: true, now: e2eNow });
  });
  test.afterAll(async () => demo?.close());

  test('a visitor sees the places left, books one, and the next visitor sees one place fewer', async ({
    page,
  }) => {
    const base = demo.url.replace('localhost', '127.0.0.1');
    await page.goto(`${base}properties/${encodeURIComponent(HOME)}`);
    const w = widget(page);
    await expect(w.getByRole('heading', { name: 'Choose a time' })).toBeVisible();
    const open = w.getByRole('button', { name: /, 6 places left$/ }).first();
    await expect(open).toBeVisible();
    await expect(open).toContainText('6 places left');
    await expectNoAxeViolations(page, 'open house times');
    await expectTargetsAtLeast44(w, 'open house times');
    const name = (await open.getAttribute('aria-label')) ?? '';
    await open.click();

    await fillDetails(
      page,
      {
        firstName: 'Mira',
        lastName: 'Kowalczyk',
        email: 'mira.kowalczyk@example.org',
        phone: '07700 900777',
      },
      { answer: async (form) => form.getByRole('radio', { name: 'Yes' }).first().check() },
    );
    await expect(w.getByRole('heading', { name: 'Check and book' })).toBeVisible();
    await expect(
      w.getByText('An open viewing: other visitors may be shown round at the same time.'),
    ).toBeVisible();
    await w.getByRole('button', { name: 'Book viewing' }).click();
    await expect(w.getByRole('heading', { name: 'Viewing booked' })).toBeVisible();

    // The next visitor is offered the same time, with one place fewer.
    await page.goto(`${base}properties/${encodeURIComponent(HOME)}`);
    await expect(
      widget(page).getByRole('button', { name: name.replace('6 places left', '5 places left') }),
    ).toBeVisible();
  });

  test('a home with no free time for weeks offers its waiting list', async ({ page }) => {
    const base = demo.url.replace('localhost', '127.0.0.1');
    await page.goto(`${base}properties/${encodeURIComponent(FULL_HOME)}`);
    const w = widget(page);
    await expect(w.getByRole('heading', { name: 'Choose a time' })).toBeVisible();
    await expect(w.getByText('There are no free times this week.')).toBeVisible();
    await expect(w.getByText('None of these times suit you?')).toBeVisible();
    await expect(w.getByRole('button', { name: 'Join the waiting list' })).toBeVisible();
    await expectNoAxeViolations(page, 'a full home');
  });
});
