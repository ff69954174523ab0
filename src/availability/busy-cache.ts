import type { BusyTime } from './rules.ts';

/**
 * Busy times read from an upstream, kept briefly and shared: while one read is under way every caller asking
 * for the same key waits on it, so a burst of visitors costs one upstream read, not one each.
 */
export class BusyCache {
  private readonly values = new Map<string, { busy: BusyTime[]; expires: number }>();
  private readonly loading = new Map<string, { generation: number; promise: Promise<BusyTime[]> }>();
  /** Bumped by every invalidation, so a read started before one cannot store what it read. */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<BusyTime[]>): Promise<BusyTime[]> {
    const hit = this.values.get(key);
    if (hit && hit.expires > this.now()) return Promise.resolve(hit.busy);
    const pending = this.loading.get(key);
    if (pending && pending.generation === this.generation) return pending.promise;
    const generation = this.generation;
    const promise = load()
      .then((busy) => {
        if (generation === this.generation) this.values.set(key, { busy, expires: this.now() + this.ttlMs });
        return busy;
      })
      .finally(() => {
        if (this.loading.get(key)?.promise === promise) this.loading.delete(key);
      });
    this.loading.set(key, { generation, promise });
    return promise;
  }

  /** Forgets every key `matches` accepts (all of them without it), including reads still under way. */
  invalidate(matches: (key: string) => boolean = () => true): void {
    this.generation++;
    for (const key of this.values.keys()) if (matches(key)) this.values.delete(key);
  }
}
