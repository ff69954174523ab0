import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/proxy/store/index.ts';
import { startHarness, type Harness } from './harness.ts';

const started: Harness[] = [];
afterEach(() => {
  for (const harness of started.splice(0)) harness.stop();
});

/** An agentOS that answers nothing but 503, as when the shared budget or the upstream keeps a new instance out. */
const unreachable = async () => new Response('busy', { status: 503 });

describe('an instance starting beside others', () => {
  it('serves the homes another instance last read at once, while the upstream will not answer it', async () => {
    const store = new MemoryStore();
    const first = await startHarness({ proxy: { store } });
    started.push(first);
    const listed = await first.json<{ properties: { id: string }[] }>('/v1/properties?limit=100');
    expect(listed.body.properties.length).toBeGreaterThan(0);

    const second = await startHarness({ proxy: { store }, intercept: unreachable });
    started.push(second);
    const served = await second.json<{ properties: { id: string }[] }>('/v1/properties?limit=100');
    expect(served.status).toBe(200);
    expect(served.body.properties.map((p) => p.id)).toEqual(listed.body.properties.map((p) => p.id));
    expect((await second.json<{ branches: unknown[] }>('/v1/branches')).body.branches).toHaveLength(3);
    expect((await second.call('/readyz')).status).toBe(200);
  });

  it('does not serve a kept copy a day old, or one it cannot read', async () => {
    for (const kept of [
      JSON.stringify({
        syncedAt: new Date(Date.now() - 25 * 3_600_000).toISOString(),
        branches: [],
        properties: [],
      }),
      '{"syncedAt": "yesterday", "branches": 7}',
      'not json',
    ]) {
      const store = new MemoryStore();
      await store.set('catalog:last', kept);
      const harness = await startHarness({ proxy: { store }, intercept: unreachable });
      started.push(harness);
      const answer = await harness.json<{ error?: { code: string } }>('/v1/properties');
      expect([answer.status, answer.body.error?.code]).toEqual([503, 'not_ready']);
    }
  });
});
