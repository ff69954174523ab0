import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { packProxy } from '../../scripts/pack.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a command in `cwd`; a failure says what the command printed. */
function run(cwd: string, command: string, ...args: string[]): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${[command, ...args].join(' ')} failed in ${cwd}:\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

/** What the app below prints: the proxy answered it as a widget would be answered. */
interface AppOutput {
  branches: number;
  homes: number;
  booking: { status: string; reference: string };
  openapi: string;
}

const APP = `import { createFetchHandler, loadConfig, silentLogger } from 'viewing-proxy';

// The agency's own Node app, with the proxy inside it on the emulated agentOS and the memory store.
const config = loadConfig({ env: { BACKEND: 'sandbox', STORE: 'memory', LIMIT_MIN_FILL_SECONDS: '0' } });
const proxy = await createFetchHandler({ config, log: silentLogger });
await proxy.ready;
const ask = async (path, init) => {
  const response = await proxy.fetch(new Request('http://localhost' + path, init));
  return { status: response.status, body: await response.json() };
};
const { body: { branches } } = await ask('/v1/branches');
const { body: { properties } } = await ask('/v1/properties?branchId=' + branches[0].id);
const home = properties[0];
const today = new Date().toISOString().slice(0, 10);
const { body: { slots } } = await ask('/v1/slots?propertyId=' + home.id + '&from=' + today + '&days=14');
const { body: { formToken } } = await ask('/v1/form-token?propertyId=' + home.id);
const booked = await ask('/v1/bookings', {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'idempotency-key': 'scratch-app-booking-1' },
  body: JSON.stringify({
    propertyId: home.id,
    slotId: slots.at(-1).id,
    guest: { firstName: 'Nell', lastName: 'Okafor', email: 'nell.okafor@example.org', phone: '07700 900333' },
    consent: { marketing: false },
    ...(formToken ? { formToken } : {}),
  }),
});
const { body: document } = await ask('/v1/openapi.json');
console.log(JSON.stringify({ branches: branches.length, homes: properties.length, booking: booked.body.booking, openapi: document.openapi }));
await proxy.close();
`;

const TYPED = `import { createProxy, loadConfig, type ProxyOptions } from 'viewing-proxy';

export const config = loadConfig({ env: { BACKEND: 'sandbox' } });
export const port: number = config.port;
// @ts-expect-error a proxy needs its backend
export const wrong: ProxyOptions = { allowedOrigins: [] };
export const make = (options: ProxyOptions) => createProxy(options).app.fetch;
`;

describe('the proxy as an npm package', () => {
  const app = mkdtempSync(join(tmpdir(), 'viewing-node-app-'));
  afterAll(() => rmSync(app, { recursive: true, force: true }));

  it('installs into a new Node app without its optional drivers, runs there on the memory store and books, and says what to install for SQLite', () => {
    const tarball = packProxy();
    const manifest = JSON.parse(
      execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
    ) as { dependencies: object; optionalDependencies: object; bin: object };
    expect(Object.keys(manifest.optionalDependencies).sort()).toEqual(['better-sqlite3', 'ioredis']);
    expect(Object.keys(manifest.dependencies)).not.toContain('better-sqlite3');
    expect(Object.keys(manifest.dependencies)).not.toContain('preact');
    expect(manifest.bin).toEqual({ 'viewing-proxy': 'bin/viewing-proxy.js' });

    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({
        name: 'an-agency-app',
        private: true,
        type: 'module',
        dependencies: { 'viewing-proxy': `file:${tarball}` },
      }),
    );
    run(app, 'npm', 'install', '--prefer-offline', '--omit=optional', '--no-audit', '--no-fund');
    // Neither driver came with it: nothing native was built.
    expect(existsSync(join(app, 'node_modules/better-sqlite3'))).toBe(false);
    expect(existsSync(join(app, 'node_modules/ioredis'))).toBe(false);

    writeFileSync(join(app, 'app.mjs'), APP);
    const output = JSON.parse(run(app, process.execPath, 'app.mjs')) as AppOutput;
    expect(output.branches).toBeGreaterThan(0);
    expect(output.homes).toBeGreaterThan(0);
    expect(output.booking).toMatchObject({
      status: 'confirmed',
      reference: expect.stringMatching(/^VW-\d+$/),
    });
    expect(output.openapi).toMatch(/^3\.1\./);

    // The command, on the store whose driver is missing: a clear word and the exit code of a config mistake.
    const command = spawnSync(process.execPath, ['node_modules/.bin/viewing-proxy'], {
      cwd: app,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, BACKEND: 'sandbox', STORE: 'sqlite', PORT: '0' },
      timeout: 30_000,
    });
    expect(command.status).toBe(2);
    expect(command.stderr).toContain('npm install better-sqlite3');
    expect(command.stderr).toMatch(/STORE=memory/);

    // Its types, checked as the app's own code would be.
    writeFileSync(join(app, 'typed.ts'), TYPED);
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ['typed.ts'],
      }),
    );
    run(app, process.execPath, join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json');
  }, 180_000);
});
