import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Backend } from '../backends/index.ts';
import { LockTimeout, withLock } from './lock.ts';
import type { Logger } from './log.ts';
import { StoreUnavailableError, type Store } from './store/index.ts';
import { TtlCache } from './ttl-cache.ts';

/** How long a picture (or the word that a home has none) is kept before the upstream is asked again. */
const KEPT_FOR_MS = 24 * 60 * 60_000;
/**
 * How long a decoded picture stays in this process before it is read from the store again: short enough that
 * memory follows the store's day closely, long enough that a hot picture is not decoded on every request.
 */
const MEMORY_MS = 60 * 60_000;
/**
 * Longer than one upstream read may take (two calls, each of which may wait its turn in the budget), so that
 * another instance waits for this one's read instead of making its own.
 */
const READ_LOCK_MS = 2 * 60_000;

export interface Picture {
  body: Uint8Array;
  /** The media type as the upstream gave it. */
  contentType: string;
  /** A strong validator from the bytes' hash: the same picture has the same tag on every instance. */
  etag: string;
}

export interface PicturesOptions {
  backend: Backend;
  /** Where pictures are kept for a day, so a restart or another instance does not read them again. */
  store: Store;
  log: Logger;
  /** How long a visitor's picture request waits for one not yet read before it gets "busy". */
  visitorWaitMs?: number;
  /** How many decoded pictures this process holds in front of the store (default 200). */
  memoryEntries?: number;
  now?: () => number;
}

/** A picture as kept in the store: its bytes in base64, or the word that the home has none. */
const KeptPicture = z.union([
  z.object({ readAt: z.number(), contentType: z.string(), etag: z.string(), body: z.base64() }),
  z.object({ readAt: z.number(), none: z.literal(true) }),
]);

const pictureKey = (propertyId: string) => `picture:${propertyId}`;

/**
 * Property pictures, which agentOS serves behind the agency's key. Each is read from the upstream once a day
 * at most and kept in the store (so it survives a restart, and instances sharing Redis share one copy), with
 * the most asked-for held decoded in memory. They are read in the background after each catalog sync, one at
 * a time, at the budget's picture priority. A visitor asking for one not read yet waits a few seconds at most,
 * then the widget shows its plain panel, while the read goes on for the next visitor.
 */
export class Pictures {
  /** `null`: the home has no picture, remembered like one so the upstream is not asked again all day. */
  private readonly memory: TtlCache<Picture | null>;
  /** Until when each home's picture is known to be in the store, so a sync does not read them all back. */
  private readonly keptUntil = new Map<string, number>();
  private readonly now: () => number;
  private prefetching = false;
  /**
   * Whether the backend has read the catalog in this process. Before that, agentOS cannot tell which homes it
   * may ask about and says "no picture" for every one (a restart serves the kept catalog before its first
   * sync), so that answer is passed on but not remembered.
   */
  private synced = false;

  constructor(private readonly options: PicturesOptions) {
    this.now = options.now ?? (() => Date.now());
    this.memory = new TtlCache({
      ttlMs: MEMORY_MS,
      maxEntries: options.memoryEntries ?? 200,
      now: this.now,
    });
  }

  /** The picture, undefined when the property has none, or `busy` when it cannot be had in time. */
  async get(propertyId: string): Promise<Picture | undefined | 'busy'> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const busy = new Promise<'busy'>((resolve) => {
      timer = setTimeout(() => resolve('busy'), this.options.visitorWaitMs ?? 8_000);
    });
    try {
      return (await Promise.race([this.read(propertyId, true), busy])) ?? undefined;
    } catch (error) {
      if (error instanceof NotYetKnown) return undefined;
      return 'busy';
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * After each catalog sync: reads the pictures not kept yet, one after another; a second call while one runs
   * does nothing. A picture another instance is reading is left to it.
   */
  async prefetch(propertyIds: readonly string[]): Promise<void> {
    this.synced = true;
    if (this.prefetching || !this.options.backend.fetchPhoto) return;
    this.prefetching = true;
    const listed = new Set(propertyIds);
    for (const id of this.keptUntil.keys()) if (!listed.has(id)) this.keptUntil.delete(id);
    let read = 0;
    try {
      for (const id of propertyIds) {
        if (this.memory.has(id) || (this.keptUntil.get(id) ?? 0) > this.now()) continue;
        try {
          if ((await this.fromStore(id)) !== undefined) continue;
          await this.read(id, false);
          read++;
        } catch (error) {
          // The next sync tries again; reading on without the store could read every picture twice.
          if (error instanceof StoreUnavailableError) break;
          // Otherwise left for a visitor's request or the next sync to try again.
        }
      }
    } finally {
      this.prefetching = false;
      if (read > 0) this.options.log.info('pictures_prefetched', { count: read });
    }
  }

  /** From memory, else the store, else the upstream; one load per home at a time in this process. */
  private read(propertyId: string, waitForOthers: boolean): Promise<Picture | null> {
    return this.memory.get(propertyId, () => this.load(propertyId, waitForOthers));
  }

  private async load(propertyId: string, waitForOthers: boolean): Promise<Picture | null> {
    let fresh: Picture | null | undefined;
    try {
      const kept = await this.fromStore(propertyId);
      if (kept !== undefined) return kept;
      return await withLock(
        this.options.store,
        pictureKey(propertyId),
        async () => {
          // Another instance may have kept it while this one waited for the lock.
          const kept = await this.fromStore(propertyId);
          if (kept !== undefined) return kept;
          const read = await this.fromUpstream(propertyId);
          if (read === null && !this.synced) throw new NotYetKnown();
          fresh = read;
          await this.keep(propertyId, fresh);
          return fresh;
        },
        {
          ttlMs: READ_LOCK_MS,
          waitMs: waitForOthers ? READ_LOCK_MS : 0,
          pollMs: 500,
          abandonWhen: async () => (await this.fromStore(propertyId)) !== undefined,
        },
      );
    } catch (error) {
      // Read, but the lock could not be let go: it lapses on its own.
      if (fresh !== undefined) return fresh;
      if (error instanceof LockTimeout) {
        const kept = await this.fromStore(propertyId);
        if (kept !== undefined) return kept;
      }
      if (!(error instanceof StoreUnavailableError)) throw error;
      // The store cannot be asked: the visitor still gets the picture, held in memory only until it answers.
      const read = await this.fromUpstream(propertyId);
      if (read === null && !this.synced) throw new NotYetKnown();
      return read;
    }
  }

  private async fromUpstream(propertyId: string): Promise<Picture | null> {
    const photo = await this.options.backend.fetchPhoto?.(propertyId);
    if (!photo) return null;
    const etag = `"${createHash('sha256').update(photo.body).digest('base64url')}"`;
    return { body: photo.body, contentType: photo.contentType, etag };
  }

  /** The kept picture, `null` for a home kept as having none, undefined when nothing usable is kept. */
  private async fromStore(propertyId: string): Promise<Picture | null | undefined> {
    const raw = await this.options.store.get(pictureKey(propertyId));
    if (raw === undefined) return undefined;
    const kept = KeptPicture.safeParse(parseJson(raw));
    if (!kept.success) {
      this.options.log.warn('picture_kept_unreadable', { propertyId });
      return undefined;
    }
    this.keptUntil.set(propertyId, kept.data.readAt + KEPT_FOR_MS);
    if ('none' in kept.data) return null;
    const { contentType, etag, body } = kept.data;
    return { contentType, etag, body: new Uint8Array(Buffer.from(body, 'base64')) };
  }

  /** Keeps a read for a day; a store that cannot take it only means the next restart reads it again. */
  private async keep(propertyId: string, picture: Picture | null): Promise<void> {
    const readAt = this.now();
    const kept: z.input<typeof KeptPicture> = picture
      ? {
          readAt,
          contentType: picture.contentType,
          etag: picture.etag,
          body: Buffer.from(picture.body.buffer, picture.body.byteOffset, picture.body.byteLength).toString(
            'base64',
          ),
        }
      : { readAt, none: true };
    try {
      await this.options.store.set(pictureKey(propertyId), JSON.stringify(kept), { ttlMs: KEPT_FOR_MS });
      this.keptUntil.set(propertyId, readAt + KEPT_FOR_MS);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      this.options.log.warn('picture_not_kept', { propertyId });
    }
  }
}

/** "No picture" from a backend that has not read the catalog yet: told to the visitor, not remembered. */
class NotYetKnown extends Error {
  override name = 'NotYetKnown';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
