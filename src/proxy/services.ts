import type { Backend, Catalog } from '../backends/index.ts';
import { systemClock } from '../clock.ts';
import { BookingService } from './bookings.ts';
import { cachePurger } from './cache-purge.ts';
import { CatalogCache } from './catalog.ts';
import { ChangeFeed, type Change } from './changes.ts';
import { FormCheck } from './form-check.ts';
import { FreeTimes } from './free-times.ts';
import { IdempotencyStore } from './idempotency.ts';
import { SlotLedger, type SlotLedgerOptions } from './ledger.ts';
import { silentLogger, type Logger } from './log.ts';
import { DEFAULT_MANAGE_SETTINGS, ManageService } from './manage/index.ts';
import { manageSecret } from './manage/token.ts';
import { Metrics } from './metrics.ts';
import { OpenHouseSettings, OpenHouses } from './open-houses.ts';
import { ConfigError } from './config.ts';
import { PROXY_DEFAULTS, type ProxyOptions } from './options.ts';
import { Pictures } from './pictures.ts';
import { QuestionBook } from './questions.ts';
import { ViewingRequests, type ViewingRequestsOptions } from './requests.ts';
import { StaffDesk } from './staff/index.ts';
import { Waitlist } from './waitlist.ts';
import { MemoryStore, type Store } from './store/index.ts';

/** What every service is built on. */
interface Core {
  backend: Backend;
  log: Logger;
  now: () => Date;
  store: Store;
  metrics: Metrics;
}

function coreOf(options: ProxyOptions): Core {
  const { backend } = options;
  const log = options.log ?? silentLogger;
  // Where and why, never what the record held: the path names fields, not values.
  backend.skipped.onSkip((record) => log.warn('upstream_record_skipped', { ...record }));
  return {
    backend,
    log,
    now: options.now ?? systemClock,
    store: options.store ?? new MemoryStore(),
    metrics: options.metrics ?? new Metrics(),
  };
}

/** The synced catalog, and the homes' pictures, which each sync may read ahead. */
function catalogServices(options: ProxyOptions, { backend, store, log, now }: Core) {
  const pictures = new Pictures({
    backend,
    store,
    log,
    now: () => now().getTime(),
    ...(options.pictureWaitMs !== undefined ? { visitorWaitMs: options.pictureWaitMs } : {}),
  });
  const catalog = new CatalogCache(backend, {
    refreshMs: options.catalogRefreshMs ?? PROXY_DEFAULTS.catalogRefreshMs,
    log,
    store,
    ...(options.prefetchPictures
      ? {
          onSynced: ({ properties }: Catalog) =>
            void pictures.prefetch(properties.filter((p) => p.photoUrl).map((p) => p.id)),
        }
      : {}),
  });
  return { pictures, catalog };
}

/**
 * How a change reaches every copy it makes stale: this instance's (`drop`), the other instances' through the
 * store, and the shared caches in front.
 */
function changeServices(options: ProxyOptions, { store, log }: Core, drop: (change: Change) => void) {
  const changes = new ChangeFeed(store, drop, log);
  const purge = cachePurger(options.cachePurgeUrls ?? [], log);
  /** Every instance drops its copies, and the shared caches in front theirs. */
  const tell = (change: Change) => {
    changes.tell(change);
    purge(change);
  };
  /** A property's times changed: through the proxy (a booking, a move) or, as a webhook says, upstream. */
  const timesChanged = (propertyId: string, source: 'booking' | 'upstream' = 'booking') =>
    tell({ kind: 'times', propertyId, source });
  return { changes, tell, timesChanged };
}

/** Drops what this instance cached that the change makes stale. */
function dropStale(
  change: Change,
  {
    catalog,
    freeTimes,
    staffDesk,
    waitlist,
  }: { catalog: CatalogCache; freeTimes: FreeTimes; staffDesk?: StaffDesk; waitlist?: Waitlist },
): void {
  if (change.kind === 'all-times') return freeTimes.forgetAll();
  if (change.kind === 'diary') return staffDesk?.diaryChanged(change.branchId);
  const property = catalog.property(change.propertyId);
  if (!property) return;
  freeTimes.changed(property, change.source);
  staffDesk?.diaryChanged(property.branchId);
  // A time may have freed up (a cancellation, a move, new times upstream): the home's list is offered it.
  waitlist?.nudge(property.id);
}

/** What a booking passes through: one booking per home and time, free times, and requests kept for later. */
function holdingServices(
  options: ProxyOptions,
  { backend, store, log, metrics, now }: Core,
  catalog: CatalogCache,
  timesChanged: (propertyId: string) => void,
  settled: ViewingRequestsOptions['settled'],
  released?: SlotLedgerOptions['released'],
) {
  const ledger = new SlotLedger({ store, now, changed: timesChanged, released });
  const openHouses = openHousesFor(options, backend);
  const requests = new ViewingRequests({ backend, catalog, store, log, metrics, ledger, now, settled });
  const freeTimes = new FreeTimes({
    backend,
    store,
    log,
    now,
    ttlMs: options.slotsTtlMs ?? PROXY_DEFAULTS.slotsTtlMs,
    staleMs: options.slotsStaleMs ?? PROXY_DEFAULTS.slotsStaleMs,
    ledger,
    ...(openHouses ? { openHouses } : {}),
  });
  const bookingService = new BookingService({
    requests,
    backend,
    ledger,
    freeTimes,
    log,
    metrics,
    now,
    ...(openHouses ? { openHouses } : {}),
  });
  return { ledger, requests, freeTimes, bookingService };
}

/** Times that hold several visitors, where the agency has any and its system can keep them. */
function openHousesFor(options: ProxyOptions, backend: Backend): OpenHouses | undefined {
  if (!options.openHouses) return undefined;
  const { openHouses } = backend.capabilities;
  if (openHouses !== true) {
    throw new ConfigError(`openHouses cannot be used with ${backend.title}: ${openHouses}.`);
  }
  return new OpenHouses(OpenHouseSettings.parse(options.openHouses));
}

type Holding = ReturnType<typeof holdingServices>;

/** Refuses bookings from scripts; only where the options ask for it. */
function formCheckFor(options: ProxyOptions, { store, now }: Core): FormCheck | undefined {
  const { formCheck } = options;
  return (
    formCheck &&
    new FormCheck({
      minFillMs: formCheck.minFillMs,
      secret: () => manageSecret(store, formCheck.secret),
      store,
      now,
    })
  );
}

/** Viewings after booking: records, manage links, visitors' changes, messages. */
function visitorChanges(
  options: ProxyOptions,
  { backend, store, log, metrics, now }: Core,
  catalog: CatalogCache,
  { bookingService, ledger, requests }: Holding,
): ManageService {
  return new ManageService({
    backend,
    store,
    catalog,
    bookings: bookingService,
    ledger,
    requests,
    log,
    metrics,
    now,
    settings: { ...DEFAULT_MANAGE_SETTINGS, ...options.manage },
    ...(options.webhooksOut ? { webhooks: options.webhooksOut } : {}),
    ...(options.approval ? { approval: options.approval } : {}),
  });
}

/** The staff diary, when at least one member of staff may sign in. */
function staffDeskFor(
  options: ProxyOptions,
  { backend, store, log, now }: Core,
  catalog: CatalogCache,
  { bookingService, ledger }: Holding,
  manage: ManageService,
  { tell, timesChanged }: Pick<ReturnType<typeof changeServices>, 'tell' | 'timesChanged'>,
): StaffDesk | undefined {
  if ((options.staff?.keys.length ?? 0) === 0) return undefined;
  return new StaffDesk({
    backend,
    catalog,
    store,
    manage,
    bookings: bookingService,
    ledger,
    changed: (branchId, propertyId) => {
      tell({ kind: 'diary', branchId });
      if (propertyId) timesChanged(propertyId);
    },
    log,
    now,
  });
}

/** The waiting list, where the agency keeps one. */
function waitlistFor(
  options: ProxyOptions,
  { store, log, metrics, now }: Core,
  catalog: CatalogCache,
  { bookingService, ledger }: Holding,
  manage: ManageService,
): Waitlist | undefined {
  if (!options.waitlist) return undefined;
  return new Waitlist({
    settings: options.waitlist,
    store,
    catalog,
    bookings: bookingService,
    ledger,
    manage,
    secret: () => manageSecret(store, options.manage?.secret),
    announce: (event) => manage.webhooks.tellWaitlist(event),
    log,
    metrics,
    now,
  });
}

/** The proxy's services, built on one store and backend; nothing is served or started here. */
export function createServices(options: ProxyOptions) {
  const core = coreOf(options);
  const { pictures, catalog } = catalogServices(options, core);
  // The feed and the kept requests report to services built after them; both are called only once running.
  const feed = changeServices(options, core, (change) =>
    dropStale(change, { catalog, freeTimes, staffDesk, waitlist }),
  );
  const holding = holdingServices(
    options,
    core,
    catalog,
    feed.timesChanged,
    (reference, outcome) => manage.requestSettled(reference, outcome),
    (propertyId, slot) => waitlist?.nudge(propertyId, slot),
  );
  const { freeTimes } = holding;
  const manage = visitorChanges(options, core, catalog, holding);
  const staffDesk = staffDeskFor(options, core, catalog, holding, manage, feed);
  const waitlist = waitlistFor(options, core, catalog, holding, manage);
  return {
    ...core,
    pictures,
    catalog,
    changes: feed.changes,
    tell: feed.tell,
    /** Idempotent answers, by key: a retry of a booking or a move gets the first answer. */
    bookings: new IdempotencyStore(core.store),
    ...holding,
    formCheck: formCheckFor(options, core),
    questions: new QuestionBook(options.questions),
    manage,
    staffDesk,
    waitlist,
  };
}

export type Services = ReturnType<typeof createServices>;
