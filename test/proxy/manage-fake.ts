import {
  RateBudget,
  SkippedRecords,
  UpstreamError,
  type Backend,
  type Capabilities,
  type BookInput,
  type BookOutcome,
  type HeldBooking,
  type SlotWindow,
  type VisitorMessage,
} from '../../src/backends/index.ts';
import { addIsoDays, localToOffset } from '../../src/backends/slot-time.ts';
import type {
  Branch,
  Consent,
  DiaryEntry,
  Feedback,
  Guest,
  Property,
  Slot,
  StaffMember,
} from '../../src/contract/index.ts';
import { createProxy, type ProxyOptions } from '../../src/proxy/app.ts';
import { MemoryStore, type Store } from '../../src/proxy/store/index.ts';
import { NOW } from './harness.ts';

export interface FakeAgencyOptions {
  /** Has `sendMessage`. Default true. */
  messages?: boolean;
  /** Moves in place; otherwise the proxy books the new time and cancels the old. Default false. */
  reschedule?: boolean;
}

interface FakeBooking {
  reference: string;
  slotId: string;
  start: string;
  end: string;
  guest: Guest;
  cancelled: boolean;
}

const TIMES = ['10:00', '11:00', '12:00', '14:00', '15:00', '16:00'];

/**
 * A booking system with one branch, one home and one negotiator: a time booked is really gone until it is
 * cancelled, so "freed" and "taken" can be seen. Messages and moving in place can be left out, and failures injected.
 */
export class FakeAgency implements Backend {
  readonly name = 'fake';
  readonly branch: Branch = {
    id: 'BR1',
    name: 'Harbour & Finch Clifton',
    address: '4 Princess Victoria Street, Bristol BS8 4BX',
    timeZone: 'Europe/London',
    phone: '0117 496 0123',
    email: 'clifton@harbourandfinch.example',
  };
  readonly property: Property = {
    id: 'PR1',
    branchId: 'BR1',
    channel: 'lettings',
    title: 'Two-bedroom flat',
    address: '12 Mill Lane, Bristol BS1 4AA',
    price: { amount: 1450, currency: 'GBP', period: 'month' },
  };
  readonly bookings: FakeBooking[] = [];
  readonly messages: { reference: string; message: VisitorMessage }[] = [];
  readonly feedbackSent: { reference: string; feedback: Feedback }[] = [];
  readonly consentSent: { reference: string; consent: Consent }[] = [];
  /** Every call throws as an unreachable upstream would. */
  down = false;
  /** Only booking calls fail. */
  bookingDown = false;
  /** Only cancellations fail. */
  cancelDown = false;
  /** Only messages fail. */
  messagesDown = false;
  /** The agency's system refuses each message outright (400), as it would one it cannot send at all. */
  messagesRefused = false;
  /** Every call to `sendMessage`, sent or not. */
  messageCalls = 0;
  now: () => Date = () => NOW;

  readonly title = 'Fake';
  readonly capabilities: Capabilities;
  readonly skipped = new SkippedRecords('fake');
  readonly budget = new RateBudget({ limit: 1000, windowMs: 60_000 });

  sendMessage?: (held: HeldBooking, message: VisitorMessage) => Promise<void>;

  constructor(options: FakeAgencyOptions = {}) {
    this.capabilities = {
      reinstate: 'reference',
      nativeMove: options.reschedule === true,
      messages: options.messages !== false,
      feedback: true,
      consent: true,
      photos: false,
      openHouses: true,
      webhooks: false,
      direct: { cancel: true, uncancel: true, reschedule: true, negotiatorKey: 'negotiatorId', refusals: {} },
    };
    if (options.messages !== false) {
      this.sendMessage = async (held, message) => {
        this.messageCalls += 1;
        this.check();
        if (this.messagesDown) throw new UpstreamError('upstream_unavailable', 'messaging is not answering');
        if (this.messagesRefused) throw new UpstreamError('upstream_error', 'no such appointment', 400);
        this.messages.push({ reference: held.reference, message });
      };
    }
  }

  async setCancelled(held: HeldBooking, cancelled: boolean): Promise<void> {
    this.check();
    if (this.cancelDown) throw new UpstreamError('upstream_unavailable', 'the diary is not answering');
    const booking = this.bookings.find((b) => b.reference === held.reference);
    if (!booking) throw new UpstreamError('upstream_error', `no booking ${held.reference}`);
    booking.cancelled = cancelled;
  }

  async sendFeedback(held: HeldBooking, feedback: Feedback): Promise<void> {
    this.check();
    this.feedbackSent.push({ reference: held.reference, feedback });
  }

  async setConsent(held: HeldBooking, consent: Consent): Promise<void> {
    this.check();
    this.consentSent.push({ reference: held.reference, consent });
  }

  /** All in one step, as a system with a native move does it; the proxy calls it only when `nativeMove`. */
  async reschedule(held: HeldBooking, slotId: string): Promise<BookOutcome> {
    if (!this.capabilities.nativeMove)
      throw new Error('the proxy moved a viewing in place on a system that cannot');
    const outcome = await this.book({
      property: held.property,
      branch: held.branch,
      slotId,
      guest: held.guest,
      consent: held.consent,
    });
    if (outcome.ok) {
      const old = this.bookings.find((b) => b.reference === held.reference);
      if (old) old.cancelled = true;
    }
    return outcome;
  }

  async findBooking(): Promise<undefined> {
    return undefined;
  }

  async diary(): Promise<DiaryEntry[]> {
    return [];
  }

  async staff(): Promise<StaffMember[]> {
    return [];
  }

  /** Bookings that stand (not cancelled). */
  live(): FakeBooking[] {
    return this.bookings.filter((b) => !b.cancelled);
  }

  async loadCatalog() {
    this.check();
    return { branches: [this.branch], properties: [this.property] };
  }

  async listSlots({ from, days }: SlotWindow): Promise<Slot[]> {
    this.check();
    const slots: Slot[] = [];
    for (let day = 0; day < days; day++) {
      const date = addIsoDays(from, day);
      for (const time of TIMES) {
        const slot = this.slot(`${date}T${time}:00`);
        if (Date.parse(slot.start) > this.now().getTime() && !this.taken(slot.id)) slots.push(slot);
      }
    }
    return slots;
  }

  async book({ slotId, guest }: BookInput): Promise<BookOutcome> {
    this.check();
    if (this.bookingDown) throw new UpstreamError('upstream_unavailable', 'the diary is not answering');
    const times = this.slotTimes(slotId);
    if (!times) return { ok: false, code: 'invalid_slot' };
    if (this.taken(slotId)) {
      const alternatives = await this.listSlots({
        property: this.property,
        branch: this.branch,
        from: times.start.slice(0, 10),
        days: 2,
      });
      return { ok: false, code: 'slot_taken', alternatives };
    }
    const reference = `FK-${1000 + this.bookings.length}`;
    this.bookings.push({ reference, slotId, ...times, guest, cancelled: false });
    return {
      ok: true,
      booking: {
        reference,
        propertyId: this.property.id,
        branchId: this.branch.id,
        ...times,
        timeZone: this.branch.timeZone,
        status: 'confirmed',
      },
      upstream: { negotiatorId: 'NEG-1' },
    };
  }

  slotTimes(slotId: string) {
    const match = /^fake:(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00)$/.exec(slotId);
    if (!match?.[1]) return undefined;
    const slot = this.slot(match[1]);
    return { start: slot.start, end: slot.end };
  }

  /** The half-hour slot at a branch wall-clock hour, e.g. `2026-11-24T10:00:00`. */
  slot(local: string): Slot {
    const zone = this.branch.timeZone;
    return {
      id: `fake:${local}`,
      start: localToOffset(local, zone),
      end: localToOffset(local.replace(/:00:00$/, ':30:00'), zone),
    };
  }

  private taken(slotId: string) {
    return this.bookings.some((b) => b.slotId === slotId && !b.cancelled);
  }

  private check() {
    if (this.down) throw new UpstreamError('upstream_unavailable', 'the agency system is not answering');
  }
}

export const visitor = {
  firstName: 'Priya',
  lastName: 'Natarajan',
  email: 'priya.natarajan@example.org',
  phone: '07700 900456',
};

export interface ManageProxyOptions {
  fake?: FakeAgency;
  /** A store, or one made on the test's clock. */
  store?: Store | ((now: () => number) => Store);
  proxy?: Partial<ProxyOptions>;
}

/** The proxy in front of a FakeAgency, on a clock the test moves. */
export async function startManageProxy(options: ManageProxyOptions = {}) {
  const clock = { now: NOW };
  const fake = options.fake ?? new FakeAgency();
  fake.now = () => clock.now;
  const storeClock = () => clock.now.getTime();
  const store =
    typeof options.store === 'function'
      ? options.store(storeClock)
      : (options.store ?? new MemoryStore(storeClock));
  const proxy = createProxy({
    backend: fake,
    store,
    now: () => clock.now,
    publicUrl: 'https://proxy.agency.example/api',
    ...options.proxy,
  });
  await proxy.start();
  // The workers are run by hand, so each test says when messages go out.
  proxy.manage.stop();

  const call = (path: string, init: RequestInit = {}) => proxy.app.request(`http://proxy.test${path}`, init);
  const json = async <T = ManageAnswer>(path: string, init: RequestInit = {}) => {
    const response = await call(path, init);
    return { status: response.status, headers: response.headers, body: (await response.json()) as T };
  };
  const post = <T = ManageAnswer>(path: string, body: unknown, headers: Record<string, string> = {}) =>
    json<T>(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  let keys = 0;
  const book = (slotId: string, guest = visitor) =>
    post<BookingAnswer>(
      '/v1/bookings',
      { propertyId: fake.property.id, slotId, guest, consent: { marketing: false } },
      { 'idempotency-key': `manage-test-${++keys}-${Math.random().toString(36).slice(2)}` },
    );
  /** Books the slot and answers the token from its manage link. */
  const bookToken = async (slotId: string, guest = visitor) => {
    const answer = await book(slotId, guest);
    if (answer.status !== 201 || !answer.body.booking?.manageUrl) {
      throw new Error(`booking failed: ${JSON.stringify(answer.body)}`);
    }
    return tokenOf(answer.body.booking.manageUrl);
  };
  return {
    proxy,
    fake,
    store,
    clock,
    call,
    json,
    post,
    book,
    bookToken,
    setNow: (at: Date | string) => (clock.now = new Date(at)),
    /** The proxy's record behind a manage token. */
    record: async (token: string) => {
      const opened = await proxy.manage.open(token);
      if (!opened.ok) throw new Error(opened.error.message);
      return opened.record;
    },
    /** Works through every message that is due. */
    deliverMessages: () => proxy.manage.outbox.worker.deliverDue(),
    stop: () => proxy.stop(),
  };
}

export type ManageProxy = Awaited<ReturnType<typeof startManageProxy>>;

export const tokenOf = (manageUrl: string) => manageUrl.split('/').at(-1) ?? '';

export interface BookingAnswer {
  booking?: {
    reference: string;
    start: string;
    end: string;
    status: string;
    manageUrl?: string;
    calendar?: { ics: string; google: string; outlook: string };
  };
  error?: { code: string; message: string };
}

export interface ManageAnswer {
  booking: {
    reference: string;
    start: string;
    end: string;
    status: string;
    manageUrl: string;
    calendar: { ics: string; google: string; outlook: string };
  };
  phase: string;
  changeableUntil: string;
  consent: { marketing: boolean; wording: string; at: string };
  feedbackGiven: boolean;
  error?: { code: string; message: string; alternatives?: { id: string; start: string }[] };
}
