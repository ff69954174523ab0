import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  Booking,
  Branch,
  ErrorResponse,
  Property,
  SlotsResponse,
  type Slot,
} from '../../src/contract/index.ts';
import { RateBudget, type Backend } from '../../src/backends/index.ts';
import { addIsoDays } from '../../src/backends/slot-time.ts';
import { CircuitBreaker } from '../../src/backends/resilience.ts';
import type { BookInput, BookOutcome } from '../../src/backends/types.ts';
import { createProxy, type Proxy } from '../../src/proxy/app.ts';
import { attemptedKey } from '../../src/proxy/idempotency.ts';
import { MemoryStore } from '../../src/proxy/store/index.ts';
import type { FaultOptions } from '../../src/sandbox/shared/faults.ts';

/** Lets a test change what the upstream answers: corrupt it, fail it, or pass it through. */
export type Interceptor = (request: Request, answer: () => Promise<Response>) => Promise<Response>;

/**
 * Backend options for the case under injected faults, passed to the backend as they are: calls that hang
 * give up quickly, a failing upstream is left alone only briefly, and the budget has no limit. Given these,
 * the fixture lifts the emulator's rate limit too: both count on the real clock, which the case moves past
 * every back-off, and budgets have cases of their own; this one is about failures.
 */
export interface FaultTuning {
  timeoutMs: number;
  breaker: CircuitBreaker;
  budget: RateBudget;
}

/** What each backend provides so the same suite can drive it through its emulator. */
export interface ContractFixture {
  /** Builds the backend against a fresh emulator, every upstream call passing through `intercept`. */
  create(
    intercept: Interceptor,
    tuning?: FaultTuning,
  ): Promise<{
    backend: Backend;
    /** Emails of the guests of the bookings the emulator holds. */
    bookedEmails(): string[];
    /** Starts, changes or (with undefined) stops the emulator's injected failures. */
    setFaults(options: FaultOptions | undefined): void;
  }>;
  /** Matches the upstream request(s) that read free times. */
  slotReads: RegExp;
  /** Matches the URL of the POST that makes a booking upstream. */
  bookingWrites: RegExp;
  /** The first day the emulator has free times from, `YYYY-MM-DD` in the branch's zone. */
  from: string;
  /** The clock both emulator and proxy run on. */
  now: Date;
}

type Booked = Extract<BookOutcome, { ok: true }>;

const guest = (n: number) => ({
  firstName: 'Contract',
  lastName: `Visitor ${[...String(n)].map((d) => 'abcdefghij'[Number(d)]).join('')}`,
  email: `contract.visitor${n}@example.org`,
  phone: '+44 7700 900100',
});

/** Every backend, through its emulator, behind the same proxy API: the widget must not notice which. */
export function describeBackendContract(system: string, fixture: ContractFixture): void {
  describe(`${system} backend contract`, () => {
    let proxy: Proxy | undefined;
    afterEach(() => proxy?.stop());

    async function open(intercept: Interceptor = (_, answer) => answer(), tuning?: FaultTuning) {
      const made = await fixture.create(intercept, tuning);
      const store = new MemoryStore();
      const started = createProxy({
        backend: made.backend,
        allowedHosts: ['proxy.test'],
        now: () => fixture.now,
        store,
      });
      proxy = started;
      await started.start();
      const app = started.app;
      const json = async (path: string, init?: RequestInit) => {
        const response = await app.request(`http://proxy.test${path}`, init);
        return { status: response.status, body: (await response.json()) as unknown };
      };
      const book = (body: unknown, key: string) =>
        json('/v1/bookings', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify(body),
        });
      /** What the backend itself is given to book this time: the catalogue's property and branch. */
      const input = (property: Property, slotId: string, visitor: ReturnType<typeof guest>): BookInput => {
        const full = started.catalog.property(property.id);
        const branch = started.catalog.branch(property.branchId);
        if (!full || !branch) throw new Error(`${property.id} is not in the proxy's catalogue`);
        return { property: full, branch, slotId, guest: visitor, consent: { marketing: false } };
      };
      return { ...made, store, json, book, input };
    }

    async function firstPropertyWithSlots(api: Awaited<ReturnType<typeof open>>) {
      const list = await api.json('/v1/properties?limit=100');
      const properties = Property.array().parse((list.body as { properties: unknown }).properties);
      for (const property of properties) {
        const answer = await api.json(`/v1/slots?propertyId=${property.id}&from=${fixture.from}&days=7`);
        const slots = SlotsResponse.parse(answer.body);
        if (slots.slots.length > 0) return { property, ...slots };
      }
      throw new Error('no property has free times this week');
    }

    it('says what it can do as data, and has exactly the methods its capabilities promise', async () => {
      const { backend } = await fixture.create((_, answer) => answer());
      const { capabilities } = backend;
      expect(backend.title.length).toBeGreaterThan(0);
      expect({
        messages: typeof backend.sendMessage === 'function',
        feedback: typeof backend.sendFeedback === 'function',
        consent: typeof backend.setConsent === 'function',
        photos: typeof backend.fetchPhoto === 'function',
        webhooks: typeof backend.handleWebhook === 'function',
      }).toEqual({
        messages: capabilities.messages,
        feedback: capabilities.feedback,
        consent: capabilities.consent,
        photos: capabilities.photos,
        webhooks: capabilities.webhooks,
      });
      // A change staff may not make from a diary entry says why, in words staff can act on.
      for (const action of ['cancel', 'uncancel', 'reschedule'] as const) {
        if (!capabilities.direct[action]) expect(capabilities.direct.refusals[action]).toMatch(/\w+ \w+/);
      }
      if (capabilities.reinstate === false) expect(capabilities.direct.uncancel).toBe(false);
    });

    it('lists branches with their time zones and properties with prices', async () => {
      const api = await open();
      const branches = Branch.array().parse(
        ((await api.json('/v1/branches')).body as { branches: unknown }).branches,
      );
      expect(branches.length).toBeGreaterThan(0);
      const properties = Property.array().parse(
        ((await api.json('/v1/properties?limit=100')).body as { properties: unknown }).properties,
      );
      expect(properties.length).toBeGreaterThan(0);
      const branchIds = new Set(branches.map((b) => b.id));
      for (const property of properties) expect(branchIds.has(property.branchId)).toBe(true);
      expect(new Set(properties.map((p) => p.channel)).size).toBeGreaterThan(0);
    });

    it('offers free times in the window, in order, once each, with the branch’s offset', async () => {
      const api = await open();
      const { timeZone, slots } = await firstPropertyWithSlots(api);
      const starts = slots.map((s) => Date.parse(s.start));
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
      expect(new Set(slots.map((s) => s.id)).size).toBe(slots.length);
      for (const slot of slots) {
        expect(Date.parse(slot.end)).toBeGreaterThan(Date.parse(slot.start));
        expect(Date.parse(slot.start)).toBeGreaterThan(fixture.now.getTime());
        const local = new Intl.DateTimeFormat('en-CA', {
          timeZone,
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
        }).format(new Date(slot.start));
        expect(slot.start.slice(0, 10)).toBe(local);
      }
    });

    it('books a free time into the upstream and answers with a reference', async () => {
      const api = await open();
      const { property, slots } = await firstPropertyWithSlots(api);
      const slot = slots[0]!;
      const answer = await api.book(
        { propertyId: property.id, slotId: slot.id, guest: guest(1), consent: { marketing: false } },
        'contract-book-1',
      );
      expect(answer.status).toBe(201);
      const booking = Booking.parse((answer.body as { booking: unknown }).booking);
      expect(booking).toMatchObject({ propertyId: property.id, start: slot.start, end: slot.end });
      expect(api.bookedEmails()).toContain(guest(1).email);
    });

    it('finds a booking already in the upstream by its visitor, home and time, and no other', async () => {
      // Finding a time two negotiators share takes more calls than some upstreams allow a minute; budgets
      // have cases of their own, this one is about whose booking is found.
      const api = await open(undefined, {
        timeoutMs: 10_000,
        breaker: new CircuitBreaker(),
        budget: new RateBudget({ limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 }),
      });
      const { property, slots } = await firstPropertyWithSlots(api);
      const { backend } = api;
      if (!backend.findBooking || !backend.setCancelled) {
        throw new Error('the contract needs findBooking and setCancelled');
      }
      const cancel = (input: BookInput, made: Booked) =>
        backend.setCancelled!(
          {
            reference: made.booking.reference,
            property: input.property,
            branch: input.branch,
            start: made.booking.start,
            end: made.booking.end,
            guest: input.guest,
            consent: input.consent,
            ...(made.upstream ? { upstream: made.upstream } : {}),
          },
          true,
        );
      // Two visitors at one time, each with their own negotiator: the first time the upstream takes both.
      let pair: { slot: Slot; mine: BookInput; booked: Booked; theirs: BookInput; other: Booked } | undefined;
      for (const slot of slots) {
        const mine = api.input(property, slot.id, guest(11));
        const booked = await backend.book(mine);
        if (!booked.ok) continue;
        const theirs = api.input(property, slot.id, guest(12));
        const other = await backend.book(theirs);
        if (other.ok) {
          pair = { slot, mine, booked, theirs, other };
          break;
        }
        await cancel(mine, booked);
      }
      if (!pair) throw new Error('no free time had two negotiators free');
      const { slot, mine, booked, theirs, other } = pair;
      const elsewhere = slots.find((one) => one.start !== slot.start)!;

      expect(await backend.findBooking(mine)).toEqual(booked);
      expect((await backend.findBooking(theirs))?.booking.reference).toBe(other.booking.reference);
      expect(await backend.findBooking(api.input(property, slot.id, guest(13)))).toBeUndefined();
      expect(await backend.findBooking({ ...mine, slotId: elsewhere.id })).toBeUndefined();

      await cancel(mine, booked);
      expect(await backend.findBooking(mine)).toBeUndefined();
      expect((await backend.findBooking(theirs))?.booking.reference).toBe(other.booking.reference);
    });

    it('answers a retry whose first attempt booked but lost its answer with that booking, not a second one', async () => {
      const api = await open();
      const { property, slots } = await firstPropertyWithSlots(api);
      const visitor = guest(21);
      const request = {
        propertyId: property.id,
        slotId: slots[0]!.id,
        guest: visitor,
        consent: { marketing: false },
      };
      // The first attempt reached the upstream, then its process died before it kept the answer.
      await api.store.setIfAbsent(attemptedKey(['booking', property.id, 'contract-lost-answer']), '1');
      const lost = await api.backend.book(api.input(property, request.slotId, visitor));
      if (!lost.ok) throw new Error(`the lost booking was refused: ${lost.code}`);

      const retried = await api.book(request, 'contract-lost-answer');
      expect(retried.status).toBe(201);
      expect(Booking.parse((retried.body as { booking: unknown }).booking).reference).toBe(
        lost.booking.reference,
      );
      expect(api.bookedEmails().filter((email) => email === visitor.email)).toHaveLength(1);
    });

    it('delivers a kept request whose booking the upstream made but whose answer was lost as that one booking, confirmed', async () => {
      // The upstream takes every booking, but its answer never arrives: the connection drops after it acted.
      const api = await open(
        async (request, answer) => {
          const response = await answer();
          if (request.method === 'POST' && fixture.bookingWrites.test(request.url)) {
            throw new TypeError('fetch failed: other side closed');
          }
          return response;
        },
        {
          timeoutMs: 10_000,
          breaker: new CircuitBreaker(),
          budget: new RateBudget({ limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 }),
        },
      );
      const { property, slots } = await firstPropertyWithSlots(api);
      const kept: { email: string; booking: Booking }[] = [];
      for (const [n, slot] of slots.slice(0, 3).entries()) {
        const visitor = guest(200 + n);
        const answer = await api.book(
          { propertyId: property.id, slotId: slot.id, guest: visitor, consent: { marketing: false } },
          `contract-lost-delivery-${n}`,
        );
        expect(answer.status).toBe(201);
        const booking = Booking.parse((answer.body as { booking: unknown }).booking);
        expect(booking.status).toBe('requested');
        kept.push({ email: visitor.email, booking });
      }

      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        for (let round = 0; round < 8 && (await proxy!.requests.size()) > 0; round++) {
          await proxy!.requests.deliverDue();
          vi.setSystemTime(Date.now() + 11 * 60_000);
        }
      } finally {
        vi.useRealTimers();
      }

      expect(await proxy!.requests.size()).toBe(0);
      // What each visitor's link says, and how many bookings the upstream holds for them.
      for (const { email, booking } of kept) {
        const view = await api.json(`/v1/bookings/${booking.manageUrl?.split('/').at(-1) ?? ''}`);
        const told = Booking.parse((view.body as { booking: unknown }).booking).status;
        const held = api.bookedEmails().filter((one) => one === email).length;
        expect({ email, told, held }).toEqual({ email, told: 'confirmed', held: 1 });
      }
    });

    it('answers a taken time with 409 and bookable alternatives', async () => {
      const api = await open();
      const { property, slots } = await firstPropertyWithSlots(api);
      const slot = slots[0]!;
      let last = { status: 201, body: {} as unknown };
      for (let n = 0; n < 30 && last.status === 201; n++) {
        last = await api.book(
          { propertyId: property.id, slotId: slot.id, guest: guest(n), consent: { marketing: false } },
          `contract-conflict-${n}`,
        );
      }
      expect(last.status).toBe(409);
      const { error } = ErrorResponse.parse(last.body);
      expect(error.code).toBe('slot_taken');
      expect(error.alternatives?.length).toBeGreaterThan(0);
      expect(error.alternatives?.some((s) => s.start === slot.start)).toBe(false);
      const retry = await api.book(
        {
          propertyId: property.id,
          slotId: error.alternatives![0]!.id,
          guest: guest(99),
          consent: { marketing: true },
        },
        'contract-conflict-retry',
      );
      expect(retry.status).toBe(201);
    });

    it('answers 502 upstream_error, not 500, when the upstream sends data of the wrong shape', async () => {
      let corrupt = false;
      const api = await open(async (request, answer) =>
        corrupt && fixture.slotReads.test(request.url)
          ? Response.json({ data: 'not what the docs say', Data: 7 })
          : answer(),
      );
      const { property } = await firstPropertyWithSlots(api);
      corrupt = true;
      // A window four weeks on: the weeks already read are answered from cache whatever the upstream says now.
      const answer = await api.json(
        `/v1/slots?propertyId=${property.id}&from=${addIsoDays(fixture.from, 28)}&days=3`,
      );
      expect(answer.status).toBe(502);
      expect(ErrorResponse.parse(answer.body).error.code).toBe('upstream_error');
    });

    it('answers reads with 503 while the upstream is down, keeps the booking as a request, and delivers it once on recovery', async () => {
      let mode: 'ok' | 'error' | 'down' = 'ok';
      const api = await open(async (request, answer) => {
        if (mode === 'down') throw new TypeError('fetch failed');
        if (mode === 'error') return new Response('<html>Bad gateway</html>', { status: 502 });
        return answer();
      });
      const { property, slots } = await firstPropertyWithSlots(api);
      const visitor = guest(7);
      for (const failure of ['error', 'down'] as const) {
        mode = failure;
        const read = await api.json(
          `/v1/slots?propertyId=${property.id}&from=${addIsoDays(fixture.from, 28)}&days=2`,
        );
        expect(read.status).toBe(503);
        expect(ErrorResponse.parse(read.body).error.code).toBe('upstream_unavailable');
      }
      const kept = await api.book(
        { propertyId: property.id, slotId: slots[0]!.id, guest: visitor, consent: { marketing: false } },
        'contract-down-1',
      );
      expect(kept.status).toBe(201);
      const booking = Booking.parse((kept.body as { booking: unknown }).booking);
      expect(booking).toMatchObject({ status: 'requested', start: slots[0]!.start, end: slots[0]!.end });
      expect(api.bookedEmails()).not.toContain(visitor.email);

      mode = 'ok';
      // The failures opened the upstream's circuit; delivery resumes once its pause is over.
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(Date.now() + 31_000);
        await proxy!.requests.deliverDue();
        await proxy!.requests.deliverDue();
      } finally {
        vi.useRealTimers();
      }
      expect(api.bookedEmails().filter((email) => email === visitor.email)).toHaveLength(1);
      expect(await proxy!.requests.outcome(booking.reference)).toMatchObject({ status: 'confirmed' });
    });

    it('under failing, hanging and dropped upstream calls, books each visitor once or keeps their request, and loses none', async () => {
      let failures = 0;
      const api = await open(
        async (request, answer) => {
          try {
            const response = await answer();
            if (response.status >= 500 || response.status === 429) failures++;
            return response;
          } catch (error) {
            failures++;
            throw error;
          }
        },
        {
          timeoutMs: 100,
          breaker: new CircuitBreaker({ failures: 5, openMs: 20 }),
          budget: new RateBudget({ limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 }),
        },
      );
      const { property, slots } = await firstPropertyWithSlots(api);
      const before = api.bookedEmails();
      api.setFaults({ rate: 0.35, hangMs: 5_000, seed: 7 });

      // Each visitor wants their own time; the widget retries with the same key until it has an answer.
      const visitors = slots
        .slice(0, 8)
        .map((slot, n) => ({ slot, visitor: guest(100 + n), key: `contract-faults-${n}` }));
      const refusals: { status: number; body: unknown }[] = [];
      const answers = await Promise.all(
        visitors.map(async ({ slot, visitor, key }) => {
          for (let attempt = 0; attempt < 10; attempt++) {
            const answer = await api.book(
              { propertyId: property.id, slotId: slot.id, guest: visitor, consent: { marketing: false } },
              key,
            );
            if (answer.status < 500) return { email: visitor.email, ...answer };
            refusals.push(answer);
          }
          throw new Error(`${visitor.email} had no answer after ten tries`);
        }),
      );
      api.setFaults(undefined);
      expect(failures).toBeGreaterThan(0);
      // A visitor may be asked to try again, but only as the upstream's failure, never as ours.
      for (const refusal of refusals) {
        expect([502, 503]).toContain(refusal.status);
        expect(['upstream_unavailable', 'upstream_error']).toContain(
          ErrorResponse.parse(refusal.body).error.code,
        );
      }
      expect(answers.map((answer) => answer.status)).toEqual(visitors.map(() => 201));
      const booked = answers.map((answer) => ({
        email: answer.email,
        booking: Booking.parse((answer.body as { booking: unknown }).booking),
      }));
      // The faults reached the bookings themselves: some could only be kept for later.
      expect(booked.some(({ booking }) => booking.status === 'requested')).toBe(true);

      // The upstream recovers; the worker delivers what was kept, after every back-off and pause is over.
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        for (let round = 0; round < 10 && (await proxy!.requests.size()) > 0; round++) {
          vi.setSystemTime(Date.now() + 11 * 60_000);
          await proxy!.requests.deliverDue();
        }
      } finally {
        vi.useRealTimers();
      }
      expect(await proxy!.requests.size()).toBe(0);

      // What the upstream holds now that it did not before, by guest.
      const made = api.bookedEmails();
      for (const email of before) {
        const at = made.indexOf(email);
        if (at >= 0) made.splice(at, 1);
      }
      const inUpstream = (email: string) => made.filter((one) => one === email).length;
      const expected: string[] = [];
      for (const { email, booking } of booked) {
        const outcome =
          booking.status === 'requested'
            ? (await proxy!.requests.outcome(booking.reference))?.status
            : booking.status;
        expect(['confirmed', 'unavailable'], `${email}: ${booking.status}`).toContain(outcome);
        expect(inUpstream(email), email).toBe(outcome === 'confirmed' ? 1 : 0);
        if (outcome === 'confirmed') expected.push(email);
      }
      // Nobody else's booking was made.
      expect(made.sort()).toEqual(expected.sort());
    });
  });
}
