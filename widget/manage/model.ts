import type { Feedback, ManagedViewing, Slot } from '../../src/contract/index.ts';
import type { ApiFailure, ApiResult } from '../api.ts';
import { addDays, dayKeyIn, formatDay, formatTime, type DayKey } from '../format.ts';
import type { Messages } from '../i18n/en-GB.ts';
import { newIdempotencyKey } from '../idempotency-key.ts';
import type { ManageApi } from './api.ts';
import type { ManageMessages } from './i18n/en-GB.ts';

const WEEK = 7;

const byCode = (messages: Record<string, string>, code: string) =>
  Object.hasOwn(messages, code) ? messages[code] : undefined;

/** What the visitor is looking at: the viewing itself, free times to move it to, or the question before cancelling. */
export type Screen = 'view' | 'reschedule' | 'cancel';
export type Busy = 'load' | 'slots' | 'reschedule' | 'cancel' | 'feedback' | 'consent' | null;

export interface ManageError {
  code: string;
  message: string;
  retry?: () => void;
}

export interface Day {
  day: DayKey;
  slots: Slot[];
}

export interface FeedbackDraft {
  experience?: Feedback['experience'];
  interest?: Feedback['interest'];
  comments: string;
}

export interface ManageState {
  viewing?: ManagedViewing;
  /** Why there is no viewing to show: an altered or expired link, or no answer. */
  failed?: ManageError;
  screen: Screen;
  busy: Busy;
  /** Why the last change did not go through; the viewing is as it was. */
  error: ManageError | null;
  /** A change that went through, said once. */
  notice: string | null;
  /** The week of free times shown when moving the viewing, from its first day. */
  week: DayKey | null;
  days: Day[];
  slotsLoaded: boolean;
  day: DayKey | null;
  slot: Slot | null;
  /** Offered by the proxy when the chosen time was taken meanwhile. */
  alternatives: Slot[];
  /** Typed text is kept through every error and retry. */
  reason: string;
  feedback: FeedbackDraft;
  /** The feedback form was sent with a question unanswered. */
  feedbackIncomplete: boolean;
}

/** What the host page hears about; the view turns these into `viewing:*` DOM events on the element. */
export type ManageEvent =
  | { type: 'ready' }
  | { type: 'cancelled'; reference: string }
  | { type: 'error'; code: string; message: string };

export interface ManageModelOptions {
  api: ManageApi;
  /** The widget's own wording (dates, times, shared words) and the manage view's. */
  t: Messages;
  m: ManageMessages;
  locale: string;
  /** The clock, so "today" can be pinned in tests. */
  now?: () => Date;
  onEvent?: (event: ManageEvent) => void;
}

/** One manage link's state and the visitor's actions; the view redraws on every change. */
export interface ManageModel {
  readonly t: Messages;
  readonly m: ManageMessages;
  readonly locale: string;
  readonly state: ManageState;
  /** Calls `listener` after every change; returns the way to stop. */
  subscribe(listener: () => void): () => void;
  load(): Promise<void>;
  /** The viewing's day and time in its branch's zone, written out in full. */
  when(start: string, end: string): string;
  showReschedule(): void;
  showCancel(): void;
  /** Back to the viewing, keeping what was typed. */
  showViewing(): void;
  previousWeek(): void;
  nextWeek(): void;
  isCurrentWeek(): boolean;
  chooseDay(day: DayKey): void;
  /** Keyboard moves in the day grid, into the next or previous week too; false where it cannot go. */
  moveToDay(day: DayKey): boolean;
  chooseSlot(id: string): void;
  reschedule(): Promise<void>;
  setReason(reason: string): void;
  cancel(): Promise<void>;
  setMarketing(marketing: boolean): Promise<void>;
  setFeedback(change: Partial<FeedbackDraft>): void;
  sendFeedback(): Promise<void>;
}

/**
 * The model behind `<viewing-widget manage="…">`: the viewing a manage link names, moving it to another free
 * time of the same home, cancelling it, the marketing choice, and feedback after the viewing.
 *
 * @example
 * const model = createManageModel({ api: createManageApi(proxy, token), t: enGB, m: manageEnGB, locale: 'en-GB' });
 * await model.load();
 */
export function createManageModel(options: ManageModelOptions): ManageModel {
  const { api, t, m, locale } = options;
  const now = options.now ?? (() => new Date());
  const emit = options.onEvent ?? (() => undefined);
  const listeners = new Set<() => void>();
  let state: ManageState = {
    screen: 'view',
    busy: null,
    error: null,
    notice: null,
    week: null,
    days: [],
    slotsLoaded: false,
    day: null,
    slot: null,
    alternatives: [],
    reason: '',
    feedback: { comments: '' },
    feedbackIncomplete: false,
  };
  // Per instance: one key per move to one time, so a retried move is recognised rather than made twice.
  let attemptKey: string | null = null;
  let seq = 0;

  function set(patch: Partial<ManageState>) {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  }

  const zone = () => state.viewing?.booking.timeZone ?? 'UTC';
  const today = () => dayKeyIn(now(), zone());

  function failure(f: ApiFailure, retry?: () => void): ManageError {
    const v = state.viewing;
    const message =
      f.code === 'change_window_closed' && v
        ? m.locked(v.branch.name)
        : (byCode(m.errors, f.code) ?? byCode(t.errors, f.code) ?? t.errors.generic);
    // Only what a second try can mend gets a "Try again".
    const again = f.code === 'network' || f.code === 'upstream_unavailable' || f.code === 'rate_limited';
    emit({ type: 'error', code: f.code, message });
    return { code: f.code, message, ...(again && retry ? { retry } : {}) };
  }

  /** Runs one change; its answer (the viewing as it now is) replaces the one shown. */
  async function change(
    busy: Exclude<Busy, null>,
    send: () => Promise<ApiResult<ManagedViewing>>,
    retry: () => void,
  ): Promise<ApiResult<ManagedViewing> | undefined> {
    if (state.busy) return undefined;
    set({ busy, error: null, notice: null });
    const r = await send();
    if (r.ok) {
      set({ busy: null, viewing: r.data });
      return r;
    }
    set({ busy: null, error: failure(r.error, retry) });
    // Someone else's change (or the clock) moved the viewing on: show it as it is now.
    if (r.error.code === 'change_window_closed' || r.error.code === 'not_changeable') void refresh();
    return r;
  }

  async function refresh() {
    const r = await api.view();
    if (r.ok) set({ viewing: r.data, screen: 'view' });
  }

  async function load(): Promise<void> {
    set({ busy: 'load', failed: undefined });
    const r = await api.view();
    if (!r.ok) return set({ busy: null, failed: failure(r.error, () => void load()) });
    set({ busy: null, viewing: r.data });
    emit({ type: 'ready' });
  }

  function when(start: string, end: string): string {
    return t.slotLabel(
      formatDay(dayKeyIn(start, zone()), locale, t),
      t.timeRange(formatTime(start, locale, zone()), formatTime(end, locale, zone())),
    );
  }

  function daysOf(from: DayKey, slots: Slot[]): Day[] {
    const list: Day[] = Array.from({ length: WEEK }, (_, i) => ({ day: addDays(from, i), slots: [] }));
    for (const s of slots) list.find((d) => d.day === dayKeyIn(s.start, zone()))?.slots.push(s);
    return list;
  }

  /** `error` is what to go on showing meanwhile: why the visitor is choosing again. */
  async function loadWeek(from: DayKey, day: DayKey | null, error: ManageError | null = null): Promise<void> {
    const v = state.viewing;
    if (!v) return;
    const mine = ++seq;
    set({ week: from, days: daysOf(from, []), slotsLoaded: false, busy: 'slots', error });
    const r = await api.slots(v.property.id, from);
    if (mine !== seq) return;
    if (!r.ok) return set({ busy: null, error: failure(r.error, () => void loadWeek(from, day)) });
    // The time the viewing already has is not somewhere to move it to.
    const days = daysOf(
      from,
      r.data.slots.filter((s) => Date.parse(s.start) !== Date.parse(v.booking.start)),
    );
    const chosen = days.some((d) => d.day === day) ? day : (days.find((d) => d.slots.length) ?? days[0])?.day;
    set({ busy: null, days, slotsLoaded: true, day: chosen ?? null });
  }

  const isCurrentWeek = () => !state.week || state.week <= today();

  function previousWeek() {
    if (isCurrentWeek() || !state.week) return;
    const back = addDays(state.week, -WEEK);
    void loadWeek(back < today() ? today() : back, null);
  }

  function nextWeek() {
    void loadWeek(addDays(state.week ?? today(), WEEK), null);
  }

  function moveToDay(day: DayKey): boolean {
    const first = state.days[0]?.day;
    const last = state.days[state.days.length - 1]?.day;
    if (!first || !last || day < today() || day === state.day) return false;
    if (day > last) void loadWeek(addDays(state.week ?? today(), WEEK), day);
    else if (day < first) {
      const back = addDays(first, -WEEK);
      void loadWeek(back < today() ? today() : back, day);
    } else set({ day });
    return true;
  }

  function chooseSlot(id: string) {
    const all = [...state.alternatives, ...state.days.flatMap((d) => d.slots)];
    const slot = all.find((s) => s.id === id);
    if (!slot) return;
    if (state.slot?.id !== id) attemptKey = null;
    set({ slot, notice: null });
  }

  async function reschedule(): Promise<void> {
    const slot = state.slot;
    if (!slot) return;
    attemptKey ??= newIdempotencyKey();
    const key = attemptKey;
    const r = await change(
      'reschedule',
      () => api.reschedule(slot.id, key),
      () => void reschedule(),
    );
    if (!r) return;
    if (r.ok) {
      attemptKey = null;
      const b = r.data.booking;
      return set({
        screen: 'view',
        slot: null,
        alternatives: [],
        notice: m.moved(when(b.start, b.end)),
      });
    }
    if (r.error.code === 'slot_taken') {
      attemptKey = null;
      set({ slot: null, alternatives: r.error.alternatives ?? [] });
      // The week shown still offers the time that was just taken.
      if (state.week) void loadWeek(state.week, state.day, state.error);
    }
  }

  async function cancel(): Promise<void> {
    const r = await change(
      'cancel',
      () => api.cancel(state.reason),
      () => void cancel(),
    );
    if (!r?.ok) return;
    set({ screen: 'view', reason: '', notice: m.cancelledNotice });
    emit({ type: 'cancelled', reference: r.data.booking.reference });
  }

  async function setMarketing(marketing: boolean): Promise<void> {
    const r = await change(
      'consent',
      () => api.consent(marketing, t.marketing),
      () => void setMarketing(marketing),
    );
    if (r?.ok) set({ notice: m.saved });
  }

  async function sendFeedback(): Promise<void> {
    const { experience, interest, comments } = state.feedback;
    if (!experience || !interest) return set({ feedbackIncomplete: true });
    set({ feedbackIncomplete: false });
    const text = comments.trim();
    const r = await change(
      'feedback',
      () => api.feedback({ experience, interest, ...(text ? { comments: text } : {}) }),
      () => void sendFeedback(),
    );
    if (r?.ok) set({ notice: m.thanks });
    // Sent before from another tab or device: nothing is lost, so it is simply thanked.
    else if (r?.error.code === 'feedback_given') {
      const v = state.viewing;
      if (v) set({ viewing: { ...v, feedbackGiven: true }, error: null, notice: m.thanks });
    }
  }

  const model: ManageModel = {
    t,
    m,
    locale,
    get state() {
      return state;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    load,
    when,
    showReschedule() {
      attemptKey = null;
      set({ screen: 'reschedule', slot: null, alternatives: [], error: null, notice: null });
      void loadWeek(state.week ?? today(), state.day);
    },
    showCancel: () => set({ screen: 'cancel', error: null, notice: null }),
    showViewing: () => set({ screen: 'view', error: null, alternatives: [], slot: null }),
    previousWeek,
    nextWeek,
    isCurrentWeek,
    chooseDay: (day) => set({ day }),
    moveToDay,
    chooseSlot,
    reschedule,
    setReason: (reason) => set({ reason }),
    cancel,
    setMarketing,
    setFeedback: (change) => set({ feedback: { ...state.feedback, ...change }, feedbackIncomplete: false }),
    sendFeedback,
  };
  return model;
}
