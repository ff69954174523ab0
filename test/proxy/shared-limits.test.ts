import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/proxy/store/index.ts';
import type { Taken } from '../../src/proxy/store/types.ts';
import { startHarness, type Harness } from './harness.ts';

/** A memory store that counts the places asked of it for per-address limits. */
class CountingStore extends MemoryStore {
  addressTakes = 0;

  override async take(key: string, limit: number, windowMs: number): Promise<Taken> {
    if (key.startsWith('rl:ip:')) this.addressTakes++;
    return super.take(key, limit, windowMs);
  }
}

const harnesses: Harness[] = [];
afterEach(() => {
  for (const harness of harnesses.splice(0)) harness.stop();
});

async function instance(store: MemoryStore, perIp: number) {
  const harness = await startHarness({
    proxy: { store, clientIp: (c) => c.req.header('x-test-ip'), clientLimits: { perIp } },
  });
  harnesses.push(harness);
  return (ip = '203.0.113.7') => harness.call('/v1/branches', { headers: { 'x-test-ip': ip } });
}

describe('per-address limits kept in the shared store', () => {
  it('let an address make its 300 requests a minute for 20 calls to the store, and then refuse it without asking again', async () => {
    const store = new CountingStore();
    const from = await instance(store, 300);
    for (let i = 0; i < 300; i++) expect((await from()).status).toBe(200);
    expect(store.addressTakes).toBe(20);

    const refused = await from();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const asked = store.addressTakes;
    for (let i = 0; i < 50; i++) expect((await from()).status).toBe(429);
    expect(store.addressTakes).toBe(asked);
    // Another address has its own allowance.
    expect((await from('198.51.100.2')).status).toBe(200);
  });

  it('hold an address to its limit across two instances sharing the store', async () => {
    const store = new MemoryStore();
    const instances = [await instance(store, 100), await instance(store, 100)];
    let answered = 0;
    for (let i = 0; i < 200; i++) {
      const from = instances[i % 2];
      if (from && (await from()).status === 200) answered++;
    }
    // Each instance spends only the shares it took from the store: together, no more than the limit.
    expect(answered).toBeLessThanOrEqual(100);
    expect(answered).toBeGreaterThan(90);
  });
});
