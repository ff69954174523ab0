import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProxy } from '../../src/proxy/app.ts';
import { SqliteStore } from '../../src/proxy/store/sqlite.ts';
import { guest, NOW, propertyWithSlots, startHarness } from './harness.ts';

describe('bookings survive a proxy restart', () => {
  it('answers a retry after a restart with the first answer, booking nothing new', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'viewing-durable-')), 'state.db');
    const first = new SqliteStore(path);
    const harness = await startHarness({ proxy: { store: first } });
    const { property, slots } = await propertyWithSlots(harness);
    const request = { propertyId: property.id, slotId: slots[0]!.id, guest, consent: { marketing: false } };
    const before = await harness.book(request, 'survives-restart-1');
    expect(before.status).toBe(201);
    harness.stop();
    await first.close();

    // A new process: new proxy, new store handle on the same file, same agentOS.
    const second = new SqliteStore(path);
    const restarted = createProxy({
      backend: harness.backend,
      store: second,
      now: () => NOW,
      allowedHosts: ['proxy.test'],
    });
    await restarted.start();
    const response = await restarted.app.request('http://proxy.test/v1/bookings', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'survives-restart-1' },
      body: JSON.stringify(request),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('idempotent-replayed')).toBe('true');
    expect(await response.json()).toEqual(before.body);
    expect(harness.emulator.diary()).toHaveLength(1);
    restarted.stop();
    await second.close();
  });
});

describe('two proxy instances sharing a store', () => {
  it('book once when the same request reaches both at the same moment', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'viewing-shared-')), 'state.db');
    const storeA = new SqliteStore(path);
    const storeB = new SqliteStore(path);
    const harness = await startHarness({ proxy: { store: storeA } });
    const other = createProxy({
      backend: harness.backend,
      store: storeB,
      now: () => NOW,
      allowedHosts: ['proxy.test'],
    });
    await other.start();
    const { property, slots } = await propertyWithSlots(harness);
    const body = JSON.stringify({
      propertyId: property.id,
      slotId: slots[0]!.id,
      guest,
      consent: { marketing: false },
    });
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'two-instances-1' },
      body,
    };
    const [a, b] = await Promise.all([
      harness.proxy.app.request('http://proxy.test/v1/bookings', init),
      other.app.request('http://proxy.test/v1/bookings', init),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(await a.json()).toEqual(await b.json());
    expect(harness.emulator.diary()).toHaveLength(1);
    harness.stop();
    other.stop();
    await storeA.close();
    await storeB.close();
  });
});
