import { describe, expect, it } from 'vitest';
import { BusyCache, type BusyTime } from '../../src/availability/index.ts';

const appointment: BusyTime = {
  agentId: 'amy',
  start: new Date('2026-11-23T09:00:00Z'),
  end: new Date('2026-11-23T10:00:00Z'),
};

function deferred() {
  let resolve: (busy: BusyTime[]) => void = () => {};
  const promise = new Promise<BusyTime[]>((done) => (resolve = done));
  return { promise, resolve };
}

describe('reading busy times once for many visitors', () => {
  it('makes one upstream read for many simultaneous askers', async () => {
    const cache = new BusyCache(30_000);
    let reads = 0;
    const load = async () => {
      reads++;
      return [appointment];
    };
    const answers = await Promise.all([cache.get('w', load), cache.get('w', load), cache.get('w', load)]);
    expect(reads).toBe(1);
    expect(answers.every((answer) => answer[0] === appointment)).toBe(true);
  });

  it('reads again once the copy is older than its time to live', async () => {
    let now = 0;
    const cache = new BusyCache(30_000, () => now);
    let reads = 0;
    const load = async () => [{ ...appointment, agentId: `read-${++reads}` }];
    await cache.get('w', load);
    now = 29_999;
    expect((await cache.get('w', load))[0]?.agentId).toBe('read-1');
    now = 30_000;
    expect((await cache.get('w', load))[0]?.agentId).toBe('read-2');
  });

  it('reads again after an invalidation, and drops a read that started before it', async () => {
    const cache = new BusyCache(30_000);
    const slow = deferred();
    const stale = cache.get('w', () => slow.promise);
    cache.invalidate();
    const fresh = cache.get('w', async () => [{ ...appointment, agentId: 'fresh' }]);
    slow.resolve([{ ...appointment, agentId: 'stale' }]);
    expect((await stale)[0]?.agentId).toBe('stale');
    expect((await fresh)[0]?.agentId).toBe('fresh');
    expect((await cache.get('w', async () => [])).at(0)?.agentId).toBe('fresh');
  });

  it('forgets only the keys an invalidation names', async () => {
    const cache = new BusyCache(30_000);
    await cache.get('amy', async () => [appointment]);
    await cache.get('ben', async () => [appointment]);
    cache.invalidate((key) => key === 'amy');
    expect(await cache.get('amy', async () => [])).toEqual([]);
    expect(await cache.get('ben', async () => [])).toEqual([appointment]);
  });
});
