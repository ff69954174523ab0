import type {
  Booking,
  BookingRequest,
  Branch,
  Channel,
  PropertiesResponse,
  Property,
  Slot,
  SlotsResponse,
  WaitlistRequest,
} from '../src/contract/index.ts';
import { BRANCHES_PATH, propertyPath, proxyBase, TIMEOUT_MS, type Prefetched } from './first-reads.ts';

/** What went wrong, as the proxy said it, plus `network` (no answer) and `bad_response` (an answer we can't read). */
export interface ApiFailure {
  code: string;
  message: string;
  fields?: Record<string, string>;
  alternatives?: Slot[];
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; error: ApiFailure };

/** What a visitor narrows a branch's homes by (see `PropertiesQuery` in the contract). */
export interface HomeSearch {
  /** Words of the address: street, town, postcode. */
  q?: string;
  minPrice?: number;
  maxPrice?: number;
  /** At least this many bedrooms. */
  bedrooms?: number;
}

export interface PropertiesQuery extends HomeSearch {
  branchId?: string;
  channel?: Channel;
  cursor?: string;
}

export interface SlotsQuery {
  propertyId: string;
  from: string;
  days?: number;
}

export interface Api {
  branches(): Promise<ApiResult<Branch[]>>;
  properties(query: PropertiesQuery): Promise<ApiResult<PropertiesResponse>>;
  property(id: string): Promise<ApiResult<Property>>;
  slots(query: SlotsQuery): Promise<ApiResult<SlotsResponse>>;
  /**
   * The agency's questions asked with a booking of this home, as read (`createAnswersModel` checks them), and
   * whether it keeps a waiting list for it.
   */
  questions(
    propertyId: string,
  ): Promise<ApiResult<{ questions: unknown[]; waitlist?: unknown; ownerApproval?: unknown }>>;
  /** The home's form token, '' when the proxy checks no forms. */
  formToken(propertyId: string): Promise<ApiResult<string>>;
  book(request: BookingRequest, idempotencyKey: string): Promise<ApiResult<Booking>>;
  /** Joins the home's waiting list: the place's reference and the visitor's link to it. */
  joinWaitlist(request: WaitlistRequest): Promise<ApiResult<{ reference: string; url: string }>>;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** Free times are read past the browser's HTTP cache: it revalidates its copy instead of trusting it. */
export const FRESH: RequestInit = { cache: 'no-cache' };

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isStr = (v: unknown): v is string => typeof v === 'string';
/** `keys` is space-separated: every one must hold a string. */
export const hasStrings = (v: unknown, keys: string): v is Obj =>
  isObj(v) && keys.split(' ').every((k) => isStr(v[k]));

/** A time zone this browser knows. The first check in a page costs the browser's date data (tens of ms). */
export function isZone(v: unknown): v is string {
  try {
    return isStr(v) && !!new Intl.DateTimeFormat('en', { timeZone: v });
  } catch {
    return false;
  }
}

/** Shaped like an IANA zone name (`Europe/London`, `UTC`, `America/Port-au-Prince`). */
const ZONE_NAME = /^[A-Za-z][\w+-]*(?:\/[\w+-]+)*$/;

// Light checks, not full parsing: enough that a wrong proxy version fails loudly instead of rendering "undefined".
// A branch's zone is only looked at in shape: the proxy answers only zones it knows, and the first step shows no
// time, so it does not wait for the browser's date data. Free times and bookings, shown in their zone, check it.
export const isBranch = (v: unknown): v is Branch =>
  hasStrings(v, 'id name address') && ZONE_NAME.test(v.timeZone as string);

export const isProperty = (v: unknown): v is Property =>
  hasStrings(v, 'id branchId title address') &&
  (v.channel === 'lettings' || v.channel === 'sales') &&
  hasStrings(v.price, 'currency') &&
  typeof v.price.amount === 'number' &&
  (v.bedrooms === undefined || typeof v.bedrooms === 'number');

const isInstant = (v: unknown) => isStr(v) && !Number.isNaN(Date.parse(v));
export const isSlot = (v: unknown): v is Slot =>
  hasStrings(v, 'id') && isInstant(v.start) && isInstant(v.end);

export const isBooking = (v: unknown): v is Booking =>
  hasStrings(v, 'reference propertyId branchId start end') &&
  isZone(v.timeZone) &&
  (v.status === 'confirmed' || v.status === 'requested' || v.status === 'cancelled');

export const arrayOf =
  <T>(guard: (v: unknown) => v is T) =>
  (v: unknown): v is T[] =>
    Array.isArray(v) && v.every(guard);

function toFailure(body: unknown, status: number): ApiFailure {
  const e = isObj(body) ? body.error : undefined;
  if (!isObj(e) || !isStr(e.code)) return { code: 'bad_response', message: `HTTP ${status}` };
  const failure: ApiFailure = { code: e.code, message: isStr(e.message) ? e.message : '' };
  if (isObj(e.fields)) {
    failure.fields = {};
    for (const [k, m] of Object.entries(e.fields)) if (isStr(m)) failure.fields[k] = m;
  }
  if (arrayOf(isSlot)(e.alternatives)) failure.alternatives = e.alternatives;
  return failure;
}

export type Call = <T>(
  path: string,
  pick: (body: Obj) => T | undefined,
  init?: RequestInit,
) => Promise<ApiResult<T>>;

/**
 * One request to the proxy at `baseUrl`, answered as a result value (never a rejection): `pick` reads a
 * successful body, or says it cannot. Shared by the booking flow's client and the manage view's.
 */
export function createCall(baseUrl: string, fetchImpl?: Fetch): Call {
  const base = proxyBase(baseUrl);
  // Looked up per call so a page (or a test) that swaps `fetch` later is honoured.
  const doFetch: Fetch = fetchImpl ?? ((input, init) => fetch(input, init));

  return async (path, pick, init) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    let response: Response;
    try {
      response = await doFetch(base + path, { ...init, signal: controller.signal });
    } catch (err) {
      clearTimeout(timer);
      return { ok: false, status: 0, error: { code: 'network', message: String(err) } };
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    } finally {
      clearTimeout(timer);
    }
    if (!response.ok) return { ok: false, status: response.status, error: toFailure(body, response.status) };
    const data = isObj(body) ? pick(body) : undefined;
    return data === undefined
      ? {
          ok: false,
          status: response.status,
          error: { code: 'bad_response', message: `Unexpected answer from ${path}` },
        }
      : { ok: true, data };
  };
}

/**
 * A typed client for the proxy's API v1. Every method resolves (never rejects) to a result value, so the
 * flow decides what a failure means for the visitor.
 *
 * @example
 * const api = createApi('https://agency.example/api');
 * const r = await api.branches();
 * if (r.ok) console.log(r.data.map((b) => b.name));
 */
export function createApi(baseUrl: string, fetchImpl?: Fetch, prefetched?: Prefetched): Api {
  const own: Fetch = fetchImpl ?? ((input, init) => fetch(input, init));
  // A read the boot script started early is taken, once, in place of asking again.
  const call = createCall(baseUrl, (input, init) => {
    const early = init?.method ? undefined : prefetched?.get(input);
    prefetched?.delete(input);
    return early ?? own(input, init);
  });

  const query = (params: Record<string, string | number | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
    const s = q.toString();
    return s ? `?${s}` : '';
  };

  return {
    branches: () => call(BRANCHES_PATH, (b) => (arrayOf(isBranch)(b.branches) ? b.branches : undefined)),

    properties: (q) =>
      call(
        `/v1/properties${query({
          branchId: q.branchId,
          channel: q.channel,
          q: q.q,
          minPrice: q.minPrice,
          maxPrice: q.maxPrice,
          bedrooms: q.bedrooms,
          cursor: q.cursor,
        })}`,
        (b) =>
          arrayOf(isProperty)(b.properties)
            ? {
                properties: b.properties,
                nextCursor: isStr(b.nextCursor) ? b.nextCursor : undefined,
                total: typeof b.total === 'number' ? b.total : undefined,
              }
            : undefined,
      ),

    property: (id) => call(propertyPath(id), (b) => (isProperty(b.property) ? b.property : undefined)),

    slots: (q) =>
      call(
        `/v1/slots${query({ propertyId: q.propertyId, from: q.from, days: q.days ?? 7 })}`,
        (b) =>
          isZone(b.timeZone) && arrayOf(isSlot)(b.slots)
            ? { timeZone: b.timeZone, slots: b.slots }
            : undefined,
        // Asked past the browser's own copy every time (a 304 when nothing changed): a copy from a moment ago
        // may offer a time taken since, while a cache in front is told when times change.
        FRESH,
      ),

    questions: (propertyId) =>
      call(`/v1/questions${query({ propertyId })}`, (b) =>
        Array.isArray(b.questions)
          ? { questions: b.questions, waitlist: b.waitlist, ownerApproval: b.ownerApproval }
          : undefined,
      ),

    formToken: (propertyId) =>
      call(`/v1/form-token${query({ propertyId })}`, (b) => (isStr(b.formToken) ? b.formToken : '')),

    book: (request, idempotencyKey) =>
      call('/v1/bookings', (b) => (isBooking(b.booking) ? b.booking : undefined), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
        body: JSON.stringify(request),
      }),

    joinWaitlist: (request) =>
      call(
        '/v1/waitlist',
        (b) =>
          hasStrings(b.waitlist, 'reference url')
            ? { reference: b.waitlist.reference as string, url: b.waitlist.url as string }
            : undefined,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(request),
        },
      ),
  };
}
