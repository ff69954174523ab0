import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/proxy/store/index.ts';
import { SqliteStore } from '../../src/proxy/store/sqlite.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A clock a test moves by hand. */
function clock(start = Date.UTC(2026, 10, 23, 8)) {
  let now = start;
  return { now: () => now, pass: (ms: number) => (now += ms) };
}

describe('the memory store under keys chosen by callers', () => {
  it('forgets Idempotency-Keys whose time has passed though nobody asks for them again', async () => {
    const time = clock();
    const store = new MemoryStore(time.now);
    for (let n = 0; n < 5_000; n++)
      await store.set(`idem:booking:P1:attacker-${n}`, 'answer', { ttlMs: DAY });
    await store.set('manage:secret', 'kept for good');
    time.pass(DAY + 1);
    // Ordinary traffic goes on: a few hundred bookings' worth of writes.
    for (let n = 0; n < 2_000; n++) await store.set(`idem:booking:P1:visitor-${n}`, 'answer', { ttlMs: DAY });

    expect(store.held().values).toBeLessThanOrEqual(2_001);
    expect(await store.get('manage:secret')).toBe('kept for good');
    expect(await store.get('idem:booking:P1:visitor-1999')).toBe('answer');
  });

  it('drops the rate-limit window of an address once it has run out, though that address never comes back', async () => {
    const time = clock();
    const store = new MemoryStore(time.now);
    for (let n = 0; n < 5_000; n++) await store.take(`rl:ip:198.51.100.${n}`, 300, MINUTE);
    time.pass(MINUTE + 1);
    for (let n = 0; n < 2_000; n++) await store.take('rl:ip:203.0.113.7', 1_000_000, MINUTE);

    expect(store.held().windows).toBeLessThanOrEqual(2);
  });

  it('holds no more windows than its cap, and still limits the caller who keeps coming', async () => {
    const time = clock();
    const store = new MemoryStore(time.now, { maxWindows: 100 });
    for (let n = 0; n < 3; n++) await store.take('rl:ip:203.0.113.7', 3, MINUTE);
    for (let n = 0; n < 1_000; n++) {
      await store.take(`rl:origin:http://localhost:${n}`, 6_000, MINUTE);
      if (n % 50 === 0) await store.take('rl:ip:203.0.113.7', 3, MINUTE);
    }

    expect(store.held().windows).toBeLessThanOrEqual(100);
    expect((await store.take('rl:ip:203.0.113.7', 3, MINUTE)).taken).toBe(false);
  });
});

describe('the SQLite store under keys chosen by callers', () => {
  it('sheds the hits of addresses that never come back, not those of a window still running', async () => {
    const time = clock();
    const path = join(mkdtempSync(join(tmpdir(), 'viewing-sweep-')), 'state.db');
    const store = new SqliteStore(path, time.now);
    for (let n = 0; n < 20; n++) await store.take(`rl:ip:198.51.100.${n}`, 300, MINUTE);
    time.pass(8 * DAY);
    await store.take('rl:recipient:someone@example.org', 1, DAY);
    for (let n = 0; n < 260; n++) await store.set(`idem:booking:P1:visitor-${n}`, 'answer', { ttlMs: DAY });

    expect(store.held().windows).toBe(1);
    expect((await store.take('rl:recipient:someone@example.org', 1, DAY)).taken).toBe(false);
    await store.close();
  });
});
