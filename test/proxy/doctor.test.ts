import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../src/backends/http.ts';
import { loadConfig, SANDBOX_SYSTEMS, type ProxyConfig } from '../../src/proxy/config.ts';
import { formatReport, redact, runDoctor } from '../../src/proxy/doctor.ts';
import { silentLogger } from '../../src/proxy/log.ts';
import { startProxyServer } from '../../src/proxy/server.ts';
import { startAgentOSEmulator } from '../../src/sandbox/agentos/index.ts';

const BIN = fileURLToPath(new URL('../../bin/viewing-proxy.js', import.meta.url));
// A Tuesday morning in London: a week of viewing times lies ahead whatever day the tests run.
const NOW = new Date('2026-11-24T09:00:00Z');
const now = () => NOW;
const ORIGINS = ['https://www.agency.example'];

const config = (backend: Record<string, unknown>, extra: Record<string, unknown> = {}): ProxyConfig => {
  const file = join(mkdtempSync(join(tmpdir(), 'doctor-')), 'config.json');
  writeFileSync(
    file,
    JSON.stringify({ backend, store: { type: 'memory' }, allowedOrigins: ORIGINS, ...extra }),
  );
  return loadConfig({ file, env: {} });
};

/** Counts the calls that really leave for the upstream, and the methods they use. */
function watched(inner: FetchLike = (input, init) => fetch(input, init)) {
  const methods: string[] = [];
  const fetchLike: FetchLike = async (input, init) => {
    const request = new Request(input, init);
    methods.push(`${request.method} ${new URL(request.url).pathname}`);
    return inner(request);
  };
  return { methods, fetch: fetchLike };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('viewing-proxy doctor', () => {
  for (const system of SANDBOX_SYSTEMS) {
    it(`finds everything working on the ${system} emulator, counting each upstream call and writing nothing`, async () => {
      const upstream = watched();
      const report = await runDoctor(config({ type: 'sandbox', system }), { now, fetch: upstream.fetch });

      expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
      expect(report.ok).toBe(true);
      const names = report.checks.map((c) => c.name);
      expect(names).toEqual(
        expect.arrayContaining(['catalog', 'homes per branch', 'free times', 'picture', 'webhooks']),
      );
      expect(report.checks.find((c) => c.name === 'catalog')?.detail).toMatch(/^\d+ branch(es)?, \d+ homes/);
      expect(report.checks.find((c) => c.name === 'free times')?.detail).toMatch(/^[1-9]\d* free times? /);
      // Every call is counted, and every one is a read (or the token request that reads need).
      expect(report.calls).toBe(upstream.methods.length);
      expect(report.checks.reduce((sum, c) => sum + c.calls, 0)).toBe(report.calls);
      for (const call of upstream.methods) expect(call).toMatch(/^GET |^POST .*token$/);
      if (system === 'agentos') expect(report.calls).toBeLessThanOrEqual(15);

      const printed = formatReport(report);
      expect(printed).toContain(`${report.calls} upstream calls, none of them a write`);
      expect(printed).not.toContain('FAIL');
    });
  }

  // Where a vendor's pages disagree on a shape, the doctor must pass on each one it documents.
  for (const [system, variants] of [
    ['agentos', { allocationsShape: 'array', allocationTimes: 'offset' }],
    ['officeplace', { token: 'guide', preview: 'wrapped' }],
  ] as const) {
    it(`finds everything working on the ${system} emulator serving ${Object.values(variants).join(' and ')} answers`, async () => {
      const report = await runDoctor(config({ type: 'sandbox', system, variants }), { now });
      expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
      expect(report.checks.find((c) => c.name === 'free times')?.status).toBe('ok');
    });
  }

  it('says which check failed and how to fix it when the key is wrong, and the command exits 1', async () => {
    const agentos = await startAgentOSEmulator({ now });
    closers.push(() => agentos.close());
    const backend = {
      type: 'agentos',
      baseUrl: agentos.url,
      shortName: agentos.emulator.shortName,
      apiKey: 'not-the-agency-key-0000',
    };
    const report = await runDoctor(config(backend), { now });
    expect(report.ok).toBe(false);
    const catalog = report.checks.find((c) => c.name === 'catalog');
    expect(catalog?.status).toBe('fail');
    expect(catalog?.hint).toMatch(/key/);
    expect(formatReport(report)).toMatch(/FAIL {2}catalog/);
    // The checks that need a home say there is none rather than failing again.
    expect(report.checks.find((c) => c.name === 'free times')?.status).toBe('skip');

    const file = join(mkdtempSync(join(tmpdir(), 'doctor-')), 'config.json');
    writeFileSync(file, JSON.stringify({ backend, store: { type: 'memory' }, allowedOrigins: ORIGINS }));
    const run = await command(['doctor', '--config', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL {2}catalog/);
    expect(run.stdout).toContain('fix:');
    expect(run.stdout).not.toContain('not-the-agency-key-0000');
  });

  it('names the check an answer it cannot read breaks, and keeps going with the rest', async () => {
    const upstream = watched(async (input, init) => {
      const request = new Request(input, init);
      const answer = await fetch(request);
      // The branches come back in a shape no agentOS page documents.
      if (request.url.includes('/company/branches/')) return Response.json({ branches: 'none' });
      return answer;
    });
    const report = await runDoctor(config({ type: 'sandbox', system: 'agentos' }), {
      now,
      fetch: upstream.fetch,
    });
    const catalog = report.checks.find((c) => c.name === 'catalog')!;
    expect(catalog.status).toBe('fail');
    expect(catalog.detail).toMatch(/upstream|shape|expected|invalid/i);
    expect(catalog.hint).toBeDefined();
    expect(report.checks.find((c) => c.name === 'webhooks')?.status).toBe('skip');
    expect(report.ok).toBe(false);
  });

  it('records every answer for a bug report without a key, a person’s name, an e-mail address or a phone number', async () => {
    const agentos = await startAgentOSEmulator({ now });
    closers.push(() => agentos.close());
    const dir = mkdtempSync(join(tmpdir(), 'doctor-record-'));
    const report = await runDoctor(
      config({
        type: 'agentos',
        baseUrl: agentos.url,
        shortName: agentos.emulator.shortName,
        apiKey: agentos.emulator.apiKey,
      }),
      { now, record: dir },
    );
    expect(report.ok).toBe(true);
    const files = readdirSync(dir);
    expect(files).toHaveLength(report.calls);
    const staffNames = agentos.emulator
      .staff()
      .map((s) => s.name)
      .concat(agentos.emulator.staff().map((s) => s.surname));
    for (const name of files) {
      const text = readFileSync(join(dir, name), 'utf8');
      const saved = JSON.parse(text) as { request: { url: string }; response: { status: number } };
      expect(saved.response.status, name).toBe(200);
      expect(text, name).not.toContain(agentos.emulator.apiKey);
      expect(text, name).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.-]+/);
      expect(text, name).not.toMatch(/\b07\d{3} ?\d{6}\b|\b0\d{3} ?\d{3} ?\d{4}\b/);
      for (const person of staffNames) expect(text, name).not.toContain(person);
    }
    // What a bug report needs is still there: the paths asked and the shape of each answer.
    const allocations = files.find((f) => f.includes('allocations'));
    expect(allocations).toBeDefined();
    const saved = JSON.parse(readFileSync(join(dir, allocations!), 'utf8')) as {
      response: { body: { Data: { Start: string; StaffID: string; StaffName: string }[] } };
    };
    expect(saved.response.body.Data[0]?.Start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d/);
    expect(saved.response.body.Data[0]?.StaffName).toBe('[personal]');
  });

  it('finds the proxy’s webhook address answering at publicUrl, and says so when it points elsewhere', async () => {
    const proxy = await startProxyServer(
      config({ type: 'sandbox', system: 'pexip-engage' }, { port: 0 }),
      silentLogger,
    );
    closers.push(() => proxy.close());

    const reachable = await runDoctor(
      config({ type: 'sandbox', system: 'pexip-engage' }, { publicUrl: proxy.url }),
      { now },
    );
    expect(reachable.checks.find((c) => c.name === 'webhooks')).toMatchObject({ status: 'ok' });

    const elsewhere = await runDoctor(
      config({ type: 'sandbox', system: 'pexip-engage' }, { publicUrl: `${proxy.url}/wrong-base` }),
      { now },
    );
    const webhooks = elsewhere.checks.find((c) => c.name === 'webhooks')!;
    expect(webhooks.status).toBe('fail');
    expect(webhooks.hint).toMatch(/publicUrl/);
  });

  it('replaces secrets and personal details in a recorded answer, and leaves times and ids alone', () => {
    expect(
      redact({
        access_token: 'eyJhbGciOi',
        Data: [
          {
            OID: 'ECD5E0C132705355',
            Start: '2026-12-07T09:00:00',
            Forename: 'Ada',
            EmailAddress: 'ada@example.org',
            Comment: 'Call Ada on 07700 900321',
          },
        ],
        text: 'reach us at +44 117 496 0000, 0117 496 0000 or office@agency.example',
      }),
    ).toEqual({
      access_token: '[secret]',
      Data: [
        {
          OID: 'ECD5E0C132705355',
          Start: '2026-12-07T09:00:00',
          Forename: '[personal]',
          EmailAddress: '[personal]',
          Comment: '[personal]',
        },
      ],
      text: 'reach us at [phone], [phone] or [email]',
    });
  });
});

function command(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
}
