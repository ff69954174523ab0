import type { z } from 'zod';
import type { Logger } from '../log.ts';
import type { QueuedItem, Store } from '../store/index.ts';

/** A worker that dies mid-item gives it back after this long. */
const LEASE_MS = 2 * 60_000;

/** Waits between attempts: 15 s, 30 s, 1 min… up to 10 minutes. */
export const backoffMs = (attempts: number) => Math.min(10 * 60_000, 15_000 * 2 ** Math.max(0, attempts - 1));

/**
 * A queued item's payload read with `schema`, or undefined for one that cannot be read (written by another
 * release, or damaged): that is logged as `event` and never tried again.
 */
export function readPayload<T extends z.ZodType>(
  item: QueuedItem,
  schema: T,
  log: Logger,
  event: string,
): z.infer<T> | undefined {
  try {
    return schema.parse(JSON.parse(item.payload));
  } catch {
    log.error(event, { id: item.id });
    return undefined;
  }
}

/**
 * Works through one durable store queue: claims the oldest ready item, hands it to `handle` (which completes
 * or releases it), and goes on until nothing is ready. One pass at a time per process; other instances on the
 * same store never get an item while it is leased.
 */
export class QueueWorker {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly store: Store,
    private readonly queue: string,
    /** True when the item left the queue. */
    private readonly handle: (item: QueuedItem) => Promise<boolean>,
  ) {}

  /** Handles every item that is due; resolves with how many left the queue. */
  deliverDue(): Promise<number> {
    this.running ??= this.drain().finally(() => (this.running = undefined));
    return this.running;
  }

  start(intervalMs: number): void {
    this.timer ??= setInterval(() => void this.deliverDue().catch(() => undefined), intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  size(): Promise<number> {
    return this.store.size(this.queue);
  }

  private async drain(): Promise<number> {
    let done = 0;
    // An item put back for a moment is ready again at once; it waits for the next pass.
    const seen = new Set<string>();
    for (;;) {
      const item = await this.store.claim(this.queue, LEASE_MS);
      if (!item) return done;
      if (seen.has(item.id)) {
        await this.store.release(this.queue, item.id, 0);
        return done;
      }
      seen.add(item.id);
      if (await this.handle(item)) done++;
    }
  }
}
