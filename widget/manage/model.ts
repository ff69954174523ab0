import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { Feedback, ManagedViewing, Slot } from '../../src/contract/index.ts';
import type { ApiFailure, ApiResult } from '../api.ts';
import { dayKeyIn, formatDay, formatTime } from '../format.ts';
import type { Messages } from '../i18n/en-GB.ts';
import { newIdempotencyKey } from '../idempotency-key.ts';
import { createWeekModel, type WeekModel } from '../week/index.ts';
import type { ManageApi } from './api.ts';
import type { ManageMessages } from './i18n/en-GB.ts';

const byCode = (messages: Record<string, string>, code: string) =>
  Object.hasOwn(messages, code) ? messages[code] : undefined;

/** What the visitor is looking at: the viewing itself, free times to move it to, or the question before cancelling. */
export type Screen = 'view' | 'reschedule' | 'cancel';
/** The change being sent; nothing else is sent meanwhile. */
export type Busy = 'load' | 'reschedule' | 'cancel' | 'feedback' | 'consent' | null;

export interface ManageError {
  code: string;
  message: string;
  retry?: () => void;
}

export interface FeedbackDraft {
  experience?: Feedback['experience'];
  interest?: Feedback['interest'];
  comments: string;
}

/** What the host page hears about; the view turns these into `viewing:*` DOM events on the element. */
export type ManageEvent =
  | { type: 'ready' }
  | { type: 'cancelled'; reference: string }
  | { type: 'rescheduled'; reference: string; propertyId: string; start: string }
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

/** One manage link's state as signals, and the visitor's actions. */
export interface ManageModel {
  readonly t: Messages;
  readonly m: ManageMessages;
  readonly locale: string;
  readonly viewing: ReadonlySignal<ManagedViewing | null>;
  /** Why there is no viewing to show: an altered or expired link, or no answer. */
  readonly failed: ReadonlySignal<ManageError | null>;
  readonly screen: ReadonlySignal<Screen>;
  /** Where the visitor is (the screen and the viewing's phase): focus follows a change of it. */
  readonly place: ReadonlySignal<string>;
  readonly busy: ReadonlySignal<Busy>;
  /** Why the last change did not go through; the viewing is as it was. */
  readonly error: ReadonlySignal<ManageError | null>;
  /** A change that went through, said once. */
  readonly notice: ReadonlySignal<string | null>;
  /** The free times to move the viewing to, a week at a time. */
  readonly week: WeekModel;
  readonly slot: ReadonlySignal<Slot | null>;
  /** Offered by the proxy when the chosen time was taken meanwhile. */
  readonly alternatives: ReadonlySignal<Slot[]>;
  /** Typed text is kept through every error and retry. */
  readonly reason: ReadonlySignal<string>;
  readonly feedback: ReadonlySignal<FeedbackDraft>;
  /** The feedback form was sent with a question unanswered. */
  readonly feedbackIncomplete: ReadonlySignal<boolean>;
  load(): Promise<void>;
  /** The viewing's day and time in its branch's zone, written out in full. */
  when(start: string, end: string): string;
  showReschedule(): void;
  showCancel(): void;
  /** Back to the viewing, keeping what was typed. */
  showViewing(): void;
  chooseSlot(slot: Slot): void;
  reschedule(): Promise<void>;
  setReason(reason: string): void;
  cancel(): Promise<void>;
  setMarketing(marketing: boolean): Promise<void>;
  setFeedback(change: Partial<FeedbackDraft>): void;
  sendFeedback(): Promise<void>;
}

/**
 * The model behind `<viewing-widget manage="…">`: the viewing a manage link names, moving it to another free
 * time of the same home (with the booking flow's week picker), cancelling it, the marketing choice, and
 * feedback after the viewing.
 *
 * @example
 * const model = createManageModel({ api: createManageApi(proxy, token), t: enGB, m: manageEnGB, locale: 'en-GB' });
 * await model.load();
 */
export function createManageModel(options: ManageModelOptions): ManageModel {
  const { api, t, m, locale } = options;
  const now = options.now ?? (() => new Date());
  const emit = options.onEvent ?? (() => undefined);

  const viewing = signal<ManagedViewing | null>(null);
  const failed = signal<ManageError | null>(null);
  const screen = signal<Screen>('view');
  const busy = signal<Busy>(null);
  const error = signal<ManageError | null>(null);
  const notice = signal<string | null>(null);
  const slot = signal<Slot | null>(null);
  const alternatives = signal<Slot[]>([]);
  const reason = signal('');
  const feedback = signal<FeedbackDraft>({ comments: '' });
  const feedbackIncomplete = signal(false);

  const zone = computed(() => viewing.value?.booking.timeZone ?? 'UTC');
  const place = computed(() => {
    const v = viewing.value;
    if (!v) return failed.value ? 'failed' : 'load';
    return `${screen.value} ${v.phase}`;
  });

  // Per instance: one key per move to one time, so a retried move is recognised rather than made twice.
  let attemptKey: string | null = null;

  function failure(f: ApiFailure, retry?: () => void): ManageError {
    const v = viewing.value;
    const message =
      f.code === 'change_window_closed' && v
        ? m.locked(v.branch.name)
        : (byCode(m.errors, f.code) ?? byCode(t.errors, f.code) ?? t.errors.generic);
    // Only what a second try can mend gets a "Try again".
    const again = f.code === 'network' || f.code === 'upstream_unavailable' || f.code === 'rate_limited';
    emit({ type: 'error', code: f.code, message });
    return { code: f.code, message, ...(again && retry ? { retry } : {}) };
  }

  const week = createWeekModel({
    zone,
    now,
    async fetch(from, again) {
      const v = viewing.value;
      if (!v) return undefined;
      error.value = null;
      const r = await api.slots(v.property.id, from);
      if (!r.ok) {
        error.value = failure(r.error, again);
        return undefined;
      }
      // The time the viewing already has is not somewhere to move it to.
      const own = Date.parse(v.booking.start);
      return { ...r.data, slots: r.data.slots.filter((s) => Date.parse(s.start) !== own) };
    },
  });

  /** Runs one change; its answer (the viewing as it now is) replaces the one shown. */
  async function change(
    kind: Exclude<Busy, null>,
    send: () => Promise<ApiResult<ManagedViewing>>,
    retry: () => void,
  ): Promise<ApiResult<ManagedViewing> | undefined> {
    if (busy.value || week.loading.value) return undefined;
    busy.value = kind;
    error.value = notice.value = null;
    const r = await send();
    busy.value = null;
    if (r.ok) {
      viewing.value = r.data;
      return r;
    }
    error.value = failure(r.error, retry);
    // Someone else's change (or the clock) moved the viewing on: show it as it is now.
    if (r.error.code === 'change_window_closed' || r.error.code === 'not_changeable') void refresh();
    return r;
  }

  async function refresh() {
    const r = await api.view();
    if (!r.ok) return;
    viewing.value = r.data;
    screen.value = 'view';
  }

  async function load(): Promise<void> {
    busy.value = 'load';
    failed.value = null;
    const r = await api.view();
    busy.value = null;
    if (!r.ok) {
      failed.value = failure(r.error, () => void load());
      return;
    }
    viewing.value = r.data;
    emit({ type: 'ready' });
  }

  function when(start: string, end: string): string {
    const z = zone.value;
    return t.slotLabel(
      formatDay(dayKeyIn(start, z), locale, t),
      t.timeRange(formatTime(start, locale, z), formatTime(end, locale, z)),
    );
  }

  async function reschedule(): Promise<void> {
    const chosen = slot.value;
    if (!chosen) return;
    attemptKey ??= newIdempotencyKey();
    const key = attemptKey;
    const r = await change(
      'reschedule',
      () => api.reschedule(chosen.id, key),
      () => void reschedule(),
    );
    if (!r) return;
    if (r.ok) {
      attemptKey = null;
      const b = r.data.booking;
      screen.value = 'view';
      slot.value = null;
      alternatives.value = [];
      notice.value = m.moved(when(b.start, b.end));
      emit({ type: 'rescheduled', reference: b.reference, propertyId: b.propertyId, start: b.start });
      return;
    }
    if (r.error.code === 'slot_taken') {
      attemptKey = null;
      slot.value = null;
      alternatives.value = r.error.alternatives ?? [];
      // The week shown still offers the time that was just taken. Reading a week clears the last problem,
      // so why the visitor is choosing again is put back once the read has begun.
      if (week.start.value) {
        const why = error.value;
        void week.load();
        error.value = why;
      }
    }
  }

  async function cancel(): Promise<void> {
    const r = await change(
      'cancel',
      () => api.cancel(reason.value),
      () => void cancel(),
    );
    if (!r?.ok) return;
    screen.value = 'view';
    reason.value = '';
    notice.value = m.cancelledNotice;
    emit({ type: 'cancelled', reference: r.data.booking.reference });
  }

  async function setMarketing(marketing: boolean): Promise<void> {
    const r = await change(
      'consent',
      () => api.consent(marketing, t.marketing),
      () => void setMarketing(marketing),
    );
    if (r?.ok) notice.value = m.saved;
  }

  async function sendFeedback(): Promise<void> {
    const { experience, interest, comments } = feedback.value;
    feedbackIncomplete.value = !experience || !interest;
    if (!experience || !interest) return;
    const text = comments.trim();
    const r = await change(
      'feedback',
      () => api.feedback({ experience, interest, ...(text ? { comments: text } : {}) }),
      () => void sendFeedback(),
    );
    if (r?.ok) notice.value = m.thanks;
    // Sent before from another tab or device: nothing is lost, so it is simply thanked.
    else if (r?.error.code === 'feedback_given') {
      const v = viewing.value;
      if (!v) return;
      viewing.value = { ...v, feedbackGiven: true };
      error.value = null;
      notice.value = m.thanks;
    }
  }

  return {
    t,
    m,
    locale,
    viewing,
    failed,
    screen,
    place,
    busy,
    error,
    notice,
    week,
    slot,
    alternatives,
    reason,
    feedback,
    feedbackIncomplete,
    load,
    when,
    showReschedule() {
      attemptKey = null;
      screen.value = 'reschedule';
      slot.value = null;
      alternatives.value = [];
      error.value = notice.value = null;
      void week.load();
    },
    showCancel() {
      screen.value = 'cancel';
      error.value = notice.value = null;
    },
    showViewing() {
      screen.value = 'view';
      error.value = null;
      alternatives.value = [];
      slot.value = null;
    },
    chooseSlot(chosen) {
      if (slot.value?.id !== chosen.id) attemptKey = null;
      slot.value = chosen;
      notice.value = null;
    },
    reschedule,
    setReason(value) {
      reason.value = value;
    },
    cancel,
    setMarketing,
    setFeedback(part) {
      feedback.value = { ...feedback.value, ...part };
      feedbackIncomplete.value = false;
    },
    sendFeedback,
  };
}
