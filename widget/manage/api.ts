import type { Feedback, ManagedViewing, Slot } from '../../src/contract/index.ts';
import {
  arrayOf,
  createCall,
  FRESH,
  hasStrings,
  isBooking,
  isBranch,
  isObj,
  isProperty,
  isSlot,
  isZone,
  type ApiResult,
  type Obj,
} from '../api.ts';

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

const PHASES: readonly unknown[] = ['changeable', 'locked', 'cancelled', 'feedback'];

/** Light checks, as for the booking flow: a wrong proxy version fails loudly instead of drawing "undefined". */
const isViewing = (v: unknown): v is ManagedViewing =>
  isObj(v) &&
  isBooking(v.booking) &&
  isProperty(v.property) &&
  isBranch(v.branch) &&
  PHASES.includes(v.phase) &&
  hasStrings(v, 'changeableUntil') &&
  hasStrings(v.consent, 'wording at') &&
  typeof v.consent.marketing === 'boolean' &&
  typeof v.feedbackGiven === 'boolean';

const pickViewing = (b: Obj) => (isViewing(b) ? b : undefined);

export interface ManageApi {
  /** The viewing the link names, and what its visitor may do with it now. */
  view(): Promise<ApiResult<ManagedViewing>>;
  /** Free times of the viewing's property for the week from `from` (the same route the booking flow uses). */
  slots(propertyId: string, from: string): Promise<ApiResult<{ timeZone: string; slots: Slot[] }>>;
  /** `key` stays the same for a retried move to the same time, so it is never made twice. */
  reschedule(slotId: string, key: string): Promise<ApiResult<ManagedViewing>>;
  cancel(reason: string): Promise<ApiResult<ManagedViewing>>;
  feedback(feedback: Feedback): Promise<ApiResult<ManagedViewing>>;
  /** `wording` is the sentence shown beside the box: the record of what was agreed to. */
  consent(marketing: boolean, wording: string): Promise<ApiResult<ManagedViewing>>;
}

/**
 * The visitor's own routes for one viewing, `…/v1/bookings/:token[/…]`, each answering the viewing as it now is.
 *
 * @example
 * const api = createManageApi('https://agency.example/api', token);
 * const r = await api.view();
 * if (r.ok && r.data.phase === 'changeable') await api.cancel('');
 */
export function createManageApi(baseUrl: string, token: string, fetchImpl?: Fetch): ManageApi {
  const call = createCall(baseUrl, fetchImpl);
  const path = `/v1/bookings/${encodeURIComponent(token)}`;
  const post = (action: string, body: object, headers?: Record<string, string>) =>
    call(`${path}/${action}`, pickViewing, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  return {
    view: () => call(path, pickViewing),
    slots: (propertyId, from) =>
      call(
        `/v1/slots?${new URLSearchParams({ propertyId, from, days: '7' })}`,
        (b) =>
          isZone(b.timeZone) && arrayOf(isSlot)(b.slots)
            ? { timeZone: b.timeZone, slots: b.slots }
            : undefined,
        FRESH,
      ),
    reschedule: (slotId, key) => post('reschedule', { slotId }, { 'Idempotency-Key': key }),
    cancel: (reason) => post('cancel', reason.trim() ? { reason: reason.trim() } : {}),
    feedback: (feedback) => post('feedback', feedback),
    consent: (marketing, wording) => post('consent', { consent: { marketing, wording } }),
  };
}
