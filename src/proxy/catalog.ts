import type { Branch, Property } from '../contract/index.ts';
import type { Backend, Catalog } from '../backends/index.ts';
import type { Logger } from './log.ts';

export interface CatalogSyncOptions {
  refreshMs: number;
  log: Logger;
  /** After each successful sync, e.g. to read the pictures of new homes in the background. */
  onSynced?: (catalog: Catalog) => void;
}

/**
 * Branches and properties, read from the upstream in the background and served from memory, so visitors'
 * reads never spend the upstream's request budget. A failed refresh keeps serving the last good copy.
 */
export class CatalogCache {
  private catalog: Catalog | undefined;
  private byId = new Map<string, Property>();
  private firstSync: Promise<void> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private syncing: Promise<void> | undefined;
  lastSyncedAt: Date | undefined;
  lastError: Error | undefined;

  constructor(
    private readonly backend: Backend,
    private readonly options: CatalogSyncOptions,
  ) {}

  /** Starts the background sync; resolves once the first copy is in (or failed). */
  start(): Promise<void> {
    this.firstSync ??= this.sync();
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

  private async load(): Promise<void> {
    const started = Date.now();
    try {
      const catalog = await this.backend.loadCatalog();
      this.catalog = catalog;
      this.byId = new Map(catalog.properties.map((property) => [property.id, property]));
      this.lastSyncedAt = new Date();
      this.lastError = undefined;
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
