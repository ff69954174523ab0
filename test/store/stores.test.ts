import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore, type Store } from '../../src/proxy/store/index.ts';
import { RedisStore } from '../../src/proxy/store/redis.ts';
import { SqliteStore } from '../../src/proxy/store/sqlite.ts';
import { hasRedisServer, startRedis } from './redis-server.ts';
import { describeStore } from './store-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'viewing-store-'));
const opened: Store[] = [];
const keep = <T extends Store>(store: T) => (opened.push(store), store);

let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
beforeAll(async () => {
  if (hasRedisServer) redis = await startRedis();
});
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await redis?.stop();
});

describeStore('memory', () => keep(new MemoryStore()));
describeStore('SQLite', () => keep(new SqliteStore(join(dir, 'state.db'))));
describeStore('Redis', () => keep(new RedisStore(redis?.url ?? 'redis://127.0.0.1:1')), {
  skip: !hasRedisServer,
});

describe('SQLite store across restarts', () => {
  it('still holds values and queued work after the file is opened again', async () => {
    const path = join(dir, 'restart.db');
    const before = new SqliteStore(path);
    await before.set('answer', '42');
    await before.enqueue('requests', 'r1', 'payload');
    await before.close();
    const after = keep(new SqliteStore(path));
    expect(await after.get('answer')).toBe('42');
    expect(await after.claim('requests', 1000)).toMatchObject({ id: 'r1', payload: 'payload' });
  });
});

describe('Redis store shared by two proxy instances', () => {
  it.skipIf(!hasRedisServer)('lets only one instance take a lock that both want', async () => {
    const a = keep(new RedisStore(redis?.url ?? ''));
    const b = keep(new RedisStore(redis?.url ?? ''));
    const [x, y] = await Promise.all([
      a.setIfAbsent('slot-lock', 'a', { ttlMs: 5000 }),
      b.setIfAbsent('slot-lock', 'b', { ttlMs: 5000 }),
    ]);
    expect([x, y].filter(Boolean)).toHaveLength(1);
    expect(await b.get('slot-lock')).toBe(x ? 'a' : 'b');
  });
});
