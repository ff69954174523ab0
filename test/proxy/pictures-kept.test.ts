import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../src/proxy/log.ts';
import { MemoryStore, StoreUnavailableError, type Store } from '../../src/proxy/store/index.ts';
import { SqliteStore } from '../../src/proxy/store/sqlite.ts';
import { startHarness, type Harness, type HarnessOptions } from './harness.ts';

const running: Harness[] = [];
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const harness of running.splice(0)) harness.stop();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function start(options: HarnessOptions) {
  const harness = await startHarness(options);
  running.push(harness);
  return harness;
}

/** What a restart keeps: the same SQLite file opened again, or one shared store (as with Redis). */
const stores: [string, () => { first: Store; second: () => Store }][] = [
  [
    'the SQLite file',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'viewing-pictures-'));
      const path = join(dir, 'state.db');
      const opened: SqliteStore[] = [];
      const open = () => {
        const store = new SqliteStore(path);
        opened.push(store);
        return store;
      };
      cleanups.push(async () => {
        for (const store of opened) await store.close();
        rmSync(dir, { recursive: true, force: true });
      });
      return { first: open(), second: open };
    },
  ],
  [
    'a shared store',
    () => {
      const store = new MemoryStore();
      return { first: store, second: () => store };
    },
  ],
];

const pictureCalls = (harness: Harness) =>
  harness.emulator.requestCount('/photos/') + harness.emulator.requestCount('/download/');

async function firstHome(harness: Harness) {
  const { body } = await harness.json<{ properties: { id: string }[] }>('/v1/properties');
  const id = body.properties[0]?.id;
  if (!id) throw new Error('the sandbox has no property');
  return id;
}

/** A store that can be switched off, failing every call as an unreachable Redis does. */
class FailingStore extends MemoryStore {
  down = false;
  private check() {
    if (this.down) throw new StoreUnavailableError('the store is down');
  }
  override async get(key: string) {
    this.check();
    return super.get(key);
  }
  override async set(key: string, value: string, options?: { ttlMs?: number }) {
    this.check();
    return super.set(key, value, options);
  }
  override async setIfAbsent(key: string, value: string, options?: { ttlMs?: number }) {
    this.check();
    return super.setIfAbsent(key, value, options);
  }
  override async deleteIf(key: string, expected: string) {
    this.check();
    return super.deleteIf(key, expected);
  }
  override async take(key: string, limit: number, windowMs: number) {
    this.check();
    return super.take(key, limit, windowMs);
  }
}

describe('pictures after a restart', () => {
  it.each(stores)(
    'a picture read once is served from %s after a restart, without asking the upstream again',
    async (_, open) => {
      const { first, second } = open();
      const before = await start({ proxy: { store: first } });
      const id = await firstHome(before);
      const original = await before.call(`/v1/photos/${id}`);
      expect(original.status).toBe(200);
      const bytes = await original.arrayBuffer();
      before.stop();

      const after = await start({ proxy: { store: second() } });
      const served = await after.call(`/v1/photos/${id}`);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe(original.headers.get('content-type'));
      expect(served.headers.get('etag')).toBe(original.headers.get('etag'));
      expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
      expect(pictureCalls(after)).toBe(0);
    },
  );

  it('a home without a picture is not asked about again, even after a restart', async () => {
    const { first, second } = stores[0]![1]();
    let asked = 0;
    // agentOS lists no pictures for any home.
    const without = async (request: Request, answer: () => Promise<Response>) => {
      if (!new URL(request.url).pathname.includes('/photos/')) return answer();
      asked++;
      return new Response('', { status: 404 });
    };
    const before = await start({
      unlimited: true,
      proxy: { store: first, prefetchPictures: true },
      intercept: without,
    });
    const { body } = await before.json<{ properties: { id: string }[] }>('/v1/properties?limit=100');
    await vi.waitFor(() => expect(asked).toBe(body.properties.length), { timeout: 5_000 });
    const id = body.properties[0]!.id;
    expect((await before.call(`/v1/photos/${id}`)).status).toBe(404);
    before.stop();

    const after = await start({ proxy: { store: second() }, intercept: without });
    // Once agentOS has been read again, the proxy could ask about any home.
    await after.proxy.catalog.sync();
    const again = await after.call(`/v1/photos/${id}`);
    expect(again.status).toBe(404);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect(asked).toBe(body.properties.length);
  });

  it('a picture asked for before the first sync after a restart is still shown once the sync is in', async () => {
    const store = new MemoryStore();
    const before = await start({ proxy: { store } });
    const id = await firstHome(before);
    before.stop();

    // The restarted proxy serves the kept catalog at once, before agentOS has been read again.
    const after = await start({ proxy: { store } });
    const early = await after.call(`/v1/photos/${id}`);
    expect([200, 404]).toContain(early.status);
    await after.proxy.catalog.sync();
    const shown = await after.call(`/v1/photos/${id}`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toMatch(/^image\//);
  });

  it('the background read after a sync skips the pictures already kept', async () => {
    const store = new MemoryStore();
    const before = await start({ unlimited: true, proxy: { store, prefetchPictures: true } });
    const { body } = await before.json<{ properties: { id: string }[] }>('/v1/properties?limit=100');
    await vi.waitFor(() => expect(before.emulator.requestCount('/download/')).toBe(body.properties.length), {
      timeout: 5_000,
    });
    before.stop();
    // One home's picture lapsed from the store: only that one is read again.
    const lapsed = body.properties[0]!.id;
    await store.delete(`picture:${lapsed}`);

    const prefetched: unknown[] = [];
    const log: Logger = {
      info: (event, fields) => void (event === 'pictures_prefetched' && prefetched.push(fields)),
      warn: () => {},
      error: () => {},
    };
    const after = await start({ unlimited: true, proxy: { store, prefetchPictures: true, log } });
    await vi.waitFor(() => expect(prefetched).toEqual([{ count: 1 }]), { timeout: 5_000 });
    expect(after.emulator.requestCount('/download/')).toBe(1);
    expect(after.emulator.requestCount('/photos/')).toBe(1);
    expect((await after.call(`/v1/photos/${lapsed}`)).status).toBe(200);
    expect(pictureCalls(after)).toBe(2);
  });
});

describe('pictures in browsers and shared caches', () => {
  it('carry a strong ETag and a day of caching, and answer 304 when the browser already has them', async () => {
    const harness = await start({});
    const id = await firstHome(harness);
    const full = await harness.call(`/v1/photos/${id}`);
    expect(full.status).toBe(200);
    const etag = full.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
    expect(full.headers.get('cache-control')).toBe('public, max-age=86400, stale-while-revalidate=604800');

    for (const ifNoneMatch of [etag, `"elsewhere", ${etag}`, `W/${etag}`, '*']) {
      const unchanged = await harness.call(`/v1/photos/${id}`, { headers: { 'if-none-match': ifNoneMatch } });
      expect(unchanged.status).toBe(304);
      expect(await unchanged.text()).toBe('');
      expect(unchanged.headers.get('etag')).toBe(etag);
      expect(unchanged.headers.get('cache-control')).toBe(full.headers.get('cache-control'));
    }
    const changed = await harness.call(`/v1/photos/${id}`, {
      headers: { 'if-none-match': '"an-older-one"' },
    });
    expect(changed.status).toBe(200);
    expect((await changed.arrayBuffer()).byteLength).toBeGreaterThan(200);

    // Another home's picture has another tag.
    const { body } = await harness.json<{ properties: { id: string }[] }>('/v1/properties');
    const other = await harness.call(`/v1/photos/${body.properties[1]?.id}`);
    expect(other.headers.get('etag')).not.toBe(etag);
  });
});

describe('pictures while the store is down', () => {
  it('serves the pictures it holds, reads others from the upstream, and never answers 500', async () => {
    const store = new FailingStore();
    const harness = await start({ proxy: { store } });
    const { body } = await harness.json<{ properties: { id: string }[] }>('/v1/properties');
    const [seen, unseen] = body.properties;
    expect((await harness.call(`/v1/photos/${seen!.id}`)).status).toBe(200);
    harness.emulator.resetRequestCount();
    store.down = true;

    const held = await harness.call(`/v1/photos/${seen!.id}`);
    expect(held.status).toBe(200);
    expect(pictureCalls(harness)).toBe(0);
    for (let i = 0; i < 2; i++) {
      const read = await harness.call(`/v1/photos/${unseen!.id}`);
      expect(read.status).toBe(200);
      expect(read.headers.get('content-type')).toMatch(/^image\//);
    }
    // Read once and held in memory until the store answers again.
    expect(harness.emulator.requestCount('/download/')).toBe(1);
  });

  it('answers busy rather than 500 when neither the store nor the upstream can give the picture', async () => {
    const store = new FailingStore();
    let upstreamDown = false;
    const harness = await start({
      proxy: { store, pictureWaitMs: 1_000 },
      backend: { retry: { retries: 0 } },
      intercept: async (request, answer) =>
        upstreamDown && new URL(request.url).pathname.includes('/photos/')
          ? new Response('busy', { status: 503 })
          : answer(),
    });
    const id = await firstHome(harness);
    store.down = true;
    upstreamDown = true;
    const answer = await harness.call(`/v1/photos/${id}`);
    expect(answer.status).toBe(503);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('upstream_unavailable');
  });
});
