import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemo } from '../../demo/server.ts';
import { loadConfig } from '../../src/proxy/config.ts';
import { silentLogger } from '../../src/proxy/log.ts';
import { startProxyServer, type ProxyServer } from '../../src/proxy/server.ts';
import { guest, propertyWithSlots, startHarness, type Harness } from './harness.ts';

let server: ProxyServer | undefined;
let harness: Harness | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  harness?.stop();
  harness = undefined;
  await server?.close();
  server = undefined;
});

/** The `viewing-proxy` server on a free loopback port, configured as an operator would with variables. */
async function serveProxy(env: Record<string, string>) {
  server = await startProxyServer(
    loadConfig({ env: { PORT: '0', HOST: '127.0.0.1', STORE: 'memory', ...env } }),
    silentLogger,
  );
  return server.url;
}

/** A connection from this test, and a promise that says when (and after how long) the server closed it. */
function open(url: string) {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  sockets.push(socket);
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  socket.on('error', () => {});
  const started = Date.now();
  const closed = new Promise<{ afterMs: number; received: string }>((resolve) =>
    socket.on('close', () => resolve({ afterMs: Date.now() - started, received })),
  );
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, closed, connected };
}

const within = <T>(ms: number, promise: Promise<T>) =>
  Promise.race([
    promise,
    new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), ms)),
  ]);

/** An address as a Node server hands it to the app, for routes called without a socket. */
const fromSocket = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

describe('the visitor’s address behind a load balancer', () => {
  it('counts a visitor who rotates X-Forwarded-For by the address the load balancer saw', async () => {
    const url = await serveProxy({ TRUST_PROXY: 'true', LIMIT_PER_IP: '5' });
    const statuses = [];
    for (let i = 1; i <= 7; i++) {
      // The balancer appends the address it saw; everything left of it is the client's own writing.
      const response = await fetch(`${url}/v1/branches`, {
        headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` },
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const someoneElse = await fetch(`${url}/v1/branches`, { headers: { 'x-forwarded-for': '203.0.113.8' } });
    expect(someoneElse.status).toBe(200);
  });

  it('cannot be made to lock another visitor out by writing their address in X-Forwarded-For', async () => {
    const url = await serveProxy({
      TRUST_PROXY: 'true',
      STAFF_KEYS: 'Sam:harbour-staff-key-0123456789abcdef',
    });
    const victim = '192.0.2.55';
    for (let i = 0; i < 12; i++) {
      await fetch(`${url}/staff/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `${victim}, 203.0.113.7` },
        body: JSON.stringify({ key: 'a-wrong-staff-key-0123456789abcdef' }),
      });
    }
    const attacker = await fetch(`${url}/staff/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7' },
      body: JSON.stringify({ key: 'a-wrong-staff-key-0123456789abcdef' }),
    });
    expect(attacker.status).toBe(429);
    const fromVictim = await fetch(`${url}/staff/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': victim },
      body: JSON.stringify({ key: 'a-wrong-staff-key-0123456789abcdef' }),
    });
    expect(fromVictim.status).toBe(401);
  });
});

describe('booking attempts per address', () => {
  it('allows a handful of booking attempts per address in ten minutes, and junk sent first uses none of them', async () => {
    harness = await startHarness({
      unlimited: true,
      proxy: { clientIp: () => '203.0.113.9', clientLimits: { bookingsPerIp: 2 } },
    });
    for (let i = 0; i < 5; i++) {
      const junk = await harness.call('/v1/bookings', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `junk-key-${i}-0000` },
        body: 'garbage',
      });
      expect(junk.status).toBe(422);
    }
    expect((await harness.book({})).status).toBe(422);
    const { property, slots } = await propertyWithSlots(harness);
    const statuses = [];
    for (const slot of slots.slice(0, 3)) {
      const answer = await harness.book({
        propertyId: property.id,
        slotId: slot.id,
        guest,
        consent: { marketing: false },
      });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([201, 201, 429]);
  });
});

describe('a proxy mounted without a clientIp function', () => {
  it('still limits each address, by the connection it came on', async () => {
    harness = await startHarness({ proxy: { clientLimits: { perIp: 5 } } });
    const from = (address: string) =>
      harness!.proxy.app.request('http://proxy.test/v1/branches', {}, fromSocket(address));
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await from('::ffff:203.0.113.7')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect((await from('198.51.100.2')).status).toBe(200);
  });

  it('keeps each address’s wrong staff keys to itself, not one lockout for all staff', async () => {
    harness = await startHarness({
      proxy: { staff: { keys: [{ name: 'Sam', key: 'harbour-staff-key-0123456789abcdef' }] } },
    });
    const signIn = (address: string) =>
      harness!.proxy.app.request(
        'http://proxy.test/staff/session',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ key: 'a-wrong-staff-key-0123456789abcdef' }),
        },
        fromSocket(address),
      );
    for (let i = 0; i < 11; i++) await signIn('198.51.100.66');
    expect((await signIn('198.51.100.66')).status).toBe(429);
    expect((await signIn('203.0.113.20')).status).toBe(401);
  });
});

describe('slow and piled-up connections', () => {
  it('cuts off a client that trickles its request body, with 408', async () => {
    const url = await serveProxy({ REQUEST_TIMEOUT_SECONDS: '2', HEADERS_TIMEOUT_SECONDS: '1' });
    const { socket, closed, connected } = open(url);
    await connected;
    const base = new URL(url).pathname.replace(/\/$/, '');
    socket.write(
      `POST ${base}/v1/bookings HTTP/1.1\r\nHost: ${new URL(url).host}\r\n` +
        'Content-Type: application/json\r\n' +
        'Content-Length: 1000\r\nIdempotency-Key: slow-body-0001\r\n\r\n{',
    );
    const trickle = setInterval(() => socket.writable && socket.write(' '), 200);
    const result = await within(8_000, closed);
    clearInterval(trickle);
    expect(result).not.toBe('still open');
    if (result === 'still open') return;
    expect(result.afterMs).toBeLessThan(5_000);
    expect(result.received).toMatch(/^HTTP\/1\.1 408/);
  }, 15_000);

  it('closes connections beyond the configured number at once', async () => {
    const url = await serveProxy({ MAX_CONNECTIONS: '2' });
    const first = open(url);
    const second = open(url);
    await Promise.all([first.connected, second.connected]);
    // The server counts a connection once it has accepted it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const third = open(url);
    expect(await within(2_000, third.closed)).not.toBe('still open');
    expect(await within(100, first.closed)).toBe('still open');
  });
});

describe('Strict-Transport-Security', () => {
  it('is sent with every answer when configured, and not otherwise', async () => {
    const url = await serveProxy({ HSTS_MAX_AGE_SECONDS: '31536000' });
    for (const path of ['/v1/branches', '/healthz', '/no-such-route']) {
      const response = await fetch(`${url}${path}`);
      expect(response.headers.get('strict-transport-security'), path).toBe('max-age=31536000');
    }
    await server?.close();
    server = undefined;
    const plain = await serveProxy({});
    expect((await fetch(`${plain}/v1/branches`)).headers.get('strict-transport-security')).toBeNull();
  });
});

describe('the demo site’s pages', () => {
  it('are served with nosniff, no framing and a baseline policy, as the proxy’s own answers are', async () => {
    const demo = await startDemo({ port: 0, quiet: true, minFillSeconds: 0 });
    try {
      for (const path of ['', 'builder', 'examples', 'no-such-page', 'viewing-widget.js']) {
        const response = await fetch(`${demo.url.replace('localhost', '127.0.0.1')}${path}`);
        expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(response.headers.get('x-frame-options'), path).toBe('DENY');
        expect(response.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      }
      // A page with a policy of its own keeps it.
      const strict = await fetch(`${demo.url.replace('localhost', '127.0.0.1')}examples/strict-csp`);
      expect(strict.headers.get('content-security-policy')).toContain("script-src 'self'");
    } finally {
      await demo.close();
    }
  });
});
