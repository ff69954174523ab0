import { z } from 'zod';
import { RateBudget, type CallPriority } from '../budget.ts';
import {
  callUpstream,
  DEFAULT_TIMEOUT_MS,
  parseUpstream,
  readJson,
  withQuery,
  type FetchLike,
  type UpstreamLine,
} from '../http.ts';
import { CircuitBreaker, retryRead } from '../resilience.ts';
import { parseEach, SkippedRecords } from '../skipped.ts';
import { UpstreamError } from '../types.ts';
import {
  Appointment,
  Customer,
  Employee,
  ErrorBody,
  Listing,
  Office,
  One,
  Page,
  Subject,
  Timetable,
  TimeSlot,
  type AppointmentSubmission,
  type CustomerSubmission,
  type MeetingType,
} from './schemas.ts';
import { TokenSource } from './token.ts';
import { systemClock } from '../../clock.ts';

const SYSTEM = 'Pexip Engage';
/** The most rows Pexip returns in one page. */
const MAX_PAGE_SIZE = 100;
/**
 * Pexip publishes no rate limit; the sandbox allows 100 per minute per client (a best guess). Staying under
 * it leaves room for the agency's other integrations on the same client.
 */
export const PEXIP_REQUESTS_PER_MINUTE = 90;

export interface PexipEngageClientOptions {
  /** The API origin, e.g. `https://api.pexipengage.com` (`/enterprises/{enterprise}/...` is appended). */
  baseUrl: string;
  /**
   * The auth origin, e.g. `https://auth.pexipengage.com` (`/realms/{enterprise}/protocol/openid-connect/token`
   * is appended). Defaults to `baseUrl`, as in the sandbox.
   */
  authUrl?: string;
  enterprise: string;
  clientId: string;
  clientSecret: string;
  /** Scopes to ask for, space-separated; the client's defaults when absent. */
  scope?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  /** Shared by everything that uses this API client. */
  budget?: RateBudget;
  /** Opens after repeated failures, so a failing upstream is left alone for a moment. */
  breaker?: CircuitBreaker;
  /** The clock tokens expire by. */
  now?: () => Date;
  /** Rows per page when reading lists, at most 100. */
  pageSize?: number;
  /** Where list rows that cannot be used are counted; the backend passes its own. */
  skipped?: SkippedRecords;
}

type Query = Record<string, string | readonly string[] | undefined>;

export interface TimetableQuery {
  from: string;
  to: string;
  officeId: string;
  subjectId: string;
  meetingType: MeetingType;
  listingId?: string;
}

export type CustomerOutcome = { ok: true; customer: Customer } | { ok: false; reason: 'email_taken' };

export type AppointmentOutcome =
  { ok: true; appointment: Appointment } | { ok: false; reason: 'no_availability' };

type ChangeRefusal = 'not_found' | 'no_availability' | 'already_cancelled' | 'not_cancelled';
type ChangeAction = 'reschedule' | 'cancel' | 'reopen';

/**
 * Pexip answers a change the appointment's status does not allow with one code for every case, 422
 * `APPOINTMENT_STATUS_INVALID` (error-codes page). Which case it was is read from the appointment's status
 * now: a cancel or a move of a cancelled one, or a reopen of one that is not cancelled.
 */
function statusRefusal(action: ChangeAction, status: string): ChangeRefusal | undefined {
  const cancelled = status === 'CANCELLED';
  if (action === 'reopen') return cancelled ? undefined : 'not_cancelled';
  return cancelled ? 'already_cancelled' : undefined;
}

export type ChangeOutcome = { ok: true; appointment: Appointment } | { ok: false; reason: ChangeRefusal };

/** A timetable with the time slots that could be read; an odd one is skipped and counted. */
export type ReadTimetable = Omit<Timetable, 'timeSlots'> & { timeSlots: TimeSlot[] };

/** A one-row read for the account checks: whether the client may read it, and how many there are. */
export type Probe =
  { ok: true; totalCount: number } | { ok: false; status: number; code?: string | undefined };

export interface AppointmentsQuery {
  officeId: string;
  subjectId?: string;
  listingId?: string;
  /** The appointments overlapping `[from, to)`. */
  from: string;
  to: string;
}

/** A typed, paging, token-managing, rate-budgeted client for the parts of the Engage API bookings use. */
export class PexipEngageClient {
  readonly budget: RateBudget;
  readonly breaker: CircuitBreaker;
  /** Everything a call needs besides its URL, built once. */
  private readonly line: UpstreamLine;
  readonly tokens: TokenSource;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;
  private readonly pageSize: number;
  readonly skipped: SkippedRecords;

  constructor(private readonly options: PexipEngageClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.pageSize = Math.min(MAX_PAGE_SIZE, options.pageSize ?? MAX_PAGE_SIZE);
    this.budget = options.budget ?? new RateBudget({ limit: PEXIP_REQUESTS_PER_MINUTE, windowMs: 60_000 });
    this.breaker = options.breaker ?? new CircuitBreaker();
    this.skipped = options.skipped ?? new SkippedRecords('pexip-engage');
    this.line = {
      system: SYSTEM,
      fetchImpl: this.fetchImpl,
      budget: this.budget,
      breaker: this.breaker,
      timeoutMs: this.timeoutMs,
    };
    this.tokens = new TokenSource({
      tokenUrl: new URL(
        `/realms/${encodeURIComponent(options.enterprise)}/protocol/openid-connect/token`,
        options.authUrl ?? options.baseUrl,
      ),
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      ...(options.scope ? { scope: options.scope } : {}),
      fetch: this.fetchImpl,
      timeoutMs: this.timeoutMs,
      now: options.now ?? systemClock,
    });
  }

  offices(): Promise<Office[]> {
    return this.all('sync', 'offices', Office, {});
  }

  listings(): Promise<Listing[]> {
    return this.all('sync', 'listings', Listing, {});
  }

  subjects(): Promise<Subject[]> {
    return this.all('sync', 'subjects', Subject, {});
  }

  async timetable(query: TimetableQuery, priority: CallPriority = 'slots'): Promise<ReadTimetable> {
    return retryRead(async () => {
      const response = await this.request(priority, 'GET', 'timetable', {
        from: query.from,
        to: query.to,
        'office-id': query.officeId,
        'subject-id': query.subjectId,
        'meeting-type': query.meetingType,
        'listing-id': query.listingId,
      });
      const data = await this.expectOk(response, 'timetable');
      const timetable = parseUpstream(SYSTEM, 'timetable', One(Timetable), data).data;
      const where = `GET /timetable office ${query.officeId} data.timeSlots`;
      return { ...timetable, timeSlots: parseEach(TimeSlot, timetable.timeSlots, where, this.skipped) };
    });
  }

  /** The customer with exactly this e-mail address, if the agency knows one. */
  async customerByEmail(email: string): Promise<Customer | undefined> {
    // One page is plenty: an e-mail filter finds one customer, and more rows would only be more personal data.
    const response = await this.request('booking', 'GET', 'customers', { email, offset: '0', limit: '10' });
    const data = await this.expectOk(response, 'customers');
    const rows = parseUpstream(SYSTEM, 'customers page', Page(Customer), data).data;
    return rows.find((row) => row.email?.trim().toLowerCase() === email.trim().toLowerCase());
  }

  async createCustomer(body: CustomerSubmission): Promise<CustomerOutcome> {
    const response = await this.request('booking', 'POST', 'customers', {}, body);
    if (response.status === 422) {
      const refusal = ErrorBody.safeParse(safeJson(await response.text()));
      // Someone registered this address between our look-up and this post (a double submit, another tab).
      if (
        refusal.success &&
        refusal.data.errors.some((error) => error.code === 'CUSTOMER_EMAIL_NOT_UNIQUE')
      ) {
        return { ok: false, reason: 'email_taken' };
      }
      throw failure(422, 'new customer', refusal.success ? refusal.data : undefined);
    }
    const data = await this.expectOk(response, 'new customer');
    return { ok: true, customer: parseUpstream(SYSTEM, 'new customer', One(Customer), data).data };
  }

  async createAppointment(body: AppointmentSubmission): Promise<AppointmentOutcome> {
    const response = await this.request('booking', 'POST', 'appointments', {}, body);
    if (response.status === 422) {
      const text = await response.text();
      const refusal = ErrorBody.safeParse(safeJson(text));
      // Pexip holds no slot between our re-check and this post: someone may have taken the time meanwhile.
      if (
        refusal.success &&
        refusal.data.errors.some((error) => error.code === 'APPOINTMENT_NO_AVAILABILITY')
      ) {
        return { ok: false, reason: 'no_availability' };
      }
      throw failure(422, 'new appointment', refusal.success ? refusal.data : undefined);
    }
    const data = await this.expectOk(response, 'new appointment');
    return { ok: true, appointment: parseUpstream(SYSTEM, 'new appointment', One(Appointment), data).data };
  }

  /** One appointment as it is now, or undefined when Pexip has none with this id. */
  appointment(id: string, priority: CallPriority): Promise<Appointment | undefined> {
    return retryRead(async () => {
      const response = await this.request(priority, 'GET', `appointments/${encodeURIComponent(id)}`, {});
      if (response.status === 404) {
        await response.body?.cancel();
        return undefined;
      }
      const data = await this.expectOk(response, 'appointment');
      return parseUpstream(SYSTEM, 'appointment', One(Appointment), data).data;
    });
  }

  /** An office's appointments overlapping a range, every page (`GET /appointments`, filters as documented). */
  appointments(query: AppointmentsQuery, priority: CallPriority): Promise<Appointment[]> {
    return this.all(priority, 'appointments', Appointment, {
      'office-id': query.officeId,
      'subject-id': query.subjectId,
      'listing-id': query.listingId,
      from: query.from,
      to: query.to,
    });
  }

  /**
   * Employees by id, or all of them. `GET /employees` has no office filter (its documented filters are id,
   * email, external id, role, username and status), so an office's staff are found from its agenda.
   */
  employees(ids: readonly string[] | undefined, priority: CallPriority): Promise<Employee[]> {
    if (ids?.length === 0) return Promise.resolve([]);
    return this.all(priority, 'employees', Employee, ids ? { id: ids } : {});
  }

  /**
   * One row of a list, for the account checks: a 403 means the client lacks the list's scope. Reads a
   * single row so that the checks hold as little of the agency's data as they can.
   */
  async probe(path: string, query: Query = {}): Promise<Probe> {
    const response = await this.request('sync', 'GET', path, { ...query, offset: '0', limit: '1' });
    if (!response.ok) {
      const refusal = ErrorBody.safeParse(safeJson(await response.text().catch(() => '')));
      return {
        ok: false,
        status: response.status,
        code: refusal.success ? refusal.data.errors[0]?.code : undefined,
      };
    }
    const page = parseUpstream(SYSTEM, `${path} page`, Page(z.unknown()), await readJson(SYSTEM, response));
    return { ok: true, totalCount: page.meta.totalCount };
  }

  /** The token endpoint's answer, for the account checks: the scopes the realm says it granted. */
  grantedScopes(): Promise<string[] | undefined> {
    return this.tokens.scopes();
  }

  /** Customers by id, for names in a staff diary; never more ids than fit one URL comfortably. */
  customers(ids: readonly string[], priority: CallPriority): Promise<Customer[]> {
    return this.all(priority, 'customers', Customer, { id: ids });
  }

  /**
   * The changes below are `POST /appointments/{id}/_actions/{action}`: documented for reschedule (and accept);
   * cancel and reopen follow the same pattern, their own pages not being public. Never retried: a change
   * that reached Pexip before the answer was lost must not be made twice.
   */
  rescheduleAppointment(id: string, times: { start: string; end: string }): Promise<ChangeOutcome> {
    return this.change(id, 'reschedule', { start: times.start, end: times.end });
  }

  cancelAppointment(id: string, message?: string): Promise<ChangeOutcome> {
    return this.change(id, 'cancel', message ? { message } : {});
  }

  /** Puts a cancelled appointment back, if its employee is still free then (the `REOPEN` event). */
  reopenAppointment(id: string): Promise<ChangeOutcome> {
    return this.change(id, 'reopen', {});
  }

  private async change(id: string, action: ChangeAction, body: unknown): Promise<ChangeOutcome> {
    const what = `appointment ${action}`;
    const response = await this.request(
      'booking',
      'POST',
      `appointments/${encodeURIComponent(id)}/_actions/${action}`,
      {},
      body,
    );
    // Whatever its code: the appointment (or the route for it) is not there.
    if (response.status === 404) {
      await response.body?.cancel();
      return { ok: false, reason: 'not_found' };
    }
    if (response.status === 422) {
      const refusal = ErrorBody.safeParse(safeJson(await response.text()));
      const codes = new Set(refusal.success ? refusal.data.errors.map((error) => error.code) : []);
      if (codes.has('APPOINTMENT_NO_AVAILABILITY')) return { ok: false, reason: 'no_availability' };
      if (codes.has('APPOINTMENT_STATUS_INVALID')) {
        const now = await this.appointment(id, 'booking');
        if (!now) return { ok: false, reason: 'not_found' };
        const reason = statusRefusal(action, now.status);
        if (reason) return { ok: false, reason };
        throw new UpstreamError(
          'upstream_error',
          `${SYSTEM} refused the ${what} request: the appointment's status ${now.status} does not allow it`,
          422,
        );
      }
      throw failure(422, what, refusal.success ? refusal.data : undefined);
    }
    const data = await this.expectOk(response, what);
    return { ok: true, appointment: parseUpstream(SYSTEM, `${action} answer`, One(Appointment), data).data };
  }

  /** Reads every page of a `{data, meta}` list. */
  private async all<T extends z.ZodType>(
    priority: CallPriority,
    path: string,
    item: T,
    query: Query,
  ): Promise<z.infer<T>[]> {
    const rows: z.infer<T>[] = [];
    let offset = 0;
    for (;;) {
      // A page read may be tried again; a malformed answer (upstream_error) would only repeat.
      const page = await retryRead(async () => {
        const response = await this.request(priority, 'GET', path, {
          ...query,
          offset: String(offset),
          limit: String(this.pageSize),
        });
        return parseUpstream(SYSTEM, `${path} page`, Page(z.unknown()), await this.expectOk(response, path));
      });
      // One row we cannot use is left out and counted; the envelope itself must be right.
      const where = offset === 0 ? `GET /${path} data` : `GET /${path}?offset=${offset} data`;
      rows.push(...parseEach(item, page.data, where, this.skipped));
      offset += page.data.length;
      if (page.data.length === 0 || offset >= page.meta.totalCount) return rows;
    }
  }

  /** One call with a bearer token; a refused token is replaced and the call tried once more. */
  private async request(
    priority: CallPriority,
    method: 'GET' | 'POST',
    path: string,
    query: Query,
    body?: unknown,
  ): Promise<Response> {
    const token = await this.tokens.get();
    const response = await this.send(priority, method, path, query, body, token);
    if (response.status !== 401) return response;
    await response.body?.cancel();
    this.tokens.invalidate(token);
    return this.send(priority, method, path, query, body, await this.tokens.get());
  }

  private send(
    priority: CallPriority,
    method: 'GET' | 'POST',
    path: string,
    query: Query,
    body: unknown,
    token: string,
  ): Promise<Response> {
    const url = withQuery(
      new URL(`/enterprises/${encodeURIComponent(this.options.enterprise)}/${path}`, this.options.baseUrl),
      query,
    );
    const headers = new Headers({ authorization: `Bearer ${token}`, accept: 'application/json' });
    if (body !== undefined) headers.set('content-type', 'application/json');
    return callUpstream(this.line, priority, url, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  private async expectOk(response: Response, what: string): Promise<unknown> {
    if (response.ok) return readJson(SYSTEM, response);
    const parsed = ErrorBody.safeParse(safeJson(await response.text().catch(() => '')));
    throw failure(response.status, what, parsed.success ? parsed.data : undefined);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Gateways in front of the API answer errors in HTML or plain text; the status says enough.
    return undefined;
  }
}

function failure(status: number, what: string, body: z.infer<typeof ErrorBody> | undefined): UpstreamError {
  const first = body?.errors[0];
  const detail = first ? `: ${first.code} ${first.message}` : '';
  const code = status === 429 || status >= 500 ? 'upstream_unavailable' : 'upstream_error';
  return new UpstreamError(code, `${SYSTEM} refused the ${what} request (${status}${detail})`, status);
}
