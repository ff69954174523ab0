import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Listeners } from './listeners.ts';
import type { Clock, QueuedItem, Store, Taken } from './types.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER);
CREATE TABLE IF NOT EXISTS hits (key TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS hits_key_at ON hits (key, at);
CREATE INDEX IF NOT EXISTS hits_at ON hits (at);
CREATE INDEX IF NOT EXISTS kv_expires ON kv (expires);
CREATE TABLE IF NOT EXISTS queue (
  queue TEXT NOT NULL, id TEXT NOT NULL, payload TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0, ready_at INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL,
  PRIMARY KEY (queue, id)
);
CREATE INDEX IF NOT EXISTS queue_ready ON queue (queue, ready_at, seq);
`;

/**
 * The file holds the secret that signs manage links, sessions and form tokens, and every visitor's name, e-mail
 * and phone, so only the proxy's own user may read it: folders made for it are 0700 and the file 0600 whatever
 * the umask (SQLite gives its `-wal` and `-shm` files the file's mode). A file an earlier run left readable by
 * others is tightened; an existing folder is left as it is, since it may be anyone's (the working directory).
 */
function keepPrivate(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    let mode: number;
    try {
      mode = statSync(file).mode;
    } catch {
      continue; // Not there (yet): SQLite makes it with the file's mode.
    }
    if (mode & 0o077) chmodSync(file, 0o600);
  }
}

/**
 * Rate-limit hits older than this count in no window the proxy uses, so they are swept; keys of windows nobody
 * takes from again (addresses, origins) would otherwise stay in the file for good.
 */
const HITS_KEPT_MS = 7 * 24 * 60 * 60 * 1000;
/** Writes between sweeps of expired values and old hits (each sweep walks an index, not the table). */
const WRITES_PER_SWEEP = 256;

/**
 * The embedded default: one SQLite file. Every write is committed before the call returns (WAL with
 * synchronous=FULL), so a proxy killed at any moment loses nothing it had acknowledged.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(
    path: string,
    private readonly now: Clock = () => Date.now(),
  ) {
    if (path !== ':memory:') keepPrivate(path);
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    const db = this.db;
    this.statements = {
      get: db.prepare<[string, number], { value: string }>(
        'SELECT value FROM kv WHERE key = ? AND (expires IS NULL OR expires > ?)',
      ),
      set: db.prepare(
        'INSERT INTO kv (key, value, expires) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires = excluded.expires',
      ),
      insertIfAbsent: db.prepare(
        'INSERT INTO kv (key, value, expires) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires = excluded.expires WHERE kv.expires IS NOT NULL AND kv.expires <= ?',
      ),
      deleteIf: db.prepare('DELETE FROM kv WHERE key = ? AND value = ? AND (expires IS NULL OR expires > ?)'),
      delete: db.prepare('DELETE FROM kv WHERE key = ?'),
      prune: db.prepare('DELETE FROM hits WHERE key = ? AND at <= ?'),
      count: db.prepare<[string], { used: number; oldest: number | null }>(
        'SELECT COUNT(*) AS used, MIN(at) AS oldest FROM hits WHERE key = ?',
      ),
      hit: db.prepare('INSERT INTO hits (key, at) VALUES (?, ?)'),
      rehit: db.prepare('UPDATE hits SET at = ? WHERE rowid = ? AND key = ?'),
      enqueue: db.prepare(
        'INSERT OR IGNORE INTO queue (queue, id, payload, seq) VALUES (?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM queue))',
      ),
      ready: db.prepare<[string, number], { id: string; payload: string; attempts: number }>(
        'SELECT id, payload, attempts FROM queue WHERE queue = ? AND ready_at <= ? ORDER BY seq LIMIT 1',
      ),
      lease: db.prepare('UPDATE queue SET attempts = attempts + 1, ready_at = ? WHERE queue = ? AND id = ?'),
      release: db.prepare('UPDATE queue SET ready_at = ? WHERE queue = ? AND id = ?'),
      complete: db.prepare('DELETE FROM queue WHERE queue = ? AND id = ?'),
      size: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM queue WHERE queue = ?'),
      sweep: db.prepare('DELETE FROM kv WHERE expires IS NOT NULL AND expires <= ?'),
      sweepHits: db.prepare('DELETE FROM hits WHERE at <= ?'),
      held: db.prepare<[], { values: number; windows: number }>(
        'SELECT (SELECT COUNT(*) FROM kv) AS "values", (SELECT COUNT(DISTINCT key) FROM hits) AS "windows"',
      ),
    };
    // Expired keys are invisible already; sweeping keeps the file from growing without bound.
    this.sweep();

    const { prune, count, hit, rehit, ready, lease } = this.statements;
    // IMMEDIATE transactions take the write lock first, so two processes on one file cannot both see a free place.
    this.takeTx = db.transaction((key: string, limit: number, windowMs: number) => {
      const now = this.now();
      prune.run(key, now - windowMs);
      const { used, oldest } = count.get(key) ?? { used: 0, oldest: null };
      if (used < limit) {
        const place = String(hit.run(key, now).lastInsertRowid);
        return { taken: true, used: used + 1, retryAfterMs: 0, place };
      }
      return { taken: false, used, retryAfterMs: Math.max(0, (oldest ?? now) + windowMs - now) };
    });
    this.renewTx = db.transaction((key: string, place: string) => {
      const now = this.now();
      // A place swept since it was taken is counted again from now, as a new row.
      if (rehit.run(now, Number(place), key).changes === 0) hit.run(key, now);
    });
    this.claimTx = db.transaction((queue: string, leaseMs: number): QueuedItem | undefined => {
      const now = this.now();
      const row = ready.get(queue, now);
      if (!row) return undefined;
      lease.run(now + leaseMs, queue, row.id);
      return { id: row.id, payload: row.payload, attempts: row.attempts + 1 };
    });
  }

  private writes = 0;
  private longestWindowMs = 0;

  private sweep() {
    const now = this.now();
    this.statements.sweep.run(now);
    this.statements.sweepHits.run(now - Math.max(HITS_KEPT_MS, this.longestWindowMs));
  }

  /** Sweeps now and then as writes come, so a long-running proxy sheds what it no longer needs. */
  private wrote() {
    if (++this.writes % WRITES_PER_SWEEP === 0) this.sweep();
  }

  /** How many values and rate-limit windows the file holds (expired ones not yet swept included). */
  held(): { values: number; windows: number } {
    return this.statements.held.get() ?? { values: 0, windows: 0 };
  }

  private readonly takeTx: Database.Transaction<(key: string, limit: number, windowMs: number) => Taken>;
  private readonly renewTx: Database.Transaction<(key: string, place: string) => void>;
  private readonly claimTx: Database.Transaction<(queue: string, leaseMs: number) => QueuedItem | undefined>;

  async get(key: string) {
    return this.statements.get.get(key, this.now())?.value;
  }

  async set(key: string, value: string, options: { ttlMs?: number } = {}) {
    this.wrote();
    this.statements.set.run(key, value, options.ttlMs ? this.now() + options.ttlMs : null);
  }

  async setIfAbsent(key: string, value: string, options: { ttlMs?: number } = {}) {
    this.wrote();
    const now = this.now();
    return (
      this.statements.insertIfAbsent.run(key, value, options.ttlMs ? now + options.ttlMs : null, now)
        .changes === 1
    );
  }

  async deleteIf(key: string, expected: string) {
    return this.statements.deleteIf.run(key, expected, this.now()).changes === 1;
  }

  async delete(key: string) {
    this.statements.delete.run(key);
  }

  async take(key: string, limit: number, windowMs: number) {
    this.longestWindowMs = Math.max(this.longestWindowMs, windowMs);
    this.wrote();
    return this.takeTx.immediate(key, limit, windowMs);
  }

  async renew(key: string, place: string, windowMs: number) {
    this.longestWindowMs = Math.max(this.longestWindowMs, windowMs);
    this.wrote();
    this.renewTx.immediate(key, place);
  }

  async enqueue(queue: string, id: string, payload: string) {
    this.statements.enqueue.run(queue, id, payload);
  }

  async claim(queue: string, leaseMs: number) {
    return this.claimTx.immediate(queue, leaseMs);
  }

  async release(queue: string, id: string, delayMs: number) {
    this.statements.release.run(this.now() + delayMs, queue, id);
  }

  async complete(queue: string, id: string) {
    this.statements.complete.run(queue, id);
  }

  async size(queue: string) {
    return this.statements.size.get(queue)?.n ?? 0;
  }

  private readonly listeners = new Listeners();

  async publish(channel: string, message: string) {
    this.listeners.tell(channel, message);
  }

  subscribe(channel: string, listener: (message: string) => void) {
    return this.listeners.add(channel, listener);
  }

  async ping() {
    return this.db.open;
  }

  async close() {
    if (this.db.open) this.db.close();
  }
}
