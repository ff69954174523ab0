import { chromium, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { spread, type Row } from './stats.ts';

const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

/**
 * Runs in the page: performs the action inside the widget's shadow root, then resolves with the time until the
 * next step's content is there. Kept as source text because the TypeScript loader's helpers do not exist in the page.
 */
const IN_PAGE = String.raw`async (what) => {
  const host = document.querySelector('viewing-widget');
  if (!host) throw new Error('no widget on the page');
  // The shadow root comes with the flow's code, which the boot script may still be fetching.
  const buttons = () => [
    ...(host.shadowRoot?.querySelectorAll('button, [role="button"], [role="radio"], [role="gridcell"]') ?? []),
  ];
  const label = (el) => (el.getAttribute('aria-label') || '') + ' ' + (el.textContent || '');
  const timeRange = /\d{1,2}[:.h]\d\d.{1,6}\d{1,2}[:.h]\d\d/;
  const ready = {
    // The first step is interactive once its choices are on screen.
    none: () => buttons().length > 0,
    'click-branch': () => buttons().some((b) => /Book a viewing of/.test(label(b))),
    'click-property': () => buttons().some((b) => timeRange.test(b.getAttribute('aria-label') || '')),
    'click-book': () => /VW-\d+/.test(host.shadowRoot?.textContent || ''),
  };
  const target = {
    'click-branch': () => buttons().find((b) => /Bath/.test(label(b))),
    'click-property': () => buttons().find((b) => /Book a viewing of/.test(label(b))),
    'click-book': () => buttons().find((b) => /^\s*Book viewing\s*$/.test(b.textContent || '')),
  };
  const script = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/viewing-widget.js'));
  const since = what === 'none' ? (script ? script.startTime : 0) : performance.now();
  if (what !== 'none') {
    const el = target[what]();
    if (!el) throw new Error('nothing to click for ' + what);
    el.click();
  }
  return new Promise((resolve, reject) => {
    const deadline = performance.now() + 20000;
    const check = () => {
      if (ready[what]()) resolve(performance.now() - since);
      else if (performance.now() > deadline) reject(new Error('timed out waiting after ' + what));
      else requestAnimationFrame(check);
    };
    check();
  });
}`;

type Action = 'none' | 'click-branch' | 'click-property' | 'click-book';

async function timeUntil(page: Page, action: Action): Promise<number> {
  const ms: unknown = await page.evaluate(`(${IN_PAGE})(${JSON.stringify(action)})`);
  if (typeof ms !== 'number') throw new Error(`the page measured no time for ${action}`);
  return ms;
}

async function fillDetails(page: Page, run: number) {
  const w = page.locator('viewing-widget');
  await w.getByLabel('First name', { exact: true }).fill('Bench');
  // Names are letters only; each run a different one, from Visitor A.
  await w.getByLabel('Last name', { exact: true }).fill(`Visitor ${String.fromCharCode(66 + run)}`);
  await w.getByLabel('Email', { exact: true }).fill(`bench.visitor${run}@example.org`);
  await w.getByLabel('Phone', { exact: true }).fill('07700 900000');
  await w.getByRole('button', { name: 'Continue' }).click();
}

/**
 * Three moments a visitor feels, timed inside headless Chromium against the demo server with a warm proxy:
 * the widget becoming usable, a property's free times appearing, and a booking being confirmed.
 */
export async function widgetSpeed(baseUrl: string, runs = 20): Promise<Row[]> {
  const browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: BROWSER_ARGS,
  });
  const firstStep: number[] = [];
  const plainFirstStep: number[] = [];
  const freeTimes: number[] = [];
  const booked: number[] = [];
  try {
    // Warm-up: the proxy syncs its catalog and caches the property's free times, the browser its caches.
    for (let run = -1; run < runs; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(baseUrl);
      await page.locator('viewing-widget').scrollIntoViewIfNeeded();
      const ready = await timeUntil(page, 'none');
      await timeUntil(page, 'click-branch');
      const times = await timeUntil(page, 'click-property');
      await page
        .locator('viewing-widget')
        .getByRole('button', { name: / to \d\d:\d\d$/ })
        .first()
        .click();
      await fillDetails(page, run);
      await page.locator('viewing-widget').getByRole('button', { name: 'Book viewing' }).waitFor();
      const book = await timeUntil(page, 'click-book');
      if (run >= 0) {
        firstStep.push(ready);
        freeTimes.push(times);
        booked.push(book);
      }
      await context.close();
    }
    // The same first moment on a page with the widget alone, no pictures competing for the connection.
    for (let run = -1; run < runs; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(new URL('/examples/plain', baseUrl).href);
      const ready = await timeUntil(page, 'none');
      if (run >= 0) plainFirstStep.push(ready);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const note = 'headless Chromium, demo site, emulated agentOS on loopback';
  return [
    {
      group: 'Widget speed',
      figure: 'script tag start → first step interactive, plain page',
      unit: 'ms',
      value: spread(plainFirstStep),
      note: `${note}; the widget alone (/examples/plain); boot script, then the flow and the branches at once`,
    },
    {
      group: 'Widget speed',
      figure: 'script tag start → first step interactive, home page',
      unit: 'ms',
      value: spread(firstStep),
      note: `${note}; the demo's home page, its pictures loading alongside`,
    },
    {
      group: 'Widget speed',
      figure: 'property click → its free times shown',
      unit: 'ms',
      value: spread(freeTimes),
      note: 'first read of each run goes live to the emulator after the previous booking cleared the cache',
    },
    {
      group: 'Widget speed',
      figure: 'Book → done screen',
      unit: 'ms',
      value: spread(booked),
      note: 'live re-check, contact match and diary post',
    },
  ];
}
