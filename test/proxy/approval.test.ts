import { afterEach, describe, expect, it } from 'vitest';
import { ManagedViewing, OwnerView, type Booking } from '../../src/contract/index.ts';
import type { ProxyOptions } from '../../src/proxy/app.ts';
import { ConfigError, loadConfig } from '../../src/proxy/config.ts';
import { MemoryStore } from '../../src/proxy/store/index.ts';
import * as agentOS from './harness.ts';
import { json, SYSTEMS, type StartSystem as Start, type Upstream } from './systems.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How many viewings the proxy booked online are on (not cancelled) in the agent's system. */
const onlineViewingsOn = (upstream: Upstream) => upstream.online().filter((v) => !v.cancelled).length;

const guest = {
  firstName: 'Priya',
  lastName: 'Natarajan',
  email: 'priya.natarajan@example.org',
  phone: '07700 900456',
};

interface Slot {
  id: string;
  start: string;
}

/** The first home with at least two free times in the next two weeks, and those times. */
async function bookableHome(upstream: Upstream) {
  const { body } = await json<{ properties: { id: string }[] }>(upstream, '/v1/properties?limit=100');
  for (const property of body.properties) {
    const { body: week } = await json<{ slots?: Slot[] }>(
      upstream,
      `/v1/slots?propertyId=${property.id}&from=${upstream.today}&days=7`,
    );
    if ((week.slots?.length ?? 0) >= 2) return { propertyId: property.id, slots: week.slots ?? [] };
  }
  throw new Error('no home has two free times');
}

/**
 * The system with the first bookable home's owner agreeing each viewing. Homes and their times are the
 * emulator's, the same at every start, so a first look finds the home the second start is told about.
 */
async function withApproval(start: Start, proxy: Partial<ProxyOptions> = {}, answerWithinHours?: number) {
  const look = await start({});
  const home = await bookableHome(look);
  look.stop();
  const approval = { properties: [home.propertyId], ...(answerWithinHours ? { answerWithinHours } : {}) };
  const upstream = await start({ approval, ...proxy });
  return { upstream, ...home };
}

const book = (upstream: Upstream, propertyId: string, slotId: string) =>
  json<{ booking: Booking }>(upstream, '/v1/bookings', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `approval-${Math.random()}` },
    body: JSON.stringify({ propertyId, slotId, guest, consent: { marketing: false } }),
  });

const manageToken = (booking: Booking) => booking.manageUrl?.split('/').pop() ?? '';

/** The owner's link, as the `viewing.approval_requested` webhook and the staff diary give it. */
async function ownerLink(upstream: Upstream, booking: Booking): Promise<string> {
  const opened = await upstream.proxy.manage.open(manageToken(booking));
  if (!opened.ok) throw new Error(opened.error.message);
  const url = await upstream.proxy.manage.approvalUrl(opened.record);
  if (!url) throw new Error('no owner link');
  return url;
}

const ownerToken = (url: string) => url.split('/approve/')[1] ?? '';

/** What the visitor's link shows now. */
async function visitorSees(upstream: Upstream, booking: Booking) {
  const { body } = await json(upstream, `/v1/bookings/${manageToken(booking)}`);
  return ManagedViewing.parse(body);
}

/** The subjects of the messages the visitor was sent (or that were logged for staff), oldest first. */
async function messagesTold(upstream: Upstream, booking: Booking): Promise<string[]> {
  await upstream.proxy.manage.outbox.worker.deliverDue();
  const opened = await upstream.proxy.manage.open(manageToken(booking));
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.record.messages.filter((m) => m.kind !== 'reminder').map((m) => m.subject);
}

const decide = (upstream: Upstream, url: string, decision: Record<string, string>) =>
  json(upstream, `/v1/approvals/${ownerToken(url)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(decision),
  });

let running: Upstream | undefined;
afterEach(() => {
  running?.stop();
  running = undefined;
});

describe.each(Object.keys(SYSTEMS))('a home whose owner agrees each viewing, on %s', (system) => {
  const start = SYSTEMS[system] as Start;

  it('holds the time in the agent’s diary at once, tells the visitor it is requested, and books it when the owner agrees', async () => {
    const { upstream, propertyId, slots } = await withApproval(start);
    running = upstream;
    const [slot] = slots as [Slot];
    const made = await book(upstream, propertyId, slot.id);
    expect(made.status).toBe(201);
    expect(made.body.booking.status).toBe('requested');
    expect(made.body.booking.approval?.status).toBe('pending');
    expect(onlineViewingsOn(upstream)).toBe(1);
    // The agent reads, with the appointment, that it waits for the owner.
    expect(upstream.online()[0]?.notes).toContain('Waiting for the owner’s approval');
    // Nobody else is offered the time meanwhile.
    const again = await json<{ slots: Slot[] }>(
      upstream,
      `/v1/slots?propertyId=${propertyId}&from=${upstream.today}&days=7`,
    );
    expect(again.body.slots.map((s) => s.id)).not.toContain(slot.id);
    expect(await messagesTold(upstream, made.body.booking)).toEqual([
      expect.stringMatching(/asked the owner/),
    ]);

    // The booking form said so before the visitor booked.
    expect((await json(upstream, `/v1/questions?propertyId=${propertyId}`)).body).toMatchObject({
      ownerApproval: true,
    });
    const link = await ownerLink(upstream, made.body.booking);
    const seen = OwnerView.parse((await json(upstream, `/v1/approvals/${ownerToken(link)}`)).body);
    expect(seen.visitor).toEqual({ firstName: 'Priya' });
    expect(seen.viewing.start).toBe(made.body.booking.start);
    expect(JSON.stringify(seen)).not.toMatch(/Natarajan|example\.org|07700/);

    const agreed = await decide(upstream, link, { decision: 'approve' });
    expect(agreed.status).toBe(200);
    expect(OwnerView.parse(agreed.body).approval.status).toBe('approved');
    const now = await visitorSees(upstream, made.body.booking);
    expect(now.booking.status).toBe('confirmed');
    expect(now.booking.approval?.status).toBe('approved');
    expect(await messagesTold(upstream, made.body.booking)).toEqual([
      expect.stringMatching(/asked the owner/),
      expect.stringMatching(/is booked$/),
    ]);
    expect(onlineViewingsOn(upstream)).toBe(1);
    // Answered once: a second answer is refused, and changes nothing.
    const twice = await decide(upstream, link, { decision: 'decline' });
    expect(twice.status).toBe(409);
    expect((await visitorSees(upstream, made.body.booking)).booking.status).toBe('confirmed');
  });

  it('cancels the appointment, frees the time and tells the visitor when the owner declines', async () => {
    const { upstream, propertyId, slots } = await withApproval(start);
    running = upstream;
    const [slot] = slots as [Slot];
    const made = await book(upstream, propertyId, slot.id);
    expect(await messagesTold(upstream, made.body.booking)).toHaveLength(1);
    const link = await ownerLink(upstream, made.body.booking);
    const declined = await decide(upstream, link, { decision: 'decline' });
    expect(declined.status).toBe(200);
    expect(OwnerView.parse(declined.body).approval.status).toBe('declined');
    const now = await visitorSees(upstream, made.body.booking);
    expect(now.booking.status).toBe('cancelled');
    expect(now.booking.approval?.status).toBe('declined');
    expect(await messagesTold(upstream, made.body.booking)).toEqual([
      expect.stringMatching(/asked the owner/),
      expect.stringMatching(/could not be confirmed/),
    ]);
    await upstream.proxy.manage.upstream.worker.deliverDue();
    expect(onlineViewingsOn(upstream)).toBe(0);
    const free = await json<{ slots: Slot[] }>(
      upstream,
      `/v1/slots?propertyId=${propertyId}&from=${upstream.today}&days=7`,
    );
    expect(free.body.slots.map((s) => s.id)).toContain(slot.id);
  });

  it('moves the viewing to the free time the owner suggests, booked, and tells the visitor', async () => {
    const { upstream, propertyId, slots } = await withApproval(start);
    running = upstream;
    const [asked] = slots as [Slot];
    const made = await book(upstream, propertyId, asked.id);
    expect(await messagesTold(upstream, made.body.booking)).toHaveLength(1);
    const link = await ownerLink(upstream, made.body.booking);
    const offered = OwnerView.parse((await json(upstream, `/v1/approvals/${ownerToken(link)}`)).body);
    const other = offered.suggestions[0];
    expect(other).toBeDefined();
    expect(offered.suggestions.map((s) => s.id)).not.toContain(asked.id);
    const moved = await decide(upstream, link, { decision: 'suggest', slotId: other?.id ?? '' });
    expect(moved.status).toBe(200);
    const now = await visitorSees(upstream, made.body.booking);
    expect(now.booking.status).toBe('confirmed');
    expect(Date.parse(now.booking.start)).toBe(Date.parse(other?.start ?? ''));
    expect(await messagesTold(upstream, made.body.booking)).toEqual([
      expect.stringMatching(/asked the owner/),
      expect.stringMatching(/booked, at another time/),
    ]);
    await upstream.proxy.manage.upstream.worker.deliverDue();
    expect(onlineViewingsOn(upstream)).toBe(1);
  });
});

describe('owner approval', () => {
  it('lets an unanswered request lapse at its deadline: the appointment is cancelled and the visitor told', async () => {
    let clock = agentOS.NOW;
    const {
      upstream: h,
      propertyId,
      slots,
    } = await withApproval(
      SYSTEMS.agentos as Start,
      // The store's clock too: it holds the deadline's queue item until then.
      { now: () => clock, store: new MemoryStore(() => clock.getTime()) },
      6,
    );
    running = h;
    const last = slots.at(-1) as Slot;
    const made = await book(h, propertyId, last.id);
    expect(await messagesTold(h, made.body.booking)).toHaveLength(1);
    const answerBy = made.body.booking.approval?.answerBy ?? '';
    expect(Date.parse(answerBy)).toBe(agentOS.NOW.getTime() + 6 * 60 * 60_000);
    const link = await ownerLink(h, made.body.booking);

    clock = new Date(Date.parse(answerBy) - 1000);
    await h.proxy.manage.approvals.worker.deliverDue();
    expect((await visitorSees(h, made.body.booking)).booking.status).toBe('requested');

    clock = new Date(Date.parse(answerBy) + 1000);
    await h.proxy.manage.approvals.worker.deliverDue();
    const now = await visitorSees(h, made.body.booking);
    expect(now.booking.status).toBe('cancelled');
    expect(now.booking.approval?.status).toBe('expired');
    expect(await messagesTold(h, made.body.booking)).toEqual([
      expect.stringMatching(/asked the owner/),
      expect.stringMatching(/could not be confirmed/),
    ]);
    expect(onlineViewingsOn(h)).toBe(0);
    // The owner's link has stopped working.
    const late = await h.call(`/approve/${ownerToken(link)}`);
    expect(late.status).toBe(410);
    expect(await late.text()).toMatch(/time to answer this request has passed/);
  });

  it('puts the viewing in the visitor’s calendar as tentative until the owner agrees', async () => {
    const { upstream, propertyId, slots } = await withApproval(SYSTEMS.agentos as Start, {});
    running = upstream;
    const made = await book(upstream, propertyId, (slots[0] as Slot).id);
    const ics = async () =>
      (await upstream.call(`/v1/bookings/${manageToken(made.body.booking)}/calendar.ics`)).text();
    expect(await ics()).toContain('STATUS:TENTATIVE');
    await decide(upstream, await ownerLink(upstream, made.body.booking), { decision: 'approve' });
    const agreed = await ics();
    expect(agreed).toContain('STATUS:CONFIRMED');
    expect(agreed).toContain('SEQUENCE:1');
  });

  it('never gives the answer more time than there is before the viewing', async () => {
    const { upstream, propertyId, slots } = await withApproval(SYSTEMS.agentos as Start, {});
    running = upstream;
    const first = slots[0] as Slot;
    const made = await book(upstream, propertyId, first.id);
    const answerBy = Date.parse(made.body.booking.approval?.answerBy ?? '');
    expect(answerBy).toBeLessThanOrEqual(Date.parse(first.start));
  });

  it('shows the owner a page with the visitor’s first name and answers, and its form decides once', async () => {
    const { upstream, propertyId, slots } = await withApproval(SYSTEMS.agentos as Start, {});
    running = upstream;
    const made = await book(upstream, propertyId, (slots[0] as Slot).id);
    const link = await ownerLink(upstream, made.body.booking);
    const path = `/approve/${ownerToken(link)}`;
    const page = await upstream.call(path);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self'");
    const html = await page.text();
    expect(html).toContain('Priya would like to view');
    expect(html).toContain('Agree to this viewing');
    expect(html).not.toMatch(/Natarajan|example\.org|07700/);

    const unpicked = await upstream.call(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=suggest',
    });
    expect(unpicked.status).toBe(422);
    expect(await unpicked.text()).toContain('Pick a time');

    // As a browser posts the page's own form: it sends no referrer, so its origin is "null".
    const agreed = await upstream.call(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null' },
      body: 'decision=approve',
    });
    expect(agreed.status).toBe(303);
    expect(agreed.headers.get('location')).toBe(path);
    const after = await (await upstream.call(path)).text();
    expect(after).toContain('You agreed to this viewing');
    expect(after).not.toContain('<form');
    expect((await visitorSees(upstream, made.body.booking)).booking.status).toBe('confirmed');
  });

  it('keeps the visitor’s link and the owner’s apart, and the visitor cannot move a time the owner has not agreed', async () => {
    const { upstream, propertyId, slots } = await withApproval(SYSTEMS.agentos as Start, {});
    running = upstream;
    // The last time of the week: far enough off for the visitor to change it.
    const made = await book(upstream, propertyId, (slots.at(-1) as Slot).id);
    const visitorToken = manageToken(made.body.booking);
    expect((await upstream.call(`/v1/approvals/${visitorToken}`)).status).toBe(404);
    const link = await ownerLink(upstream, made.body.booking);
    expect((await upstream.call(`/v1/bookings/${ownerToken(link)}`)).status).toBe(404);

    const move = await json<{ error: { code: string; message: string } }>(
      upstream,
      `/v1/bookings/${visitorToken}/reschedule`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ slotId: (slots.at(-2) as Slot).id }),
      },
    );
    expect(move.status).toBe(409);
    expect(move.body.error.message).toMatch(/owner of this home has not agreed/);
    // Cancelling is always open to the visitor.
    const cancel = await json(upstream, `/v1/bookings/${visitorToken}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(cancel.status).toBe(200);
    const owner = OwnerView.parse((await json(upstream, `/v1/approvals/${ownerToken(link)}`)).body);
    expect(owner.cancelled).toBe(true);
    expect(owner.suggestions).toEqual([]);
    expect((await decide(upstream, link, { decision: 'approve' })).status).toBe(409);
  });

  it('lets staff answer for the owner in the diary, which shows the owner’s link while it is awaited', async () => {
    const key = 'a-staff-key-long-enough-to-pass-1234';
    const { upstream, propertyId, slots } = await withApproval(SYSTEMS.agentos as Start, {
      staff: { keys: [{ name: 'Sam', key }] },
    });
    running = upstream;
    const made = await book(upstream, propertyId, (slots[0] as Slot).id);
    const headers = { authorization: `Bearer ${key}` };
    const { body: home } = await json<{ property: { branchId: string } }>(
      upstream,
      `/v1/properties/${propertyId}`,
    );
    const diary = await json<{
      viewings: {
        reference: string;
        booked?: { status: string; approval?: { status: string; url?: string } };
        actions: { approval: boolean };
      }[];
    }>(upstream, `/staff/api/diary?branchId=${home.property.branchId}&from=${upstream.today}&days=7`, {
      headers,
    });
    const entry = diary.body.viewings.find((v) => v.reference === made.body.booking.reference);
    expect(entry?.booked?.status).toBe('requested');
    expect(entry?.booked?.approval?.status).toBe('pending');
    expect(entry?.booked?.approval?.url).toBe(await ownerLink(upstream, made.body.booking));
    expect(entry?.actions.approval).toBe(true);

    const answered = await json<{
      viewing: { booked?: { status: string; approval?: { status: string; url?: string } } };
    }>(upstream, `/staff/api/viewings/${made.body.booking.reference}/approval`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'approve' }),
    });
    expect(answered.status).toBe(200);
    expect(answered.body.viewing.booked?.status).toBe('confirmed');
    expect(answered.body.viewing.booked?.approval).toEqual({
      status: 'approved',
      answerBy: expect.any(String),
    });
    expect((await visitorSees(upstream, made.body.booking)).booking.status).toBe('confirmed');
  });

  it('reads the homes and branches from the config file, and refuses an impossible answer time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'approval-'));
    const write = (approval: unknown) => {
      const file = join(dir, `config-${Math.random()}.json`);
      writeFileSync(file, JSON.stringify({ approval }));
      return file;
    };
    const config = loadConfig({ env: {}, file: write({ properties: ['HOME-1'], branches: ['B2'] }) });
    expect(config.approval).toEqual({ properties: ['HOME-1'], branches: ['B2'], answerWithinHours: 48 });
    const impossible = write({ properties: ['HOME-1'], answerWithinHours: 0 });
    expect(() => loadConfig({ env: {}, file: impossible })).toThrow(ConfigError);
    expect(() => loadConfig({ env: {}, file: impossible })).toThrow(/approval\.answerWithinHours/);
  });
});
