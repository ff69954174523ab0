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
  type UpstreamQuery,
} from '../http.ts';
import { CircuitBreaker, retryRead, type RetryOptions } from '../resilience.ts';
import { parseEach, SkippedRecords } from '../skipped.ts';
import { UpstreamError } from '../types.ts';
import { hidePersonalText } from '../personal-text.ts';
import {
  AgentAppointment,
  AgentAppointmentType,
  AgentBranch,
  AgentPhoto,
  AgentStaff,
  Allocation,
  DiaryReference,
  ErrorBody,
  GuestMatch,
  LettingsAdvertised,
  ListAnswer,
  SalesAdvertised,
  type AppointmentUpdate,
  type CancelationStatus,
  type DiarySubmission,
  type FeedbackSubmission,
  type MessageSubmission,
} from './schemas.ts';

const SYSTEM = 'agentOS';
/** The most rows agentOS returns in one page. */
const PAGE_SIZE = 1000;
/** agentOS allows 50 requests per rolling minute per key; keep two in hand for clock skew between us and it. */
export const AGENTOS_REQUESTS_PER_MINUTE = 48;

export interface AgentOSClientOptions {
  /** e.g. `https://live-api.letmc.com` (the `/v4/...` paths are appended). */
  baseUrl: string;
  shortName: string;
  apiKey: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  /** Opens after repeated failures; one per upstream key. */
  breaker?: CircuitBreaker;
  /** Pauses between read retries; tests pass a short one. */
  retry?: RetryOptions;
  /** Shared by everything that uses this key. */
  budget?: RateBudget;
  /** Where list rows that cannot be used are counted; the backend passes its own. */
  skipped?: SkippedRecords;
}

/** The three V4 tiers a key may be granted; a 401 on one of them can mean the key lacks that tier. */
export type AgentTier = 'appointments' | 'advertising' | 'contacts';

/** What a single read-only probe of a tier found, for account checks. */
export type TierProbe =
  { ok: true; count: number } | { ok: false; status: number | undefined; reason: string };

type Query = UpstreamQuery;

export interface AllocationQuery {
  appointmentTypeID: string;
  /** `YYYY-MM-DD`; agentOS answers this day plus the seven after it. */
  preferredDate: string;
  lettings?: boolean;
  propertyIdentifier?: string;
  branchID?: string;
}

export interface AppointmentsQuery {
  /** Local date-times of the company, `2026-11-24T00:00:00`; the end is exclusive. */
  startDate: string;
  endDate: string;
  appointmentTypesToSearch: readonly string[];
}

/**
 * `allocation_taken` is a 409 (kept in case an account answers so); `refused` is agentOS's documented 400,
 * which may be a taken allocation or any other refusal: the caller re-reads the allocations to tell.
 */
export type DiaryOutcome =
  { ok: true; reference: string } | { ok: false; reason: 'allocation_taken' | 'refused' };

/** A typed, paging, rate-budgeted client for the parts of agentOS V4 the booking workflow uses. */
export class AgentOSClient {
  readonly budget: RateBudget;
  readonly breaker: CircuitBreaker;
  readonly skipped: SkippedRecords;
  /** Everything a call needs besides its URL, built once. */
  private readonly line: UpstreamLine;

  constructor(private readonly options: AgentOSClientOptions) {
    this.budget = options.budget ?? new RateBudget({ limit: AGENTOS_REQUESTS_PER_MINUTE, windowMs: 60_000 });
    this.breaker = options.breaker ?? new CircuitBreaker();
    this.skipped = options.skipped ?? new SkippedRecords('agentos');
    this.line = {
      system: SYSTEM,
      fetchImpl: options.fetch ?? fetch,
      budget: this.budget,
      breaker: this.breaker,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    };
  }

  branches(): Promise<AgentBranch[]> {
    return this.all('sync', 'company/branches', AgentBranch, {});
  }

  appointmentTypes(): Promise<AgentAppointmentType[]> {
    return this.all('sync', 'diary/appointmenttypes', AgentAppointmentType, {});
  }

  lettingsAdvertised(branchID: string): Promise<LettingsAdvertised[]> {
    return this.all('sync', 'lettings/tenancies/advertised', LettingsAdvertised, {
      branchID,
      includeRenewals: false,
    });
  }

  salesAdvertised(branchID: string): Promise<SalesAdvertised[]> {
    return this.all('sync', 'sales/instructions/advertised', SalesAdvertised, {
      branchID,
      onlyDevelopement: false,
      onlyInvestements: false,
    });
  }

  allocations(
    query: AllocationQuery,
    priority: CallPriority = 'slots',
  ): Promise<z.infer<typeof Allocation>[]> {
    return this.all(priority, 'diary/appointmenttypes/allocations', Allocation, { ...query }, true);
  }

  matchGuest(query: {
    branchID: string;
    forename: string;
    surname: string;
    emailaddress: string;
  }): Promise<GuestMatch[]> {
    // One page is plenty: we only act on an exact email match, and more rows would only be more personal data.
    return this.page('booking', 'contacts/guest/match', GuestMatch, query, 0, 20).then((page) => page.Data);
  }

  async createDiaryEntry(
    propertyIDs: readonly string[],
    lettings: boolean,
    body: DiarySubmission,
  ): Promise<DiaryOutcome> {
    const response = await this.write('POST', 'diary', { propertyID: propertyIDs, lettings }, body);
    return this.unlessTaken(response, 'diary entry');
  }

  /** One appointment, or undefined when agentOS has none by that id. */
  appointment(
    appointmentID: string,
    priority: CallPriority = 'slots',
  ): Promise<AgentAppointment | undefined> {
    return this.one(priority, `diary/appointment/${encodeURIComponent(appointmentID)}`, AgentAppointment);
  }

  /** A branch's appointments between two local times, of the given types, cancelled ones included. */
  appointments(
    branchID: string,
    query: AppointmentsQuery,
    priority: CallPriority = 'slots',
  ): Promise<AgentAppointment[]> {
    return this.all(priority, `diary/appointments/${encodeURIComponent(branchID)}`, AgentAppointment, {
      ...query,
    });
  }

  staff(branchID: string): Promise<AgentStaff[]> {
    return this.all('slots', 'contacts/staff', AgentStaff, { branchID });
  }

  /** One negotiator, or undefined when agentOS has nobody by that id. */
  staffMember(staffID: string): Promise<AgentStaff | undefined> {
    return this.one('slots', `contacts/staff/${encodeURIComponent(staffID)}`, AgentStaff);
  }

  /** Moves or re-words an appointment; a move onto a time no longer free is `allocation_taken`. */
  async updateAppointment(body: AppointmentUpdate): Promise<DiaryOutcome> {
    return this.unlessTaken(await this.write('PATCH', 'appointment/update', {}, body), 'appointment update');
  }

  /** Reinstating an appointment whose time was taken meanwhile is `allocation_taken`. */
  async setCancelationStatus(appointmentID: string, status: CancelationStatus): Promise<DiaryOutcome> {
    const response = await this.write('PATCH', `diary/cancelationStatus/${status}`, { appointmentID });
    return this.unlessTaken(response, 'cancelation status');
  }

  /** Sends a message through the branch; the answer is agentOS's reference for it. */
  async sendMessage(branchID: string, body: MessageSubmission): Promise<string> {
    // A message can wait for a quieter minute; a visitor reading free times or booking cannot.
    const response = await this.write(
      'POST',
      `messaging/${encodeURIComponent(branchID)}`,
      {},
      body,
      'message',
    );
    return this.reference(response, 'message');
  }

  async submitFeedback(body: FeedbackSubmission): Promise<string> {
    return this.reference(await this.write('POST', 'diary/feedback', {}, body, 'message'), 'feedback');
  }

  /**
   * A home's pictures, from the advertising tier: a letting by its property id, a sale by its instruction id.
   * Undefined when agentOS knows no such home there.
   */
  async photos(channel: 'lettings' | 'sales', id: string): Promise<AgentPhoto[] | undefined> {
    const home =
      channel === 'lettings'
        ? `lettings/properties/${encodeURIComponent(id)}`
        : `sales/salesinstructions/${encodeURIComponent(id)}`;
    const path = `advertising/${this.options.shortName}/${home}/photos`;
    return retryRead(async () => {
      const response = await this.request('photo', `${path}/0/${PAGE_SIZE}`, {}, {});
      if (response.status === 404) {
        await response.body?.cancel();
        return undefined;
      }
      const data = await this.expectOk(response, `${channel} photos`);
      const answer = parseUpstream(SYSTEM, `${channel} photos`, ListAnswer, data);
      return parseEach(AgentPhoto, answer.Data, `GET ${channel} photos Data`, this.skipped);
    }, this.options.retry);
  }

  /** One picture by the photo's own OID (never a property's). */
  async photo(photoOID: string): Promise<{ body: Uint8Array; contentType: string } | undefined> {
    const response = await this.request(
      'photo',
      `advertising/${this.options.shortName}/download/${encodeURIComponent(photoOID)}`,
      {},
      {},
    );
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) await this.expectOk(response, 'photo');
    const contentType = response.headers.get('content-type') ?? '';
    if (!/^image\//.test(contentType)) {
      throw new UpstreamError(
        'upstream_error',
        `${SYSTEM} sent a photo that is not an image (${contentType || 'no type'})`,
      );
    }
    return { body: new Uint8Array(await response.arrayBuffer()), contentType };
  }

  /**
   * The smallest read of a tier (its first branch), for account checks: no retry, and a refusal is an answer.
   */
  async probe(tier: AgentTier): Promise<TierProbe> {
    try {
      const response = await this.request(
        'sync',
        `${tier}/${this.options.shortName}/company/branches/0/1`,
        {},
        {},
      );
      if (!response.ok) {
        await response.body?.cancel();
        return { ok: false, status: response.status, reason: `answered ${response.status}` };
      }
      const answer = parseUpstream(SYSTEM, 'branches', ListAnswer, await readJson(SYSTEM, response));
      return { ok: true, count: answer.Count ?? answer.Data.length };
    } catch (error) {
      const status = error instanceof UpstreamError ? error.status : undefined;
      return {
        ok: false,
        status,
        reason: error instanceof UpstreamError ? error.code.replace('_', ' ') : 'no answer',
      };
    }
  }

  /**
   * Writes go out once and are never retried: one whose answer was lost may well have been made, and a second
   * try could book, move or send twice.
   */
  private write(
    method: 'POST' | 'PATCH',
    path: string,
    query: Query,
    body?: unknown,
    priority: CallPriority = 'booking',
  ): Promise<Response> {
    return this.request(priority, `appointments/${this.options.shortName}/${path}`, query, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
  }

  /** Create, update and cancel answer a bare JSON string: the reference. */
  private async reference(response: Response, what: string): Promise<string> {
    const data = await this.expectOk(response, what);
    return parseUpstream(SYSTEM, `${what} reference`, DiaryReference, data);
  }

  private async unlessTaken(response: Response, what: string): Promise<DiaryOutcome> {
    // agentOS has no hold on allocations: between our re-check and this write someone else may have taken it.
    if (response.status === 409) {
      await response.body?.cancel();
      return { ok: false, reason: 'allocation_taken' };
    }
    // agentOS documents no 409: a refused allocation comes back as a 400 like any other bad request.
    if (response.status === 400) {
      await response.body?.cancel();
      return { ok: false, reason: 'refused' };
    }
    return { ok: true, reference: await this.reference(response, what) };
  }

  /** Reads one record, tried again like every read; a 404 is an answer, not a failure. */
  private one<T extends z.ZodType>(
    priority: CallPriority,
    path: string,
    schema: T,
  ): Promise<z.infer<T> | undefined> {
    return retryRead(async () => {
      const response = await this.request(priority, `appointments/${this.options.shortName}/${path}`, {}, {});
      if (response.status === 404) {
        await response.body?.cancel();
        return undefined;
      }
      const data = await this.expectOk(response, path);
      return parseUpstream(SYSTEM, path, schema, data);
    }, this.options.retry);
  }

  /**
   * Reads every page of a list. A row that cannot be used is skipped and counted; the rest are returned.
   * A bare array (V3's allocations) has no total, so a short page is the last.
   */
  private async all<T extends z.ZodType>(
    priority: CallPriority,
    path: string,
    item: T,
    query: Query,
    /** Free times none of which can be read are a changed format, not "nothing free": an error, not empty. */
    noneReadableIsError = false,
  ): Promise<z.infer<T>[]> {
    const rows: z.infer<T>[] = [];
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const page = await this.page(priority, path, item, query, offset, PAGE_SIZE);
      if (noneReadableIsError && page.read > 0 && page.Data.length === 0) {
        throw new UpstreamError('upstream_error', `${SYSTEM} sent ${path} none of which could be read`);
      }
      rows.push(...page.Data);
      const total = page.Count ?? (page.read < PAGE_SIZE ? offset + page.read : Infinity);
      if (page.read === 0 || offset + page.read >= total) return rows;
    }
  }

  private async page<T extends z.ZodType>(
    priority: CallPriority,
    path: string,
    item: T,
    query: Query,
    offset: number,
    count: number,
  ): Promise<{ Count: number | undefined; Data: z.infer<T>[]; read: number }> {
    // Reads may be tried again; a malformed answer (upstream_error) is not retried, it would only repeat.
    const answer = await retryRead(async () => {
      const response = await this.request(
        priority,
        `appointments/${this.options.shortName}/${path}/${offset}/${count}`,
        query,
        {},
      );
      const data = await this.expectOk(response, path);
      return parseUpstream(SYSTEM, `${path} page`, ListAnswer, data);
    }, this.options.retry);
    // The path says where a skipped row sat (ids of branches and types only; queries stay out of it).
    const where = `GET ${path}/${offset}/${count} Data`;
    const parsed = parseEach(item, answer.Data, where, this.skipped);
    return { Count: answer.Count, Data: parsed, read: answer.Data.length };
  }

  private request(priority: CallPriority, path: string, query: Query, init: RequestInit): Promise<Response> {
    const url = withQuery(new URL(`/v4/${path}`, this.options.baseUrl), query);
    const headers = new Headers(init.headers);
    headers.set('api_key', this.options.apiKey);
    headers.set('accept', 'application/json');
    return callUpstream(this.line, priority, url, { ...init, headers });
  }

  private async expectOk(response: Response, what: string): Promise<unknown> {
    if (response.ok) return readJson(SYSTEM, response);
    const text = await response.text().catch(() => '');
    let detail = '';
    try {
      const parsed = ErrorBody.safeParse(JSON.parse(text));
      if (parsed.success) detail = `: ${redact(parsed.data.Message)}`;
    } catch {
      // Gateways in front of agentOS answer errors in HTML or plain text; the status says enough.
    }
    const code =
      response.status === 429 || response.status === 403 || response.status >= 500
        ? 'upstream_unavailable'
        : 'upstream_error';
    throw new UpstreamError(
      code,
      `${SYSTEM} refused the ${what} request (${response.status}${detail})`,
      response.status,
    );
  }
}

/**
 * agentOS's messages may quote what was sent (an e-mail address, a phone number, a URL with the key in it):
 * those parts never reach an error message or a log line.
 */
export function redact(message: string): string {
  return hidePersonalText(message.replace(/api_key=[^&\s'"]*/gi, 'api_key=[hidden]')).slice(0, 200);
}
