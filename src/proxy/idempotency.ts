/** What a booking request answered, kept so the same Idempotency-Key always gets the same answer. */
export interface StoredAnswer {
  status: 201 | 409 | 422;
  body: unknown;
}

interface Entry {
  fingerprint: string;
  answer: Promise<StoredAnswer>;
  expires: number;
}

export type IdempotentOutcome =
  { kind: 'answer'; answer: StoredAnswer; replayed: boolean } | { kind: 'mismatch' };

/**
 * Remembers booking answers by Idempotency-Key for a day. A retry while the first attempt is still running
 * waits for that attempt instead of booking again. Only definite answers (booked, slot taken) are kept: when
 * an attempt throws, everyone waiting on it gets the error and a later retry runs afresh.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = 24 * 60 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async run(
    key: string,
    fingerprint: string,
    attempt: () => Promise<StoredAnswer>,
  ): Promise<IdempotentOutcome> {
    this.sweep();
    const existing = this.entries.get(key);
    if (existing) {
      if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
      return { kind: 'answer', answer: await existing.answer, replayed: true };
    }
    const entry: Entry = { fingerprint, answer: attempt(), expires: this.now() + this.ttlMs };
    this.entries.set(key, entry);
    try {
      return { kind: 'answer', answer: await entry.answer, replayed: false };
    } catch (error) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw error;
    }
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expires <= now) this.entries.delete(key);
  }
}
