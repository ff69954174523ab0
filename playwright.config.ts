import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

const PORT = Number(process.env.E2E_PORT ?? 8181);
const SANDBOX_PORT = Number(process.env.E2E_SANDBOX_PORT ?? 8191);

/** Debian's Chromium where it is installed (CI); otherwise Playwright's own browser on a developer laptop. */
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: {
      ...(systemChromium ? { executablePath: systemChromium } : {}),
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
    env: { PORT: String(PORT), SANDBOX_PORT: String(SANDBOX_PORT), QUIET: '1', SANDBOX_UNLIMITED: '1' },
    reuseExistingServer: false,
    timeout: 60_000,
  },
});

export const E2E_SANDBOX_URL = `http://127.0.0.1:${SANDBOX_PORT}`;
