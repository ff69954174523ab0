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
  AppointmentDetail,
  Created,
  Preview,
  PreviewItem,
  Problem,
  TokenResponse,
  Updated,
  type AppointmentUpdate,
  type Calendar,
  type NewAppointment,
} from './schemas.ts';
import { TokenSource } from './token.ts';

const SYSTEM = 'OfficePlace';
/** The Connector allows 60 requests a minute; keep a few in hand. */
export const OFFICEPLACE_REQUESTS_PER_MINUTE = 55;

export interface OfficePlaceClientOptions {
  baseUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  /** Shared by everything that uses this tenant. */
  budget?: RateBudget;
  /** Opens after repeated failures, so a failing upstream is left alone for a moment. */
  breaker?: CircuitBreaker;
  /** Token lifetimes are judged by this clock. */
  now?: () => number;
  /** Where calendar entries that cannot be read are counted. */
  skipped?: SkippedRecords;
}

/**
 * One calendar's entries. `unreadable` counts entries left out because they could not be read: the agent
 * may be busy at a time nobody can tell, which callers must treat with care.
 */
export interface CalendarPreview {
  items: PreviewItem[];
  unreadable: number;
}

export type CreateOutcome = { ok: true; appointmentId: string } | { ok: false; reason: 'conflict' };

/** `conflict`: the calendar has another busy entry then. `not_found`: the appointment is not there. */
export type UpdateOutcome = { ok: true } | { ok: false; reason: 'conflict' | 'not_found' };

/** A typed, token-refreshing, rate-budgeted client for the Connector's authentication and appointments. */
export class OfficePlaceClient {
  readonly budget: RateBudget;
  readonly breaker: CircuitBreaker;
  /** Everything a call needs besides its URL, built once. */
  private readonly line: UpstreamLine;
  private readonly tokens: TokenSource<TokenResponse>;
  private readonly skipped: SkippedRecords;

  constructor(private readonly options: OfficePlaceClientOptions) {
    this.budget =
      options.budget ?? new RateBudget({ limit: OFFICEPLACE_REQUESTS_PER_MINUTE, windowMs: 60_000 });
    this.breaker = options.breaker ?? new CircuitBreaker();
    this.skipped = options.skipped ?? new SkippedRecords('officeplace');
    this.line = {
      system: SYSTEM,
      fetchImpl: options.fetch ?? fetch,
      budget: this.budget,
      breaker: this.breaker,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    };
    // The token call spends the same budget, at the priority of the call that needed it.
    this.tokens = new TokenSource((priority) => this.fetchToken(priority), options.now ?? Date.now);
  }

  /**
   * One calendar's entries overlapping `[start, end)`. An answer of the wrong shape fails; one entry that
   * cannot be read is left out, counted (`invalid`, by its place in the list) and reported as `unreadable`.
   */
  async preview(
    domainId: string,
    adId: string,
    start: Date,
    end: Date,
    priority: CallPriority,
  ): Promise<CalendarPreview> {
    // A calendar read may be tried again; a malformed answer (upstream_error) would only repeat.
    const rows = await retryRead(async () => {
      const response = await this.call(priority, 'GET', 'appointment/preview', {
        domainId,
        adId,
        startDate: start.toISOString(),
        endDate: end.toISOString(),
      });
      return parseUpstream(
        SYSTEM,
        'calendar preview',
        Preview,
        await this.expectOk(response, 'calendar preview'),
      );
    });
    const items = parseEach(PreviewItem, rows, 'GET appointment/preview', this.skipped);
    return { items, unreadable: rows.length - items.length };
  }

  /** A new token, asked for now, as the Connector answered it: for checking an account. */
  issueToken(priority: CallPriority): Promise<TokenResponse> {
    return this.tokens.issue(priority);
  }

  async create(body: NewAppointment): Promise<CreateOutcome> {
    const response = await this.call('booking', 'POST', 'appointment', {}, body);
    // No refusal of an overlap is documented (an Exchange calendar keeps both); should the Connector still
    // answer 409, the time is taken all the same. Overlaps are otherwise found by reading back (backend.ts).
    if (response.status === 409) {
      await response.body?.cancel();
      return { ok: false, reason: 'conflict' };
    }
    const created = parseUpstream(
      SYSTEM,
      'created appointment',
      Created,
      await this.expectOk(response, 'appointment'),
    );
    return { ok: true, appointmentId: created.appointmentId };
  }

  /** One appointment in `calendar`, or undefined when it is not there (deleted in Outlook, or never was). */
  appointment(
    calendar: Calendar,
    appointmentId: string,
    priority: CallPriority,
  ): Promise<AppointmentDetail | undefined> {
    return retryRead(async () => {
      const response = await this.call(priority, 'GET', 'appointment', { ...calendar, appointmentId });
      if (response.status === 404) {
        await response.body?.cancel();
        return undefined;
      }
      const data = await this.expectOk(response, 'appointment');
      return parseUpstream(SYSTEM, 'appointment', AppointmentDetail, data);
    });
  }

  /** Never retried: a change that reached the calendar before the answer was lost must not be made twice. */
  async update(body: AppointmentUpdate): Promise<UpdateOutcome> {
    const response = await this.call('booking', 'PUT', 'appointment', {}, body);
    if (response.status === 404 || response.status === 409) {
      await response.body?.cancel();
      return { ok: false, reason: response.status === 404 ? 'not_found' : 'conflict' };
    }
    // "Updated appointment details": a 2xx is the success; nothing in the details is needed.
    parseUpstream(
      SYSTEM,
      'updated appointment',
      Updated,
      await this.expectOk(response, 'appointment update'),
    );
    return { ok: true };
  }

  /** `not_found` is as good as deleted for a caller that wanted it gone. */
  async remove(calendar: Calendar, appointmentId: string): Promise<'deleted' | 'not_found'> {
    const response = await this.call('booking', 'DELETE', 'appointment', {}, { ...calendar, appointmentId });
    if (response.status === 404) {
      await response.body?.cancel();
      return 'not_found';
    }
    await this.expectOk(response, 'appointment deletion');
    return 'deleted';
  }

  private async fetchToken(priority: CallPriority): Promise<TokenResponse> {
    const response = await this.send(priority, 'POST', 'authentication/token', {}, undefined, {
      clientId: this.options.clientId,
      clientSecret: this.options.clientSecret,
    });
    return parseUpstream(SYSTEM, 'token', TokenResponse, await this.expectOk(response, 'token'));
  }

  /** An authenticated call. A token refused before its time (revoked, rotated) is replaced once. */
  private async call(
    priority: CallPriority,
    method: string,
    path: string,
    query: Record<string, string>,
    body?: unknown,
  ) {
    for (let attempt = 0; ; attempt++) {
      const token = await this.tokens.get(priority);
      const response = await this.send(priority, method, path, query, token, body);
      if (response.status !== 401 || attempt > 0) return response;
      await response.body?.cancel();
      this.tokens.invalidate(token);
    }
  }

  private send(
    priority: CallPriority,
    method: string,
    path: string,
    query: Record<string, string>,
    token: string | undefined,
    body?: unknown,
  ): Promise<Response> {
    const tenant = encodeURIComponent(this.options.tenantId);
    const url = withQuery(new URL(`${this.options.baseUrl.replace(/\/$/, '')}/${tenant}/${path}`), query);
    const headers = new Headers({ accept: 'application/json', tenantId: this.options.tenantId });
    if (token) headers.set('authorization', `Bearer ${token}`);
    if (body !== undefined) headers.set('content-type', 'application/json');
    const init: RequestInit = {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    };
    return callUpstream(this.line, priority, url, init);
  }

  private async expectOk(response: Response, what: string): Promise<unknown> {
    if (response.ok) return readJson(SYSTEM, response);
    const text = await response.text().catch(() => '');
    let detail = '';
    try {
      const problem = Problem.safeParse(JSON.parse(text));
      if (problem.success) {
        const fields = Object.entries(problem.data.errors ?? {}).map(
          ([field, messages]) => `${field}: ${messages.join(' ')}`,
        );
        detail = [problem.data.detail ?? problem.data.title, ...fields].filter(Boolean).join('; ');
      }
    } catch {
      // A gateway may answer in HTML or plain text; the status says enough.
    }
    const code =
      response.status === 429 || response.status >= 500 ? 'upstream_unavailable' : 'upstream_error';
    throw new UpstreamError(
      code,
      `${SYSTEM} refused the ${what} request (${response.status}${detail ? `: ${detail}` : ''})`,
      response.status,
    );
  }
}
