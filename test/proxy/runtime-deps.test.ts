import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMPILED_CLI } from '../fixtures/compiled-proxy.ts';

/** The compiled fetch handler, beside the command's compiled entry. */
const COMPILED_HANDLER = new URL('handler.js', `file://${COMPILED_CLI}`).href;

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const BIN = root('bin/viewing-proxy.js');
const json = (path: string) => JSON.parse(readFileSync(root(path), 'utf8')) as Record<string, unknown>;

/** Compilers: each either ships a native binary or turns source into code at run time. */
const COMPILER = /^(tsx|typescript|ts-node|esbuild|@esbuild\/.+|@swc\/.+)$/;

/** A `node --import` argument that puts test/fixtures/refuse-compilers.js in front of every module load. */
const HOOKS = JSON.stringify(new URL('../fixtures/refuse-compilers.js', import.meta.url).href);
const REFUSE_COMPILERS = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register(${HOOKS});`,
)}`;

describe('what the proxy needs at run time', () => {
  it('lists no compiler among the dependencies an install of the package brings', () => {
    const direct = Object.keys((json('package.json').dependencies ?? {}) as Record<string, string>);
    expect(direct.filter((name) => COMPILER.test(name))).toEqual([]);

    // The whole tree an install without dev dependencies gets, as the lock file records it.
    const packages = json('package-lock.json').packages as Record<string, { dev?: boolean }>;
    const runtime = Object.entries(packages)
      .filter(([path, entry]) => path !== '' && !entry.dev)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(runtime.filter((name) => COMPILER.test(name))).toEqual([]);
  });

  it('runs the command from compiled JavaScript, with no tsx import', () => {
    const bin = readFileSync(BIN, 'utf8');
    expect(bin).not.toMatch(/\btsx\b/);
    expect(bin).not.toMatch(/\.ts['"]/);
  });

  it('starts the command with plain node, loading no compiler and no TypeScript, and answers /healthz', async () => {
    // On a fresh clone the global setup compiles the proxy; without it the command says to run `npm run build`.
    expect(existsSync(COMPILED_CLI), `${COMPILED_CLI} is missing: run \`npm run build\``).toBe(true);
    const child = spawn(process.execPath, ['--import', REFUSE_COMPILERS, BIN], {
      // No NODE_OPTIONS: nothing such as `--import tsx` may help it load.
      env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: '', HOST: '127.0.0.1', PORT: '0', STORE: 'memory' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const found = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
          if (found) resolve(found);
        });
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.once('exit', (code) =>
          reject(new Error(`viewing-proxy exited with ${code}: ${stderr || stdout}`)),
        );
      });
      const response = await fetch(`${url}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true });
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('builds the proxy as a fetch handler from compiled JavaScript with plain node, and answers through it', async () => {
    const script = `
      const { createFetchHandler } = await import(${JSON.stringify(COMPILED_HANDLER)});
      const handler = await createFetchHandler();
      await handler.ready;
      const answer = await handler.fetch(new Request('http://127.0.0.1/v1/branches'));
      const body = await answer.json();
      console.log(JSON.stringify({ status: answer.status, branches: body.branches.length }));
      await handler.close();
      process.exit(0);`;
    const child = spawn(
      process.execPath,
      ['--import', REFUSE_COMPILERS, '--input-type=module', '--eval', script],
      {
        env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: '', STORE: 'memory' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const output = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('exit', (code) =>
        code === 0 ? resolve(stdout) : reject(new Error(`exited with ${code}: ${stderr || stdout}`)),
      );
    });
    const answer = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as {
      status: number;
      branches: number;
    };
    expect(answer.status).toBe(200);
    expect(answer.branches).toBeGreaterThan(0);
  });
});
