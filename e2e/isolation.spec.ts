import { expect, test, type Locator, type Page } from './fixtures.ts';
import { confirmBooking, diary, fillDetails, pickFirstFreeTime, widget } from './helpers.ts';
import { eventLog, popup } from './host-page.ts';

/** Collects what the browser reports against the page's CSP, and the console's errors. */
async function watchForViolations(page: Page) {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} ${m.location().url}`);
  });
  page.on('pageerror', (e) => errors.push(e.message));
  // Added before any page script runs; Playwright injects it outside the page's CSP.
  await page.addInitScript(() => {
    const violations: string[] = [];
    Object.assign(window, { violations });
    document.addEventListener('securitypolicyviolation', (e) =>
      violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return async () => ({
    violations: await page.evaluate(() => Reflect.get(window, 'violations')),
    errors,
  });
}

test("on a page with a strict Content-Security-Policy a whole booking works, nothing is blocked, and the page's utm_ tags reach the agent's notes", async ({
  page,
  request,
}) => {
  const report = await watchForViolations(page);
  const response = await page.goto('/examples/strict-csp?utm_source=newsletter&utm_campaign=spring-lettings');
  expect(response?.headers()['content-security-policy']).toBe(
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'",
  );
  const w = widget(page);
  await w.getByRole('button', { name: /^Bath/ }).click();
  await expect(w.getByRole('heading', { name: 'Choose a property' })).toBeVisible();
  // Its styles applied (constructed stylesheets are allowed where a <style> would be blocked) ...
  const primary = w.getByRole('button', { name: /^Book a viewing of / }).first();
  await expect(primary).toHaveCSS('background-color', 'rgb(15, 118, 110)');
  // ... and its photos, from the proxy on this site, load.
  await expect
    .poll(() =>
      w
        .locator('img')
        .first()
        .evaluate((img) => img instanceof HTMLImageElement && img.naturalWidth > 0),
    )
    .toBe(true);
  await primary.click();

  await pickFirstFreeTime(page);
  await fillDetails(page, {
    firstName: 'Olivia',
    lastName: 'Brennan',
    email: 'olivia.brennan@example.org',
    phone: '07700 900135',
  });
  const reference = await confirmBooking(page);
  const entry = (await diary(request)).find((e) => e.reference === reference);
  expect(entry?.comments).toContain('utm_source=newsletter');
  expect(entry?.comments).toContain('utm_campaign=spring-lettings');
  await expect(eventLog(page).filter({ hasText: `viewing:booked {"reference":"${reference}"` })).toHaveCount(
    1,
  );

  // A French popup loads its language file, a script from the same place as the widget: allowed too.
  await page.getByRole('button', { name: 'Réserver en français' }).click();
  await expect(popup(page).getByRole('heading', { name: 'Choisissez une agence' })).toBeFocused();

  expect(await report()).toEqual({ violations: [], errors: [] });
});

/** Computed styles of the page's own elements, to compare with and without the widget on the page. */
function pageStyles(page: Page) {
  return page.evaluate(() => {
    const props = [
      'font-family',
      'font-size',
      'color',
      'background-color',
      'border-top-style',
      'display',
      'box-sizing',
    ];
    const out: Record<string, string[]> = {};
    for (const selector of [
      'body',
      'h1',
      'main p',
      '.newsletter input',
      '.newsletter button',
      'div.book',
      'footer',
    ])
      for (const el of document.querySelectorAll(selector)) {
        const style = getComputedStyle(el);
        (out[selector] ??= []).push(props.map((p) => style.getPropertyValue(p)).join('|'));
      }
    return out;
  });
}

/** Computed styles of the widget's own elements at the details step. */
function widgetStyles(w: Locator) {
  return w.evaluate((host) => {
    const root = host.shadowRoot;
    const props = [
      'font-family',
      'font-size',
      'line-height',
      'letter-spacing',
      'text-transform',
      'color',
      'background-color',
      'border-top-width',
      'border-top-color',
      'border-radius',
      'height',
      'display',
      'box-sizing',
      'padding-left',
      'outline-style',
    ];
    const out: Record<string, string> = {};
    for (const selector of [
      '.vw',
      'h2',
      '.back',
      'label',
      'input[name="email"]',
      'textarea',
      'label.check input',
      '.primary',
    ])
      out[selector] = props
        .map((p) => getComputedStyle(root?.querySelector(selector) ?? host).getPropertyValue(p))
        .join('|');
    return out;
  });
}

async function toDetails(w: Locator, branch: RegExp) {
  await w.getByRole('button', { name: branch }).click();
  await w
    .getByRole('button', { name: /^Book a viewing of / })
    .first()
    .click();
  await pickFirstFreeTime(w);
}

test('a theme with global resets and !important rules on *, div, button and input cannot change the widget, and the widget changes nothing of the page', async ({
  page,
  request,
}) => {
  // The widget's look on a plain page, for comparison.
  await page.goto('/');
  await toDetails(widget(page), /^Bath/);
  const plain = await widgetStyles(widget(page));

  // The themed page without the widget's script, then with it: the page's own styles are the same.
  await page.route('**/viewing-widget.js', (route) => route.abort());
  await page.goto('/examples/wordpress-theme');
  const withoutWidget = await pageStyles(page);
  await page.unroute('**/viewing-widget.js');
  await page.goto('/examples/wordpress-theme');
  const w = widget(page);
  await expect(w.getByRole('heading', { name: 'Choose a branch' })).toBeVisible();
  expect(await pageStyles(page)).toEqual(withoutWidget);
  // The theme is really there: it hides every checkbox and restyles every button of the page's own.
  await expect(page.getByRole('button', { name: 'Subscribe' })).toHaveCSS(
    'background-color',
    'rgb(255, 235, 59)',
  );

  await toDetails(w, /^Bath/);
  expect(await widgetStyles(w)).toEqual(plain);
  await expect(w.getByRole('checkbox', { name: /Send me news/ })).toBeVisible();

  await fillDetails(page, {
    firstName: 'Tom',
    lastName: 'Fairweather',
    email: 'tom.fairweather@example.org',
    phone: '07700 900864',
  });
  const reference = await confirmBooking(page);
  expect((await diary(request)).map((e) => e.reference)).toContain(reference);

  // The theme's `dialog { position: static !important }` cannot pull the popup into the page either.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Book a viewing' }).click();
  const dialog = popup(page).getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveCSS('position', 'fixed');
});

test('the script adds one global to the page, ViewingWidget, and nothing else', async ({ page }) => {
  await page.route('**/blank-host-page', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Host</title><h1>Host</h1>' }),
  );
  await page.goto('/blank-host-page');
  const before = await page.evaluate(() => Object.getOwnPropertyNames(window));
  await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.src = '/viewing-widget.js';
        s.onload = resolve;
        s.onerror = reject;
        document.head.append(s);
      }),
  );
  const added = await page.evaluate(
    (names) => Object.getOwnPropertyNames(window).filter((n) => !names.includes(n)),
    before,
  );
  expect(added).toEqual(['ViewingWidget']);
  // The API itself, not something else under its name.
  expect(await page.evaluate(() => typeof window.ViewingWidget)).toBe('function');
  expect(await page.evaluate(() => typeof customElements.get('viewing-widget'))).toBe('function');
});

test('on a right-to-left page the English widget still reads left to right: its week, its days and its times in order', async ({
  page,
}) => {
  await page.goto('/');
  await page.evaluate(() => {
    document.documentElement.dir = 'rtl';
  });
  const w = widget(page);
  await expect(w.locator('.root')).toHaveCSS('direction', 'ltr');
  await w.getByRole('button', { name: /^Bath/ }).click();
  await w
    .getByRole('button', { name: /^Book a viewing of / })
    .first()
    .click();
  await expect(w.getByRole('button', { name: / to \d\d:\d\d$/ }).first()).toBeVisible();
  await expect(w.locator('.week-label')).toHaveCSS('direction', 'ltr');

  /** Where each element starts, from the left of the screen, for those on the first one's line. */
  const lefts = (selector: string) =>
    w.locator(selector).evaluateAll((elements) => {
      const boxes = elements.map((e) => e.getBoundingClientRect());
      return boxes.filter((b) => b.top === boxes[0]?.top).map((b) => b.left);
    });
  const ascending = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const days = await lefts('.days button');
  expect(days).toHaveLength(7);
  expect(days).toEqual(ascending(days));
  // "Previous week" on the left, "Next week" on the right; the earliest time first.
  const week = await lefts('.week button');
  expect(week).toHaveLength(2);
  expect(week).toEqual(ascending(week));
  const times = await lefts('.times button');
  expect(times.length).toBeGreaterThan(1);
  expect(times).toEqual(ascending(times));
});
