import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/proxy/store/sqlite.ts';

/** Permission bits that let the group or anyone else in. */
const othersMay = (path: string) => statSync(path).mode & 0o077;

describe.skipIf(process.platform === 'win32')('the SQLite state file', () => {
  it('is made readable by the proxy user only, in a folder only that user may open', async () => {
    const root = mkdtempSync(join(tmpdir(), 'viewing-perm-'));
    const path = join(root, '.viewing-proxy', 'state.db');
    const store = new SqliteStore(path);
    await store.set('manage:secret', 'signing secret');
    expect(othersMay(join(root, '.viewing-proxy'))).toBe(0);
    expect(othersMay(path)).toBe(0);
    expect(othersMay(`${path}-wal`)).toBe(0);
    expect(othersMay(`${path}-shm`)).toBe(0);
    await store.close();
  });

  it('left readable by others by an earlier run is closed to them when the proxy starts', async () => {
    const root = mkdtempSync(join(tmpdir(), 'viewing-perm-'));
    const path = join(root, 'state.db');
    const before = new SqliteStore(path);
    await before.set('answer', '42');
    await before.close();
    chmodSync(path, 0o644);
    writeFileSync(`${path}-wal`, '');
    chmodSync(`${path}-wal`, 0o644);

    const after = new SqliteStore(path);
    expect(othersMay(path)).toBe(0);
    expect(othersMay(`${path}-wal`)).toBe(0);
    expect(await after.get('answer')).toBe('42');
    await after.close();
  });
});
