import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { fillDetails, pickFirstFreeTime } from './helpers.ts';
import {
  callViewingWidget,
  documentListeners,
  eventLog,
  expectNoAxeViolations,
  floating,
  focused,
  popup,
} from './host-page.ts';

// A short window, so the example page scrolls and any jump of the page behind the dialog would show.
test.use({ viewport: { width: 1280, height: 600 } });

test('a "Book a viewing" button on a listing opens that home in a modal dialog: focus moves in and stays, Esc closes it and focus returns, and the page behind neither scrolls nor jumps', async ({
  page,
}) => {
  await page.goto('/examples/popup');
  await page.evaluate(() => window.scrollTo(0, 120));
  const before = await page.evaluate(() => ({
    y: scrollY,
    x: document.querySelector('h1')?.getBoundingClientRect().x,
  }));
  const trigger = page.getByRole('button', { name: /^Book a viewing of Studio/ });
  await trigger.click();

  const dialog = popup(page).getByRole('dialog', { name: 'Book a viewing' });
  await expect(dialog).toBeVisible();
  await expect(popup(page).getByRole('heading', { name: 'Choose a time' })).toBeFocused();
  await expect(popup(page).getByText(/^Studio, /)).toBeVisible();

  // The page behind stays put: no scroll from the wheel, no sideways jump from a vanished scrollbar.
  await page.mouse.move(40, 300);
  await page.mouse.wheel(0, 600);
  await page.waitForTimeout(200);
  expect(
    await page.evaluate(() => ({ y: scrollY, x: document.querySelector('h1')?.getBoundingClientRect().x })),
  ).toEqual(before);

  for (let i = 0; i < 30; i++) {
    await page.keyboard.press(i % 7 === 6 ? 'Shift+Tab' : 'Tab');
    expect(await focused(page), `focus after ${i + 1} presses`).toMatchObject({
      widget: 'popup',
      inDialog: true,
    });
  }

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(trigger).toBeFocused();
  expect(
    await page.evaluate(() => ({ y: scrollY, overflow: document.documentElement.style.overflow })),
  ).toEqual({
    y: before.y,
    overflow: '',
  });
  await expect(eventLog(page).filter({ hasText: 'viewing:close {"step":"slot"}' })).toHaveCount(1);
});

test('the close button closes the popup, and opening it again finds the visitor where they left off', async ({
  page,
}) => {
  await page.goto('/examples/popup');
  const open = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Book a viewing' });
  await open.click();
  const p = popup(page);
  await p.getByRole('button', { name: /^Bath/ }).click();
  await expect(p.getByRole('heading', { name: 'Choose a property' })).toBeVisible();
  await p.getByRole('radio', { name: 'For sale' }).check();
  await p.getByRole('button', { name: 'Close' }).click();
  await expect(p.getByRole('dialog')).toBeHidden();
  await expect(open).toBeFocused();

  await open.click();
  await expect(p.getByRole('heading', { name: 'Choose a property' })).toBeFocused();
  await expect(p.getByRole('radio', { name: 'For sale' })).toBeChecked();
  await expect(popup(page)).toHaveCount(1);
});

test('a floating button, with the label and corner the page chose, opens the booking and takes focus back on close', async ({
  page,
}) => {
  await page.goto('/examples/popup');
  const button = floating(page).getByRole('button', { name: 'Arrange a viewing' });
  await expect(button).toBeVisible();
  const box = await button.boundingBox();
  expect(box?.x).toBeLessThanOrEqual(24);
  expect((box?.y ?? 0) + (box?.height ?? 0)).toBeGreaterThan(600 - 24);
  expect(box?.height).toBeGreaterThanOrEqual(44);
  await expectNoAxeViolations(page, 'floating button', 'viewing-widget[mode="button"]');

  await button.click();
  await expect(floating(page).getByRole('heading', { name: 'Choose a branch' })).toBeFocused();
  await expectNoAxeViolations(page, 'floating button, open', 'viewing-widget[mode="button"]');
  await page.keyboard.press('Escape');
  await expect(button).toBeFocused();
});

test('calls to ViewingWidget made before the script arrives are kept and run once it has', async ({
  page,
}) => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/viewing-widget.js', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/examples/popup', { waitUntil: 'domcontentloaded' });
  // The loader snippet's stub is in place: calls queue up.
  await expect.poll(() => page.evaluate(() => typeof window.ViewingWidget)).toBe('function');
  await page.getByRole('button', { name: 'Book a viewing (opened by script)' }).click();
  expect(await page.evaluate(() => customElements.get('viewing-widget') === undefined)).toBe(true);
  await expect(popup(page)).toHaveCount(0);

  release();
  await expect(popup(page).getByRole('heading', { name: 'Choose a branch' })).toBeVisible();
  // The page's listeners, also queued before the script, hear the widget.
  await expect(eventLog(page).filter({ hasText: 'viewing:ready' })).toHaveCount(1);
});

test("a signed-in visitor's name, email and phone, passed with ViewingWidget('prefill'), are filled in", async ({
  page,
}) => {
  await page.goto('/examples/popup');
  await page.getByRole('button', { name: 'Sign in as Sam Taylor' }).click();
  await page.getByRole('button', { name: /^Book a viewing of Studio/ }).click();
  await pickFirstFreeTime(popup(page));
  const p = popup(page);
  await expect(p.getByLabel('First name', { exact: true })).toHaveValue('Sam');
  await expect(p.getByLabel('Last name', { exact: true })).toHaveValue('Taylor');
  await expect(p.getByLabel('Email', { exact: true })).toHaveValue('sam.taylor@example.org');
  await expect(p.getByLabel('Phone', { exact: true })).toHaveValue('07700 900456');
});

test("ViewingWidget('on') hears what DOM listeners hear; 'off' and 'destroy' stop it, and destroy takes the popup away", async ({
  page,
}) => {
  await page.goto('/examples/popup');
  await page.evaluate(() => {
    const seen: string[] = [];
    Object.assign(window, { seen });
    const api = window.ViewingWidget;
    if (typeof api !== 'function') throw new Error('no ViewingWidget');
    const onStep = (e: Event) => seen.push(`api ${e.type}`);
    Reflect.apply(api, window, ['on', 'viewing:step', onStep]);
    Reflect.apply(api, window, ['on', 'viewing:ready', (e: Event) => seen.push(`api ${e.type}`)]);
    document.addEventListener('viewing:step', (e) => seen.push(`dom ${e.type}`));
    document.addEventListener('viewing:ready', (e) => seen.push(`dom ${e.type}`));
    Object.assign(window, { onStep });
  });
  const seen = () => page.evaluate(() => Reflect.get(window, 'seen'));
  await callViewingWidget(page, 'open', { property: 'C497520AC3A9128C' });
  await expect(popup(page).getByRole('heading', { name: 'Choose a time' })).toBeVisible();
  await expect
    .poll(seen)
    .toEqual(['api viewing:ready', 'dom viewing:ready', 'api viewing:step', 'dom viewing:step']);

  await page.evaluate(() => {
    const api = window.ViewingWidget;
    if (typeof api !== 'function') throw new Error('no ViewingWidget');
    Reflect.apply(api, window, ['off', 'viewing:step', Reflect.get(window, 'onStep')]);
  });
  await pickFirstFreeTime(popup(page));
  await expect
    .poll(seen)
    .toEqual([
      'api viewing:ready',
      'dom viewing:ready',
      'api viewing:step',
      'dom viewing:step',
      'dom viewing:step',
    ]);

  await callViewingWidget(page, 'destroy');
  await expect(popup(page)).toHaveCount(0);
  expect(await page.evaluate(() => document.documentElement.style.overflow)).toBe('');
  await page.getByRole('button', { name: /^Book a viewing of Studio/ }).click();
  await expect(popup(page)).toHaveCount(0);
  // The page's own widget, the floating button, is the page's to remove: it is still there.
  await expect(floating(page).getByRole('button', { name: 'Arrange a viewing' })).toBeVisible();
});

test('several widgets on one page each keep their own visitor', async ({ page }) => {
  await page.goto('/examples/popup');
  const fab = floating(page);
  await fab.getByRole('button', { name: 'Arrange a viewing' }).click();
  await fab.getByRole('button', { name: /^Bath/ }).click();
  await expect(fab.getByRole('heading', { name: 'Choose a property' })).toBeVisible();
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: /^Book a viewing of Studio/ }).click();
  await pickFirstFreeTime(popup(page));
  await fillDetails(popup(page), {
    firstName: 'Noor',
    lastName: 'Haddad',
    email: 'noor.haddad@example.org',
    phone: '07700 900789',
  });
  await expect(popup(page).getByRole('heading', { name: 'Check and book' })).toBeVisible();
  await page.keyboard.press('Escape');

  await fab.getByRole('button', { name: 'Arrange a viewing' }).click();
  await expect(fab.getByRole('heading', { name: 'Choose a property' })).toBeVisible();
  await expect(fab.getByText('Step 2 of 5', { exact: true })).toBeVisible();
  await expect(fab.getByText('Noor Haddad')).toHaveCount(0);
});

test('a single-page app can mount, unmount and remount the widget, and load the script twice, without leaking or binding anything twice', async ({
  page,
}) => {
  const branchReads: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/v1/branches')) branchReads.push(r.url());
  });
  await page.goto('/examples/single-page-app');
  await page.waitForFunction(() => customElements.get('viewing-widget'));
  const cdp = await page.context().newCDPSession(page);
  const clicksBefore = await documentListeners(cdp, 'click');
  const app = page.locator('#app viewing-widget');
  const ready = eventLog(page).filter({ hasText: 'viewing:ready' });

  for (let round = 1; round <= 3; round++) {
    await page.getByRole('button', { name: 'Book a viewing', exact: true }).click();
    await expect(app.getByRole('heading', { name: 'Choose a branch' })).toBeVisible();
    await expect(ready).toHaveCount(round);
    await page.getByRole('button', { name: 'Contact' }).click();
    await expect(page.locator('viewing-widget')).toHaveCount(0);
  }
  expect(branchReads).toHaveLength(3);

  // Moving a live widget (a framework re-parenting it) keeps its visitor and asks for nothing again.
  await page.getByRole('button', { name: 'Book a viewing', exact: true }).click();
  await app.getByRole('button', { name: /^Bath/ }).click();
  await expect(app.getByRole('heading', { name: 'Choose a property' })).toBeVisible();
  await page.evaluate(() => {
    const el = document.querySelector('#app viewing-widget');
    if (!el) throw new Error('no widget');
    el.remove();
    document.getElementById('app')?.append(el);
  });
  await expect(app.getByRole('heading', { name: 'Choose a property' })).toBeVisible();
  expect(branchReads).toHaveLength(4);
  await expect(ready).toHaveCount(4);

  // A second copy of the script (two plugins both adding it) changes nothing.
  const api = await page.evaluateHandle(() => window.ViewingWidget);
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
  expect(await page.evaluate((first) => window.ViewingWidget === first, api)).toBe(true);
  expect(await documentListeners(cdp, 'click')).toBe(clicksBefore);

  await page.getByRole('link', { name: 'Book a viewing' }).click();
  await expect(popup(page).getByRole('heading', { name: 'Choose a branch' })).toBeVisible();
  await expect(popup(page)).toHaveCount(1);
  await expect(ready).toHaveCount(5);
});

test('with the script hosted on another origin (a CDN), the flow and its later steps load from there and the visitor reaches the booking', async ({
  page,
}) => {
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  // Opened at 127.0.0.1, this page loads the script from localhost: another origin to the browser.
  await page.goto('/examples/other-origin');
  const cdn = new URL(page.url());
  cdn.hostname = 'localhost';
  const w = page.locator('viewing-widget');
  await w.getByRole('button', { name: /^Bath/ }).click();
  await w
    .getByRole('button', { name: /^Book a viewing of / })
    .first()
    .click();
  await pickFirstFreeTime(w);
  await fillDetails(w, {
    firstName: 'Olivia',
    lastName: 'Brennan',
    email: 'olivia.brennan@example.org',
    phone: '07700 900135',
  });
  await expect(w.getByRole('heading', { name: 'Check and book' })).toBeVisible();
  const widgetFiles = scripts.filter((url) => /viewing-widget/.test(url));
  expect(widgetFiles.map((url) => new URL(url).origin)).toEqual(widgetFiles.map(() => cdn.origin));
  expect(scripts.map((url) => new URL(url).pathname)).toEqual(
    expect.arrayContaining(['/viewing-widget.js', '/viewing-widget.flow.js', '/viewing-widget.later.js']),
  );
});

/** The widget's files as the page asks for them, each marked when asked for after the (slowed) flow arrived. */
async function widgetFilesAsked(page: Page): Promise<string[]> {
  const asked: string[] = [];
  let flowArrived = false;
  page.on('request', (r) => {
    const file = new URL(r.url()).pathname;
    if (/viewing-widget/.test(file)) asked.push(`${file}${flowArrived ? ' after the flow' : ''}`);
  });
  // The flow's file is slow to come: a file asked for only once the flow has run is asked after it.
  await page.route('**/viewing-widget.flow.js', async (route) => {
    const answer = await route.fetch();
    await new Promise((resolve) => setTimeout(resolve, 600));
    flowArrived = true;
    await route.fulfill({ response: answer });
  });
  return asked;
}

test('on a home’s own page the time step’s code travels with the flow’s, not after it', async ({
  page,
  request,
}) => {
  const asked = await widgetFilesAsked(page);
  const listing = (await (await request.get('/api/v1/properties?channel=lettings&limit=1')).json()) as {
    properties: { id: string }[];
  };
  await page.goto(`/properties/${listing.properties[0]?.id ?? ''}`);
  await expect(page.locator('viewing-widget').getByRole('heading', { name: 'Choose a time' })).toBeVisible();
  expect(asked).toContain('/viewing-widget.browse.js');
  expect(asked).not.toContain('/viewing-widget.browse.js after the flow');
});

test('on a page that starts at the branches, the other steps’ code is asked for once they are drawn', async ({
  page,
}) => {
  const asked = await widgetFilesAsked(page);
  await page.goto('/examples/plain');
  await expect(page.locator('viewing-widget').getByRole('button', { name: /^Bath/ })).toBeVisible();
  expect(asked.slice(0, 2)).toEqual(['/viewing-widget.js', '/viewing-widget.flow.js']);
  await expect.poll(() => asked).toContain('/viewing-widget.browse.js after the flow');
  await expect.poll(() => asked).toContain('/viewing-widget.later.js after the flow');
});
