import { expect, test, type Locator, type Page } from './fixtures.ts';
import { fillDetails, widget } from './helpers.ts';
import { expectNoHorizontalOverflow, homeIds, popup } from './host-page.ts';

/** Walks the home page's widget from branch to the confirm step, checking the width at every step. */
async function walk(page: Page, w: Locator, size: string) {
  await expect(w.getByRole('heading', { name: 'Choose a branch' })).toBeVisible();
  await expectNoHorizontalOverflow(page, w, `${size} branch`);
  await w.getByRole('button', { name: /^Bath/ }).click();
  await expect(w.getByRole('button', { name: /^Book a viewing of / }).first()).toBeVisible();
  await expectNoHorizontalOverflow(page, w, `${size} property`);
  await w
    .getByRole('button', { name: /^Book a viewing of / })
    .first()
    .click();
  await expect(w.locator('button.time').first()).toBeVisible();
  await expectNoHorizontalOverflow(page, w, `${size} slot`);
  await w.locator('button.time').first().click();
  await w.getByRole('button', { name: 'Continue' }).click();
  await expect(w.getByText('Enter your first name')).toBeVisible();
  await expectNoHorizontalOverflow(page, w, `${size} details with errors`);
  await fillDetails(w, {
    firstName: 'Alexandra-Louise',
    lastName: 'Montgomery-Fotheringham',
    email: 'alexandra-louise.montgomery-fotheringham@example.org',
    phone: '+44 7700 900975',
  });
  await expect(w.getByRole('heading', { name: 'Check and book' })).toBeVisible();
  await expectNoHorizontalOverflow(page, w, `${size} confirm`);
}

for (const viewport of [
  { width: 360, height: 740 },
  { width: 1280, height: 800 },
]) {
  test(`at ${viewport.width}×${viewport.height} nothing is wider than the screen at any step, inline or in the popup`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    await page.goto('/');
    await walk(page, widget(page), `${viewport.width}px inline`);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Book a viewing' })
      .click();
    await walk(page, popup(page), `${viewport.width}px popup`);
    const dialog = await popup(page).getByRole('dialog').boundingBox();
    if (viewport.width < 640)
      expect(dialog).toMatchObject({ x: 0, y: 0, width: viewport.width, height: viewport.height });
    else expect(dialog?.width).toBeLessThan(viewport.width);
  });
}

test('at 320px wide a week of days still fits, in two rows of full-size buttons', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  const [, , home] = await homeIds(page.request, 'channel=sales&limit=3');
  await page.goto(`/properties/${home}`);
  const w = widget(page);
  const days = w.locator('button.day');
  await expect(days).toHaveCount(7);
  const boxes = await days.evaluateAll((list) =>
    list.map((d) => {
      const r = d.getBoundingClientRect();
      return { top: r.top, width: r.width, height: r.height };
    }),
  );
  expect(new Set(boxes.map((b) => Math.round(b.top))).size).toBe(2);
  for (const b of boxes) expect(Math.min(b.width, b.height)).toBeGreaterThanOrEqual(44);
  await expectNoHorizontalOverflow(page, w, '320px slot');
});
