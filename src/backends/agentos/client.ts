import { z } from 'zod';
import { RateBudget, type CallPriority } from '../budget.ts';
import {
  callUpstream,
  DEFAULT_TIMEOUT_MS,
  parseUpstream,
  readJson,
  withQuery,
  type FetchLike,
  type UpstreamQuery,
} from '../http.ts';
import { CircuitBreaker, retryRead, type RetryOptions } from '../resilience.ts';
import { UpstreamError } from '../types.ts';
import {
  AgentAppointmentType,
  AgentBranch,
  Allocation,
  DiaryReference,
  GuestMatch,
  LettingsAdvertised,
  Page,
  SalesAdvertised,
  type DiarySubmission,
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
}

type Query = UpstreamQuery;

export interface AllocationQuery {
  appointmentTypeID: string;
  /** `YYYY-MM-DD`; agentOS answers this day plus the seven after it. */
  preferredDate: string;
  lettings?: boolean;
  propertyIdentifier?: string;
  branchID?: string;
}

export type DiaryOutcome = { ok: true; reference: string } | { ok: false; reason: 'allocation_taken' };

/** A typed, paging, rate-budgeted client for the parts of agentOS V4 the booking workflow uses. */
export class AgentOSClient {
  readonly budget: RateBudget;
  readonly breaker: CircuitBreaker;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;

  constructor(private readonly options: AgentOSClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.budget = options.budget ?? new RateBudget({ limit: AGENTOS_REQUESTS_PER_MINUTE, windowMs: 60_000 });
    this.breaker = options.breaker ?? new CircuitBreaker();
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
    return this.all(priority, 'diary/appointmenttypes/allocations', Allocation, { ...query });
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
    const response = await this.request(
      'booking',
      `appointments/${this.options.shortName}/diary`,
      { propertyID: propertyIDs, lettings },
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      },
    );
    // agentOS has no hold on allocations: between our re-check and this post someone else may have taken it.
    if (response.status === 409) {
      await response.body?.cancel();
      return { ok: false, reason: 'allocation_taken' };
    }
    const data = await this.expectOk(response, 'diary entry');
    return { ok: true, reference: parseUpstream(SYSTEM, 'diary reference', DiaryReference, data) };
  }

  async photo(oid: string): Promise<{ body: Uint8Array; contentType: string } | undefined> {
    const response = await this.request(
      'photo',
      `advertising/${this.options.shortName}/download/${encodeURIComponent(oid)}`,
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

  /** Reads every page of a `{Count, Data}` list. */
  private async all<T extends z.ZodType>(
    priority: CallPriority,
    path: string,
    item: T,
    query: Query,
  ): Promise<z.infer<T>[]> {
    const rows: z.infer<T>[] = [];
    for (;;) {
      const page = await this.page(priority, path, item, query, rows.length, PAGE_SIZE);
      rows.push(...page.Data);
      if (page.Data.length === 0 || rows.length >= page.Count) return rows;
    }
  }

  private async page<T extends z.ZodType>(
    priority: CallPriority,
    path: string,
    item: T,
    query: Query,
    offset: number,
    count: number,
  ): Promise<{ Count: number; Data: z.infer<T>[] }> {
    // Reads may be tried again; a malformed answer (upstream_error) is not retried, it would only repeat.
    return retryRead(async () => {
      const response = await this.request(
        priority,
        `appointments/${this.options.shortName}/${path}/${offset}/${count}`,
        query,
        {},
      );
      const data = await this.expectOk(response, path);
      return parseUpstream(SYSTEM, `${path} page`, Page(item), data);
    }, this.options.retry);
  }

  private request(priority: CallPriority, path: string, query: Query, init: RequestInit): Promise<Response> {
    const url = withQuery(new URL(`/v4/${path}`, this.options.baseUrl), query);
    const headers = new Headers(init.headers);
    headers.set('api_key', this.options.apiKey);
    headers.set('accept', 'application/json');
    const line = {
      system: SYSTEM,
      fetchImpl: this.fetchImpl,
      budget: this.budget,
      breaker: this.breaker,
      timeoutMs: this.timeoutMs,
    };
    return callUpstream(line, priority, url, { ...init, headers });
  }

  private async expectOk(response: Response, what: string): Promise<unknown> {
    if (response.ok) return readJson(SYSTEM, response);
    const text = await response.text().catch(() => '');
    let detail = '';
    try {
      const parsed = z.object({ Message: z.string() }).safeParse(JSON.parse(text));
      if (parsed.success) detail = `: ${parsed.data.Message}`;
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
