import { expect, test } from './fixtures.ts';
import { popup } from './host-page.ts';

test('the snippet builder shows the chosen widget live, and the snippet it copies works when pasted into a page', async ({
  page,
  context,
  baseURL,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/builder');
  const form = page.getByRole('form', { name: 'Snippet options' });
  const preview = page.getByRole('region', { name: 'Live preview' }).locator('viewing-widget');
  await expect(preview.getByRole('heading', { name: 'Choose a branch' })).toBeVisible();

  await form.getByLabel('Branch').selectOption({ label: 'Bath' });
  await expect(preview.getByRole('heading', { name: 'Choose a property' })).toBeVisible();
  // Only Bath's homes are offered; choosing one books that home.
  const property = form.getByLabel('Property');
  const offered = await property
    .locator('option:not([hidden])')
    .evaluateAll((list) => list.map((o) => (o instanceof HTMLOptionElement ? o.value : '')).filter(Boolean));
  expect(offered.length).toBeGreaterThan(0);
  await property.selectOption(offered[0]!);
  await form.getByLabel('Language').selectOption('fr');
  await form.getByLabel('Colour').fill('#7c2d12');
  await expect(preview.getByRole('heading', { name: 'Choisissez un créneau' })).toBeVisible();
  await expect(preview.getByRole('button', { name: 'Semaine suivante' })).toHaveCSS(
    'color',
    'rgb(124, 45, 18)',
  );

  const snippet = form.getByLabel('Your snippet');
  await expect(snippet).toHaveValue(
    `<script async src="${baseURL}/viewing-widget.js"></script>\n` +
      `<viewing-widget proxy="${baseURL}/api" property="${offered[0]}" locale="fr" accent="#7c2d12"></viewing-widget>`,
  );
  await page.getByRole('button', { name: 'Copy snippet' }).click();
  await expect(page.getByRole('status')).toHaveText('Copied. Paste it into your page.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await snippet.inputValue());

  // Pasted into a page of the agency's site, as a web person would.
  const host = await context.newPage();
  await host.goto('/examples');
  await host.setContent(
    `<!doctype html><html lang="en-GB"><body><h1>Our new page</h1>${copied}</body></html>`,
  );
  await expect(
    host.locator('viewing-widget').getByRole('heading', { name: 'Choisissez un créneau' }),
  ).toBeVisible();
});

test('the snippet builder makes popup and floating-button snippets too, and previews them', async ({
  page,
  baseURL,
}) => {
  await page.goto('/builder');
  const form = page.getByRole('form', { name: 'Snippet options' });
  const region = page.getByRole('region', { name: 'Live preview' });

  await form.getByLabel('Branch').selectOption({ label: 'Bath' });
  await form.getByLabel('How it appears').selectOption('popup');
  const branch = await form.getByLabel('Branch').inputValue();
  await expect(form.getByLabel('Your snippet')).toHaveValue(
    `<script async src="${baseURL}/viewing-widget.js" data-proxy="${baseURL}/api"></script>\n` +
      `<button type="button" data-viewing-open data-branch="${branch}">Book a viewing</button>`,
  );
  await region.getByRole('button', { name: 'Book a viewing' }).click();
  await expect(popup(page).getByRole('heading', { name: 'Choose a property' })).toBeVisible();
  await page.keyboard.press('Escape');

  await form.getByLabel('How it appears').selectOption('button');
  await expect(form.getByLabel('Your snippet')).toHaveValue(
    `<script async src="${baseURL}/viewing-widget.js"></script>\n` +
      `<viewing-widget mode="button" proxy="${baseURL}/api" branch="${branch}"></viewing-widget>`,
  );
  await region.locator('viewing-widget').getByRole('button', { name: 'Book a viewing' }).click();
  await expect(
    region.locator('viewing-widget').getByRole('heading', { name: 'Choose a property' }),
  ).toBeVisible();
});
