import {
  test as base,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
} from '@playwright/test';
import { e2eNow } from '../playwright.config.ts';

export { expect } from '@playwright/test';
export type { APIRequestContext, Locator, Page } from '@playwright/test';

/** Every page's clock starts where the demo server's is, so the widget and the proxy agree on today. */
export const pinClock = async (context: BrowserContext) => context.clock.install({ time: e2eNow() });

/** A browser context of a test's own, on the same clock as every other page. */
export async function newContext(browser: Browser, options?: BrowserContextOptions) {
  const context = await browser.newContext(options);
  await pinClock(context);
  return context;
}

/**
 * Tests that book, move or cancel, run again by `npm run test:dates` from the other instants that have broken
 * booking code before (a late Saturday, both nights the clocks change).
 */
export const ANY_DAY = { tag: '@any-day' };

export const test = base.extend({
  context: async ({ context }, use) => {
    await pinClock(context);
    await use(context);
  },
});
