import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type {
  Branch,
  Slot,
  StaffMember,
  StaffViewing,
  StaffWaitlistResponse,
} from '../../src/contract/index.ts';
import type { ApiFailure, ApiResult } from '../api.ts';
import { addDays, dayKeyIn, type DayKey } from '../format.ts';
import type { StaffApi } from './api.ts';

/** One negotiator's column of the day: their viewings in time order (none is a free day). */
export interface NegotiatorDay {
  id: string;
  name: string;
  viewings: StaffViewing[];
}

export type Phase = 'starting' | 'signed-out' | 'signed-in';
/** The change under way on the open viewing, or the free times being read for a move. */
export type Busy =
  'diary' | 'sign-in' | 'times' | 'cancel' | 'uncancel' | 'reschedule' | 'message' | 'approval' | null;

export interface StaffModel {
  readonly phase: ReadonlySignal<Phase>;
  readonly name: ReadonlySignal<string>;
  readonly busy: ReadonlySignal<Busy>;
  /** What went wrong last, in the proxy's words. */
  readonly error: ReadonlySignal<ApiFailure | null>;
  /** What just happened, for the live region. */
  readonly status: ReadonlySignal<string>;
  readonly branches: ReadonlySignal<Branch[]>;
  readonly branch: ReadonlySignal<Branch | null>;
  readonly day: ReadonlySignal<DayKey>;
  readonly loaded: ReadonlySignal<boolean>;
  readonly byNegotiator: ReadonlySignal<NegotiatorDay[]>;
  /** The branch's waiting lists, oldest place first. */
  readonly waiting: ReadonlySignal<StaffWaitlistResponse['places']>;
  /** The viewing whose details and actions are open. */
  readonly open: ReadonlySignal<string | null>;
  /** Free times for moving the open viewing, and the one picked. */
  readonly times: ReadonlySignal<Slot[] | null>;
  readonly picked: ReadonlySignal<Slot | null>;
  zone(): string;

  start(): Promise<void>;
  signIn(key: string): Promise<boolean>;
  signOut(): Promise<void>;
  chooseBranch(id: string): void;
  /** Another day; `today` for the branch's today. */
  goTo(day: DayKey | 'today'): void;
  shift(days: number): void;
  toggle(reference: string): void;
  cancel(reference: string, reason: string): Promise<void>;
  uncancel(reference: string): Promise<void>;
  loadTimes(viewing: StaffViewing): Promise<void>;
  pick(slot: Slot): void;
  reschedule(reference: string): Promise<void>;
  message(reference: string, subject: string, body: string): Promise<boolean>;
  /** Gives the home owner's answer, which they told the branch. */
  decide(reference: string, decision: 'approve' | 'decline'): Promise<void>;
}

export interface StaffModelOptions {
  api: StaffApi;
  /** Where the page starts and what it remembers: `?branch=…&day=…`. */
  location?: { search: string };
  remember?: (query: string) => void;
  now?: () => Date;
}

/** How far ahead of the viewing's day free times are offered for a move. */
const MOVE_DAYS = 7;

/**
 * The staff page's state: who is signed in, the branch and day shown, that day's viewings by negotiator, and
 * the changes staff make. One per `<viewing-staff>` element.
 */
export function createStaffModel(options: StaffModelOptions): StaffModel {
  const { api } = options;
  const now = options.now ?? (() => new Date());
  const params = new URLSearchParams(options.location?.search ?? '');

  const phase = signal<Phase>('starting');
  const name = signal('');
  const busy = signal<Busy>(null);
  const error = signal<ApiFailure | null>(null);
  const status = signal('');
  const branches = signal<Branch[]>([]);
  const branchId = signal<string | null>(params.get('branch'));
  const day = signal<DayKey>(
    /^\d{4}-\d\d-\d\d$/.test(params.get('day') ?? '') ? (params.get('day') ?? '') : '',
  );
  const viewings = signal<StaffViewing[]>([]);
  const staff = signal<StaffMember[]>([]);
  const waiting = signal<StaffWaitlistResponse['places']>([]);
  const loaded = signal(false);
  const open = signal<string | null>(null);
  const times = signal<Slot[] | null>(null);
  const picked = signal<Slot | null>(null);

  const branch = computed(() => branches.value.find((b) => b.id === branchId.value) ?? null);
  const zone = () => branch.value?.timeZone ?? 'Europe/London';

  const byNegotiator = computed<NegotiatorDay[]>(() => {
    const columns = new Map<string, NegotiatorDay>(
      staff.value.map((m) => [m.id, { id: m.id, name: m.name, viewings: [] }]),
    );
    for (const v of viewings.value) {
      const id = v.negotiator?.id ?? '';
      const column = columns.get(id) ?? { id, name: v.negotiator?.name ?? 'No negotiator', viewings: [] };
      column.viewings.push(v);
      columns.set(id, column);
    }
    // Busy negotiators first, then the rest by name: the day's work reads from the top.
    return [...columns.values()].sort(
      (a, b) => Number(b.viewings.length > 0) - Number(a.viewings.length > 0) || a.name.localeCompare(b.name),
    );
  });

  // A newer request makes an older answer stale.
  let seq = 0;

  const fail = (result: Extract<ApiResult<unknown>, { ok: false }>) => {
    if (result.status === 401) {
      phase.value = 'signed-out';
      status.value = '';
    }
    error.value = result.error;
  };

  const remember = () => {
    const b = branchId.value;
    if (b && day.value) options.remember?.(`?branch=${encodeURIComponent(b)}&day=${day.value}`);
  };

  async function loadDay(): Promise<void> {
    const b = branchId.value;
    if (!b || !day.value) return;
    const mine = ++seq;
    busy.value = 'diary';
    loaded.value = false;
    open.value = null;
    const answer = await api.diary(b, day.value);
    if (mine !== seq) return;
    busy.value = null;
    if (!answer.ok) return fail(answer);
    error.value = null;
    viewings.value = answer.data.viewings;
    loaded.value = true;
    remember();
  }

  async function loadBranch(): Promise<void> {
    const b = branchId.value;
    if (!b) return;
    staff.value = [];
    waiting.value = [];
    const [people, places] = await Promise.all([api.staff(b), api.waitlist(b), loadDay()]);
    if (people.ok && branchId.value === b) staff.value = people.data;
    if (places.ok && branchId.value === b) waiting.value = places.data;
  }

  async function enter(): Promise<void> {
    phase.value = 'signed-in';
    const list = await api.visitor.branches();
    if (!list.ok) return fail(list);
    branches.value = list.data;
    if (!branch.value) branchId.value = list.data[0]?.id ?? null;
    if (!day.value) day.value = dayKeyIn(now(), zone());
    await loadBranch();
  }

  /** Puts a changed viewing in place; a move to another day takes it off this one. */
  const replace = (reference: string, changed: StaffViewing) => {
    const kept = viewings.value.find((v) => v.reference === reference);
    const merged: StaffViewing = { ...kept, ...changed };
    viewings.value = viewings.value
      .map((v) => (v.reference === reference ? merged : v))
      .filter((v) => dayKeyIn(v.start, zone()) === day.value);
    open.value = viewings.value.some((v) => v.reference === merged.reference) ? merged.reference : null;
  };

  async function change(
    kind: Exclude<Busy, 'diary' | 'sign-in' | 'times' | null>,
    reference: string,
    run: () => Promise<ApiResult<StaffViewing>>,
    done: string,
  ): Promise<boolean> {
    if (busy.value) return false;
    busy.value = kind;
    status.value = '';
    const answer = await run();
    busy.value = null;
    if (!answer.ok) {
      fail(answer);
      return false;
    }
    error.value = null;
    times.value = picked.value = null;
    replace(reference, answer.data);
    status.value = done;
    return true;
  }

  return {
    phase,
    name,
    busy,
    error,
    status,
    branches,
    branch,
    day,
    loaded,
    byNegotiator,
    waiting,
    open,
    times,
    picked,
    zone,

    async start() {
      const session = await api.session();
      if (session.ok) {
        name.value = session.data.name;
        await enter();
      } else {
        phase.value = 'signed-out';
        // Not being signed in yet is the expected start; anything else is worth saying.
        if (session.status !== 401) error.value = session.error;
      }
    },

    async signIn(key) {
      if (busy.value) return false;
      busy.value = 'sign-in';
      const answer = await api.signIn(key);
      busy.value = null;
      if (!answer.ok) {
        error.value = answer.error;
        return false;
      }
      error.value = null;
      name.value = answer.data.name;
      await enter();
      return true;
    },

    async signOut() {
      await api.signOut();
      phase.value = 'signed-out';
      name.value = '';
      viewings.value = [];
      staff.value = [];
      loaded.value = false;
      error.value = null;
      status.value = 'Signed out.';
    },

    chooseBranch(id) {
      if (id === branchId.value) return;
      branchId.value = id;
      void loadBranch();
    },

    goTo(target) {
      const next = target === 'today' ? dayKeyIn(now(), zone()) : target;
      if (!/^\d{4}-\d\d-\d\d$/.test(next) || next === day.value) return;
      day.value = next;
      void loadDay();
    },

    shift(days) {
      day.value = addDays(day.value, days);
      void loadDay();
    },

    toggle(reference) {
      open.value = open.value === reference ? null : reference;
      times.value = picked.value = null;
      status.value = '';
      error.value = null;
    },

    cancel: (reference, reason) =>
      change('cancel', reference, () => api.cancel(reference, reason), 'The viewing is cancelled.').then(
        () => undefined,
      ),

    decide: (reference, decision) =>
      change(
        'approval',
        reference,
        () => api.decide(reference, decision),
        decision === 'approve' ? 'The viewing is confirmed.' : 'The viewing is called off.',
      ).then(() => undefined),

    uncancel: (reference) =>
      change('uncancel', reference, () => api.uncancel(reference), 'The viewing is reinstated.').then(
        () => undefined,
      ),

    async loadTimes(viewing) {
      const propertyId = viewing.property?.id ?? viewing.propertyId;
      if (!propertyId || busy.value) return;
      busy.value = 'times';
      const today = dayKeyIn(now(), zone());
      const from = day.value > today ? day.value : today;
      const answer = await api.visitor.slots({ propertyId, from, days: MOVE_DAYS });
      busy.value = null;
      if (!answer.ok) return fail(answer);
      error.value = null;
      times.value = answer.data.slots;
      picked.value = null;
    },

    pick(slot) {
      picked.value = slot;
    },

    async reschedule(reference) {
      const slot = picked.value;
      if (!slot) return;
      await change(
        'reschedule',
        reference,
        () => api.reschedule(reference, slot.id),
        'The viewing is moved.',
      );
    },

    message: (reference, subject, body) =>
      change('message', reference, () => api.message(reference, { subject, body }), 'The message is sent.'),
  };
}
