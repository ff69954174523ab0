import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import { CLOCK_VARIABLE } from './src/clock.ts';
import { withoutFaketime } from './test/fixtures/real-clock.ts';

const PORT = Number(process.env.E2E_PORT ?? 8181);
const SANDBOX_PORT = Number(process.env.E2E_SANDBOX_PORT ?? 8191);

/**
 * The instant the browser tests' time starts from, in the demo server and in every page, so that no test depends
 * on the day or hour it runs. `npm test` starts on a Sunday morning, when the branches are closed; `npm run
 * test:dates` runs the tests tagged ANY_DAY again from each instant in `.ci/any-day` (a late Saturday evening,
 * the nights the clocks change), with the machine's clock moved there too.
 */
export const E2E_NOW = process.env.E2E_NOW ?? '2026-12-06T09:00:00Z';
// Set once by the runner and inherited by its workers, so every process agrees on the clock.
process.env.E2E_CLOCK_STARTED_AT ??= String(Date.now());
const startedAt = Number(process.env.E2E_CLOCK_STARTED_AT);
/** The demo's clock: E2E_NOW when the run began, running on at the real pace since. */
export const e2eNow = () => new Date(Date.parse(E2E_NOW) + Date.now() - startedAt);

/** Debian's Chromium where it is installed (CI); otherwise Playwright's own browser on a developer laptop. */
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // A run from another instant (`npm run test:dates`) keeps its own report beside the main one.
  reporter: [
    ['list'],
    [
      'json',
      {
        outputFile: process.env.E2E_NOW
          ? `reports/playwright-${process.env.E2E_NOW.replace(/\W/g, '')}.json`
          : 'reports/playwright.json',
      },
    ],
  ],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: {
      ...(systemChromium ? { executablePath: systemChromium } : {}),
      // Chromium, which faketime's preload hangs, keeps the real clock: the tests pin every page's clock.
      env: withoutFaketime(),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `tsx demo/server.ts`,
    url: `http://127.0.0.1:${PORT}/api/v1/branches`,
    env: {
      PORT: String(PORT),
      SANDBOX_PORT: String(SANDBOX_PORT),
      QUIET: '1',
      SANDBOX_UNLIMITED: '1',
      [CLOCK_VARIABLE]: E2E_NOW,
    },
    reuseExistingServer: false,
    timeout: 60_000,
  },
});

export const E2E_SANDBOX_URL = `http://127.0.0.1:${SANDBOX_PORT}`;
