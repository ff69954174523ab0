import { startDemo } from '../demo/server.ts';
import { expect, test } from './fixtures.ts';
import { widget } from './helpers.ts';
import { expectNoAxeViolations } from './host-page.ts';

test('at a branch of 300 homes the visitor finds homes by street and bedrooms, and is told how many match', async ({
  page,
}) => {
  // A demo of its own whose agentOS holds Bristol Harbourside, a branch advertising 300 homes.
  const demo = await startDemo({ port: 0, quiet: true, seed: 'large-branch', unlimitedUpstream: true });
  try {
    await page.goto(new URL('/examples/plain', demo.url).href);
    const w = widget(page);
    await w.getByRole('button', { name: /^Bristol Harbourside/ }).click();
    const count = w.getByText(/^Showing \d+ of \d+ homes$/);
    await expect(count).toHaveText(/ of 300 homes$/);
    await expectNoAxeViolations(page, 'property step with its search');

    const search = w.getByRole('search', { name: 'Find a home' });
    await search.getByLabel('Street, town or postcode').fill('narrow quay');
    await search.getByLabel('Bedrooms').selectOption({ label: '2+' });
    await search.getByRole('button', { name: 'Search' }).click();
    await expect(count).not.toHaveText(/ of 300 homes$/);
    const [shown, total] = ((await count.textContent()) ?? '').match(/\d+/g)!.map(Number);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(300);
    const cards = w.locator('li.card');
    await expect(cards).toHaveCount(shown!);
    for (const address of await cards.locator('.muted').allTextContents())
      expect(address).toMatch(/Narrow Quay/);
    for (const rooms of await cards.locator('.facts').allTextContents())
      expect(rooms).toMatch(/[2-9] bedrooms/);

    // Nothing matches: said so, with the way back to every home.
    await search.getByLabel('Street, town or postcode').fill('no such street anywhere');
    await search.getByRole('button', { name: 'Search' }).click();
    await expect(w.getByText('No homes match your search.')).toBeVisible();
    await w.getByRole('button', { name: 'Show all homes' }).click();
    await expect(count).toHaveText(/ of 300 homes$/);
  } finally {
    await demo.close();
  }
});
