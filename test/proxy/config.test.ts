import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, SANDBOX_SEEDS } from '../../src/proxy/config.ts';
import { SEED_PRESETS } from '../../src/sandbox/agentos/index.ts';

const file = (content: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'viewing-proxy-')), 'config.json');
  writeFileSync(path, content);
  return path;
};

const agentos = {
  BACKEND: 'agentos',
  AGENTOS_SHORT_NAME: 'harbour',
  AGENTOS_API_KEY: 'key-from-env',
  ALLOWED_ORIGINS: 'https://www.harbour.example, https://harbour.example',
};

describe('proxy configuration', () => {
  it('runs the sandbox when nothing is configured', () => {
    const config = loadConfig({ env: {} });
    expect(config.backend.type).toBe('sandbox');
    expect(config.allowedOrigins).toEqual([]);
    expect(config.cache).toEqual({
      catalogRefreshSeconds: 600,
      slotsTtlSeconds: 30,
      slotsStaleSeconds: 600,
      purgeUrls: [],
    });
  });

  it('takes the shared caches to purge as a comma-separated list, and refuses one that is not a URL', () => {
    expect(
      loadConfig({ env: { CACHE_PURGE_URLS: 'http://varnish-a:6081, http://varnish-b:6081' } }).cache
        .purgeUrls,
    ).toEqual(['http://varnish-a:6081', 'http://varnish-b:6081']);
    expect(() => loadConfig({ env: { CACHE_PURGE_URLS: 'varnish-a' } })).toThrowError(
      /cache\.purgeUrls\.0 \(CACHE_PURGE_URLS\)/,
    );
  });

  it('starts the agentOS emulator with the 300-home branch on SANDBOX_SEED, and no other emulator', () => {
    expect(loadConfig({ env: { SANDBOX_SEED: 'large-branch' } }).backend).toMatchObject({
      type: 'sandbox',
      system: 'agentos',
      seed: 'large-branch',
    });
    expect(loadConfig({ env: {} }).backend).toMatchObject({ seed: 'standard' });
    expect(() => loadConfig({ env: { SANDBOX_SEED: 'huge' } })).toThrowError(/SANDBOX_SEED/);
    expect(() =>
      loadConfig({ env: { SANDBOX_SYSTEM: 'pexip-engage', SANDBOX_SEED: 'large-branch' } }),
    ).toThrowError(/only the agentOS emulator/);
    expect(SANDBOX_SEEDS).toEqual(SEED_PRESETS);
  });

  it('reads an agentOS account from environment variables', () => {
    const config = loadConfig({ env: { ...agentos, PORT: '9000' } });
    expect(config.port).toBe(9000);
    expect(config.allowedOrigins).toEqual(['https://www.harbour.example', 'https://harbour.example']);
    expect(config.backend).toMatchObject({
      type: 'agentos',
      shortName: 'harbour',
      apiKey: 'key-from-env',
      baseUrl: 'https://live-api.letmc.com',
    });
  });

  it('lets environment variables override the file', () => {
    const path = file(
      JSON.stringify({
        allowedOrigins: ['https://a.example'],
        backend: { type: 'agentos', shortName: 'harbour', apiKey: 'from-file' },
      }),
    );
    const config = loadConfig({ file: path, env: { AGENTOS_API_KEY: 'from-env' } });
    expect(config.backend).toMatchObject({ apiKey: 'from-env' });
  });

  it('stops with a message naming the missing key and its variable', () => {
    expect(() => loadConfig({ env: { ...agentos, AGENTOS_API_KEY: '' } })).toThrowError(
      /backend\.apiKey \(AGENTOS_API_KEY\)/,
    );
  });

  it('refuses a real backend without an origin allowlist', () => {
    expect(() => loadConfig({ env: { ...agentos, ALLOWED_ORIGINS: '' } })).toThrowError(
      /allowedOrigins \(ALLOWED_ORIGINS\): must list the websites/,
    );
  });

  it('names a malformed origin and an unknown backend type', () => {
    expect(() =>
      loadConfig({ env: { ...agentos, ALLOWED_ORIGINS: 'www.harbour.example/path' } }),
    ).toThrowError(/allowedOrigins\.0 \(ALLOWED_ORIGINS\): must be an origin/);
    expect(() => loadConfig({ env: { BACKEND: 'letmc' } })).toThrowError(
      /backend\.type \(BACKEND\): must say its type: "agentos", "pexip-engage", "actuallycare", "officeplace" or "sandbox"/,
    );
  });

  it('keeps state in a SQLite file by default, and in Redis when given a Redis URL', () => {
    expect(loadConfig({ env: {} }).store).toEqual({ type: 'sqlite', path: '.viewing-proxy/state.db' });
    expect(loadConfig({ env: { STORE_PATH: '/var/lib/viewing/state.db' } }).store).toEqual({
      type: 'sqlite',
      path: '/var/lib/viewing/state.db',
    });
    const secret = { MANAGE_SECRET: 'the secret every instance signs links with' };
    expect(loadConfig({ env: { REDIS_URL: 'redis://cache:6379', ...secret } }).store).toEqual({
      type: 'redis',
      url: 'redis://cache:6379',
      allowVolatile: false,
    });
    expect(() => loadConfig({ env: { STORE: 'redis', ...secret } })).toThrowError(/store\.url \(REDIS_URL\)/);
  });

  it('refuses a Redis store without a manage secret every instance shares', () => {
    expect(() => loadConfig({ env: { REDIS_URL: 'redis://cache:6379' } })).toThrowError(
      /manage\.secret \(MANAGE_SECRET\): must be given with a Redis store/,
    );
  });

  it('uses a Redis that may not persist only when told to', () => {
    const env = {
      REDIS_URL: 'redis://cache:6379',
      MANAGE_SECRET: 'the secret every instance signs links with',
    };
    expect(loadConfig({ env: { ...env, REDIS_ALLOW_VOLATILE: 'true' } }).store).toMatchObject({
      allowVolatile: true,
    });
    expect(loadConfig({ env: { ...env, REDIS_ALLOW_VOLATILE: 'no' } }).store).toMatchObject({
      allowVolatile: false,
    });
    expect(() => loadConfig({ env: { ...env, REDIS_ALLOW_VOLATILE: 'maybe' } })).toThrowError(
      /store\.allowVolatile \(REDIS_ALLOW_VOLATILE\)/,
    );
  });

  it('says which file is not JSON', () => {
    const path = file('{ not json');
    expect(() => loadConfig({ file: path, env: {} })).toThrowError(ConfigError);
    expect(() => loadConfig({ file: path, env: {} })).toThrowError(
      new RegExp(`${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not valid JSON`),
    );
  });
  it('never prints any of the API key when the config file is not JSON', () => {
    const path = file('{\n  "backend": { "type": "agentos",\n    "apiKey":SUPER-SECRET-KEY-0123456789 }\n}');
    let message = '';
    try {
      loadConfig({ file: path, env: {} });
    } catch (error) {
      message = error instanceof Error ? error.message : '';
    }
    expect(message).toContain('is not valid JSON');
    expect(message).not.toMatch(/SUPER|SECRET|0123/);
  });

  it('says on which line and column the config file stops being JSON', () => {
    const path = file('{\n  "port": 9000,\n  "host" "127.0.0.1"\n}');
    expect(() => loadConfig({ file: path, env: {} })).toThrowError(/not valid JSON at line 3, column 10/);
  });
  it('reads which hops may name the visitor’s address from TRUST_PROXY, and refuses what is not an address', () => {
    expect(loadConfig({ env: {} }).trustProxy).toBe(false);
    expect(loadConfig({ env: { TRUST_PROXY: 'true' } }).trustProxy).toBe(true);
    expect(loadConfig({ env: { TRUST_PROXY: '2' } }).trustProxy).toBe(2);
    expect(loadConfig({ env: { TRUST_PROXY: '10.0.0.0/8, 2001:db8::/32' } }).trustProxy).toEqual([
      '10.0.0.0/8',
      '2001:db8::/32',
    ]);
    expect(() => loadConfig({ env: { TRUST_PROXY: 'balancer.internal' } })).toThrowError(
      /trustProxy\.0 \(TRUST_PROXY\): must be an address or a range/,
    );
  });

  it('cuts slow requests off after 15 seconds and caps connections unless told otherwise', () => {
    expect(loadConfig({ env: {} }).connections).toEqual({
      requestTimeoutSeconds: 15,
      headersTimeoutSeconds: 10,
      max: 1000,
    });
    expect(() =>
      loadConfig({ env: { REQUEST_TIMEOUT_SECONDS: '5', HEADERS_TIMEOUT_SECONDS: '20' } }),
    ).toThrowError(/connections\.headersTimeoutSeconds \(HEADERS_TIMEOUT_SECONDS\): must not be longer/);
  });

  it('sends HSTS only when asked, and refuses it for a proxy whose public address is http://', () => {
    expect(loadConfig({ env: {} }).hsts).toBeUndefined();
    expect(loadConfig({ env: { HSTS_MAX_AGE_SECONDS: '86400' } }).hsts).toEqual({
      maxAgeSeconds: 86400,
      includeSubDomains: false,
    });
    expect(() =>
      loadConfig({ env: { HSTS_MAX_AGE_SECONDS: '86400', PUBLIC_URL: 'http://proxy.example/api' } }),
    ).toThrowError(/hsts: is for a proxy served over HTTPS/);
  });
});
