import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { AgentOSBackend, RateBudget } from '../../src/backends/index.ts';
import { createProxy } from '../../src/proxy/app.ts';
import { startAgentOSEmulator } from '../../src/sandbox/agentos/index.ts';
import { bookingPost } from '../fixtures/processes.ts';
import { hasVarnish, startVarnish } from '../fixtures/varnish.ts';
import { freePort } from '../store/redis-server.ts';

const Slots = z.object({ slots: z.array(z.object({ id: z.string() })) });

describe.skipIf(!hasVarnish)('free times through Varnish in front of the proxy', () => {
  it('reach the proxy once for 1,000 identical reads, and a booking makes the next read through the cache fresh', async () => {
    const sandbox = await startAgentOSEmulator({ rateLimit: false });
    onTestFinished(() => sandbox.close());
    const cachePort = await freePort();
    const proxy = createProxy({
      backend: new AgentOSBackend({
        baseUrl: sandbox.url,
        shortName: sandbox.emulator.shortName,
        apiKey: sandbox.emulator.apiKey,
        budget: new RateBudget({ limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 }),
      }),
      cachePurgeUrls: [`http://127.0.0.1:${cachePort}`],
      clientLimits: { bookingsPerIp: 1_000, upstreamPerIp: 1_000, perIp: 100_000 },
    });
    await proxy.start();
    onTestFinished(() => proxy.stop());
    // Counts what reaches the proxy: every read the cache did not answer.
    let reads = 0;
    const server = serve({
      fetch: (request) => {
        if (new URL(request.url).pathname === '/v1/slots') reads++;
        return proxy.app.fetch(request);
      },
      hostname: '127.0.0.1',
      port: 0,
    });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const varnish = await startVarnish((server.address() as AddressInfo).port, cachePort);
    onTestFinished(() => varnish.stop());

    const { properties } = z
      .object({ properties: z.array(z.object({ id: z.string() })) })
      .parse(await (await fetch(`${varnish.url}/v1/properties?channel=lettings&limit=1`)).json());
    const home = properties[0]?.id ?? '';
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
    const week = `${varnish.url}/v1/slots?propertyId=${home}&from=${today}&days=7`;

    const started = Date.now();
    const bodies = new Set<string>();
    for (let batch = 0; batch < 20; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, async () => {
          const answer = await fetch(week);
          expect(answer.status).toBe(200);
          return answer.text();
        }),
      );
      for (const body of answers) bodies.add(body);
    }
    const ttlMs = 30_000;
    expect(bodies.size).toBe(1);
    expect(reads).toBeGreaterThanOrEqual(1);
    expect(reads).toBeLessThanOrEqual(1 + Math.floor((Date.now() - started) / ttlMs));

    const slot = Slots.parse(JSON.parse([...bodies][0] ?? '{}')).slots[0]?.id;
    if (!slot) throw new Error('the sandbox offers no time this week');
    const booked = await fetch(
      `${varnish.url}/v1/bookings`,
      bookingPost(home, slot, `through-the-cache-${Date.now()}`),
    );
    expect(booked.status).toBe(201);
    const before = reads;
    await expect
      .poll(async () => Slots.parse(await (await fetch(week)).json()).slots.map((s) => s.id), {
        timeout: 1_000,
      })
      .not.toContain(slot);
    expect(reads).toBeGreaterThan(before);
  });
});
