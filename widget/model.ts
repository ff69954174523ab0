import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type {
  Answers,
  Booking,
  BookingSource,
  Branch,
  Channel,
  Property,
  Slot,
  Weekday,
} from '../src/contract/index.ts';
import type { Api, ApiFailure, ApiResult, HomeSearch } from './api.ts';
import { createDetailsModel, type DetailsModel } from './details/model.ts';
import type { Step } from './events.ts';
import { checkGuest, firstInvalid, type GuestDraft } from './guest.ts';
import { enGB, type Messages } from './i18n/en-GB.ts';
import { newIdempotencyKey } from './idempotency-key.ts';
import { createWeekModel, type WeekModel } from './week/index.ts';
import type { WaitlistKit } from './waitlist/kit.ts';

export type { Step } from './events.ts';

export type ChannelFilter = 'all' | Channel;
/** More homes than this in a branch, and the property step offers a search box and filters. */
const SEARCH_FROM = 12;

/** What is in flight: a whole step's content, the next page of properties, or the booking itself. */
export type Busy = 'load' | 'more' | 'book' | null;

export interface StepError {
  code: string;
  message: string;
  retry?: () => void;
}

/** What the host page hears about; the custom element turns these into `viewing:*` DOM events. */
export type FlowEvent =
  | { type: 'ready' }
  | { type: 'step'; step: Step }
  | { type: 'booked'; reference: string; propertyId: string; start: string }
  | { type: 'error'; code: string; message: string };

export interface FlowOptions {
  api: Api;
  /** Preselect a branch: the branch step is skipped. */
  branchId?: string;
  /** Preselect a property: the flow starts at the time slots. */
  propertyId?: string;
  /** Initial lettings/sales filter of the property list. */
  channel?: Channel;
  /** For Intl formatting; the wording comes from `messages`. */
  locale?: string;
  messages?: Messages;
  /** Where the visitor came from (the page, its campaign tags), sent with the booking as its `source`. */
  source?: BookingSource;
  /** The clock, so "today" can be pinned in tests. */
  now?: () => Date;
  onEvent?: (event: FlowEvent) => void;
}

/** One widget's flow: read-only state for the steps to render, and the actions a visitor can take. */
export interface FlowModel {
  readonly t: Messages;
  readonly locale: string;
  readonly step: ReadonlySignal<Step>;
  /** The steps this visitor will see, in order; preselection removes leading ones. */
  readonly steps: ReadonlySignal<readonly Step[]>;
  /** Where Back goes, or null where Back is not offered. */
  readonly previous: ReadonlySignal<Step | null>;
  readonly busy: ReadonlySignal<Busy>;
  readonly error: ReadonlySignal<StepError | null>;
  readonly notice: ReadonlySignal<string | null>;
  readonly branches: ReadonlySignal<Branch[]>;
  readonly branch: ReadonlySignal<Branch | null>;
  readonly channel: ReadonlySignal<ChannelFilter>;
  readonly properties: ReadonlySignal<Property[]>;
  readonly propertiesLoaded: ReadonlySignal<boolean>;
  readonly nextCursor: ReadonlySignal<string | undefined>;
  /** What the visitor searched the homes for; empty until they do. */
  readonly search: ReadonlySignal<HomeSearch>;
  /** How many homes match across every page, where the proxy says. */
  readonly total: ReadonlySignal<number | undefined>;
  /** A search has been made: the list shows what matched it, not every home. */
  readonly searching: ReadonlySignal<boolean>;
  /** A search box and filters are worth showing: more homes than a short list, or a search already made. */
  readonly searchable: ReadonlySignal<boolean>;
  readonly property: ReadonlySignal<Property | null>;
  /** The chosen property's free times, a week at a time (the time step). */
  readonly week: WeekModel;
  /** The visitor's name, email, phone, message and marketing choice (the details step). */
  readonly details: DetailsModel;
  readonly slot: ReadonlySignal<Slot | null>;
  /** Free times the proxy offered when the chosen one was taken. */
  readonly alternatives: ReadonlySignal<Slot[]>;
  readonly booking: ReadonlySignal<Booking | null>;
  readonly bookedBranch: ReadonlySignal<Branch | null>;
  /** The waiting list's views and words, once read, for a home whose agency keeps one. */
  readonly waitlist: ReadonlySignal<WaitlistKit | null>;
  /** The visitor chose the waiting list instead of a time: the details and confirm steps join it. */
  readonly waiting: ReadonlySignal<boolean>;
  /** The place on the list, once joined. */
  readonly joined: ReadonlySignal<{ reference: string; url: string } | null>;
  /** The home's owner agrees each viewing first: the confirm step says so. */
  readonly ownerFirst: ReadonlySignal<boolean>;

  start(): Promise<void>;
  chooseBranch(id: string): void;
  setChannel(channel: ChannelFilter): void;
  /** Shows the first page of the homes that match; an empty search shows them all again. */
  searchHomes(search: HomeSearch): void;
  loadMoreProperties(): void;
  chooseProperty(id: string): void;
  chooseSlot(id: string): void;
  /** No shown time suits: on to the details, to join the home's waiting list with the days that suit. */
  joinWaitlist(): void;
  /** Returns the first invalid field (to focus), or null after moving on to the confirm step. */
  submitDetails(): string | null;
  book(): Promise<void>;
  back(): void;
  /** The confirm step's "Change" links. */
  edit(target: 'property' | 'slot' | 'details'): void;
}

const ORDER: readonly Step[] = ['branch', 'property', 'slot', 'details', 'confirm'];

/** What a booking attempt was made of: the same key is sent again only for the very same booking. */
interface Attempt {
  key: string;
  slotId: string;
  guest: GuestDraft;
  answers: Answers | undefined;
}

/**
 * The booking flow of one widget instance: state as signals, steps as actions. The week of free times and the
 * details form are models of their own, owned by this one. Nothing here is shared between instances, so two
 * widgets on one page never see each other's visitor.
 *
 * @example
 * const model = createFlowModel({ api: createApi('https://agency.example/api') });
 * void model.start();
 */
export function createFlowModel(options: FlowOptions): FlowModel {
  const { api } = options;
  const t = options.messages ?? enGB;
  const locale = options.locale ?? 'en-GB';
  const now = options.now ?? (() => new Date());
  const emit = options.onEvent ?? (() => undefined);
  const byCode: Partial<Record<string, string>> = t.errors;

  const step = signal<Step>(options.propertyId ? 'slot' : options.branchId ? 'property' : 'branch');
  const firstStep = signal<Step>(step.value);
  const busy = signal<Busy>(null);
  const error = signal<StepError | null>(null);
  const notice = signal<string | null>(null);

  const branches = signal<Branch[]>([]);
  const branch = signal<Branch | null>(null);
  const channel = signal<ChannelFilter>(options.channel ?? 'all');
  const properties = signal<Property[]>([]);
  const propertiesLoaded = signal(false);
  const nextCursor = signal<string | undefined>(undefined);
  const search = signal<HomeSearch>({});
  const total = signal<number | undefined>(undefined);
  const searching = computed(() => Object.values(search.value).some((v) => v !== undefined));
  const searchable = computed(
    () => searching.value || (total.value ?? properties.value.length) > SEARCH_FROM,
  );
  const property = signal<Property | null>(null);
  const slot = signal<Slot | null>(null);
  const alternatives = signal<Slot[]>([]);
  const booking = signal<Booking | null>(null);
  const waitlist = signal<WaitlistKit | null>(null);
  const waiting = signal(false);
  const joined = signal<{ reference: string; url: string } | null>(null);
  const ownerFirst = signal(false);

  const steps = computed(() => ORDER.slice(ORDER.indexOf(firstStep.value)));
  const previous = computed<Step | null>(() => {
    const i = steps.value.indexOf(step.value);
    return i > 0 ? (steps.value[i - 1] ?? null) : null;
  });
  const bookedBranch = computed(
    () => branches.value.find((b) => b.id === booking.value?.branchId) ?? branch.value,
  );

  // Per instance, not module state: a newer request makes older answers stale.
  let seq = 0;
  let readySent = false;
  let attempt: Attempt | null = null;
  let formToken = '';
  let formTokenFor = '';
  let detailsAccepted = false;
  let questionsFor = '';

  function go(next: Step, force = false) {
    if (step.value === next && !force) return;
    step.value = next;
    error.value = null;
    if (next !== 'slot') notice.value = null;
    emit({ type: 'step', step: next });
  }

  function fail(failure: ApiFailure, retry?: () => void, message = byCode[failure.code] ?? t.errors.generic) {
    error.value = { code: failure.code, message, retry };
    emit({ type: 'error', code: failure.code, message: failure.message || message });
  }

  /** One request on behalf of the current step: shows it as busy, and drops the answer if something newer was asked. */
  async function request<T>(kind: Busy, call: () => Promise<ApiResult<T>>, retry: () => unknown) {
    const id = ++seq;
    busy.value = kind;
    error.value = null;
    const r = await call();
    if (id !== seq) return;
    busy.value = null;
    if (r.ok) return r.data;
    fail(r.error, () => void retry());
  }

  /** The branch's zone: the proxy's answer wins, then the branch record, then (only before either) the visitor's. */
  const branchZone = computed(
    () => branch.value?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
  );
  const week: WeekModel = createWeekModel({
    zone: branchZone,
    now,
    fetch: (from, again) => {
      const p = property.value;
      if (!p) return Promise.resolve(undefined);
      // The form token says when this home's times were first shown; the times themselves are anyone's.
      if (formTokenFor !== p.id) {
        formToken = '';
        formTokenFor = p.id;
        void api.formToken(p.id).then((r) => {
          if (r.ok && formTokenFor === p.id) formToken = r.data;
        });
      }
      const read = () => api.slots({ propertyId: p.id, from, days: 7 });
      return request('load', read, again);
    },
  });
  const details = createDetailsModel({ t });

  async function start(): Promise<void> {
    const { propertyId, branchId } = options;
    if (propertyId) {
      const found = await request(
        'load',
        async () => {
          const [p, b] = await Promise.all([api.property(propertyId), api.branches()]);
          // Without the branch list the flow still books; only the branch's name and phone go missing at the end.
          if (b.ok) branches.value = b.data;
          return p;
        },
        start,
      );
      if (!found) return;
      branch.value = branches.value.find((x) => x.id === found.branchId) ?? null;
      property.value = found;
      readQuestions(found);
      firstStep.value = 'slot';
      ready();
      go('slot', true);
      return week.load(week.today());
    }
    const list = await request('load', api.branches, start);
    if (!list) return;
    branches.value = list;
    const preset = list.find((x) => x.id === branchId) ?? (list.length === 1 ? list[0] : undefined);
    firstStep.value = preset ? 'property' : 'branch';
    ready();
    if (preset) return selectBranch(preset, true);
    go('branch', true);
  }

  function ready() {
    if (readySent) return;
    readySent = true;
    emit({ type: 'ready' });
  }

  function resetProperties() {
    properties.value = [];
    propertiesLoaded.value = false;
    nextCursor.value = undefined;
    total.value = undefined;
  }

  function selectBranch(b: Branch, force = false) {
    if (branch.value?.id !== b.id) {
      branch.value = b;
      property.value = null;
      search.value = {};
      resetProperties();
    }
    go('property', force);
    if (!propertiesLoaded.value) return loadProperties(false);
  }

  function chooseBranch(id: string) {
    const b = branches.value.find((x) => x.id === id);
    if (b) void selectBranch(b);
  }

  async function loadProperties(more: boolean): Promise<void> {
    const page = await request(
      more ? 'more' : 'load',
      () =>
        api.properties({
          branchId: branch.value?.id,
          channel: channel.value === 'all' ? undefined : channel.value,
          ...search.value,
          cursor: more ? nextCursor.value : undefined,
        }),
      () => loadProperties(more),
    );
    if (!page) return;
    const seen = new Set(more ? properties.value.map((p) => p.id) : []);
    properties.value = [...(more ? properties.value : []), ...page.properties.filter((p) => !seen.has(p.id))];
    nextCursor.value = page.nextCursor;
    total.value = page.total;
    propertiesLoaded.value = true;
  }

  function setChannel(next: ChannelFilter) {
    if (channel.value === next) return;
    channel.value = next;
    resetProperties();
    void loadProperties(false);
  }

  function searchHomes(next: HomeSearch) {
    const { q, minPrice, maxPrice, bedrooms } = next;
    const words = q?.trim().replace(/\s+/g, ' ').slice(0, 200);
    // A visitor who puts the larger amount first means the same range.
    const [low, high] =
      minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice
        ? [maxPrice, minPrice]
        : [minPrice, maxPrice];
    const cleaned: HomeSearch = {
      ...(words ? { q: words } : {}),
      ...(low !== undefined ? { minPrice: low } : {}),
      ...(high !== undefined ? { maxPrice: high } : {}),
      ...(bedrooms ? { bedrooms } : {}),
    };
    if (JSON.stringify(cleaned) === JSON.stringify(search.value) && propertiesLoaded.value) return;
    search.value = cleaned;
    resetProperties();
    void loadProperties(false);
  }

  function loadMoreProperties() {
    if (nextCursor.value && !busy.value) void loadProperties(true);
  }

  function chooseProperty(id: string) {
    const p = properties.value.find((x) => x.id === id);
    if (!p) return;
    if (property.value?.id !== p.id) {
      property.value = p;
      branch.value = branches.value.find((b) => b.id === p.branchId) ?? branch.value;
      slot.value = null;
      alternatives.value = [];
      week.reset();
    }
    go('slot');
    readQuestions(p);
    if (!week.loaded.value) void week.load();
  }

  /**
   * The agency's questions for the home, read while the visitor picks a time; the code that asks them is
   * loaded only when there are some.
   */
  function readQuestions(p: Property, refused?: ApiFailure) {
    if (questionsFor === p.id && !refused) return;
    questionsFor = p.id;
    if (!refused) {
      details.ask(null);
      waitlist.value = null;
      ownerFirst.value = false;
    }
    void api.questions(p.id).then(async (r) => {
      if (!r.ok || questionsFor !== p.id) return;
      ownerFirst.value = r.data.ownerApproval === true;
      // The home's waiting list: offered under its week, its code loaded only where there is one.
      if (r.data.waitlist === true) {
        void import('./waitlist/kit.ts').then((m) => {
          if (questionsFor === p.id) waitlist.value = m.WAITLIST_KIT;
        });
      }
      if (!r.data.questions.length) return;
      const { askQuestions } = await import('./details/questions.ts');
      if (questionsFor !== p.id) return;
      // Read again after the proxy refused answers: those typed stay, and the visitor is shown what was said.
      details.ask(askQuestions(r.data.questions, locale, refused && details.asking.value));
      if (refused) showRefusal(refused);
    });
  }

  /** The proxy's verdicts on what the visitor typed, shown on the details form; false when none is of it. */
  function showRefusal(f: ApiFailure): boolean {
    if (!f.fields || !details.reject(f.fields)) return false;
    go('details');
    fail(f, undefined, t.errors.fields);
    return true;
  }

  function chooseSlot(id: string) {
    const all = [...week.days.value.flatMap((d) => d.slots), ...alternatives.value];
    const s = all.find((x) => x.id === id);
    if (!s) return;
    if (waiting.value) {
      // Back from the waiting list to a time: the agency's questions are asked again.
      waiting.value = false;
      questionsFor = '';
      if (property.value) readQuestions(property.value);
    }
    slot.value = s;
    alternatives.value = [];
    notice.value = null;
    // Someone sent back here by a taken slot has already given their details; don't make them re-submit.
    go(detailsAccepted && !firstInvalid(checkGuest(details.guest.value, t)) ? 'confirm' : 'details');
  }

  function joinWaitlist() {
    const kit = waitlist.value;
    if (!kit) return;
    waiting.value = true;
    slot.value = null;
    details.ask(kit.askDays(locale));
    go('details');
  }

  /** The visitor's details as sent: trimmed, with the words of the marketing box they agreed to. */
  function guestNow() {
    const g = details.guest.value;
    return {
      guest: {
        firstName: g.firstName.trim(),
        lastName: g.lastName.trim(),
        email: g.email.trim(),
        phone: g.phone.trim(),
      },
      // The words shown beside the box, in the visitor's language: the record of what they agreed to.
      consent: { marketing: g.marketing, wording: t.marketing },
      ...(formToken ? { formToken } : {}),
      ...(details.trap.value ? { website: details.trap.value } : {}),
    };
  }

  async function joinList(p: Property): Promise<void> {
    const days = details.asking.value?.answers.given()?.days?.split(' ') as Weekday[] | undefined;
    busy.value = 'book';
    error.value = null;
    const r = await api.joinWaitlist({ propertyId: p.id, ...guestNow(), ...(days ? { days } : {}) });
    busy.value = null;
    if (r.ok) {
      joined.value = r.data;
      return go('done');
    }
    if (r.error.code !== 'invalid_request' || !showRefusal(r.error)) fail(r.error, () => void book());
  }

  function submitDetails(): string | null {
    const first = details.check();
    if (first) return first;
    detailsAccepted = true;
    go('confirm');
    return null;
  }

  async function book(): Promise<void> {
    const p = property.value;
    const s = slot.value;
    if (!p || busy.value === 'book') return;
    if (waiting.value) return joinList(p);
    if (!s) return;
    const g = details.guest.value;
    // One key per attempt: a retry after a lost answer must hit the proxy's replay, not book twice. Any change
    // to the time or the details makes it another booking, with a key of its own.
    const answered = details.asking.value?.answers;
    const answersNow = answered?.answers.value;
    if (attempt?.slotId !== s.id || attempt.guest !== g || attempt.answers !== answersNow)
      attempt = { key: newIdempotencyKey(), slotId: s.id, guest: g, answers: answersNow };
    const answers = answered?.given();
    const message = g.message.trim();
    const { source } = options;
    busy.value = 'book';
    error.value = null;
    const r = await api.book(
      {
        propertyId: p.id,
        slotId: s.id,
        ...guestNow(),
        ...(message ? { message } : {}),
        ...(source ? { source } : {}),
        ...(answers ? { answers } : {}),
      },
      attempt.key,
    );
    busy.value = null;
    if (r.ok) {
      attempt = null;
      booking.value = r.data;
      go('done');
      emit({
        type: 'booked',
        reference: r.data.reference,
        propertyId: r.data.propertyId,
        start: r.data.start,
      });
      return;
    }
    const f = r.error;
    if (f.code === 'slot_taken') {
      attempt = null;
      slot.value = null;
      alternatives.value = f.alternatives ?? [];
      go('slot');
      notice.value = t.slotTaken;
      emit({ type: 'error', code: f.code, message: f.message || t.slotTaken });
      return week.load();
    }
    if (f.code === 'invalid_request' && showRefusal(f)) return;
    // Questions the widget had not read (their read failed, or the agency has just added one): read them now.
    if (f.fields && Object.keys(f.fields).some((path) => path.startsWith('answers.'))) readQuestions(p, f);
    fail(f, () => void book());
  }

  function back() {
    const prev = previous.value;
    if (!prev || busy.value === 'book') return;
    // Leaving a step abandons its loading; the step reloads if the visitor comes back.
    seq++;
    busy.value = null;
    go(prev);
  }

  function edit(target: 'property' | 'slot' | 'details') {
    if (step.value === 'confirm' && busy.value !== 'book' && steps.value.includes(target)) go(target);
  }

  return {
    t,
    locale,
    step,
    steps,
    previous,
    busy,
    error,
    notice,
    branches,
    branch,
    channel,
    properties,
    search,
    total,
    searching,
    searchable,
    searchHomes,
    propertiesLoaded,
    nextCursor,
    property,
    week,
    details,
    slot,
    alternatives,
    booking,
    bookedBranch,
    waitlist,
    waiting,
    joined,
    ownerFirst,
    joinWaitlist,
    start,
    chooseBranch,
    setChannel,
    loadMoreProperties,
    chooseProperty,
    chooseSlot,
    submitDetails,
    book,
    back,
    edit,
  };
}
