import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ViewingEvent, WaitlistEvent } from '../../src/contract/events.ts';
import type { ProxyOptions } from '../../src/proxy/app.ts';
import { jsonLogger } from '../../src/proxy/log.ts';
import { loadConfig } from '../../src/proxy/config.ts';
import { Conformance } from '../fixtures/openapi-conformance.ts';
import { FakeAgency, startManageProxy, visitor, type ManageProxy } from './manage-fake.ts';

const SECRET = `whsec_${Buffer.from('a key for signing viewing events, 32b').toString('base64')}`;
const A = '2026-11-25T10:00:00';
const B = '2026-11-25T14:00:00';
const C = '2026-11-26T11:00:00';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** What the receiver answered. */
  status: number;
}

/** An agency's endpoint: keeps every request, and answers `status()` (a 503 while it is "failing"). */
class Receiver {
  readonly received: Received[] = [];
  status = () => 204;
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const status = this.status();
        this.received.push({ headers: request.headers, body, status });
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Down: nothing listens on its port until `start` again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  get url() {
    return `http://127.0.0.1:${this.port}/hooks/viewings`;
  }

  /** The events taken (answered 2xx), each checked as a Standard Webhooks library checks it. */
  delivered(): ViewingEvent[] {
    const verifier = new Webhook(SECRET);
    return this.received
      .filter((r) => r.status < 300)
      .map((r) => {
        // The library refuses a timestamp far from its own clock; the proxy's clock is the test's.
        vi.setSystemTime(Number(r.headers['webhook-timestamp']) * 1000);
        return ViewingEvent.parse(verifier.verify(r.body, r.headers as Record<string, string>));
      });
  }
}

let managed: ManageProxy | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  vi.useRealTimers();
  managed?.stop();
  await receiver?.stop();
  managed = undefined;
  receiver = undefined;
});

async function start(options: { lines?: string[]; proxy?: Partial<ProxyOptions> } = {}) {
  receiver = new Receiver();
  await receiver.start();
  managed = await startManageProxy({
    proxy: {
      ...options.proxy,
      webhooksOut: { urls: [receiver.url], secret: SECRET },
      ...(options.lines ? { log: jsonLogger((line) => options.lines!.push(line)) } : {}),
    },
  });
  return { m: managed, r: receiver };
}

const worked = (m: ManageProxy) => m.proxy.manage.webhooks.worker.deliverDue();

describe('webhooks out', () => {
  it("carries the visitor's answers to the agency's questions, in the words the agent reads", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { m, r } = await start({
      proxy: {
        questions: {
          lettings: [{ id: 'guarantor', kind: 'yes-no', label: { en: 'Could you provide a guarantor?' } }],
        },
      },
    });
    const answer = await m.post(
      '/v1/bookings',
      {
        propertyId: m.fake.property.id,
        slotId: m.fake.slot(A).id,
        guest: visitor,
        consent: { marketing: false },
        answers: { guarantor: 'yes' },
      },
      { 'idempotency-key': 'webhook-answers-1' },
    );
    expect(answer.status).toBe(201);
    await vi.waitFor(() => expect(r.received).toHaveLength(1), { timeout: 3_000 });
    expect(r.delivered()[0]?.data.answers).toEqual([
      { id: 'guarantor', question: 'Could you provide a guarantor?', answer: 'Yes' },
    ]);
  });

  it('tells the agency of a viewing its home’s owner must agree, with the owner’s link to send them, and of the answer', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const again = await start({ proxy: { approval: { properties: [new FakeAgency().property.id] } } });
    const answer = await again.m.post(
      '/v1/bookings',
      {
        propertyId: again.m.fake.property.id,
        slotId: again.m.fake.slot(A).id,
        guest: visitor,
        consent: { marketing: false },
      },
      { 'idempotency-key': 'webhook-approval-1' },
    );
    expect(answer.status).toBe(201);
    await vi.waitFor(() => expect(again.r.received).toHaveLength(2), { timeout: 3_000 });
    const [booked, asked] = again.r.delivered();
    expect(booked?.type).toBe('viewing.booked');
    expect(booked?.data.booking.status).toBe('requested');
    expect(booked?.data.booking.approval?.status).toBe('pending');
    expect(booked?.data.approvalUrl).toBeUndefined();
    expect(asked?.type).toBe('viewing.approval_requested');
    const link = asked?.data.approvalUrl ?? '';
    expect(link).toMatch(/^https:\/\/proxy\.agency\.example\/api\/approve\/[\w-]+$/);

    const agreed = await again.m.post(`/v1/approvals/${link.split('/').at(-1)}`, { decision: 'approve' });
    expect(agreed.status).toBe(200);
    await worked(again.m);
    await vi.waitFor(() => expect(again.r.received).toHaveLength(3), { timeout: 3_000 });
    const confirmed = again.r.delivered()[2];
    expect(confirmed?.type).toBe('viewing.booked');
    expect(confirmed?.data.booking).toMatchObject({ status: 'confirmed', approval: { status: 'approved' } });
  });

  it('tells the agency when a time is held for a waiting visitor, with their link to book it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { m, r } = await start({ proxy: { waitlist: { holdMinutes: 60 } } });
    // A time is taken; a visitor joins the list; the time is given back, and held for them.
    const taken = await m.bookToken(m.fake.slot(A).id, { ...visitor, email: 'first@example.org' });
    const joined = await m.post<{ waitlist: { reference: string; url: string } }>('/v1/waitlist', {
      propertyId: m.fake.property.id,
      guest: visitor,
      consent: { marketing: false },
    });
    expect(joined.status).toBe(201);
    expect((await m.post(`/v1/bookings/${taken}/cancel`, {})).status).toBe(200);
    await m.proxy.waitlist?.settled();
    const offered = () => r.received.filter((x) => x.body.includes('"waitlist.offered"'));
    await vi.waitFor(() => expect(offered()).toHaveLength(1), { timeout: 3_000 });
    const [sent] = offered();
    vi.setSystemTime(Number(sent!.headers['webhook-timestamp']) * 1000);
    const event = WaitlistEvent.parse(
      new Webhook(SECRET).verify(sent!.body, sent!.headers as Record<string, string>),
    );
    expect(Date.parse(event.data.offer.start)).toBe(Date.parse(m.fake.slot(A).start));
    expect(event.data).toMatchObject({
      reference: joined.body.waitlist.reference,
      url: joined.body.waitlist.url,
      guest: { email: visitor.email },
    });
    expect(Date.parse(event.data.offer.heldUntil) - Date.parse(event.timestamp)).toBe(60 * 60_000);
  });

  it('tells the agency’s URL of a booking, a move, feedback and a cancellation, signed so a Standard Webhooks library accepts each', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { m, r } = await start();
    const token = await m.bookToken(m.fake.slot(A).id);
    const moved = await m.post<{ booking: { manageUrl: string } }>(`/v1/bookings/${token}/reschedule`, {
      slotId: m.fake.slot(B).id,
    });
    expect(moved.status).toBe(200);
    m.setNow('2026-11-25T15:00:00Z');
    const newToken = moved.body.booking.manageUrl.split('/').at(-1)!;
    const feedback = await m.post(`/v1/bookings/${newToken}/feedback`, {
      experience: 'good',
      interest: 'interested',
    });
    expect(feedback.status).toBe(200);
    const other = await m.bookToken(m.fake.slot(C).id, { ...visitor, email: 'tomasz@example.org' });
    expect((await m.post(`/v1/bookings/${other}/cancel`, { reason: 'Found a flat' })).status).toBe(200);
    await worked(m);

    await vi.waitFor(() => expect(r.received).toHaveLength(5), { timeout: 3_000 });
    const events = r.delivered();
    expect(events.map((e) => e.type)).toEqual([
      'viewing.booked',
      'viewing.moved',
      'viewing.feedback',
      'viewing.booked',
      'viewing.cancelled',
    ]);
    const [booked, move, told, , cancelled] = events;
    // What a CRM needs to act on it: who, which home, when, and the visitor's own words.
    expect(booked!.data).toMatchObject({
      booking: { status: 'confirmed', propertyId: m.fake.property.id },
      guest: { email: visitor.email, phone: visitor.phone },
      property: { address: m.fake.property.address },
      branch: { name: m.fake.branch.name },
    });
    expect(move!.data.viewingId).toBe(booked!.data.viewingId);
    expect(move!.data.previous).toMatchObject({ start: booked!.data.booking.start });
    expect(move!.data.booking.start).toBe('2026-11-25T14:00:00+00:00');
    expect(move!.data.by).toBe('visitor');
    expect(told!.data.feedback).toMatchObject({ experience: 'good', interest: 'interested' });
    expect(cancelled!.data).toMatchObject({
      booking: { status: 'cancelled' },
      by: 'visitor',
      cancelReason: 'Found a flat',
    });
    // Never the visitor's own link: it would let whoever holds the event move or cancel the viewing.
    expect(r.received.map((x) => x.body).join('')).not.toMatch(/manage|token/i);
    // As the OpenAPI document describes them, for whoever builds the receiving end from it.
    const conformance = new Conformance();
    expect(r.received.map((x, i) => conformance.eventProblem(events[i]!.type, x.body))).toEqual(
      events.map(() => undefined),
    );
    const ids = r.received.map((x) => x.headers['webhook-id']);
    expect(new Set(ids).size).toBe(5);
    expect(r.received.every((x) => x.headers['content-type'] === 'application/json')).toBe(true);
  });

  it('refuses an event whose body was changed on the way', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { m, r } = await start();
    await m.bookToken(m.fake.slot(A).id);
    await vi.waitFor(() => expect(r.received).toHaveLength(1), { timeout: 3_000 });
    const [sent] = r.received;
    vi.setSystemTime(Number(sent!.headers['webhook-timestamp']) * 1000);
    const forged = sent!.body.replace(visitor.email, 'someone.else@example.org');
    expect(() => new Webhook(SECRET).verify(forged, sent!.headers as Record<string, string>)).toThrow();
  });

  it('keeps events while the receiver is down, then delivers each once and a viewing’s in the order they happened', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const lines: string[] = [];
    const { m, r } = await start({ lines });
    await r.stop();
    const token = await m.bookToken(m.fake.slot(A).id);
    const moved = await m.post<{ booking: { manageUrl: string } }>(`/v1/bookings/${token}/reschedule`, {
      slotId: m.fake.slot(B).id,
    });
    const newToken = moved.body.booking.manageUrl.split('/').at(-1)!;
    await m.post(`/v1/bookings/${newToken}/cancel`, {});
    await worked(m);
    expect(await m.proxy.manage.webhooks.worker.size()).toBe(3);

    // Back up, but failing for a while: each try is answered 503 and tried again later.
    let failing = true;
    r.status = () => (failing ? 503 : 204);
    await r.start();
    const later = (minutes: number) => m.setNow(new Date(m.clock.now.getTime() + minutes * 60_000));
    later(1);
    await worked(m);
    expect(r.received.length).toBeGreaterThan(0);
    expect(r.received.every((x) => x.status === 503)).toBe(true);
    // Only the first event of the viewing was tried: the later ones wait for it.
    expect(new Set(r.received.map((x) => x.headers['webhook-id'])).size).toBe(1);

    failing = false;
    for (let round = 0; round < 10 && (await m.proxy.manage.webhooks.worker.size()) > 0; round++) {
      later(11);
      await worked(m);
    }
    expect(await m.proxy.manage.webhooks.worker.size()).toBe(0);
    const delivered = r.delivered();
    expect(delivered.map((e) => e.type)).toEqual(['viewing.booked', 'viewing.moved', 'viewing.cancelled']);
    // Each was taken once; a retry carries the first try's id and body, so a receiver can tell it is one.
    const taken = r.received.filter((x) => x.status < 300).map((x) => x.headers['webhook-id']);
    expect(new Set(taken).size).toBe(3);
    expect(taken).toHaveLength(3);
    const first = r.received.filter((x) => x.headers['webhook-id'] === taken[0]);
    expect(first.length).toBeGreaterThan(1);
    expect(new Set(first.map((x) => x.body)).size).toBe(1);
    // Logged by host and event, never with the visitor's details.
    const failures = lines.filter((line) => line.includes('webhook_failed'));
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.join('\n')).not.toContain(visitor.email);
    expect(failures.join('\n')).toContain(`127.0.0.1:${r.port}`);
  });

  it('keeps trying an event that waited long behind an earlier one, when its own first try fails', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { m, r } = await start();
    r.status = () => 503;
    const token = await m.bookToken(m.fake.slot(A).id);
    await m.post(`/v1/bookings/${token}/reschedule`, { slotId: m.fake.slot(B).id });
    // Twenty minutes of a failing receiver: the move is looked at every few seconds, waiting for the booking.
    for (let round = 0; round < 200; round++) {
      m.setNow(new Date(m.clock.now.getTime() + 6_000));
      await worked(m);
    }
    // Back, but failing once more: on the move's own first try.
    let answered = 0;
    r.status = () => (++answered === 2 ? 503 : 204);
    for (let round = 0; round < 10 && (await m.proxy.manage.webhooks.worker.size()) > 0; round++) {
      m.setNow(new Date(m.clock.now.getTime() + 11 * 60_000));
      await worked(m);
    }
    expect(r.delivered().map((e) => e.type)).toEqual(['viewing.booked', 'viewing.moved']);
  });

  it('drops a queued event it cannot read, saying so in the log, and goes on with the others', async () => {
    const lines: string[] = [];
    const { m, r } = await start({ lines });
    await m.store.enqueue('webhooks-out', 'damaged', '{"url": 12');
    await m.bookToken(m.fake.slot(A).id);
    await worked(m);
    await vi.waitFor(() => expect(r.received).toHaveLength(1), { timeout: 3_000 });
    expect(await m.proxy.manage.webhooks.worker.size()).toBe(0);
    expect(lines.filter((line) => line.includes('webhook_unreadable'))).toHaveLength(1);
  });

  it('delivers what one proxy queued from another sharing its store after a restart', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { m, r } = await start();
    r.status = () => 503;
    await m.bookToken(m.fake.slot(A).id);
    await vi.waitFor(() => expect(r.received).toHaveLength(1), { timeout: 3_000 });
    m.stop();

    r.status = () => 204;
    const next = await startManageProxy({
      fake: m.fake,
      store: m.store,
      proxy: { webhooksOut: { urls: [r.url], secret: SECRET } },
    });
    // The store keeps the first proxy's clock: a minute on for both.
    m.setNow(new Date(m.clock.now.getTime() + 60_000));
    next.setNow(m.clock.now);
    await next.proxy.manage.webhooks.worker.deliverDue();
    next.stop();
    expect(r.delivered().map((e) => e.type)).toEqual(['viewing.booked']);
    expect(r.received[1]!.headers['webhook-id']).toBe(r.received[0]!.headers['webhook-id']);
  });
});

describe('webhooks out settings', () => {
  const load = (env: Record<string, string>) => () => loadConfig({ env });

  it('needs a secret with the URLs, and HTTPS for any address but this machine’s', () => {
    expect(load({ WEBHOOK_URLS: 'https://crm.agency.example/hooks' })).toThrow(/webhooksOut\.secret/);
    expect(load({ WEBHOOK_URLS: 'http://crm.agency.example/hooks', WEBHOOK_SECRET: SECRET })).toThrow(
      /https/,
    );
    expect(load({ WEBHOOK_URLS: 'https://crm.agency.example/hooks', WEBHOOK_SECRET: 'plain' })).toThrow(
      /whsec_/,
    );
    expect(load({ WEBHOOK_URLS: 'http://127.0.0.1:9000/h', WEBHOOK_SECRET: SECRET })().webhooksOut).toEqual({
      urls: ['http://127.0.0.1:9000/h'],
      secret: SECRET,
    });
  });

  it('reads several URLs from the environment, comma-separated', () => {
    const config = load({
      WEBHOOK_URLS: 'https://a.example/h, https://b.example/h',
      WEBHOOK_SECRET: SECRET,
    })();
    expect(config.webhooksOut.urls).toEqual(['https://a.example/h', 'https://b.example/h']);
  });
});
