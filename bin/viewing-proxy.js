#!/usr/bin/env node
// The proxy runs as JavaScript compiled into lib/ by `npm run build`: nothing compiles TypeScript at run time.
import { existsSync } from 'node:fs';

const cli = new URL('../lib/proxy/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error(
    'viewing-proxy: the compiled proxy (lib/proxy/cli.js) is missing; run `npm run build` first.',
  );
  process.exit(1);
}
await import(cli.href);
