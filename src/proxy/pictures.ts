import type { Backend, Photo } from '../backends/index.ts';
import type { Logger } from './log.ts';
import { TtlCache } from './ttl-cache.ts';

export interface PicturesOptions {
  backend: Backend;
  log: Logger;
  /** How long a visitor's picture request waits for one not yet in memory before it gets "busy". */
  visitorWaitMs?: number;
}

/**
 * Property pictures, which agentOS serves behind the agency's key. They are read in the background after
 * each catalog sync, one at a time, at the budget's picture priority, and kept for a day: visitors get them
 * from memory. A visitor asking for one that is not in yet waits a few seconds at most, then the widget shows
 * its plain panel, while the read goes on for the next visitor.
 */
export class Pictures {
  private readonly cache = new TtlCache<Photo | undefined>({ ttlMs: 24 * 60 * 60_000, maxEntries: 1_000 });
  private prefetching = false;

  constructor(private readonly options: PicturesOptions) {}

  /** The picture, undefined when the property has none, or `busy` when it cannot be had in time. */
  async get(propertyId: string): Promise<Photo | undefined | 'busy'> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const busy = new Promise<'busy'>((resolve) => {
      timer = setTimeout(() => resolve('busy'), this.options.visitorWaitMs ?? 8_000);
    });
    try {
      return await Promise.race([this.read(propertyId), busy]);
    } catch {
      return 'busy';
    } finally {
      clearTimeout(timer);
    }
  }

  /** Reads the pictures not in memory yet, one after another; a second call while one runs does nothing. */
  async prefetch(propertyIds: readonly string[]): Promise<void> {
    if (this.prefetching || !this.options.backend.fetchPhoto) return;
    this.prefetching = true;
    let read = 0;
    try {
      for (const id of propertyIds) {
        if (this.cache.has(id)) continue;
        try {
          await this.read(id);
          read++;
        } catch {
          // Left for a visitor's request or the next sync to try again.
        }
      }
    } finally {
      this.prefetching = false;
      if (read > 0) this.options.log.info('pictures_prefetched', { count: read });
    }
  }

  private read(propertyId: string): Promise<Photo | undefined> {
    return this.cache.get(
      propertyId,
      () => this.options.backend.fetchPhoto?.(propertyId) ?? Promise.resolve(undefined),
    );
  }
}
