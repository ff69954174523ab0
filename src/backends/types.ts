import type {
  Booking,
  BookingSource,
  Branch,
  Consent,
  DiaryEntry,
  Feedback,
  Guest,
  Property,
  Slot,
  StaffMember,
} from '../contract/index.ts';
import type { RateBudget } from './budget.ts';
import type { SkippedRecords } from './skipped.ts';

/** What the proxy keeps in its cache and serves without calling the upstream. */
export interface Catalog {
  branches: Branch[];
  properties: Property[];
}

export interface SlotWindow {
  property: Property;
  branch: Branch;
  /** First day, `YYYY-MM-DD`, in the branch's zone. */
  from: string;
  days: number;
  /**
   * `sync` for a background refresh of times the proxy can still answer from cache: it takes only budget
   * that visitors' reads and bookings leave; `booking` for a read a visitor's booking waits on. Default `slots`.
   */
  priority?: 'booking' | 'slots' | 'sync';
}

export interface BookInput {
  property: Property;
  branch: Branch;
  slotId: string;
  guest: Guest;
  consent: Consent;
  message?: string;
  /** Where the visitor came from; written into the booking's notes by {@link sourceNote}. */
  source?: BookingSource;
  /** Answers to the agency's questions; written into the notes by {@link answersNote}, or sent where the upstream takes them. */
  answers?: BookingAnswer[];
  /** The home's owner has yet to agree to this viewing: the notes say so ({@link approvalNote}). */
  ownerApproval?: boolean;
  /**
   * An open house another viewer already booked: that viewing's `upstream` record. The viewer is booked with
   * the same agent at the same time, as their own appointment, without re-checking the agent's calendar (the
   * agent is busy then with this very open house); the proxy's ledger has counted the places.
   */
  joining?: Record<string, string>;
}

/** An answer to one of the agency's questions, checked by the proxy against its settings. */
export interface BookingAnswer {
  id: string;
  /** The question and the answer as the agent reads them. */
  question: string;
  answer: string;
  /** As the visitor gave it (a choice's value, `yes`, a date). */
  value: string;
  /** Pexip Engage: the agency's own question there, which takes the answer in the appointment's `answers`. */
  pexipQuestionId?: string;
}

/** A taken slot is an outcome the caller must handle, not an exception. */
export type BookOutcome =
  /**
   * `upstream` is what the backend needs later to change this booking (a negotiator id, a calendar id, a
   * version); the proxy keeps it with the booking and hands it back in `HeldBooking`. Never shown to visitors.
   */
  | { ok: true; booking: Booking; upstream?: Record<string, string> }
  | { ok: false; code: 'slot_taken'; alternatives: Slot[] }
  /** The slot id was not made by this backend (tampered with, or from another system). */
  | { ok: false; code: 'invalid_slot' };

/** A booking the proxy made and keeps, handed back to the backend to change it. */
export interface HeldBooking {
  /** The upstream's id of the appointment (`Booking.reference` when it was made). */
  reference: string;
  property: Property;
  branch: Branch;
  start: string;
  end: string;
  guest: Guest;
  consent: Consent;
  upstream?: Record<string, string>;
}

/** A message to the visitor about their viewing, sent through the agency's own system. */
export interface VisitorMessage {
  kind: 'confirmation' | 'rescheduled' | 'cancelled' | 'reminder' | 'staff';
  subject: string;
  body: string;
}

export interface Photo {
  body: Uint8Array;
  contentType: string;
}

/** A webhook delivery, as received: the raw body is kept because signatures are computed over its bytes. */
export interface WebhookDelivery {
  headers: Headers;
  rawBody: string;
  /**
   * The last part of the path when the delivery came to `/v1/webhooks/<name>/<secret>`: for systems whose
   * webhook settings take a URL but no custom header, the shared secret travels there.
   */
  pathSecret?: string;
}

/**
 * What a webhook means for the proxy's caches. `ignored` is an authentic delivery with nothing to do
 * (a duplicate, an older update, an event we do not use); it is still acknowledged with 2xx so the sender
 * stops retrying. `rejected` is answered with its status and never acted on.
 */
export type WebhookOutcome =
  | { kind: 'refresh'; propertyIds: string[] | 'all' }
  | { kind: 'ignored'; reason: string }
  | { kind: 'rejected'; status: 400 | 401; message: string };

/**
 * What a system can and cannot do, as data: the proxy decides from this, never from a system's name. Each
 * optional method of `Backend` is present exactly when its flag here says so (the contract suite checks).
 */
export interface Capabilities {
  /**
   * Reinstating a cancelled viewing: by its reference alone, after re-checking the home's free times
   * (`property`), or not at all (`false`: the system deletes a cancelled appointment).
   */
  reinstate: 'reference' | 'property' | false;
  /** The system moves an appointment in place; otherwise a move books the new time, then cancels the old. */
  nativeMove: boolean;
  /** Messages to the visitor go through the system's own messaging (`sendMessage`). */
  messages: boolean;
  /** Post-viewing feedback is passed on (`sendFeedback`). */
  feedback: boolean;
  /** Marketing consent changes are recorded upstream (`setConsent`). */
  consent: boolean;
  /** Pictures are served behind the key (`fetchPhoto`). */
  photos: boolean;
  /**
   * Several viewers at one time (open houses): `true` where the system keeps overlapping appointments, so each
   * viewer gets their own with the first viewer's agent (`BookInput.joining`); otherwise why it cannot, in
   * words for the agency, and the proxy refuses an open-house configuration with them.
   */
  openHouses: true | string;
  /** The system pushes changes to `/v1/webhooks/<name>` (`handleWebhook`). */
  webhooks: boolean;
  /**
   * Changes staff can make to a viewing booked in the agency's own system, from its diary entry alone (the
   * proxy holds no record of it): the calls allowed here read only the reference, the home and the negotiator.
   */
  direct: {
    cancel: boolean;
    /** Reinstating follows `reinstate`; this allows it for a diary entry at all. */
    uncancel: boolean;
    reschedule: boolean;
    /** Where a move keeps the same negotiator, the key their id goes under in `HeldBooking.upstream`. */
    negotiatorKey?: string;
    /** Why a change is refused, in words for staff. */
    refusals: Partial<Record<'cancel' | 'uncancel' | 'reschedule', string>>;
  };
}

/** One read-only check of a real account, for `viewing-proxy doctor`. */
export interface AccountCheck {
  name: string;
  ok: boolean;
  /** What was found: counts, names of tiers or scopes; never personal data. */
  detail: string;
  /** What to change when it failed. */
  hint?: string;
}

/** One per upstream booking system; the proxy knows nothing else about it. */
export interface Backend {
  /** The system's id, as in `/v1/webhooks/<name>` and metric labels. */
  readonly name: string;
  /** The system's name as agency staff know it, for messages. */
  readonly title: string;
  readonly capabilities: Capabilities;
  /** Upstream records left out of answers because they could not be used; counted for metrics. */
  readonly skipped: SkippedRecords;
  /**
   * The system's own read-only account checks for `viewing-proxy doctor` (authentication, tiers or scopes,
   * appointment types); the doctor adds the catalog, free times, a picture and webhooks through the
   * members below.
   */
  checkAccount?(): Promise<AccountCheck[]>;
  /** Branches and properties, read in full; called by the proxy's background sync only. */
  loadCatalog(): Promise<Catalog>;
  /** Free times for one property over `days` days from `from`, in the branch's zone. */
  listSlots(window: SlotWindow): Promise<Slot[]>;
  /**
   * Properties with the same scope have the same free times (one upstream read answers them all), so the
   * proxy caches free times per scope. Default: each property is its own scope.
   */
  slotScope?(property: Property): string;
  /**
   * The booking this visitor already holds at this slot's time in the upstream, if any. Asked before a
   * booking attempt runs again after an earlier one with the same key died mid-way (its answer lost): the
   * upstream may have taken it, and booking again could take a second negotiator at the same time.
   */
  findBooking(input: BookInput): Promise<Extract<BookOutcome, { ok: true }> | undefined>;
  /** Re-checks the slot live, matches the guest to a known contact, and books. */
  book(input: BookInput): Promise<BookOutcome>;
  /** The property's picture, where the upstream serves pictures behind its key. */
  fetchPhoto?(propertyId: string): Promise<Photo | undefined>;
  /**
   * The times a slot id stands for, worked out from the id alone: lets the proxy keep a booking as a request
   * when the upstream cannot take it now. Undefined for an id this backend did not make.
   */
  slotTimes(slotId: string, branch: Branch): { start: string; end: string } | undefined;
  /** The budget in front of the upstream's rate limit, for metrics. */
  readonly budget: RateBudget;
  /** Authenticates and interprets a webhook from the upstream (`POST /v1/webhooks/<name>`). */
  handleWebhook?(delivery: WebhookDelivery): Promise<WebhookOutcome>;

  /**
   * Moves a booking to another free time of the same property. The old time is given up only once the new
   * one is held: whatever fails, the visitor ends with exactly one booking (the old one on failure).
   * `slot_taken` leaves the old booking untouched. The answer's booking has the (possibly new) reference.
   */
  reschedule(held: HeldBooking, slotId: string): Promise<BookOutcome>;
  /** Cancels a booking in the upstream diary, or with `cancelled: false` reinstates it. Idempotent. */
  setCancelled(held: HeldBooking, cancelled: boolean, reason?: string): Promise<void>;
  /** Sends the visitor a message through the upstream's own messaging. */
  sendMessage?(held: HeldBooking, message: VisitorMessage): Promise<void>;
  /** Passes the visitor's post-viewing feedback to the upstream. */
  sendFeedback?(held: HeldBooking, feedback: Feedback): Promise<void>;
  /** Records a change of the visitor's marketing consent in the upstream. */
  setConsent?(held: HeldBooking, consent: Consent): Promise<void>;
  /** For staff: the branch's viewings from `from` (`YYYY-MM-DD`, branch zone) over `days` days, cancelled ones too. */
  diary(branch: Branch, from: string, days: number): Promise<DiaryEntry[]>;
  /** For staff: the branch's negotiators. */
  staff(branch: Branch): Promise<StaffMember[]>;
}

export type UpstreamFailure = 'upstream_unavailable' | 'upstream_error';

/**
 * The upstream could not answer usefully: unreachable, timed out, rate limited, or answered with data we
 * cannot parse. The proxy turns it into a 502/503; the visitor's request is never blamed for it.
 */
export class UpstreamError extends Error {
  constructor(
    readonly code: UpstreamFailure,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UpstreamError';
  }
}
