/**
 * The availability engine's speed on a busy month: 30 days × 20 agents × 2,000 existing appointments, the
 * target being under 5 ms per call. Each call includes indexing the appointments, as the backends' calls do.
 * Run alone with `tsx bench/availability.bench.ts`; `availabilityBench()` gives `npm run bench` its row.
 */
import { fromZonedTime } from 'date-fns-tz';
import { pathToFileURL } from 'node:url';
import { AgentRules, ViewingRules, findFreeTimes, type BusyTime } from '../src/availability/index.ts';
import { createRandom } from '../src/sandbox/shared/random.ts';
import { spread, type Row } from './stats.ts';

const TIME_ZONE = 'Europe/London';
const FROM = '2026-10-12';
const DAYS = 30;
const AGENTS = 20;
const APPOINTMENTS = 2_000;

function scenario() {
  const random = createRandom('bench:availability');
  const weekdays = [{ from: '09:00', to: '17:30' }];
  const rules = ViewingRules.parse({
    openingHours: {
      monday: weekdays,
      tuesday: weekdays,
      wednesday: weekdays,
      thursday: weekdays,
      friday: weekdays,
      saturday: [{ from: '10:00', to: '16:00' }],
    },
    closedDates: ['2026-12-25'],
    viewingMinutes: 30,
    bufferMinutes: 15,
    slotStepMinutes: 15,
    minimumNoticeMinutes: 120,
    maxDaysAhead: 60,
  });
  const agents = Array.from({ length: AGENTS }, (_, i) =>
    AgentRules.parse({
      id: `agent-${i}`,
      // Every third agent works a shorter week, so hours are intersected, not just copied.
      ...(i % 3 === 0
        ? { hours: { tuesday: weekdays, wednesday: weekdays, thursday: weekdays, saturday: weekdays } }
        : {}),
      daysOff: i % 5 === 0 ? ['2026-10-20', '2026-10-21'] : [],
    }),
  );
  const busy: BusyTime[] = Array.from({ length: APPOINTMENTS }, () => {
    const day = random.int(0, DAYS - 1);
    const date = new Date(Date.parse(`${FROM}T00:00:00Z`) + day * 86_400_000).toISOString().slice(0, 10);
    const minute = random.int(9 * 4, 17 * 4) * 15;
    const local = `${date}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00`;
    const start = fromZonedTime(local, TIME_ZONE);
    return {
      agentId: `agent-${random.int(0, AGENTS - 1)}`,
      start,
      end: new Date(start.getTime() + random.pick([15, 30, 45, 60, 90]) * 60_000),
    };
  });
  // The window spans the clock change on 25 October, so the slow path is measured too.
  return {
    timeZone: TIME_ZONE,
    rules,
    agents,
    busy,
    from: FROM,
    days: DAYS,
    now: new Date('2026-10-12T06:00:00Z'),
  };
}

/** Milliseconds per call, over `calls` calls after `warmup` unmeasured ones, and the free times each found. */
function measure(warmup: number, calls: number): { times: number[]; freeTimes: number } {
  const query = scenario();
  let freeTimes = 0;
  for (let i = 0; i < warmup; i++) freeTimes = findFreeTimes(query).length;
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    findFreeTimes(query);
    times.push(performance.now() - started);
  }
  return { times, freeTimes };
}

const FIGURE = `free times for ${DAYS} days × ${AGENTS} agents × ${APPOINTMENTS.toLocaleString('en-GB')} appointments`;

/** The engine's row for `npm run bench`. */
export async function availabilityBench({ warmup = 50, calls = 300 } = {}): Promise<Row[]> {
  const { times, freeTimes } = measure(warmup, calls);
  return [
    {
      group: 'availability engine',
      figure: `${FIGURE}, per call`,
      unit: 'ms',
      value: spread(times),
      // The count is there so that a change which finds nothing cannot pass for a fast one.
      note: `target under 5 ms; ${freeTimes} free times per call`,
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [row] = await availabilityBench();
  if (row) {
    const ms = (n: number) => `${n.toFixed(2)} ms`;
    console.log(
      `${FIGURE}: median ${ms(row.value.median)}, min ${ms(row.value.min)}, max ${ms(row.value.max)} per call ` +
        `(${row.value.runs} calls; ${row.note})`,
    );
  }
}
