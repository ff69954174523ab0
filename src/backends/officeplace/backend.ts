import { SkippedRecords } from '../skipped.ts';
import type { Capabilities } from '../types.ts';
import type { z } from 'zod';
import { fromZonedTime } from 'date-fns-tz';
import {
  BusyCache,
  findFreeTimes,
  recheck,
  type AgentRules,
  type BusyTime,
  type PropertyRules,
  type SlotTimes,
} from '../../availability/index.ts';
import type { Branch, DiaryEntry, Property, Slot, StaffMember } from '../../contract/index.ts';
import { RateBudget, type CallPriority } from '../budget.ts';
import type { FetchLike } from '../http.ts';
import type { CircuitBreaker } from '../resilience.ts';
import { addIsoDays } from '../slot-time.ts';
import type {
  AccountCheck,
  Backend,
  BookInput,
  BookOutcome,
  Catalog,
  HeldBooking,
  SlotWindow,
} from '../types.ts';
import { OfficePlaceClient } from './client.ts';
import { checkAccount } from './account.ts';
import { keepsTime } from './overlap.ts';
import type { Calendar } from './schemas.ts';
import { readCatalogFeed } from './feed.ts';
import { ManagedViewings, viewingBooked } from './manage.ts';
import {
  adaptBranch,
  adaptFreeTimes,
  adaptProperty,
  busyTimes,
  engineAgents,
  parseSlotId,
  viewingAppointment,
} from './mapping.ts';
import { OfficePlaceSettings, type OfficePlaceBranch, type OfficePlaceCatalog } from './settings.ts';
import { systemClock } from '../../clock.ts';
import { viewingWords } from '../viewing-words.ts';

export interface OfficePlaceBackendOptions extends z.input<typeof OfficePlaceSettings> {
  fetch?: FetchLike;
  timeoutMs?: number;
  /** Shared by everything that uses this Connector tenant. */
  budget?: RateBudget;
  /** Opens after repeated failures, so a failing upstream is left alone for a moment. */
  breaker?: CircuitBreaker;
  now?: () => Date;
  /** How long calendars read for free times are shared between visitors. Bookings always read live. */
  busyTtlMs?: number;
}

/** How far ahead of the slot's day a booking re-check looks, for alternatives when the slot was taken. */
const ALTERNATIVE_DAYS = 7;

interface Known {
  branches: Map<string, { config: OfficePlaceBranch; agents: AgentRules[] }>;
  properties: Map<string, { property: Property; rules: PropertyRules | undefined }>;
}

/**
 * OfficePlace (an Exchange/Entra calendar platform) behind the proxy's Backend interface. It holds the
 * agents' calendars and nothing else: branches, agents and properties come from the settings or the
 * agency's feed, and free times from the availability engine fed with each eligible agent's calendar.
 */
export class OfficePlaceBackend implements Backend {
  readonly name = 'officeplace';
  readonly title = 'OfficePlace';
  readonly capabilities: Capabilities = {
    // OfficePlace deletes a cancelled appointment.
    reinstate: false,
    nativeMove: true,
    messages: false,
    feedback: false,
    consent: false,
    photos: false,
    openHouses: true,
    webhooks: false,
    direct: {
      cancel: false,
      uncancel: false,
      reschedule: false,
      refusals: {
        cancel:
          'This viewing was not booked online, so the proxy does not know which Outlook calendar holds it. Cancel it in the agent’s calendar.',
        uncancel:
          'OfficePlace deletes a cancelled viewing, so it cannot be reinstated. Book a new time instead.',
        reschedule:
          'This viewing was not booked online, so the proxy does not know which Outlook calendar holds it. Move it in the agent’s calendar.',
      },
    },
  };
  readonly skipped = new SkippedRecords('officeplace');
  readonly client: OfficePlaceClient;
  readonly settings: OfficePlaceSettings;
  private readonly now: () => Date;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number | undefined;
  private readonly busy: BusyCache;
  private known: Known | undefined;
  private readonly managed: ManagedViewings;

  /** @throws Error naming each bad field, when the settings are not valid. */
  constructor(options: OfficePlaceBackendOptions) {
    const { fetch: fetchImpl, timeoutMs, budget, breaker, now, busyTtlMs, ...rest } = options;
    const parsed = OfficePlaceSettings.safeParse(rest);
    if (!parsed.success) {
      throw new Error(
        `OfficePlace settings are not valid: ${parsed.error.issues
          .map((issue) => `${issue.path.join('.') || '(settings)'}: ${issue.message}`)
          .join('; ')}`,
      );
    }
    this.settings = parsed.data;
    this.now = now ?? systemClock;
    this.fetchImpl = fetchImpl ?? fetch;
    this.timeoutMs = timeoutMs;
    this.busy = new BusyCache(busyTtlMs ?? 30_000, () => this.now().getTime());
    this.client = new OfficePlaceClient({
      baseUrl: this.settings.baseUrl,
      tenantId: this.settings.tenantId,
      clientId: this.settings.clientId,
      clientSecret: this.settings.clientSecret,
      fetch: this.fetchImpl,
      ...(timeoutMs ? { timeoutMs } : {}),
      ...(breaker ? { breaker } : {}),
      budget: budget ?? new RateBudget({ limit: this.settings.requestsPerMinute, windowMs: 60_000 }),
      now: () => this.now().getTime(),
      skipped: this.skipped,
    });
    this.managed = new ManagedViewings({
      client: this.client,
      domainId: this.settings.domainId,
      showAsStatus: this.settings.showAsStatus ?? 'busy',
      lookup: (property, branchId) => this.lookup(property, branchId),
      branch: async (id) => (await this.catalogue()).branches.get(id)?.config,
      propertyAt: async (address) =>
        [...(await this.catalogue()).properties.values()].find((entry) => entry.property.address === address)
          ?.property.id,
      calendars: (config, agents, from, days, priority, ignoring) =>
        this.calendars(config, agents, from, days, priority, ignoring),
      freeTimes: (config, agents, rules, busy, from, days) =>
        this.freeTimes(config, agents, rules, busy, from, days),
      invalidate: (agentIds) => this.busy.invalidate((key) => agentIds.includes(key.split('|')[0] ?? '')),
    });
  }

  async loadCatalog(): Promise<Catalog> {
    const catalog = await this.readCatalogue();
    this.known = know(catalog);
    return { branches: catalog.branches.map(adaptBranch), properties: catalog.properties.map(adaptProperty) };
  }

  /**
   * Read-only checks of the account for `viewing-proxy doctor`: the catalogue, a token, and one day of one
   * agent's calendar. Three calls at most; nothing is written.
   */
  checkAccount(): Promise<AccountCheck[]> {
    return checkAccount({
      client: this.client,
      settings: this.settings,
      catalogue: () => this.readCatalogue(),
      now: this.now,
    });
  }

  async listSlots({ property, branch, from, days, priority = 'slots' }: SlotWindow): Promise<Slot[]> {
    const { config, agents, rules } = await this.lookup(property, branch.id);
    const busy = await this.calendars(config, agents, from, days, priority);
    return adaptFreeTimes(this.freeTimes(config, agents, rules, busy, from, days));
  }

  /** Slot ids carry their times with the branch's offset already. */
  slotTimes(slotId: string) {
    return parseSlotId(slotId);
  }

  get budget() {
    return this.client.budget;
  }

  async book(input: BookInput): Promise<BookOutcome> {
    const { property, branch, slotId, joining } = input;
    const wanted = parseSlotId(slotId);
    if (!wanted) return { ok: false, code: 'invalid_slot' };
    const { config, agents, rules } = await this.lookup(property, branch.id);
    const viewing = (calendar: Calendar) =>
      viewingAppointment({
        ...viewingWords(input),
        times: wanted,
        calendar,
        timeZone: config.timeZone,
        showAsStatus: this.settings.showAsStatus ?? 'busy',
      });
    try {
      if (joining?.adId && joining.domainId) {
        // Another viewer of an open house: their own entry in the agent's calendar at its time. The agent is
        // busy then with the open house itself, so nothing is re-checked and nobody gives way.
        const calendar = { adId: joining.adId, domainId: joining.domainId };
        const outcome = await this.client.create(viewing(calendar));
        return outcome.ok
          ? viewingBooked(outcome.appointmentId, calendar, property, branch, wanted, config.timeZone)
          : { ok: false, code: 'slot_taken', alternatives: [] };
      }
      const day = wanted.start.slice(0, 10);
      // The slot came from a cache: read the calendars again, right now, and see who is still free then.
      const live = await this.calendars(config, agents, day, ALTERNATIVE_DAYS, 'booking');
      const check = recheck(this.freeTimes(config, agents, rules, live, day, ALTERNATIVE_DAYS), wanted);
      if (!check.free)
        return { ok: false, code: 'slot_taken', alternatives: adaptFreeTimes(check.alternatives) };
      for (const adId of check.agentIds) {
        const agent = config.agents.find((candidate) => candidate.adId === adId);
        const calendar = { adId, domainId: agent?.domainId ?? this.settings.domainId };
        const outcome = await this.client.create(viewing(calendar));
        if (outcome.ok && (await this.settle(calendar, outcome.appointmentId, wanted))) {
          return viewingBooked(outcome.appointmentId, calendar, property, branch, wanted, config.timeZone);
        }
      }
      return { ok: false, code: 'slot_taken', alternatives: adaptFreeTimes(check.alternatives) };
    } finally {
      // Whatever happened, what we hold about these calendars is older than what OfficePlace now has.
      const ids = new Set(agents.map((agent) => agent.id));
      this.busy.invalidate((key) => ids.has(key.split('|')[0] ?? ''));
    }
  }

  async findBooking({ property, branch, slotId, guest }: BookInput) {
    const wanted = parseSlotId(slotId);
    if (!wanted) return undefined;
    return this.managed.find(property, branch, wanted, guest.email);
  }

  reschedule(held: HeldBooking, slotId: string): Promise<BookOutcome> {
    return this.managed.reschedule(held, slotId);
  }

  /** Cancelling deletes the viewing from the agent's calendar; reinstating it is refused with a clear error. */
  setCancelled(held: HeldBooking, cancelled: boolean): Promise<void> {
    return this.managed.setCancelled(held, cancelled);
  }

  diary(branch: Branch, from: string, days: number): Promise<DiaryEntry[]> {
    return this.managed.diary(branch, from, days);
  }

  staff(branch: Branch): Promise<StaffMember[]> {
    return this.managed.staff(branch);
  }

  /**
   * Whether the viewing just created keeps its time (`keepsTime`); one that gives way is deleted again. If
   * the time cannot be read back, the viewing is deleted too and the failure passed on: the proxy may then
   * keep the booking as a request, and finds this viewing on its next try if the deletion failed as well.
   */
  private async settle(calendar: Calendar, appointmentId: string, times: SlotTimes): Promise<boolean> {
    let keeps: boolean;
    try {
      keeps = await keepsTime(this.client, calendar, appointmentId, times);
    } catch (error) {
      await this.client.remove(calendar, appointmentId).catch(() => undefined);
      throw error;
    }
    if (!keeps) await this.client.remove(calendar, appointmentId);
    return keeps;
  }

  /**
   * The window's days plus one either side, so appointments that straddle midnight are seen whole. The entry
   * `ignoring` (a viewing being moved) does not count as busy.
   */
  private async calendars(
    branch: OfficePlaceBranch,
    agents: readonly AgentRules[],
    from: string,
    days: number,
    priority: CallPriority,
    ignoring?: string,
  ): Promise<BusyTime[]> {
    const start = fromZonedTime(`${addIsoDays(from, -1)}T00:00:00`, branch.timeZone);
    const end = fromZonedTime(`${addIsoDays(from, days + 1)}T00:00:00`, branch.timeZone);
    const read = (adId: string) => async () => {
      const domainId = branch.agents.find((agent) => agent.adId === adId)?.domainId ?? this.settings.domainId;
      const { items, unreadable } = await this.client.preview(domainId, adId, start, end, priority);
      const busy = busyTimes(
        items.filter((item) => item.appointmentId !== ignoring),
        adId,
      );
      // An entry that could not be read may hold any time of the window: that agent is not offered in it.
      return unreadable > 0 ? [...busy, { agentId: adId, start, end }] : busy;
    };
    // A calendar read without one of its entries is no one else's to share.
    const calendars = await Promise.all(
      agents.map((agent) =>
        priority === 'booking' || ignoring !== undefined
          ? read(agent.id)()
          : this.busy.get(`${agent.id}|${start.toISOString()}|${end.toISOString()}`, read(agent.id)),
      ),
    );
    return calendars.flat();
  }

  /** The catalogue, from the settings or the agency's feed, read the first time it is needed. */
  private async catalogue(): Promise<Known> {
    this.known ??= know(await this.readCatalogue());
    return this.known;
  }

  private readCatalogue(): Promise<OfficePlaceCatalog> {
    return this.settings.catalog
      ? Promise.resolve(this.settings.catalog)
      : readCatalogFeed(this.settings.catalogUrl ?? '', this.fetchImpl, this.skipped, this.timeoutMs);
  }

  private async lookup(property: Property, branchId: string) {
    const known = await this.catalogue();
    const branch = known.branches.get(branchId);
    if (!branch)
      throw new Error(
        `OfficePlace: property ${property.id} is in branch ${branchId}, which is not configured`,
      );
    const rules = known.properties.get(property.id)?.rules;
    const agents = rules?.agentIds
      ? branch.agents.filter((agent) => rules.agentIds?.includes(agent.id))
      : branch.agents;
    return { config: branch.config, agents, rules };
  }

  private freeTimes(
    branch: OfficePlaceBranch,
    agents: readonly AgentRules[],
    rules: PropertyRules | undefined,
    busy: BusyTime[],
    from: string,
    days: number,
  ) {
    return findFreeTimes({
      timeZone: branch.timeZone,
      rules: branch.viewing,
      agents,
      ...(rules ? { property: rules } : {}),
      busy,
      from,
      days,
      now: this.now(),
    });
  }
}

function know(catalog: OfficePlaceCatalog): Known {
  return {
    branches: new Map(
      catalog.branches.map((config) => [config.id, { config, agents: engineAgents(config) }]),
    ),
    properties: new Map(
      catalog.properties.map((entry) => [entry.id, { property: adaptProperty(entry), rules: entry.viewing }]),
    ),
  };
}
