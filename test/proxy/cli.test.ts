import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/viewing-proxy.js', import.meta.url));

function run(env: Record<string, string>, { until }: { until?: RegExp } = {}) {
  const child = spawn(process.execPath, [BIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string; stop: () => void }>((resolve) => {
    const stop = () => child.kill('SIGTERM');
    child.stdout.on('data', () => {
      if (until?.test(stdout)) resolve({ code: null, stdout, stderr, stop });
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr, stop }));
  });
}

describe('the viewing-proxy command', () => {
  it('refuses to start with a bad config and names the field', async () => {
    const { code, stderr } = await run({
      BACKEND: 'agentos',
      AGENTOS_SHORT_NAME: 'harbour',
      ALLOWED_ORIGINS: 'https://www.harbour.example',
    });
    expect(code).toBe(2);
    expect(stderr).toContain('backend.apiKey (AGENTOS_API_KEY)');
  });

  it('starts the sandbox by default and serves the API', async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'viewing-cli-')), 'state.db');
    const started = await run(
      { PORT: '0', HOST: '127.0.0.1', STORE_PATH: state },
      { until: /listening on (http:\/\/\S+)/ },
    );
    try {
      const url = /listening on (http:\/\/\S+)/.exec(started.stdout)?.[1];
      expect(url).toBeDefined();
      const response = await fetch(`${url}/v1/branches`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { branches: unknown[] }).branches).toHaveLength(3);
      // State goes to the SQLite file by default.
      expect(existsSync(state)).toBe(true);
    } finally {
      started.stop();
    }
  });

  it('runs the Pexip Engage sandbox when asked', async () => {
    const started = await run(
      { PORT: '0', HOST: '127.0.0.1', STORE: 'memory', SANDBOX_SYSTEM: 'pexip-engage' },
      { until: /listening on (http:\/\/\S+)/ },
    );
    try {
      const url = /listening on (http:\/\/\S+)/.exec(started.stdout)?.[1];
      const response = await fetch(`${url}/v1/branches`);
      const { branches } = (await response.json()) as { branches: { timeZone: string }[] };
      expect(branches.map((b) => b.timeZone)).toContain('Europe/Brussels');
    } finally {
      started.stop();
    }
  });
});
