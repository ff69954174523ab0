import { describe, expect, it } from 'vitest';
import { SeenEvents, processMemory } from '../../src/backends/seen-events.ts';
import { MemoryStore } from '../../src/proxy/store/index.ts';

describe('SeenEvents', () => {
  it('knows a redelivered event until its time runs out, and never mixes up two systems', async () => {
    let now = 0;
    const memory = processMemory({ now: () => now });
    const pexip = new SeenEvents({ namespace: 'pexip-engage:acme', memory, ttlMs: 60_000 });
    const other = new SeenEvents({ namespace: 'actuallycare:api.example', memory, ttlMs: 60_000 });
    expect(await pexip.first('evt-1')).toBe(true);
    expect(await pexip.first('evt-1')).toBe(false);
    expect(await other.first('evt-1')).toBe(true);
    now += 60_001;
    expect(await pexip.first('evt-1')).toBe(true);
  });

  it('lets exactly one of two receivers sharing a store act on an event they both got', async () => {
    const store = new MemoryStore();
    const receivers = [1, 2].map(() => new SeenEvents({ namespace: 'pexip-engage:acme', memory: store }));
    const firsts = await Promise.all(receivers.map((seen) => seen.first('evt-1')));
    expect(firsts.filter(Boolean)).toHaveLength(1);
  });

  it('takes an update as the newest unless a later one of the same record came first', async () => {
    const seen = new SeenEvents({ namespace: 'pexip-engage:acme' });
    expect(await seen.newest('appt-1', 200)).toBe(true);
    expect(await seen.newest('appt-1', 100)).toBe(false);
    expect(await seen.newest('appt-1', 200)).toBe(true);
    expect(await seen.newest('appt-2', 100)).toBe(true);
    expect(await seen.newest('appt-1', 300)).toBe(true);
    expect(await seen.newest('appt-1', 250)).toBe(false);
  });

  it('forgets its oldest events beyond its limit, so one process never grows without end', async () => {
    const seen = new SeenEvents({ namespace: 'x', memory: processMemory({ limit: 2 }) });
    for (const id of ['a', 'b', 'c']) expect(await seen.first(id)).toBe(true);
    expect(await seen.first('c')).toBe(false);
    expect(await seen.first('a')).toBe(true);
  });
});
