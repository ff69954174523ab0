import type { Context } from 'hono';
import type { Backend } from '../backends/index.ts';
import type { OriginPolicy } from './cors.ts';
import type { Logger } from './log.ts';
import type { ManageSettings } from './manage/index.ts';
import type { Metrics } from './metrics.ts';
import type { WebhookSettings } from './manage/webhooks-out.ts';
import type { ClientLimits } from './middleware.ts';
import type { QuestionsSettings } from './questions.ts';
import type { ApprovalSettingsInput } from './manage/approval.ts';
import type { WaitlistSettingsInput } from './waitlist.ts';
import type { OpenHouseSettingsInput } from './open-houses.ts';
import type { RecipientLimit } from './recipient-limit.ts';
import type { StaffKey } from './staff/index.ts';
import type { Store } from './store/index.ts';

export interface ProxyOptions extends Partial<OriginPolicy> {
  backend: Backend;
  /**
   * The proxy's public base URL (e.g. `https://agency.example/api`), for every link it makes: manage links in
   * messages, calendar files, pictures. Without it, links are made from the request only when it came by a
   * loopback name or one of `allowedHosts`; any other request that needs a link is answered 421.
   */
  publicUrl?: string;
  /** Without `publicUrl`: the hosts (`bookings.agency.example`, optionally with a port) links may be made for. */
  allowedHosts?: readonly string[];
  catalogRefreshMs?: number;
  /** A catalog older than this makes `/readyz` fail: the upstream has stopped answering. Three refreshes by default. */
  catalogStaleMs?: number;
  /** How long free times are served from cache; bookings always re-check live. */
  slotsTtlMs?: number;
  /** How long after that cached free times are still served while a background read refreshes them. */
  slotsStaleMs?: number;
  /**
   * Refuse bookings without a genuine form token at least `minFillMs` old, or with the hidden field filled.
   * The secret defaults to the one kept in the store for manage links.
   */
  formCheck?: { minFillMs: number; secret?: string };
  metrics?: Metrics;
  /** How long a visitor's picture request waits for a picture not yet in memory (default 8 s). */
  pictureWaitMs?: number;
  /** Read every listed home's picture in the background after each catalog sync. */
  prefetchPictures?: boolean;
  /** `/metrics` needs `Authorization: Bearer <token>`; without a token it answers no one (404). */
  metricsToken?: string;
  /**
   * The caller's address, for per-address limits and the staff lockout; by default the connection's address
   * where the runtime tells it (Node), else only per-site limits apply.
   */
  clientIp?: (c: Context) => string | undefined;
  clientLimits?: Partial<ClientLimits>;
  /** Bookings one e-mail address may be given per window (default 10 an hour), whoever sends them. */
  recipientLimit?: Partial<RecipientLimit>;
  /** Where idempotent answers and locks live; memory unless given (the node server passes the configured store). */
  store?: Store;
  /** How often kept viewing requests are offered to the upstream again. Default 15 s. */
  requestRetryMs?: number;
  /** Largest accepted request body. */
  maxBodyBytes?: number;
  /** Manage links, notice period, reminders and feedback window; see ManageSettings. */
  manage?: Partial<ManageSettings>;
  /**
   * Shared caches in front of the proxy (Varnish with `deploy/varnish.vcl`) to tell, with a `BAN`, when a home's
   * free times change.
   */
  cachePurgeUrls?: readonly string[];
  /** Where browsers load `viewing-widget.js`, for the proxy's own manage page (`/manage/:token`). */
  widgetUrl?: string;
  /** Where events about viewings are POSTed (`viewing.booked`, …), signed with the secret; see `WebhooksOut`. */
  webhooksOut?: WebhookSettings;
  /** How often queued visitor messages, upstream changes and webhooks out are worked through. Default 10 s. */
  manageRetryMs?: number;
  /**
   * The staff diary under `/staff`: who may sign in (at least one key turns it on; without, every staff path is
   * a 404), and where its script is (default `dist/viewing-staff.js` of this package).
   */
  staff?: { keys: readonly StaffKey[]; script?: string };
  /** The questions asked with a booking, per channel and branch; lettings ones are held to the Renters' Rights Act. */
  questions?: QuestionsSettings;
  /** Homes and branches whose owner agrees each viewing first; see `ApprovalSettings`. */
  approval?: ApprovalSettingsInput;
  /** The waiting list for visitors no shown time suits: off unless set; see `WaitlistSettings`. */
  waitlist?: WaitlistSettingsInput;
  /**
   * Open houses and block viewings: times that hold several visitors, per branch, home or time; see
   * `OpenHouseSettings`. Refused for a backend whose system cannot hold them (`Capabilities.openHouses`).
   */
  openHouses?: OpenHouseSettingsInput;
  log?: Logger;
  now?: () => Date;
}

/** What the proxy does where its options say nothing. */
export const PROXY_DEFAULTS = {
  catalogRefreshMs: 10 * 60_000,
  slotsTtlMs: 30_000,
  slotsStaleMs: 10 * 60_000,
  maxBodyBytes: 16 * 1024,
  manageRetryMs: 10_000,
} as const;
