import { SkippedRecords } from '../skipped.ts';
import type { Capabilities } from '../types.ts';
import type { z } from 'zod';
import {
  BusyCache,
  findFreeTimes,
  recheck,
  todayIn,
  type AgentRules,
  type BusyTime,
  type PropertyRules,
  type SlotTimes,
} from '../../availability/index.ts';
import type { Branch, DiaryEntry, Property, Slot, StaffMember } from '../../contract/index.ts';
import { RateBudget, type CallPriority } from '../budget.ts';
import type { FetchLike } from '../http.ts';
import { CircuitBreaker } from '../resilience.ts';
import { SeenEvents, type EventMemory } from '../seen-events.ts';
import { addIsoDays } from '../slot-time.ts';
import type {
  AccountCheck,
  Backend,
  BookInput,
  BookOutcome,
  Catalog,
  HeldBooking,
  SlotWindow,
  WebhookDelivery,
  WebhookOutcome,
} from '../types.ts';
import { viewingWords } from '../viewing-words.ts';
import { checkAccount } from './account.ts';
import { Calendars } from './calendars.ts';
import { ActuallyCareClient } from './client.ts';
import { ManagedShowings, showingBooked } from './manage.ts';
import {
  adaptBranch,
  adaptFreeTimes,
  adaptListing,
  branchFor,
  engineAgents,
  parseSlotId,
  showing,
} from './mapping.ts';
import { WebhookPayload } from './schemas.ts';
import { ActuallyCareSettings, type ActuallyCareBranch } from './settings.ts';
import { eventKey, signedFreshness, verifyDelivery } from './webhooks.ts';
import { systemClock } from '../../clock.ts';

export interface ActuallyCareBackendOptions extends z.input<typeof ActuallyCareSettings> {
  fetch?: FetchLike;
  timeoutMs?: number;
  /** Shared by everything that calls ActuallyCare from this address. */
  budget?: RateBudget;
  /** Opens after repeated failures, so a failing upstream is left alone for a moment. */
  breaker?: CircuitBreaker;
  now?: () => Date;
  /** How long appointments read for free times are shared between visitors. Bookings always read live. */
  busyTtlMs?: number;
  /**
   * Where the ids of webhook events already acted on are remembered: the proxy passes its store, so a
   * redelivery to another instance, or after a restart, is still known. Default: this process only.
   */
  webhookMemory?: EventMemory;
}

/** How far ahead of the slot's day a booking re-check looks, for alternatives when the slot was taken. */
const ALTERNATIVE_DAYS = 7;

interface Offered {
  property: Property;
  rules: PropertyRules | undefined;
}

/**
 * ActuallyCare (a US real-estate CRM) behind the proxy's Backend interface. It has listings and calendars
 * but no offices and no free times: branches come from the settings, and free times from the availability
 * engine, fed with the agents' scheduled appointments. Each API key acts as its owner, so each agent's
 * calendar is read and written with their own key (`Calendars`).
 */
export class ActuallyCareBackend implements Backend {
  readonly name = 'actuallycare';
  readonly title = 'ActuallyCare';
  readonly capabilities: Capabilities = {
    // Reinstating re-checks the home's free times: nothing upstream refuses an overlap.
    reinstate: 'property',
    nativeMove: true,
    messages: false,
    feedback: false,
    consent: false,
    photos: false,
    openHouses: true,
    webhooks: true,
    direct: {
      cancel: true,
      uncancel: true,
      reschedule: false,
      refusals: {
        // Moving to another agent makes a new showing from the visitor's contact details, which only the
        // proxy's record of an online booking holds.
        reschedule:
          'ActuallyCare moves a showing to another agent by making it again with the visitor’s contact details, which the proxy has only for viewings booked online. Move this one in ActuallyCare.',
      },
    },
  };
  readonly skipped = new SkippedRecords('actuallycare');
  readonly settings: ActuallyCareSettings;
  readonly budget: RateBudget;
  private readonly calendars: Calendars;
  private readonly now: () => Date;
  private readonly busy: BusyCache;
  private readonly seen: SeenEvents;
  private readonly branches: Map<string, { config: ActuallyCareBranch; agents: AgentRules[] }>;
  private offered = new Map<string, Offered>();
  private readonly managed: ManagedShowings;

  /** @throws Error naming each bad field, when the settings are not valid. */
  constructor(options: ActuallyCareBackendOptions) {
    const { fetch, timeoutMs, budget, breaker, now, busyTtlMs, webhookMemory, ...rest } = options;
    const parsed = ActuallyCareSettings.safeParse(rest);
    if (!parsed.success) {
      throw new Error(
        `ActuallyCare settings are not valid: ${parsed.error.issues
          .map((issue) => `${issue.path.join('.') || '(settings)'}: ${issue.message}`)
          .join('; ')}`,
      );
    }
    this.settings = parsed.data;
    this.now = now ?? systemClock;
    this.busy = new BusyCache(busyTtlMs ?? 30_000, () => this.now().getTime());
    this.seen = new SeenEvents({
      namespace: `actuallycare:${new URL(this.settings.baseUrl).host}`,
      ...(webhookMemory ? { memory: webhookMemory } : {}),
    });
    // ActuallyCare counts requests per calling address, so every key's calls share one budget and breaker.
    this.budget =
      budget ?? new RateBudget({ limit: this.settings.requestsPer15Minutes, windowMs: 15 * 60_000 });
    const shared = {
      baseUrl: this.settings.baseUrl,
      ...(fetch ? { fetch } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
      breaker: breaker ?? new CircuitBreaker(),
      budget: this.budget,
      skipped: this.skipped,
    };
    this.calendars = new Calendars(this.settings, (apiKey) => new ActuallyCareClient({ ...shared, apiKey }));
    this.branches = new Map(
      this.settings.branches.map((config) => [config.id, { config, agents: engineAgents(config) }]),
    );
    this.managed = new ManagedShowings({
      calendars: this.calendars,
      branch: (id) => this.branches.get(id)?.config,
      propertyAt: (location) => {
        const wanted = location?.trim();
        return wanted
          ? [...this.offered.values()].find(({ property }) => property.address === wanted)?.property.id
          : undefined;
      },
      freeTimes: (property, branchId, busy, from, days) =>
        this.freeTimes(property, branchId, busy, from, days),
      invalidate: () => this.busy.invalidate(),
    });
  }

  async loadCatalog(): Promise<Catalog> {
    const listings = (
      await Promise.all(
        this.settings.listingStatuses.map((status) => this.calendars.listings.listings(status)),
      )
    ).flat();
    const offered = new Map<string, Offered>();
    for (const listing of listings) {
      const branchId = branchFor(listing, this.settings.branches, this.settings.defaultBranchId);
      // A listing no branch claims has nobody to show it.
      if (!branchId || offered.has(listing.id)) continue;
      const rules =
        this.settings.properties[listing.id] ??
        (listing.mls_number ? this.settings.properties[listing.mls_number] : undefined);
      offered.set(listing.id, { property: adaptListing(listing, branchId), rules });
    }
    this.offered = offered;
    return {
      branches: this.settings.branches.map(adaptBranch),
      properties: [...offered.values()].map((entry) => entry.property),
    };
  }

  async listSlots({ property, branch, from, days, priority = 'slots' }: SlotWindow): Promise<Slot[]> {
    const busy = await this.busyFrom(this.showerIds(property, branch.id), from, priority);
    return adaptFreeTimes(this.freeTimes(property, branch.id, busy, from, days));
  }

  /** The read-only checks `viewing-proxy doctor` runs on the account: keys, scopes, listings. */
  checkAccount(): Promise<AccountCheck[]> {
    return checkAccount(this.settings, this.calendars, todayIn('UTC', this.now()));
  }

  /** Slot ids carry their times with the branch's offset already. */
  slotTimes(slotId: string) {
    return parseSlotId(slotId);
  }

  async book(input: BookInput): Promise<BookOutcome> {
    const { property, branch, slotId, joining } = input;
    const wanted = parseSlotId(slotId);
    if (!wanted) return { ok: false, code: 'invalid_slot' };
    try {
      if (joining?.agentId) return await this.join(input, wanted, joining.agentId);
      // The slot came from a cache: read the calendars again, right now, and see who is still free then.
      const day = wanted.start.slice(0, 10);
      const since = addIsoDays(day, -1);
      const live = await this.calendars.busy(this.showerIds(property, branch.id), since, 'booking');
      const check = recheck(this.freeTimes(property, branch.id, live, day, ALTERNATIVE_DAYS), wanted);
      if (!check.free)
        return { ok: false, code: 'slot_taken', alternatives: adaptFreeTimes(check.alternatives) };
      for (const agentId of check.agentIds) {
        const calendar = this.calendars.of(agentId);
        if (!calendar) continue;
        const made = await calendar.client.createAppointment(
          showing({ ...viewingWords(input), times: wanted }),
        );
        // Nothing upstream refuses an overlap: whoever lost a race for this agent's time gives it back.
        if (await this.calendars.mustYield(agentId, made, wanted, since)) {
          await calendar.client.deleteAppointment(made.id);
          continue;
        }
        return showingBooked(made, agentId, property, branch, wanted);
      }
      return { ok: false, code: 'slot_taken', alternatives: adaptFreeTimes(check.alternatives) };
    } finally {
      // Whatever happened, what we hold about these calendars is older than what ActuallyCare now has.
      this.busy.invalidate();
    }
  }

  /**
   * Another viewer of an open house: their own showing in the agent's calendar at the open house's time. The
   * agent is busy then with the open house itself, so nothing is re-checked and nobody gives way.
   */
  private async join(input: BookInput, wanted: SlotTimes, agentId: string): Promise<BookOutcome> {
    const calendar = this.calendars.of(agentId);
    if (!calendar) return { ok: false, code: 'slot_taken', alternatives: [] };
    const made = await calendar.client.createAppointment(showing({ ...viewingWords(input), times: wanted }));
    return showingBooked(made, agentId, input.property, input.branch, wanted);
  }

  async findBooking({ property, branch, slotId, guest }: BookInput) {
    const wanted = parseSlotId(slotId);
    if (!wanted) return undefined;
    return this.managed.findBooked(property, branch, wanted, guest);
  }

  reschedule(held: HeldBooking, slotId: string): Promise<BookOutcome> {
    return this.managed.reschedule(held, slotId);
  }

  /** A cancelled showing stays in ActuallyCare (status `cancelled`): reinstated while its time is free. */
  setCancelled(held: HeldBooking, cancelled: boolean): Promise<void> {
    return this.managed.setCancelled(held, cancelled);
  }

  diary(branch: Branch, from: string, days: number): Promise<DiaryEntry[]> {
    return this.managed.diary(branch, from, days);
  }

  async staff(branch: Branch): Promise<StaffMember[]> {
    return this.managed.staff(branch);
  }

  /**
   * A signed appointment change: the agent's calendar moved, so the free times of every property they show
   * are refreshed. Deliveries are checked before anything in them is believed.
   */
  async handleWebhook(delivery: WebhookDelivery): Promise<WebhookOutcome> {
    const secret = this.settings.webhookSecret;
    if (!secret)
      return { kind: 'rejected', status: 401, message: 'ActuallyCare webhooks are not set up here.' };
    const now = this.now().getTime();
    const verdict = verifyDelivery(delivery, secret, now);
    if (!verdict.ok) return { kind: 'rejected', status: 401, message: verdict.message };
    let json: unknown;
    try {
      json = JSON.parse(delivery.rawBody);
    } catch {
      return { kind: 'rejected', status: 400, message: 'The webhook body is not JSON.' };
    }
    const payload = WebhookPayload.safeParse(json);
    if (!payload.success)
      return { kind: 'rejected', status: 400, message: 'The webhook body is not an ActuallyCare event.' };
    // The timestamp header is not signed, so a replay could carry a fresh one; the body's own time is signed.
    const signed = signedFreshness(payload.data.timestamp, now);
    if (!signed.ok) return { kind: 'rejected', status: 401, message: signed.message };
    // A delivery may come again (a retry, or a replay inside the freshness window), to whichever instance.
    if (!(await this.seen.first(eventKey(payload.data.id, delivery.rawBody)))) {
      return { kind: 'ignored', reason: 'duplicate' };
    }
    const { event, data: appointment } = payload.data;
    if (!event.startsWith('appointment.') || !appointment) {
      return { kind: 'ignored', reason: `${event} does not change free times` };
    }
    this.busy.invalidate();
    // Without `user_id` (the payload is not published) the change could be in any agent's calendar.
    const userId = appointment.user_id;
    if (!userId || this.offered.size === 0) return { kind: 'refresh', propertyIds: 'all' };
    const propertyIds = [...this.offered.values()]
      .filter(({ property, rules }) =>
        this.showers(property.branchId, rules).some((agent) => agent.id === userId),
      )
      .map(({ property }) => property.id);
    return propertyIds.length > 0
      ? { kind: 'refresh', propertyIds }
      : {
          kind: 'ignored',
          reason: 'the appointment is not in the calendar of an agent who shows properties',
        };
  }

  /**
   * These agents' busy times from the day before `from` (ActuallyCare filters by UTC date) onwards, one
   * read per key, each key's calendar shared briefly between visitors.
   */
  private async busyFrom(
    agentIds: readonly string[],
    from: string,
    priority: CallPriority,
  ): Promise<BusyTime[]> {
    const today = todayIn('UTC', this.now());
    const startDate = addIsoDays(from < today ? from : today, -1);
    const read = await Promise.all(
      this.calendars
        .holding(agentIds)
        .map((calendar) =>
          this.busy.get(`${startDate}|${calendar.agentIds.join(',')}`, async () =>
            this.calendars.busyTimes(
              await calendar.client.scheduledAppointments(startDate, priority),
              calendar,
            ),
          ),
        ),
    );
    return read.flat();
  }

  private showerIds(property: Property, branchId: string): string[] {
    return this.showers(branchId, this.offered.get(property.id)?.rules).map((agent) => agent.id);
  }

  private showers(branchId: string, rules: PropertyRules | undefined): AgentRules[] {
    const agents = this.branches.get(branchId)?.agents ?? [];
    return rules?.agentIds ? agents.filter((agent) => rules.agentIds?.includes(agent.id)) : agents;
  }

  private freeTimes(property: Property, branchId: string, busy: BusyTime[], from: string, days: number) {
    const branch = this.branches.get(branchId);
    if (!branch)
      throw new Error(
        `ActuallyCare: property ${property.id} is in branch ${branchId}, which is not configured`,
      );
    const rules = this.offered.get(property.id)?.rules;
    return findFreeTimes({
      timeZone: branch.config.timeZone,
      rules: branch.config.viewing,
      agents: branch.agents,
      ...(rules ? { property: rules } : {}),
      busy,
      from,
      days,
      now: this.now(),
    });
  }
}
