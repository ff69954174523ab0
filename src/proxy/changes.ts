import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from './log.ts';
import type { Store } from './store/index.ts';

/**
 * Something that makes cached answers stale: a home's free times (a booking, a move, a cancellation, a kept
 * request delivered, a staff change, or the upstream saying so), every home's, or a branch's staff diary.
 */
export const Change = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('times'),
    propertyId: z.string().min(1),
    /** `booking`: this proxy changed them; `upstream`: the upstream said they changed. */
    source: z.enum(['booking', 'upstream']),
  }),
  z.object({ kind: z.literal('all-times') }),
  z.object({ kind: z.literal('diary'), branchId: z.string().min(1) }),
]);
export type Change = z.infer<typeof Change>;

const Message = z.object({ from: z.string(), change: Change });

const CHANNEL = 'changes';

/**
 * Tells every proxy instance sharing the store what changed, so each drops what it cached: free times and
 * staff diaries are kept in each instance's memory, and without this a change seen by one instance would leave
 * the others answering from stale copies until their time-to-live. The instance that saw the change applies it
 * at once; the others within the store's round trip (Redis pub/sub). A message lost while the store was away
 * leaves the others stale for at most their time-to-live, as before.
 */
export class ChangeFeed {
  private readonly id = randomUUID();
  private stopListening: (() => void) | undefined;
  /** Messages from other instances acted on, and ones that could not be read; for metrics and tests. */
  heard = 0;
  unreadable = 0;

  constructor(
    private readonly store: Store,
    private readonly apply: (change: Change) => void,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.stopListening ??= this.store.subscribe(CHANNEL, (raw) => this.hear(raw));
  }

  stop(): void {
    this.stopListening?.();
    this.stopListening = undefined;
  }

  /** Applies the change here and tells the other instances. */
  tell(change: Change): void {
    this.apply(change);
    this.store.publish(CHANNEL, JSON.stringify({ from: this.id, change })).catch((error: unknown) =>
      this.log.warn('change_not_shared', {
        kind: change.kind,
        message: error instanceof Error ? error.message : String(error),
      }),
    );
  }

  private hear(raw: string): void {
    let parsed: z.infer<typeof Message> | undefined;
    try {
      parsed = Message.safeParse(JSON.parse(raw)).data;
    } catch {
      parsed = undefined;
    }
    if (!parsed) {
      this.unreadable++;
      return;
    }
    if (parsed.from === this.id) return;
    this.heard++;
    this.apply(parsed.change);
  }
}
