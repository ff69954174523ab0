import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ErrorResponse } from '../../src/contract/index.ts';
import { createActuallyCareEmulator } from '../../src/sandbox/actuallycare/index.ts';
import { VARIANTS } from '../../src/sandbox/actuallycare/emulator.ts';
import {
  NOW,
  SECRET,
  branchAgents,
  everyoneBusy,
  startHarness as startAt,
  type Harness,
} from './actuallycare-harness.ts';

let harness: Harness | undefined;
afterEach(() => harness?.stop());

const Acknowledged = z.object({ ok: z.literal(true), outcome: z.enum(['refresh', 'ignored']) });

const post = (h: Harness, body: string, headers: Record<string, string>) =>
  h.call('/v1/webhooks/actuallycare', { method: 'POST', headers, body });

async function tehachapiHome(h: Harness) {
  const property = (await h.properties('tehachapi'))[0];
  if (!property) throw new Error('no Tehachapi property');
  return property;
}

/** An appointment of a Tehachapi agent, to put in a delivery. */
function appointmentOf(h: Harness, branchId: string) {
  const agent = branchAgents(h, branchId)[0];
  const appointment = h.emulator.appointments().find((row) => row.userId === agent);
  if (!appointment) throw new Error('no appointment');
  return appointment;
}

// The payload's envelope is not published: the proxy is run against each shape the emulator can send.
describe.each(VARIANTS.webhookPayload)('ActuallyCare webhooks (appointment %s)', (shape) => {
  const startHarness = (options: Parameters<typeof startAt>[0] = {}) =>
    startAt({ ...options, emulator: { variants: { webhookPayload: shape }, ...options.emulator } });

  it('refreshes the free times of the agent’s properties: the next visitor sees the new appointment', async () => {
    harness = await startHarness();
    const property = await tehachapiHome(harness);
    const before = await harness.slots(property.id);
    const target = before.slots.find((slot) => slot.start.startsWith('2026-07-08T11:00'))!;
    harness.emulator.resetRequestCount();
    await harness.slots(property.id);
    expect(harness.emulator.requestCount('/v1/appointments')).toBe(0);

    // Staff fill every Tehachapi calendar at 11:00 in the CRM; ActuallyCare tells the proxy.
    await everyoneBusy(harness, branchAgents(harness, 'tehachapi'), target.start, target.end);
    await harness.emulator.webhooksSettled();
    expect(harness.emulator.webhookDeliveries().every((delivery) => delivery.status === 200)).toBe(true);

    const after = await harness.slots(property.id);
    expect(harness.emulator.requestCount('/v1/appointments')).toBeGreaterThan(0);
    expect(after.slots.some((slot) => slot.start === target.start)).toBe(false);
  });

  it('refreshes only the properties the agent shows, leaving the other branch’s cached', async () => {
    harness = await startHarness();
    const tehachapi = await tehachapiHome(harness);
    const bakersfield = (await harness.properties('bakersfield'))[0]!;
    await harness.slots(tehachapi.id);
    await harness.slots(bakersfield.id);
    harness.emulator.resetRequestCount();
    const signed = harness.emulator.signWebhook('appointment.updated', appointmentOf(harness, 'tehachapi'));
    const answer = await post(harness, signed.body, signed.headers);
    expect(Acknowledged.parse(await answer.json()).outcome).toBe('refresh');
    await harness.slots(bakersfield.id);
    expect(harness.emulator.requestCount('/v1/appointments')).toBe(0);
    await harness.slots(tehachapi.id);
    expect(harness.emulator.requestCount('/v1/appointments')).toBeGreaterThan(0);
  });

  it('refuses a delivery whose signature does not match the body, and keeps serving what it had', async () => {
    harness = await startHarness();
    const property = await tehachapiHome(harness);
    await harness.slots(property.id);
    harness.emulator.resetRequestCount();
    const signed = harness.emulator.signWebhook('appointment.created', appointmentOf(harness, 'tehachapi'));
    const forged = [
      {
        ...signed.headers,
        'x-webhook-signature': `sha256=${createHmac('sha256', 'guessed-secret').update(signed.body).digest('hex')}`,
      },
      { ...signed.headers, 'x-webhook-signature': 'sha256=abc' },
      Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== 'x-webhook-signature')),
    ];
    for (const headers of forged) {
      const answer = await post(harness, signed.body, headers);
      expect(answer.status).toBe(401);
      expect(ErrorResponse.parse(await answer.json()).error.code).toBe('unauthorized');
    }
    // The body itself changed after signing: one byte is enough.
    const tampered = await post(harness, signed.body.replace('appointment', 'appointmenT'), signed.headers);
    expect(tampered.status).toBe(401);
    await harness.slots(property.id);
    expect(harness.emulator.requestCount('/v1/appointments')).toBe(0);
  });

  it('refuses a delivery more than five minutes old, or from the future', async () => {
    harness = await startHarness();
    const appointment = appointmentOf(harness, 'tehachapi');
    const stale = harness.emulator.signWebhook('appointment.updated', appointment, {
      at: new Date(NOW.getTime() - 5 * 60_000 - 1_000),
    });
    const ahead = harness.emulator.signWebhook('appointment.updated', appointment, {
      at: new Date(NOW.getTime() + 10 * 60_000),
    });
    const recent = harness.emulator.signWebhook('appointment.updated', appointment, {
      at: new Date(NOW.getTime() - 4 * 60_000),
    });
    expect((await post(harness, stale.body, stale.headers)).status).toBe(401);
    expect((await post(harness, ahead.body, ahead.headers)).status).toBe(401);
    expect((await post(harness, recent.body, recent.headers)).status).toBe(200);
  });

  it('refuses an old delivery replayed with a fresh timestamp header, since the body’s own time is signed', async () => {
    harness = await startHarness();
    const old = harness.emulator.signWebhook('appointment.updated', appointmentOf(harness, 'tehachapi'), {
      at: new Date(NOW.getTime() - 60 * 60_000),
    });
    const replayed = { ...old.headers, 'x-webhook-timestamp': String(NOW.getTime() / 1000) };
    const answer = await post(harness, old.body, replayed);
    expect(answer.status).toBe(401);
  });

  it('acts once on a delivery with no time of its own, however fresh the timestamp header it is sent again with', async () => {
    harness = await startHarness();
    const property = await tehachapiHome(harness);
    await harness.slots(property.id);
    const appointment = { id: appointmentOf(harness, 'tehachapi').id, status: 'scheduled' };
    const body = JSON.stringify({
      event: 'appointment.updated',
      data: shape === 'flat' ? appointment : { appointment },
    });
    const sent = (at: Date) =>
      post(harness!, body, {
        'x-webhook-event': 'appointment.updated',
        'x-webhook-timestamp': String(at.getTime() / 1000),
        'x-webhook-signature': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
      });
    expect(Acknowledged.parse(await (await sent(NOW)).json()).outcome).not.toBe('ignored');
    await harness.slots(property.id);
    harness.emulator.resetRequestCount();
    // Captured and sent again later under a fresh header: acknowledged, and nothing is read again.
    const replay = await sent(new Date(NOW.getTime() + 60_000));
    expect(Acknowledged.parse(await replay.json()).outcome).toBe('ignored');
    await harness.slots(property.id);
    expect(harness.emulator.requestCount('/v1/appointments')).toBe(0);
  });

  it('acknowledges events that change no free times without refreshing anything', async () => {
    harness = await startHarness();
    const staff = harness.emulator.agents().find((agent) => agent.role === 'broker')!;
    const brokers = harness.emulator.appointments().find((row) => row.userId === staff.id)!;
    const signed = harness.emulator.signWebhook('appointment.created', brokers);
    expect(Acknowledged.parse(await (await post(harness, signed.body, signed.headers)).json()).outcome).toBe(
      'ignored',
    );
    const body = JSON.stringify({
      id: 'evt_1',
      event: 'listing.updated',
      data: {},
      timestamp: NOW.toISOString(),
    });
    const headers = {
      'x-webhook-event': 'listing.updated',
      'x-webhook-timestamp': String(NOW.getTime() / 1000),
      'x-webhook-signature': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
    };
    expect(Acknowledged.parse(await (await post(harness, body, headers)).json()).outcome).toBe('ignored');
  });

  it('answers 400 for a signed body that is not an ActuallyCare event', async () => {
    harness = await startHarness();
    for (const body of ['not json', JSON.stringify({ hello: 'world' })]) {
      const headers = {
        'x-webhook-timestamp': String(NOW.getTime() / 1000),
        'x-webhook-signature': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
      };
      expect((await post(harness, body, headers)).status).toBe(400);
    }
  });

  it('refuses every delivery when no signing secret is configured', async () => {
    const settings = createActuallyCareEmulator({ now: () => NOW }).sandboxSettings();
    harness = await startHarness({ backend: { ...settings, webhookSecret: undefined } });
    const signed = harness.emulator.signWebhook('appointment.created', appointmentOf(harness, 'tehachapi'));
    expect((await post(harness, signed.body, signed.headers)).status).toBe(401);
  });

  it('refreshes every property when a delivery does not say whose calendar changed', async () => {
    harness = await startHarness();
    const property = await tehachapiHome(harness);
    await harness.slots(property.id);
    harness.emulator.resetRequestCount();
    const appointment = { id: appointmentOf(harness, 'tehachapi').id, status: 'scheduled' };
    const body = JSON.stringify({
      id: 'evt_anonymous',
      event: 'appointment.updated',
      data: shape === 'flat' ? appointment : { appointment },
      timestamp: NOW.toISOString(),
    });
    const headers = {
      'x-webhook-event': 'appointment.updated',
      'x-webhook-timestamp': String(NOW.getTime() / 1000),
      'x-webhook-signature': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
    };
    const answer = Acknowledged.parse(await (await post(harness, body, headers)).json());
    expect(answer.outcome).toBe('refresh');
    await harness.slots(property.id);
    expect(harness.emulator.requestCount('/v1/appointments')).toBeGreaterThan(0);
  });
});
