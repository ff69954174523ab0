import type { BusyTime, SlotTimes } from '../../availability/index.ts';
import type { CallPriority } from '../budget.ts';
import type { ActuallyCareClient } from './client.ts';
import type { Appointment } from './schemas.ts';
import type { ActuallyCareSettings } from './settings.ts';

/** One API key's calendar: the client acting as its owner, and the configured agents it holds. */
export interface Calendar {
  client: ActuallyCareClient;
  /** Usually one; agents configured with the same key share its calendar. */
  agentIds: readonly string[];
}

/**
 * The agents' calendars, one per API key. ActuallyCare's keys act as their owner ("each key acts as you"),
 * so an agent's appointments are read and made only with their own key. Keys stay inside the clients.
 */
export class Calendars {
  /** Reads listings: the top-level key, else the first agent's. */
  readonly listings: ActuallyCareClient;
  private readonly byKey = new Map<string, Calendar>();
  private readonly byAgent = new Map<string, Calendar>();

  constructor(settings: ActuallyCareSettings, open: (apiKey: string) => ActuallyCareClient) {
    const agents = new Map<string, string[]>();
    for (const branch of settings.branches) {
      for (const agent of branch.agents) {
        // The settings' own check makes sure every agent has a key.
        const key = agent.apiKey ?? settings.apiKey ?? '';
        const ids = agents.get(key) ?? [];
        if (!ids.includes(agent.userId)) ids.push(agent.userId);
        agents.set(key, ids);
      }
    }
    for (const [key, agentIds] of agents) {
      const calendar = { client: open(key), agentIds };
      this.byKey.set(key, calendar);
      for (const id of agentIds) this.byAgent.set(id, calendar);
    }
    const first = this.byKey.values().next().value;
    const listingsKey = settings.apiKey;
    this.listings =
      listingsKey !== undefined
        ? (this.byKey.get(listingsKey)?.client ?? open(listingsKey))
        : (first?.client ?? open(''));
  }

  all(): Calendar[] {
    return [...this.byKey.values()];
  }

  of(agentId: string): Calendar | undefined {
    return this.byAgent.get(agentId);
  }

  /** The calendars holding any of these agents, each once. */
  holding(agentIds: readonly string[]): Calendar[] {
    return [...new Set(agentIds.flatMap((id) => this.byAgent.get(id) ?? []))];
  }

  /**
   * Whose an appointment read through `calendar` is: the agent its `user_id` names, where it has one we know
   * (a key with wide visibility may see others' appointments); otherwise the calendar's own agents.
   */
  owners(row: Pick<Appointment, 'user_id'>, calendar: Calendar): readonly string[] {
    return row.user_id && this.byAgent.has(row.user_id) ? [row.user_id] : calendar.agentIds;
  }

  /** Every appointment that is not cancelled keeps its owners busy, whatever it is for. */
  busyTimes(rows: readonly Appointment[], calendar: Calendar): BusyTime[] {
    return rows
      .filter((row) => row.status !== 'cancelled')
      .flatMap((row) =>
        this.owners(row, calendar).map((agentId) => ({
          agentId,
          start: new Date(row.start_time),
          end: new Date(row.end_time),
        })),
      );
  }

  /**
   * The live busy times of these agents' calendars from `startDate` (a UTC date), one read per key, leaving
   * out the appointment `except` (a showing being moved must not block the times next to it).
   */
  async busy(
    agentIds: readonly string[],
    startDate: string,
    priority: CallPriority,
    except?: string,
  ): Promise<BusyTime[]> {
    const calendars = this.holding(agentIds);
    const read = await Promise.all(
      calendars.map(async (calendar) => {
        const rows = await calendar.client.scheduledAppointments(startDate, priority);
        return this.busyTimes(except ? rows.filter((row) => row.id !== except) : rows, calendar);
      }),
    );
    return read.flat();
  }

  /**
   * Whether `mine`, just made or moved in `agentId`'s calendar, must give way. ActuallyCare refuses no
   * overlap, so two bookings racing for one time both land; each then reads the calendar and yields to any
   * other live appointment of that agent overlapping it, unless both records say when they were made and
   * `mine` came strictly first. The later of two racers always sees the earlier and yields; the earlier may
   * yield too when it sees the later (both lose, never both keep). One more read per booking.
   */
  async mustYield(agentId: string, mine: Appointment, times: SlotTimes, day: string): Promise<boolean> {
    const calendar = this.of(agentId);
    if (!calendar) return false;
    const rows = await calendar.client.scheduledAppointments(day, 'booking');
    const start = Date.parse(times.start);
    const end = Date.parse(times.end);
    return rows.some(
      (row) =>
        row.id !== mine.id &&
        row.status !== 'cancelled' &&
        this.owners(row, calendar).includes(agentId) &&
        Date.parse(row.start_time) < end &&
        start < Date.parse(row.end_time) &&
        !madeFirst(mine, row),
    );
  }
}

/** Whether `a` was made strictly before `b`, where both records say when (only full records do). */
function madeFirst(a: Pick<Appointment, 'created_at'>, b: Pick<Appointment, 'created_at'>): boolean {
  const at = Date.parse(a.created_at ?? '');
  const bt = Date.parse(b.created_at ?? '');
  return Number.isFinite(at) && Number.isFinite(bt) && at < bt;
}
