import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/proxy/store/index.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let n = 0;
/** Keys unique per test, so one store can serve the whole suite. */
const key = (name: string) => `${name}:${process.pid}:${++n}:${Date.now()}`;

/** The behaviour every store must share, whichever home the state has. */
export function describeStore(
  name: string,
  open: () => Promise<Store> | Store,
  options: { skip?: boolean } = {},
) {
  describe.skipIf(options.skip)(`${name} store`, () => {
    it('keeps a value, forgets it after its time-to-live, and deletes on request', async () => {
      const store = await open();
      const a = key('kv');
      await store.set(a, 'one', { ttlMs: 80 });
      expect(await store.get(a)).toBe('one');
      await sleep(130);
      expect(await store.get(a)).toBeUndefined();
      await store.set(a, 'two');
      await store.delete(a);
      expect(await store.get(a)).toBeUndefined();
    });

    it('lets exactly one of many concurrent claimants take a lock, and only the owner release it', async () => {
      const store = await open();
      const lock = key('lock');
      const claims = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.setIfAbsent(lock, `owner-${i}`, { ttlMs: 5_000 })),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      const owner = `owner-${claims.indexOf(true)}`;
      expect(await store.deleteIf(lock, 'someone-else')).toBe(false);
      expect(await store.get(lock)).toBe(owner);
      expect(await store.deleteIf(lock, owner)).toBe(true);
      expect(await store.setIfAbsent(lock, 'next', { ttlMs: 80 })).toBe(true);
      await sleep(130);
      // An expired lock (its owner died) can be taken again.
      expect(await store.setIfAbsent(lock, 'after-expiry', { ttlMs: 5_000 })).toBe(true);
    });

    it('gives out no more places in a rolling window than the limit, and frees them as the window rolls', async () => {
      const store = await open();
      const window = key('window');
      const answers = await Promise.all(Array.from({ length: 8 }, () => store.take(window, 5, 200)));
      expect(answers.filter((a) => a.taken)).toHaveLength(5);
      const refused = answers.find((a) => !a.taken);
      expect(refused?.retryAfterMs).toBeGreaterThan(0);
      expect(refused?.retryAfterMs).toBeLessThanOrEqual(200);
      await sleep(250);
      expect((await store.take(window, 5, 200)).taken).toBe(true);
    });

    it('counts a renewed place from its renewal, even one the window had already let go', async () => {
      const store = await open();
      const window = key('renewed');
      const first = await store.take(window, 2, 600);
      const second = await store.take(window, 2, 600);
      if (!first.place || !second.place) throw new Error('a taken place has no name');
      expect(first.place).not.toBe(second.place);
      await sleep(400);
      await store.renew(window, first.place, 600);
      await sleep(300);
      // The second place has freed; the first, renewed at 400 ms, holds until 1000 ms.
      expect(await store.take(window, 2, 600)).toMatchObject({ taken: true, used: 2 });
      expect((await store.take(window, 2, 600)).taken).toBe(false);
      // A place renewed after its window let it go counts again.
      const other = key('renewed-late');
      const late = await store.take(other, 1, 100);
      if (!late.place) throw new Error('a taken place has no name');
      await sleep(150);
      await store.renew(other, late.place, 100);
      expect((await store.take(other, 1, 100)).taken).toBe(false);
      await sleep(150);
      expect((await store.take(other, 1, 100)).taken).toBe(true);
    });

    it('tells what is published on a channel to everyone listening on it, until they stop', async () => {
      const store = await open();
      const channel = key('channel');
      const heard: string[] = [];
      const other: string[] = [];
      const stop = store.subscribe(channel, (message) => heard.push(message));
      const stopOther = store.subscribe(key('other-channel'), (message) => other.push(message));
      // Redis subscribes in the background: a message sent before that is not heard.
      await expect
        .poll(async () => {
          await store.publish(channel, 'hello');
          return heard.length;
        })
        .toBeGreaterThan(0);
      stop();
      const after = heard.length;
      await store.publish(channel, 'after');
      await sleep(100);
      expect(heard.slice(after)).toEqual([]);
      expect(heard.every((message) => message === 'hello')).toBe(true);
      expect(other).toEqual([]);
      stopOther();
    });

    it('queues work durably: first in, first out, each item leased to one worker, back again if its lease lapses', async () => {
      const store = await open();
      const queue = key('queue');
      await store.enqueue(queue, 'a', '{"n":1}');
      await store.enqueue(queue, 'b', '{"n":2}');
      await store.enqueue(queue, 'a', '{"n":"duplicate"}');
      expect(await store.size(queue)).toBe(2);

      const [first, second, none] = await Promise.all([
        store.claim(queue, 100),
        store.claim(queue, 100),
        store.claim(queue, 100),
      ]);
      expect([first?.id, second?.id].sort()).toEqual(['a', 'b']);
      expect(none).toBeUndefined();
      expect(first?.attempts).toBe(1);
      const a = first?.id === 'a' ? first : second;
      expect(a?.payload).toBe('{"n":1}');

      await store.complete(queue, 'b');
      await sleep(150);
      const again = await store.claim(queue, 10_000);
      expect(again).toMatchObject({ id: 'a', attempts: 2 });
      await store.release(queue, 'a', 0);
      expect((await store.claim(queue, 10_000))?.attempts).toBe(3);
      await store.complete(queue, 'a');
      expect(await store.size(queue)).toBe(0);
      expect(await store.claim(queue, 100)).toBeUndefined();
    });

    it('answers a health check', async () => {
      const store = await open();
      expect(await store.ping()).toBe(true);
    });
  });
}
