/**
 * Where webhook receivers remember what they have already acted on. The proxy's store satisfies it, so every
 * instance sharing that store, and an instance after a restart, remembers the same deliveries.
 */
export interface EventMemory {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttlMs?: number }): Promise<void>;
  /** Sets only when the key is absent (or expired); true for exactly one of many callers racing for it. */
  setIfAbsent(key: string, value: string, options?: { ttlMs?: number }): Promise<boolean>;
}

export interface SeenEventsOptions {
  /** Keeps one system's (and one account's) events apart from another's in a shared memory. */
  namespace: string;
  /** Where deliveries are remembered; the proxy passes its store. Default: this process only. */
  memory?: EventMemory;
  /** How long an event is remembered: far longer than the sender goes on redelivering it. Default a day. */
  ttlMs?: number;
}

const DAY_MS = 24 * 60 * 60_000;

/**
 * Which webhook events were acted on, and the latest version seen of each upstream record. Senders deliver
 * at least once and in any order; this is what makes the proxy act on each event once.
 *
 * @example
 * const seen = new SeenEvents({ namespace: 'pexip-engage:acme', memory: store });
 * if (!(await seen.first(event.id))) return { kind: 'ignored', reason: 'duplicate' };
 */
export class SeenEvents {
  private readonly memory: EventMemory;
  private readonly ttlMs: number;

  constructor(private readonly options: SeenEventsOptions) {
    this.memory = options.memory ?? processMemory();
    this.ttlMs = options.ttlMs ?? DAY_MS;
  }

  /** True for the first delivery of event `id`, to whichever receiver sharing the memory got it; false after. */
  first(id: string): Promise<boolean> {
    return this.memory.setIfAbsent(this.key('event', id), '1', { ttlMs: this.ttlMs });
  }

  /**
   * Records `version` (an update time) as the latest of `record`; false when a later one is recorded already.
   * Read then written: two updates of one record racing on two instances may both count as the latest, which
   * costs one extra refresh and never skips one.
   */
  async newest(record: string, version: number): Promise<boolean> {
    const key = this.key('latest', record);
    const known = Number((await this.memory.get(key)) ?? Number.NEGATIVE_INFINITY);
    if (version < known) return false;
    await this.memory.set(key, String(version), { ttlMs: this.ttlMs });
    return true;
  }

  private key(kind: string, id: string): string {
    return `webhook:${this.options.namespace}:${kind}:${id}`;
  }
}

/** Enough to span a sender's retry window many times over at any realistic rate, and bounded. */
const PROCESS_MEMORY_LIMIT = 10_000;

export interface ProcessMemoryOptions {
  /** The most entries kept; the oldest are forgotten first. */
  limit?: number;
  now?: () => number;
}

/** The memory of this process alone: forgets on restart, and its oldest entries beyond the limit. */
export function processMemory(options: ProcessMemoryOptions = {}): EventMemory {
  const { limit = PROCESS_MEMORY_LIMIT, now = () => Date.now() } = options;
  const entries = new Map<string, { value: string; expires: number }>();
  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.expires <= now()) entries.delete(key);
    return entries.get(key);
  };
  const set = (key: string, value: string, ttlMs = Number.POSITIVE_INFINITY) => {
    entries.delete(key);
    entries.set(key, { value, expires: now() + ttlMs });
    for (const oldest of entries.keys()) {
      if (entries.size <= limit) break;
      entries.delete(oldest);
    }
  };
  return {
    get: async (key) => live(key)?.value,
    set: async (key, value, options) => set(key, value, options?.ttlMs),
    setIfAbsent: async (key, value, options) => {
      if (live(key)) return false;
      set(key, value, options?.ttlMs);
      return true;
    },
  };
}
