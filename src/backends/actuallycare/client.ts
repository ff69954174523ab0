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
  AppointmentsPage,
  Deleted,
  ErrorEnvelope,
  Listing,
  ListingsPage,
  Meta,
  Success,
  type AppointmentUpdate,
  type ListingStatus,
  type NewAppointment,
} from './schemas.ts';

const SYSTEM = 'ActuallyCare';
/** The most rows ActuallyCare returns in one page. */
const PAGE_SIZE = 100;
/** A guard against an upstream whose `hasMore` never turns false. */
const MAX_PAGES = 200;
/** ActuallyCare allows 500 requests per 15 minutes per address; keep some in hand. */
export const ACTUALLYCARE_REQUESTS_PER_15_MINUTES = 480;

export interface ActuallyCareClientOptions {
  /** e.g. `https://api.actuallycare.com` (the `/v1/...` paths are appended). */
  baseUrl: string;
  apiKey: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  /** Shared by everything that calls from this address. */
  budget?: RateBudget;
  /** Opens after repeated failures, so a failing upstream is left alone for a moment. */
  breaker?: CircuitBreaker;
  /** Where list rows that cannot be used are counted. */
  skipped?: SkippedRecords;
}

type Query = Record<string, string | number | undefined>;

/**
 * `stale`: the version sent is not the current one, so someone changed the appointment since it was read.
 * `not_found`: ActuallyCare no longer has it (or it is not in this key's calendar).
 */
export type UpdateOutcome =
  { ok: true; appointment: Appointment } | { ok: false; reason: 'stale' | 'not_found' };

/** How a read-only probe went: the status, and the list's `meta.total` when it answered. */
export interface Probe {
  status: number;
  total?: number;
}

/**
 * A typed, paging, rate-budgeted client for the parts of ActuallyCare v1 the booking workflow uses, acting as
 * the owner of one API key: "each key acts as you".
 */
export class ActuallyCareClient {
  readonly budget: RateBudget;
  readonly breaker: CircuitBreaker;
  /** Everything a call needs besides its URL, built once. */
  private readonly line: UpstreamLine;
  private readonly skipped: SkippedRecords;

  constructor(private readonly options: ActuallyCareClientOptions) {
    this.budget =
      options.budget ??
      new RateBudget({ limit: ACTUALLYCARE_REQUESTS_PER_15_MINUTES, windowMs: 15 * 60_000 });
    this.breaker = options.breaker ?? new CircuitBreaker();
    this.skipped = options.skipped ?? new SkippedRecords('actuallycare');
    this.line = {
      system: SYSTEM,
      fetchImpl: options.fetch ?? fetch,
      budget: this.budget,
      breaker: this.breaker,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    };
  }

  listings(status: ListingStatus): Promise<Listing[]> {
    return this.all('sync', 'listings', ListingsPage, (page) => page.data.listings, Listing, { status });
  }

  /** Scheduled appointments starting on or after `startDate` (a UTC date), every page of them. */
  scheduledAppointments(startDate: string, priority: CallPriority): Promise<Appointment[]> {
    return this.all(
      priority,
      'appointments',
      AppointmentsPage,
      (page) => page.data.appointments,
      Appointment,
      {
        status: 'scheduled',
        start_date: startDate,
      },
    );
  }

  /**
   * One cheap read for an account check: a one-row page of `appointments` or `listings`, whose `meta.total`
   * counts them all. Answers the status rather than throwing on a refusal, so the check can say which.
   */
  async probe(resource: 'appointments' | 'listings', query: Query = {}): Promise<Probe> {
    const response = await this.request('sync', resource, { ...query, page: 1, limit: 1 }, {});
    if (!response.ok) {
      await response.body?.cancel();
      return { status: response.status };
    }
    const page = Success(z.object({ meta: Meta })).safeParse(await readJson(SYSTEM, response));
    return { status: response.status, ...(page.success ? { total: page.data.data.meta.total } : {}) };
  }

  /**
   * Makes the appointment in this key's owner's calendar. ActuallyCare refuses no overlap (no 409 is
   * published), so the caller checks the calendar afterwards.
   */
  async createAppointment(body: NewAppointment): Promise<Appointment> {
    const response = await this.request(
      'booking',
      'appointments',
      {},
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      },
    );
    const data = await this.expectOk(response, 'appointment');
    return parseUpstream(SYSTEM, 'appointment', Success(Appointment), data).data;
  }

  /** Showings starting on or after `startDate` (a UTC date), whatever their status, every page of them. */
  showings(startDate: string, priority: CallPriority): Promise<Appointment[]> {
    return this.all(
      priority,
      'appointments',
      AppointmentsPage,
      (page) => page.data.appointments,
      Appointment,
      {
        appointment_type: 'showing',
        start_date: startDate,
      },
    );
  }

  /** One appointment as it is now, or undefined when ActuallyCare no longer has it. */
  appointment(id: string, priority: CallPriority): Promise<Appointment | undefined> {
    return retryRead(async () => {
      const response = await this.request(priority, `appointments/${encodeURIComponent(id)}`, {}, {});
      if (response.status === 404) {
        await response.body?.cancel();
        return undefined;
      }
      const data = await this.expectOk(response, 'appointment');
      return parseUpstream(SYSTEM, 'appointment', Success(Appointment), data).data;
    });
  }

  /** Never retried: a change that reached ActuallyCare before the answer was lost must not be made twice. */
  async updateAppointment(id: string, body: AppointmentUpdate): Promise<UpdateOutcome> {
    const response = await this.request(
      'booking',
      `appointments/${encodeURIComponent(id)}`,
      {},
      { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    );
    if (response.status === 404) {
      await response.body?.cancel();
      return { ok: false, reason: 'not_found' };
    }
    // Best guess: `version` is published for optimistic locking, but not how a stale one is refused. A 409
    // (whatever its code, `VERSION_CONFLICT` in the sandbox) is taken to mean it: the only conflict a PUT has.
    if (response.status === 409) {
      await response.body?.cancel();
      return { ok: false, reason: 'stale' };
    }
    const data = await this.expectOk(response, 'appointment update');
    return {
      ok: true,
      appointment: parseUpstream(SYSTEM, 'updated appointment', Success(Appointment), data).data,
    };
  }

  /** `not_found` is as good as deleted for a caller that wanted it gone. */
  async deleteAppointment(id: string): Promise<'deleted' | 'not_found'> {
    const response = await this.request(
      'booking',
      `appointments/${encodeURIComponent(id)}`,
      {},
      { method: 'DELETE' },
    );
    if (response.status === 404) {
      await response.body?.cancel();
      return 'not_found';
    }
    parseUpstream(SYSTEM, 'deletion', Deleted, await this.expectOk(response, 'appointment deletion'));
    return 'deleted';
  }

  /**
   * Reads every page of a `data.<resource>` list, trusting `hasMore` but never looping forever. Each row is
   * parsed on its own: one that cannot be used is skipped and counted, and the rest are returned.
   */
  private async all<P extends z.ZodType<{ data: { meta: Meta } }>, R extends z.ZodType>(
    priority: CallPriority,
    path: string,
    schema: P,
    rowsOf: (page: z.infer<P>) => unknown[],
    row: R,
    query: Query,
  ): Promise<z.output<R>[]> {
    const rows: z.output<R>[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      // A page read may be tried again; a malformed answer (upstream_error) would only repeat.
      const parsed = await retryRead(async () => {
        const response = await this.request(priority, path, { ...query, page, limit: PAGE_SIZE }, {});
        return parseUpstream(SYSTEM, `${path} page`, schema, await this.expectOk(response, path));
      });
      const found = rowsOf(parsed);
      rows.push(...parseEach(row, found, `GET /v1/${path}?page=${page} data.${path}`, this.skipped));
      if (!parsed.data.meta.hasMore || found.length === 0) return rows;
    }
    throw new UpstreamError(
      'upstream_error',
      `${SYSTEM} kept saying there were more ${path} after ${MAX_PAGES} pages`,
    );
  }

  private request(priority: CallPriority, path: string, query: Query, init: RequestInit): Promise<Response> {
    const url = withQuery(new URL(`/v1/${path}`, this.options.baseUrl), query);
    const headers = new Headers(init.headers);
    headers.set('x-api-key', this.options.apiKey);
    headers.set('accept', 'application/json');
    return callUpstream(this.line, priority, url, { ...init, headers });
  }

  private async expectOk(response: Response, what: string): Promise<unknown> {
    if (response.ok) return readJson(SYSTEM, response);
    const text = await response.text().catch(() => '');
    let envelope: z.infer<typeof ErrorEnvelope> | undefined;
    try {
      const parsed = ErrorEnvelope.safeParse(JSON.parse(text));
      if (parsed.success) envelope = parsed.data;
    } catch {
      // A gateway in front of ActuallyCare may answer in HTML or plain text; the status says enough.
    }
    throw failure(response.status, what, envelope);
  }
}

function failure(
  status: number,
  what: string,
  envelope: z.infer<typeof ErrorEnvelope> | undefined,
): UpstreamError {
  const detail = envelope ? ` ${envelope.error.code}: ${envelope.error.message}` : '';
  const reference = envelope?.errorId ? ` (error id ${envelope.errorId})` : '';
  const code = status === 429 || status >= 500 ? 'upstream_unavailable' : 'upstream_error';
  return new UpstreamError(
    code,
    `${SYSTEM} refused the ${what} request (${status}${detail})${reference}`,
    status,
  );
}
