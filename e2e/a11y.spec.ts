import { ANY_DAY, expect, newContext, test, type Page } from './fixtures.ts';
import { confirmBooking, diary, FULL_TIME, walkToConfirm, widget } from './helpers.ts';
import { expectNoAxeViolations, expectTargetsAtLeast44, focused, homeIds, popup } from './host-page.ts';

const WEEKDAY = '(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
/** "Tuesday 24 November 2026, 15 times free": what it says for a day. */
const FULL_DAY = new RegExp(`^${WEEKDAY} \\d{1,2} \\w+ \\d{4}, (no times|\\d+ times?) free$`);

test('axe finds nothing to fix at any step, from the first branch to the booked viewing, and every control is 44px', async ({
  page,
  request,
}) => {
  await page.goto('/');
  const w = widget(page);
  const check = async (step: string) => {
    await expectNoAxeViolations(page, step);
    await expectTargetsAtLeast44(w, step);
  };

  await walkToConfirm(
    page,
    {
      firstName: 'Priya',
      lastName: 'Raman',
      email: 'priya.raman@example.org',
      phone: '07700 900654',
    },
    { check },
  );
  const reference = await confirmBooking(page);
  await check('done');
  expect((await diary(request)).map((e) => e.reference)).toContain(reference);

  // And the same flow in a popup, over the page.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Book a viewing' }).click();
  await expect(popup(page).getByRole('heading', { name: 'Choose a branch' })).toBeFocused();
  await expectNoAxeViolations(page, 'popup', 'viewing-widget[mode="popup"]');
  await expectTargetsAtLeast44(popup(page), 'popup');
});

/** Presses Tab until focus is on the control named `name` (inside a widget), failing after `max` presses. */
async function tabTo(page: Page, name: string | RegExp, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now.widget && (typeof name === 'string' ? now.name === name : name.test(now.name))) return now;
  }
  throw new Error(`Tab never reached ${String(name)}`);
}

test(
  'a visitor books a whole viewing with the keyboard alone, hearing every day and time in full',
  ANY_DAY,
  async ({ page, request }) => {
    await page.goto('/');
    const w = widget(page);
    await expect(w.getByRole('heading', { name: 'Choose a branch' })).toBeVisible();

    // Branch: Tab in from the page, Enter.
    await tabTo(page, /^Bath/, 60);
    await page.keyboard.press('Enter');
    await expect(w.getByRole('heading', { name: 'Choose a property' })).toBeFocused();
    await expect(w.locator('[aria-live="polite"]')).toHaveText('Step 2 of 5: Choose a property');

    // Property: the channel radios take arrow keys; then the first home's button.
    await tabTo(page, 'All');
    await page.keyboard.press('ArrowRight');
    await expect(w.getByRole('radio', { name: 'To let' })).toBeChecked();
    await tabTo(page, /^Book a viewing of /);
    await page.keyboard.press('Enter');
    await expect(w.getByRole('heading', { name: 'Choose a time' })).toBeFocused();

    // Days: a grid. Tab lands on the chosen day; arrows, Home/End and Page Up/Down move (and choose) days.
    const days = w.getByRole('grid').first();
    const firstDay = await tabTo(page, FULL_DAY);
    expect(firstDay.outline, 'a visible focus ring').not.toBe('none');
    await expect(days.getByRole('button', { pressed: true })).toHaveAccessibleName(firstDay.name);
    const weekLabel = await w.locator('#week').innerText();
    await page.keyboard.press('End');
    const last = await focused(page);
    expect(last.name).toMatch(FULL_DAY);
    await page.keyboard.press('Home');
    await page.keyboard.press('PageDown');
    await expect(w.locator('#week')).not.toHaveText(weekLabel);
    // The day is named at once, and with its free times as soon as they have loaded.
    await expect.poll(async () => (await focused(page)).name).toMatch(FULL_DAY);
    await page.keyboard.press('PageUp');
    await expect(w.locator('#week')).toHaveText(weekLabel);
    // Move to the first day with free times; its times follow. Each day is judged once its free times have
    // loaded and its name says how many.
    const dayNamed = async () => {
      await expect.poll(async () => (await focused(page)).name).toMatch(FULL_DAY);
      return focused(page);
    };
    for (let i = 0; i < 7 && / no times free$/.test((await dayNamed()).name); i++)
      await page.keyboard.press('ArrowRight');
    const day = await dayNamed();
    expect(day.name).toMatch(/\d+ times? free$/);
    await expect(w.getByRole('heading', { name: `Times on ${day.name.split(',')[0]}` })).toBeVisible();

    // Times: another grid; the arrows move, Enter chooses.
    const time = await tabTo(page, FULL_TIME);
    expect(time.outline).not.toBe('none');
    await page.keyboard.press('ArrowRight');
    const chosen = await focused(page);
    expect(chosen.name).toMatch(FULL_TIME);
    expect(chosen.name).not.toBe(time.name);
    await page.keyboard.press('Enter');
    await expect(w.getByRole('heading', { name: 'Your details' })).toBeFocused();

    // Details: typed field by field, Space ticks the consent, Enter sends.
    await page.keyboard.press('Tab');
    await expect(w.getByLabel('First name', { exact: true })).toBeFocused();
    await page.keyboard.type('Kwame');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Mensah');
    await page.keyboard.press('Tab');
    await page.keyboard.type('kwame.mensah@example.org');
    await page.keyboard.press('Tab');
    await page.keyboard.type('07700 900246');
    // The agency's questions: a radio group is one Tab stop, Space picks; the rest are optional and passed by.
    await tabTo(page, 'No pets');
    await page.keyboard.press('Space');
    await expect(w.getByRole('radio', { name: 'No pets' })).toBeChecked();
    await tabTo(page, 'Message for the agent (optional)');
    await page.keyboard.type('Is there parking nearby?');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await expect(w.getByRole('checkbox', { name: /Send me news/ })).toBeChecked();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(w.getByRole('heading', { name: 'Check and book' })).toBeFocused();
    await expect(w.getByText(chosen.name.split(', ')[1] ?? '')).toBeVisible();

    await tabTo(page, 'Book viewing');
    await page.keyboard.press('Enter');
    await expect(w.getByRole('heading', { name: 'Viewing booked' })).toBeFocused();
    const reference = (await w.getByText(/^VW-\d+$/).innerText()).trim();

    const entry = (await diary(request)).find((e) => e.reference === reference);
    expect(entry?.guests[0]).toMatchObject({ forename: 'Kwame', surname: 'Mensah', allowMarketing: true });
    expect(entry?.comments).toContain('Is there parking nearby?');
    expect(entry?.comments).toContain('Any pets? No pets');
  },
);

test('an error is announced, with a way to try again that the keyboard reaches', async ({ page }) => {
  let fail = true;
  await page.route(
    (url) => url.pathname === '/api/v1/slots',
    (route) =>
      fail
        ? route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: JSON.stringify({ error: { code: 'upstream_unavailable', message: 'agentOS is down' } }),
          })
        : route.continue(),
  );
  const [, , home] = await homeIds(page.request, 'channel=sales&limit=3');
  await page.goto(`/properties/${home}`);
  const w = widget(page);
  const message = 'The booking system is not answering right now. Please try again in a moment.';
  await expect(w.locator('[aria-live="polite"]')).toHaveText(message);
  fail = false;
  await tabTo(page, 'Try again');
  await page.keyboard.press('Enter');
  await expect(w.getByRole('button', { name: FULL_TIME }).first()).toBeVisible();
  await expect(w.locator('[aria-live="polite"]')).toHaveText('Step 1 of 3: Choose a time');
});

test('the loading spinner stands still for visitors who ask for reduced motion', async ({ browser }) => {
  const spin = async (reducedMotion: 'reduce' | 'no-preference') => {
    const context = await newContext(browser, { reducedMotion });
    const page = await context.newPage();
    // Hold the free times back, so the widget sits showing its spinner.
    await page.route(
      (url) => url.pathname === '/api/v1/slots',
      () => new Promise(() => undefined),
    );
    const [, , home] = await homeIds(page.request, 'channel=sales&limit=3');
    await page.goto(`/properties/${home}`);
    const spinner = widget(page).locator('.spinner');
    await expect(spinner).toBeVisible();
    const name = await spinner.evaluate((el) => getComputedStyle(el).animationName);
    await context.close();
    return name;
  };
  expect(await spin('no-preference')).toBe('spin');
  expect(await spin('reduce')).toBe('none');
});
