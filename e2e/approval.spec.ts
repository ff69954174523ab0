import AxeBuilder from '@axe-core/playwright';
import { ANY_DAY, expect, newContext, test, type APIRequestContext, type Page } from './fixtures.ts';
import { DEMO_APPROVAL } from '../demo/approval.ts';
import { DEMO_STAFF_KEY } from '../demo/server.ts';
import { diary, fillDetails, pickFirstFreeTime, uniqueSurname, widget } from './helpers.ts';

const [TO_LET, FOR_SALE] = DEMO_APPROVAL.agentos.properties as [string, string];

/** Books the home through the widget, at its last free time; the reference and the visitor's own link. */
async function bookThroughWidget(page: Page, homeId: string, firstName: string) {
  await page.goto(`/properties/${homeId}`);
  await pickFirstFreeTime(page, { which: 'last' });
  const lastName = uniqueSurname('Owned');
  await fillDetails(page, {
    firstName,
    lastName,
    email: `${firstName.toLowerCase()}.${lastName.toLowerCase()}@example.org`,
    phone: '07700 900321',
  });
  const w = widget(page);
  // Said before booking, not only after.
  await expect(
    w.getByText(/^The owner of this home agrees each viewing first: booking sends them/),
  ).toBeVisible();
  await w.getByRole('button', { name: 'Book viewing' }).click();
  await expect(w.getByRole('heading', { name: 'Viewing requested' })).toBeVisible();
  const reference = (await w.getByText(/^VW-\d+$/).innerText()).trim();
  const manageUrl = await w.getByRole('link', { name: 'Change or cancel' }).getAttribute('href');
  return { reference, lastName, manageUrl: manageUrl ?? '' };
}

/** The viewing in the staff diary, with the owner's link while their answer is awaited. */
async function staffEntry(request: APIRequestContext, homeId: string, reference: string) {
  const { property } = (await (await request.get(`/api/v1/properties/${homeId}`)).json()) as {
    property: { branchId: string };
  };
  const day = (await diary(request)).find((e) => e.reference === reference)?.start.slice(0, 10) ?? '';
  const answer = await request.get(`/api/staff/api/diary?branchId=${property.branchId}&from=${day}&days=1`, {
    headers: { authorization: `Bearer ${DEMO_STAFF_KEY}` },
  });
  expect(answer.ok()).toBe(true);
  const { viewings } = (await answer.json()) as {
    viewings: {
      reference: string;
      booked?: { status: string; approval?: { status: string; url?: string } };
    }[];
  };
  return { branchId: property.branchId, day, entry: viewings.find((v) => v.reference === reference) };
}

test(
  'a home whose owner agrees each viewing: the visitor is told it is requested, the owner agrees on their page, and the visitor’s link shows it booked',
  ANY_DAY,
  async ({ page, request, browser }) => {
    const { reference, lastName, manageUrl } = await bookThroughWidget(page, TO_LET, 'Noor');
    await expect(
      widget(page).getByText(/^The owner agrees each viewing first\. We will email you/),
    ).toBeVisible();

    const { entry } = await staffEntry(request, TO_LET, reference);
    expect(entry?.booked?.status).toBe('requested');
    const ownerUrl = entry?.booked?.approval?.url ?? '';
    expect(ownerUrl).toMatch(/\/api\/approve\//);

    // The owner opens their link on a browser of their own.
    const context = await newContext(browser);
    const owner = await context.newPage();
    await owner.goto(ownerUrl);
    await expect(owner.getByRole('heading', { name: /^Viewing request:/ })).toBeVisible();
    await expect(owner.getByText(/^Noor would like to view/)).toBeVisible();
    await expect(owner.getByText(lastName)).toHaveCount(0);
    const axe = await new AxeBuilder({ page: owner })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    expect(
      axe.violations.map((v) => v.id),
      'axe, the owner’s page',
    ).toEqual([]);
    await owner.getByRole('button', { name: 'Agree to this viewing' }).click();
    await expect(owner.getByRole('status')).toContainText('You agreed to this viewing');
    await context.close();

    // The visitor's own link now shows it booked, with the usual way to change it (the proxy's page speaks the
    // browser's language: American English here).
    await page.goto(manageUrl);
    await expect(widget(page).getByText(/^You can reschedule or cancel it here until/)).toBeVisible();
  },
);

test(
  'staff give the answer of an owner who rang the branch: declined, the visitor’s link says so',
  ANY_DAY,
  async ({ page, request }) => {
    const { reference, lastName, manageUrl } = await bookThroughWidget(page, FOR_SALE, 'Ines');
    const { branchId, day } = await staffEntry(request, FOR_SALE, reference);

    await page.goto(`/api/staff?branch=${branchId}&day=${day}`);
    const staff = page.locator('viewing-staff');
    await staff.getByLabel('Staff key').fill(DEMO_STAFF_KEY);
    await staff.getByRole('button', { name: 'Sign in' }).click();
    const viewing = staff.getByRole('listitem').filter({ hasText: `Viewer: Ines ${lastName}` });
    await viewing.getByRole('button', { name: /^Open the viewing at / }).click();
    await expect(viewing.getByText(/^Waiting for the owner’s answer, due by /)).toBeVisible();
    await expect(viewing.getByRole('link', { name: 'answer as the owner' })).toBeVisible();
    await viewing.getByRole('button', { name: 'The owner declines' }).click();
    await expect(viewing.getByText('The owner declined')).toBeVisible();

    await page.goto(manageUrl);
    await expect(widget(page).getByText(/^The owner of this home couldn’t approve this tour/)).toBeVisible();
  },
);
