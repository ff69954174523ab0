import type { TestInfo } from '@playwright/test';
import { expect, test, type Locator, type Page } from './fixtures.ts';
import { FULL_TIME, walkToConfirm, widget } from './helpers.ts';
import { expectNoAxeViolations, popup } from './host-page.ts';

/** WCAG's relative luminance of a computed `rgb(…)` colour. */
function luminance(colour: string): number {
  const [r, g, b] = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG's contrast ratio between two computed colours. */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/** Computed colours inside the widget, for the selectors asked, from its shadow root. */
function colours(w: Locator, selector: string, props: string[]): Promise<string[]> {
  return w.evaluate(
    (host, { selector, props }) => {
      const el = host.shadowRoot?.querySelector(selector);
      if (!el) throw new Error(`no ${selector} in the widget`);
      const style = getComputedStyle(el);
      return props.map((p) => style.getPropertyValue(p));
    },
    { selector, props },
  );
}

/** The widget's panel is dark (or light) as the theme says, and its text reads on it. */
async function expectPanel(w: Locator, dark: boolean, step: string) {
  const [background, text] = await colours(w, '.vw', ['background-color', 'color']);
  if (dark)
    expect(luminance(background!), `a dark background at ${step}, not ${background}`).toBeLessThan(0.05);
  else
    expect(luminance(background!), `a light background at ${step}, not ${background}`).toBeGreaterThan(0.9);
  expect(contrast(background!, text!), `text on the background at ${step}`).toBeGreaterThanOrEqual(7);
}

async function snap(w: Locator, testInfo: TestInfo, name: string) {
  await testInfo.attach(name, { body: await w.screenshot(), contentType: 'image/png' });
}

const cases: { name: string; theme?: 'light' | 'dark'; system: 'light' | 'dark'; dark: boolean }[] = [
  // Each forced theme is tried against the opposite system setting, to show that the attribute wins.
  {
    name: 'theme="light" stays light on a visitor whose system is dark',
    theme: 'light',
    system: 'dark',
    dark: false,
  },
  {
    name: 'theme="dark" is dark on a visitor whose system is light',
    theme: 'dark',
    system: 'light',
    dark: true,
  },
  { name: 'with no theme the widget follows a visitor whose system is dark', system: 'dark', dark: true },
];

for (const { name, theme, system, dark } of cases) {
  test(`${name}, and axe finds nothing to fix from the branch to the confirm step`, async ({
    page,
  }, testInfo) => {
    await page.emulateMedia({ colorScheme: system });
    await page.goto('/');
    const w = widget(page);
    if (theme) await w.evaluate((host, value) => host.setAttribute('theme', value), theme);
    const check = async (step: string) => {
      await expectPanel(w, dark, step);
      await expectNoAxeViolations(page, `${step} (${theme ?? 'auto'}, system ${system})`);
      await snap(w, testInfo, `${theme ?? 'auto'} theme, ${system} system: ${step}`);
    };

    await walkToConfirm(
      page,
      {
        firstName: 'Ingrid',
        lastName: 'Solberg',
        email: 'ingrid.solberg@example.org',
        phone: '07700 900318',
      },
      {
        check,
        atSlot: () => slotGridReads(page, w, dark),
        atDetails: async () => {
          const [field, border] = await colours(w, 'input[name="email"]', [
            'background-color',
            'border-top-color',
          ]);
          expect(contrast(field!, border!), 'an input stands out from its box').toBeGreaterThanOrEqual(3);
        },
      },
    );

    if (!theme) {
      // The popup is its own dialog, with its own background: it follows the system too.
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Book a viewing' })
        .click();
      const p = popup(page);
      await expect(p.getByRole('heading', { name: 'Choose a branch' })).toBeFocused();
      const [background] = await colours(p, 'dialog', ['background-color']);
      expect(luminance(background!), `a dark popup, not ${background}`).toBeLessThan(0.05);
      await expectNoAxeViolations(page, 'popup (auto, system dark)', 'viewing-widget[mode="popup"]');
      await testInfo.attach('auto theme, dark system: popup', {
        body: await page.screenshot(),
        contentType: 'image/png',
      });
    }
  });
}

/**
 * What axe leaves out at the slot step: the unavailable "earlier week" button still reads (AA), and the chosen
 * day's ring and the keyboard's focus ring stand out from the background (3:1).
 */
async function slotGridReads(page: Page, w: Locator, dark: boolean) {
  const [background] = await colours(w, '.vw', ['background-color']);
  const [text, fill] = await colours(w, '.week [aria-disabled="true"]', ['color', 'background-color']);
  expect(contrast(text!, fill!), 'the unavailable earlier-week button reads').toBeGreaterThanOrEqual(4.5);
  const [ring] = await colours(w, '.day[aria-pressed="true"]', ['border-top-color']);
  expect(contrast(ring!, background!), 'the chosen day stands out').toBeGreaterThanOrEqual(3);
  await w.getByRole('button', { name: FULL_TIME }).first().focus();
  await page.keyboard.press('ArrowRight');
  const [outline] = await colours(w, '.time:focus-visible', ['outline-color']);
  expect(
    contrast(outline!, background!),
    `the focus ring shows (${dark ? 'dark' : 'light'})`,
  ).toBeGreaterThanOrEqual(3);
}
