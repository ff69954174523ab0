import type { BusyTime } from './rules.ts';

/** One agent's busy times, merged so that they never overlap and both columns are sorted. */
export interface AgentBusy {
  starts: Float64Array;
  ends: Float64Array;
}

/**
 * Groups appointments by agent and merges overlapping ones. Once merged, the intervals are ordered by start
 * and end alike, which is what lets `BusyCursor` walk forward only.
 */
export function indexBusyTimes(busy: readonly BusyTime[]): Map<string, AgentBusy> {
  const byAgent = new Map<string, { start: number; end: number }[]>();
  for (const item of busy) {
    const start = item.start.getTime();
    const end = item.end.getTime();
    if (!(end > start)) continue;
    let list = byAgent.get(item.agentId);
    if (!list) byAgent.set(item.agentId, (list = []));
    list.push({ start, end });
  }
  const index = new Map<string, AgentBusy>();
  for (const [agentId, list] of byAgent) {
    list.sort((a, b) => a.start - b.start);
    const starts: number[] = [];
    const ends: number[] = [];
    for (const { start, end } of list) {
      const last = ends.length - 1;
      if (last >= 0 && start <= (ends[last] ?? 0)) ends[last] = Math.max(ends[last] ?? 0, end);
      else {
        starts.push(start);
        ends.push(end);
      }
    }
    index.set(agentId, { starts: Float64Array.from(starts), ends: Float64Array.from(ends) });
  }
  return index;
}

/**
 * Answers "is this agent busy in [from, to)?" for a run of questions whose `from` never goes back, as the
 * engine's walk through the days asks them: each busy time is stepped over once, not searched each time.
 */
export class BusyCursor {
  private next = 0;

  constructor(private readonly busy: AgentBusy | undefined) {}

  overlaps(from: number, to: number): boolean {
    const busy = this.busy;
    if (!busy) return false;
    const { starts, ends } = busy;
    let i = this.next;
    while (i < ends.length && (ends[i] ?? Infinity) <= from) i++;
    this.next = i;
    return i < starts.length && (starts[i] ?? Infinity) < to;
  }
}
