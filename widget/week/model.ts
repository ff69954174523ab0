import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { Slot } from '../../src/contract/index.ts';
import { addDays, dayKeyIn, type DayKey } from '../format.ts';

export interface Day {
  day: DayKey;
  slots: Slot[];
}

/** A week of free times as the proxy answers them. */
export interface WeekAnswer {
  timeZone: string;
  slots: Slot[];
}

export interface WeekModelOptions {
  /**
   * Reads the free times of the seven days from `from`. Undefined means there is nothing to show: the read
   * failed (the owner says why, and offers `again`: the read's purpose, started over) or was overtaken.
   */
  fetch: (from: DayKey, again: () => void) => Promise<WeekAnswer | undefined>;
  /** The zone days are counted in until an answer names the branch's own. */
  zone: ReadonlySignal<string>;
  /** The clock, so "today" can be pinned in tests. */
  now: () => Date;
}

/** One week of free times at a time: the days, the day chosen, and moving between weeks. */
export interface WeekModel {
  /** The branch's zone: every day and time is counted in it. */
  readonly zone: ReadonlySignal<string>;
  /** The first day of the week shown; empty before any. */
  readonly start: ReadonlySignal<DayKey>;
  readonly days: ReadonlySignal<Day[]>;
  /** The shown week's times have arrived. */
  readonly loaded: ReadonlySignal<boolean>;
  /** A week is being read. */
  readonly loading: ReadonlySignal<boolean>;
  readonly selectedDay: ReadonlySignal<DayKey | null>;
  /** Today's week: there is nothing earlier to go back to. */
  readonly isCurrentWeek: ReadonlySignal<boolean>;
  /** Looking ahead found no free time at all. */
  readonly noFreeSoon: ReadonlySignal<boolean>;
  /** Today's date in the branch's zone. */
  today(): DayKey;
  /** Shows the week from `from`: the one shown (else today's) by default. */
  load(from?: DayKey): Promise<void>;
  /** Forgets the week: another home's times are another week's. */
  reset(): void;
  previous(): void;
  next(): void;
  chooseDay(day: DayKey): void;
  /** A keyboard move to another day, into the next or previous week if need be; false where it cannot go. */
  moveToDay(day: DayKey): boolean;
  /** Looks week after week, so a visitor facing an empty week is one tap from the next free day. */
  jumpToFirstFree(): Promise<void>;
}

const WEEK = 7;
const PROBE_WEEKS = 8;

/**
 * The week picker's state, shared by the booking flow's time step and the manage view's "move" screen. The
 * owner decides how a week is read (and shows its failures); this decides which week and day are shown.
 *
 * @example
 * const week = createWeekModel({ fetch: (from) => readWeek(from), zone, now: () => new Date() });
 * void week.load();
 */
export function createWeekModel(options: WeekModelOptions): WeekModel {
  const { fetch, now } = options;
  const answerZone = signal<string | null>(null);
  const start = signal<DayKey>('');
  const slots = signal<Slot[]>([]);
  const loaded = signal(false);
  const loading = signal(false);
  const selectedDay = signal<DayKey | null>(null);
  const noFreeSoon = signal(false);

  const zone = computed(() => answerZone.value ?? options.zone.value);
  const today = () => dayKeyIn(now(), zone.value);
  const days = computed<Day[]>(() => {
    const from = start.value;
    if (!from) return [];
    const list: Day[] = Array.from({ length: WEEK }, (_, i) => ({ day: addDays(from, i), slots: [] }));
    for (const s of slots.value) list.find((d) => d.day === dayKeyIn(s.start, zone.value))?.slots.push(s);
    return list;
  });
  const isCurrentWeek = computed(() => !start.value || start.value <= today());

  // A newer read makes older answers stale.
  let seq = 0;

  function show(from: DayKey, answer: WeekAnswer) {
    start.value = from;
    answerZone.value = answer.timeZone;
    slots.value = answer.slots;
    loaded.value = true;
    // A day the visitor moved to stays chosen even when it is full; otherwise show the first day with times.
    const list = days.value;
    if (!list.some((d) => d.day === selectedDay.value))
      selectedDay.value = (list.find((d) => d.slots.length > 0) ?? list[0])?.day ?? null;
  }

  async function read(from: DayKey, again: () => unknown): Promise<WeekAnswer | undefined> {
    const mine = ++seq;
    loading.value = true;
    const answer = await fetch(from, () => void again());
    if (mine !== seq) return undefined;
    loading.value = false;
    return answer;
  }

  async function load(from: DayKey = start.value || today()): Promise<void> {
    start.value = from;
    slots.value = [];
    loaded.value = false;
    noFreeSoon.value = false;
    const answer = await read(from, () => load(from));
    if (answer) show(from, answer);
  }

  function previous() {
    if (isCurrentWeek.value) return;
    const back = addDays(start.value, -WEEK);
    const first = today();
    void load(back < first ? first : back);
  }

  function next() {
    void load(addDays(start.value || today(), WEEK));
  }

  async function jumpToFirstFree(): Promise<void> {
    if (loading.value) return;
    let from = start.value || today();
    for (let i = 0; i < PROBE_WEEKS; i++) {
      from = addDays(from, WEEK);
      const answer = await read(from, jumpToFirstFree);
      if (!answer) return;
      if (answer.slots.length > 0) return show(from, answer);
    }
    noFreeSoon.value = true;
  }

  return {
    zone,
    start,
    days,
    loaded,
    loading,
    selectedDay,
    isCurrentWeek,
    noFreeSoon,
    today,
    load,
    reset() {
      seq++;
      start.value = '';
      slots.value = [];
      loaded.value = false;
      loading.value = false;
      selectedDay.value = null;
      noFreeSoon.value = false;
    },
    previous,
    next,
    chooseDay(day) {
      selectedDay.value = day;
    },
    moveToDay(day) {
      const list = days.value;
      const first = list[0]?.day;
      const last = list[list.length - 1]?.day;
      if (!first || !last || day < today() || day === selectedDay.value) return false;
      if (day > last) next();
      else if (day < first) previous();
      selectedDay.value = day;
      return true;
    },
    jumpToFirstFree,
  };
}
