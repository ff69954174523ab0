import AxeBuilder from '@axe-core/playwright';
import { ANY_DAY, expect, test } from './fixtures.ts';
import { DEMO_STAFF_KEY } from '../demo/server.ts';
import { E2E_SANDBOX_URL } from '../playwright.config.ts';
import { confirmBooking, diary, fillDetails, pickFirstFreeTime, uniqueSurname, widget } from './helpers.ts';

test(
  "a visitor answers the agency's lettings questions in the details step, and staff read the answers with the viewing",
  ANY_DAY,
  async ({ page, request }) => {
    const { properties } = (await (
      await request.get('/api/v1/properties?channel=lettings&limit=12')
    ).json()) as {
      properties: { id: string; branchId: string }[];
    };
    // A home no other test books, at its last free time.
    const home = properties[9]!;
    await page.goto(`/properties/${home.id}`);
    await pickFirstFreeTime(page, { which: 'last' });
    const lastName = uniqueSurname('Asked');
    await fillDetails(
      page,
      {
        firstName: 'Sami',
        lastName,
        email: `sami.${lastName.toLowerCase()}@example.org`,
        phone: '07700 900777',
      },
      {
        answer: async (w) => {
          await w.getByLabel('When would you like to move in? (optional)').fill('2027-03-01');
          await w.getByLabel('How many adults would live in the home? (optional)').fill('2');
          await w
            .getByRole('group', { name: 'Any pets? (optional)' })
            .getByRole('radio', { name: 'A dog' })
            .check();
          const guarantor = w.getByRole('group', {
            name: 'Could you provide a UK-based guarantor if asked? (optional)',
          });
          await guarantor.getByRole('radio', { name: 'Yes' }).check();
          const results = await new AxeBuilder({ page })
            .include('viewing-widget')
            .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
            .analyze();
          expect(
            results.violations.map((v) => v.id),
            'axe, the details step with questions',
          ).toEqual([]);
        },
      },
    );
    // Shown back before booking, as answered.
    const summary = widget(page).locator('dl.summary');
    await expect(summary).toContainText('Any pets?A dog');
    await expect(summary).toContainText('How many adults would live in the home?2');
    const reference = await confirmBooking(page);

    // In the agent's own diary, under the visitor's message.
    const upstream = (await (await request.get(`${E2E_SANDBOX_URL}/_sandbox/diary`)).json()) as {
      diary: { reference: string; comments: string }[];
    };
    const comments = upstream.diary.find((e) => e.reference === reference)?.comments;
    expect(comments).toContain(
      'Answers:\nWhen would you like to move in? 2027-03-01\nHow many adults would live in the home? 2\nAny pets? A dog\nCould you provide a UK-based guarantor if asked? Yes',
    );

    // And in the staff diary, with the viewing.
    const entry = (await diary(request)).find((e) => e.reference === reference)!;
    await page.goto(`/api/staff?branch=${home.branchId}&day=${entry.start.slice(0, 10)}`);
    const staff = page.locator('viewing-staff');
    await staff.getByLabel('Staff key').fill(DEMO_STAFF_KEY);
    await staff.getByRole('button', { name: 'Sign in' }).click();
    const viewing = staff.getByRole('listitem').filter({ hasText: `Viewer: Sami ${lastName}` });
    await viewing.getByRole('button', { name: /^Open the viewing at / }).click();
    await expect(viewing.getByText('Any pets? A dog')).toBeVisible();
    await expect(viewing.getByText('Could you provide a UK-based guarantor if asked? Yes')).toBeVisible();
  },
);

test('a French visitor is asked the same questions in French', ANY_DAY, async ({ page, request }) => {
  const { properties } = (await (
    await request.get('/api/v1/properties?channel=lettings&limit=1')
  ).json()) as {
    properties: { id: string }[];
  };
  await page.goto(`/properties/${properties[0]!.id}`);
  await page.locator('viewing-widget').evaluate((el) => el.setAttribute('locale', 'fr'));
  const w = widget(page);
  await expect(w.getByRole('heading', { name: 'Choisissez un créneau' })).toBeVisible();
  await w
    .getByRole('button', { name: / \d\d:\d\d$/ })
    .first()
    .click();
  await expect(w.getByLabel('Quand souhaitez-vous emménager ? (facultatif)')).toBeVisible();
  await expect(w.getByRole('group', { name: 'Des animaux ? (facultatif)' }).getByRole('radio')).toHaveCount(
    4,
  );
});

test("the snippet builder flags a lettings question the Renters' Rights Act forbids, and writes the rest as proxy settings", async ({
  page,
}) => {
  await page.goto('/builder');
  const form = page.getByRole('form', { name: 'Questions for lettings viewings' });
  const lines = form.getByLabel('Your questions, one per line');
  await expect(form.getByLabel("For your proxy's configuration file")).toHaveValue(
    /"move_in"|when_would_you/,
  );
  await lines.fill(
    'When would you like to move in?\nWill any children live with you?\nDo you receive housing benefit?',
  );
  const warnings = form.getByRole('listitem');
  await expect(warnings).toHaveCount(2);
  await expect(warnings.first()).toContainText('“Will any children live with you?” asks about children');
  await expect(warnings.last()).toContainText('“Do you receive housing benefit?” asks about benefits');
  const settings = JSON.parse(await form.getByLabel("For your proxy's configuration file").inputValue()) as {
    questions: { lettings: { label: { en: string } }[] };
  };
  expect(settings.questions.lettings.map((q) => q.label.en)).toEqual(['When would you like to move in?']);
});
