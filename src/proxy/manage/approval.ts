import { z } from 'zod';
import type { Property } from '../../contract/index.ts';
import type { Logger } from '../log.ts';
import type { QueuedItem, Store } from '../store/index.ts';
import { backoffMs, QueueWorker, readPayload } from './worker.ts';

const HOUR = 60 * 60_000;
const QUEUE = 'approval-deadlines';

/**
 * Homes whose owner (the landlord, or the vendor) agrees each viewing before it is confirmed. A booking of one
 * holds the time in the agency's diary at once, tells the visitor it is requested, and gives the owner a signed
 * link; the owner agrees, declines, or agrees to another free time, by `answerWithinHours` after the booking and
 * before the viewing begins. Unanswered by then, the request lapses: the time is given back and the visitor told.
 */
export const ApprovalSettings = z.object({
  /** Homes, by the catalog's id, whose owner agrees each viewing. */
  properties: z.array(z.string().min(1)).default([]),
  /** Branches, by id, every one of whose homes needs its owner's approval. */
  branches: z.array(z.string().min(1)).default([]),
  answerWithinHours: z
    .number()
    .int()
    .min(1)
    .max(14 * 24)
    .default(48),
});
export type ApprovalSettings = z.infer<typeof ApprovalSettings>;
export type ApprovalSettingsInput = z.input<typeof ApprovalSettings>;

/** Where the owner's answer stands, as the viewing's record keeps it. */
export const KeptApproval = z.object({
  status: z.enum(['pending', 'approved', 'declined', 'expired']),
  /** ISO 8601: when the request lapses unanswered. */
  answerBy: z.string(),
  /** Who answered: the owner through their link, or staff for them (the owner rang the branch). */
  decidedBy: z.enum(['owner', 'staff']).optional(),
  decidedAt: z.string().optional(),
});
export type KeptApproval = z.infer<typeof KeptApproval>;

const Deadline = z.object({ recordId: z.string(), answerBy: z.string() });

export interface OwnerApprovalsOptions {
  settings: ApprovalSettingsInput | undefined;
  store: Store;
  log: Logger;
  now: () => Date;
  /** Called once a request's deadline has passed; it lapses the request if it is still unanswered. */
  lapse: (recordId: string) => Promise<void>;
}

/** Which homes need their owner's approval, when each request lapses, and the queue that lapses them. */
export class OwnerApprovals {
  readonly worker: QueueWorker;
  private readonly settings: ApprovalSettings;
  private readonly properties: Set<string>;
  private readonly branches: Set<string>;

  constructor(private readonly options: OwnerApprovalsOptions) {
    this.settings = ApprovalSettings.parse(options.settings ?? {});
    this.properties = new Set(this.settings.properties);
    this.branches = new Set(this.settings.branches);
    this.worker = new QueueWorker(options.store, QUEUE, (item) => this.due(item));
  }

  needed(property: Pick<Property, 'id' | 'branchId'>): boolean {
    return this.properties.has(property.id) || this.branches.has(property.branchId);
  }

  /** A new request's approval: the owner has `answerWithinHours`, and never past the viewing's start. */
  requested(start: string): KeptApproval {
    const limit = this.options.now().getTime() + this.settings.answerWithinHours * HOUR;
    return { status: 'pending', answerBy: new Date(Math.min(limit, Date.parse(start))).toISOString() };
  }

  /** Queues the request's lapse for its deadline; it does nothing then if the owner has answered. */
  async schedule(recordId: string, approval: KeptApproval): Promise<void> {
    await this.options.store.enqueue(
      QUEUE,
      `${recordId}:${approval.answerBy}`,
      JSON.stringify({ recordId, answerBy: approval.answerBy } satisfies z.infer<typeof Deadline>),
    );
  }

  private async due(item: QueuedItem): Promise<boolean> {
    const { store, log, now } = this.options;
    const deadline = readPayload(item, Deadline, log, 'approval_deadline_unreadable');
    const wait = deadline ? Date.parse(deadline.answerBy) - now().getTime() : 0;
    if (wait > 0) {
      await store.release(QUEUE, item.id, wait);
      return false;
    }
    try {
      if (deadline) await this.options.lapse(deadline.recordId);
    } catch (error) {
      log.warn('approval_lapse_failed', {
        id: item.id,
        message: error instanceof Error ? error.message : String(error),
      });
      await store.release(QUEUE, item.id, backoffMs(item.attempts));
      return false;
    }
    await store.complete(QUEUE, item.id);
    return true;
  }
}
