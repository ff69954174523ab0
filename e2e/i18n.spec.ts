import { expect, test } from './fixtures.ts';
import { widget } from './helpers.ts';

const LANGUAGES = [
  {
    lang: 'fr',
    branchStep: 'Choisissez une agence',
    slotStep: 'Choisissez un créneau',
    // "mardi 24 novembre 2026, de 10:30 à 11:00"
    time: /^(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d{1,2} [a-zéû]+ \d{4}, de \d\d:\d\d à \d\d:\d\d$/,
    price: /^[\d\u202f ]+\u00a0£GB par mois$/,
    zone: /^Horaires en heure (moyenne de Greenwich|d’été britannique) \(Europe\/London\)$/,
  },
  {
    lang: 'nl',
    branchStep: 'Kies een vestiging',
    slotStep: 'Kies een tijd',
    // "dinsdag 24 november 2026, 10:30 tot 11:00"
    time: /^(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag) \d{1,2} [a-z]+ \d{4}, \d\d:\d\d tot \d\d:\d\d$/,
    price: /^£\u00a0[\d.]+ per maand$/,
    zone: /^Tijden in (Greenwich Mean Time|Britse zomertijd) \(Europe\/London\)$/,
  },
  {
    lang: 'de',
    branchStep: 'Filiale wählen',
    slotStep: 'Termin wählen',
    // "Dienstag, 24. November 2026, 10:30 bis 11:00 Uhr"
    time: /^(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag), \d{1,2}\. [A-Za-zä]+ \d{4}, \d\d:\d\d bis \d\d:\d\d Uhr$/,
    price: /^[\d.]+\u00a0£ pro Monat$/,
    zone: /^Zeitzone: (Mittlere Greenwich-Zeit|Britische Sommerzeit) \(Europe\/London\)$/,
  },
];

for (const l of LANGUAGES) {
  test(`on a page in ${l.lang} the widget speaks ${l.lang}, loading only that language, and writes dates, times and prices its way`, async ({
    page,
  }) => {
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await page.goto(`/examples/language/${l.lang}`);
    const w = widget(page);
    await expect(w.getByRole('heading', { name: l.branchStep })).toBeVisible();
    expect(await w.evaluate((host) => host.shadowRoot?.querySelector('.root')?.getAttribute('lang'))).toBe(
      l.lang,
    );
    // The boot script, the flow's code, and of the languages only this one.
    expect(scripts.slice(0, 2)).toEqual(['/viewing-widget.js', '/viewing-widget.flow.js']);
    expect(scripts.filter((s) => /\.(en-US|fr|nl|de)\.js$/.test(s))).toEqual([
      `/viewing-widget.${l.lang}.js`,
    ]);

    await w.getByRole('button', { name: /^Bath/ }).click();
    await expect(w.locator('.price').first()).toHaveText(l.price);
    // The same home in every language, so its free times come from the proxy's cache.
    await w.locator('button.card-action').first().click();
    await expect(w.getByRole('heading', { name: l.slotStep })).toBeVisible();
    await expect(w.locator('.zone')).toHaveText(l.zone);
    const time = w.locator('button.time').first();
    await expect(time).toBeVisible();
    expect(await time.getAttribute('aria-label')).toMatch(l.time);
  });
}

test('American English, asked for by the locale attribute, wins over the page language', async ({ page }) => {
  await page.goto('/examples/language/fr');
  const w = widget(page);
  await expect(w.getByRole('heading', { name: 'Choisissez une agence' })).toBeVisible();
  await w.evaluate((el) => el.setAttribute('locale', 'en-US'));
  await expect(w.getByRole('heading', { name: 'Choose an office' })).toBeVisible();
  await w.getByRole('button', { name: /^Bath/ }).click();
  await expect(w.locator('.price').first()).toHaveText(/^£[\d,]+ per month$/);
  await w.locator('button.card-action').first().click();
  const time = w.locator('button.time').first();
  await expect(time).toBeVisible();
  // "Tuesday, November 24, 2026, 10:30 AM to 11:00 AM"
  expect(await time.getAttribute('aria-label')).toMatch(
    /^[A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}, \d{4}, \d\d:\d\d [AP]M to \d\d:\d\d [AP]M$/,
  );
});

test('a page in a language the widget does not speak gets British English', async ({ page }) => {
  await page.goto('/examples/language/fr');
  await page.evaluate(() => {
    document.documentElement.lang = 'es';
    const el = document.createElement('viewing-widget');
    el.id = 'spanish-page-widget';
    el.setAttribute('proxy', '/api');
    document.querySelector('main')?.append(el);
  });
  const w = page.locator('#spanish-page-widget');
  await expect(w.getByRole('heading', { name: 'Choose a branch' })).toBeVisible();
  expect(await w.evaluate((host) => host.shadowRoot?.querySelector('.root')?.getAttribute('lang'))).toBe(
    'en-GB',
  );
});
