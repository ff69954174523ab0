import { z } from 'zod';
import { Branch, Property } from '../contract/index.ts';
import type { Backend, Catalog } from '../backends/index.ts';
import { HomeIndex, type HomeFilter } from './home-search.ts';
import type { Logger } from './log.ts';
import type { Store } from './store/index.ts';

export interface CatalogSyncOptions {
  refreshMs: number;
  log: Logger;
  /**
   * Where the last good copy is kept, so that an instance starting beside others (or after a restart) serves at
   * once instead of waiting for the upstream budget to allow a sync.
   */
  store?: Store;
  /** After each successful sync, e.g. to read the pictures of new homes in the background. */
  onSynced?: (catalog: Catalog) => void;
}

const KEPT_KEY = 'catalog:last';
/** A kept copy older than this is not served: the homes it lists may long be let or sold. */
const KEPT_FOR_MS = 24 * 60 * 60 * 1000;

const KeptCatalog = z.object({
  syncedAt: z.iso.datetime(),
  branches: z.array(Branch),
  properties: z.array(Property),
});

/**
 * Branches and properties, read from the upstream in the background and served from memory, so visitors'
 * reads never spend the upstream's request budget. A failed refresh keeps serving the last good copy.
 */
export class CatalogCache {
  private catalog: Catalog | undefined;
  private byId = new Map<string, Property>();
  /** Built with each copy, so that searches by visitors never redo the work per request. */
  private index: { of: Catalog; homes: HomeIndex } | undefined;
  private firstSync: Promise<void> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private syncing: Promise<void> | undefined;
  lastSyncedAt: Date | undefined;
  lastError: Error | undefined;

  constructor(
    private readonly backend: Backend,
    private readonly options: CatalogSyncOptions,
  ) {}

  /**
   * Starts the background sync; resolves once the first copy is in (or failed). A recent copy kept in the store
   * counts as the first: it is served at once while the sync runs behind it.
   */
  start(): Promise<void> {
    this.firstSync ??= this.restore().then((restored) => (restored ? void this.sync() : this.sync()));
    this.timer ??= setInterval(() => void this.sync(), this.options.refreshMs);
    this.timer.unref?.();
    return this.firstSync;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One sync at a time: a slow upstream must not pile up overlapping syncs. */
  sync(): Promise<void> {
    this.syncing ??= this.load().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  /** The synced copy, if there is one yet. */
  get current(): Catalog | undefined {
    return this.catalog;
  }

  /** Waits for the first sync when the proxy has just started; undefined if there is still no copy. */
  async ready(): Promise<Catalog | undefined> {
    if (!this.catalog) await (this.firstSync ?? this.start());
    return this.catalog;
  }

  branch(id: string): Branch | undefined {
    return this.catalog?.branches.find((branch) => branch.id === id);
  }

  property(id: string): Property | undefined {
    return this.byId.get(id);
  }

  /** The homes of `copy` that pass `filter`, in catalog order. */
  homes(copy: Catalog, filter: HomeFilter): Property[] {
    // A copy replaced by a sync while its request waited is indexed on its own, never matched with another's.
    if (this.index?.of !== copy) this.index = { of: copy, homes: new HomeIndex(copy.properties) };
    return this.index.homes.find(filter);
  }

  private use(catalog: Catalog, syncedAt: Date): void {
    this.catalog = catalog;
    this.byId = new Map(catalog.properties.map((property) => [property.id, property]));
    this.index = { of: catalog, homes: new HomeIndex(catalog.properties) };
    this.lastSyncedAt = syncedAt;
  }

  /** When a copy was read: the machine's clock, the one `/readyz` judges a copy's age by. */
  private clock(): Date {
    return new Date();
  }

  /** Serves the copy another instance (or this one before a restart) kept, if it is recent; true if it did. */
  private async restore(): Promise<boolean> {
    const { store, log } = this.options;
    if (!store) return false;
    try {
      const text = await store.get(KEPT_KEY);
      if (text === undefined) return false;
      const kept = KeptCatalog.safeParse(JSON.parse(text));
      if (!kept.success) {
        log.warn('catalog_kept_copy_unusable', { issues: kept.error.issues.length });
        return false;
      }
      const syncedAt = new Date(kept.data.syncedAt);
      if (this.clock().getTime() - syncedAt.getTime() > KEPT_FOR_MS) return false;
      this.use({ branches: kept.data.branches, properties: kept.data.properties }, syncedAt);
      log.info('catalog_restored', {
        branches: kept.data.branches.length,
        properties: kept.data.properties.length,
        syncedAt: kept.data.syncedAt,
      });
      return true;
    } catch (error) {
      log.warn('catalog_kept_copy_unreadable', {
        message: error instanceof Error ? error.message : String(error),
      });
      return false;
    }
  }

  private async load(): Promise<void> {
    const started = Date.now();
    try {
      const catalog = await this.backend.loadCatalog();
      const syncedAt = this.clock();
      this.use(catalog, syncedAt);
      this.lastError = undefined;
      await this.options.store
        ?.set(KEPT_KEY, JSON.stringify({ syncedAt: syncedAt.toISOString(), ...catalog }), {
          ttlMs: KEPT_FOR_MS,
        })
        .catch((error: unknown) =>
          this.options.log.warn('catalog_not_kept', {
            message: error instanceof Error ? error.message : String(error),
          }),
        );
      this.options.log.info('catalog_synced', {
        branches: catalog.branches.length,
        properties: catalog.properties.length,
        ms: Date.now() - started,
      });
      this.options.onSynced?.(catalog);
    } catch (error) {
      this.lastError = error instanceof Error ? error : new Error(String(error));
      this.options.log.warn('catalog_sync_failed', { message: this.lastError.message });
    }
  }
}
