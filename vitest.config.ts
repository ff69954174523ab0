import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

export default defineConfig({
  plugins: [preact({ prefreshEnabled: false })],
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Tests that start bin/viewing-proxy.js run the compiled proxy; this compiles it when it is out of date.
    globalSetup: ['test/fixtures/compiled-proxy.ts'],
    // Holds every answer of a proxy made in a test against the OpenAPI document.
    setupFiles: ['test/fixtures/openapi-setup.ts'],
    testTimeout: 20_000,
  },
});
