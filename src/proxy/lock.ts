import type { Store } from './store/index.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface LockOptions {
  /** How long the lock holds if its owner dies; longer than the work takes. */
  ttlMs?: number;
  /** How long to wait for another holder before giving up. */
  waitMs?: number;
  pollMs?: number;
  /**
   * Asked while waiting: true stops the wait at once with a LockTimeout, for a waiter that learns meanwhile
   * that the holder's work made its own pointless (the time it wanted was booked).
   */
  abandonWhen?: () => Promise<boolean>;
}

export class LockTimeout extends Error {
  override name = 'LockTimeout';
}

/**
 * Runs `work` while holding `key` in the store, so that across all proxy instances only one booking of a
 * given slot is between its live re-check and its upstream post at any moment.
 */
export async function withLock<T>(
  store: Store,
  key: string,
  work: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const { ttlMs = 60_000, waitMs = 30_000, pollMs = 25, abandonWhen } = options;
  const token = `${process.pid}:${Math.random().toString(36).slice(2)}`;
  const deadline = Date.now() + waitMs;
  while (!(await store.setIfAbsent(`lock:${key}`, token, { ttlMs }))) {
    if (Date.now() > deadline) throw new LockTimeout(`could not lock ${key} within ${waitMs} ms`);
    if (await abandonWhen?.()) throw new LockTimeout(`stopped waiting for ${key}: no longer needed`);
    await sleep(pollMs);
  }
  try {
    return await work();
  } finally {
    await store.deleteIf(`lock:${key}`, token);
  }
}

/** The lock every change to one time of one property takes: a booking, a move, a kept request's delivery. */
export const slotLockKey = (propertyId: string, slotId: string) => `slot:${propertyId}:${slotId}`;
