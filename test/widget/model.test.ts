// @vitest-environment happy-dom
import { webcrypto } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { booking, branches, laterSlots, setupModel, weekSlots } from './fixtures.tsx';

const fill = (model: ReturnType<typeof setupModel>['model']) => {
  model.details.update('firstName', 'Ada');
  model.details.update('lastName', 'Lovelace');
  model.details.update('email', 'ada@example.com');
  model.details.update('phone', '+44 7700 900123');
};

describe('flow model', () => {
  it('asks for a branch when the agency has several', async () => {
    const { model, events } = setupModel();
    await model.start();
    expect(model.step.value).toBe('branch');
    expect(model.branches.value.map((b) => b.name)).toEqual(['Kensington', 'Islington']);
    expect(model.previous.value).toBeNull();
    expect(events.slice(0, 2)).toEqual([{ type: 'ready' }, { type: 'step', step: 'branch' }]);
  });

  it('skips the branch step when there is only one branch', async () => {
    const { model, proxy } = setupModel({ proxy: { branches: [branches[0]!] } });
    await model.start();
    await vi.waitFor(() => expect(model.propertiesLoaded.value).toBe(true));
    expect(model.step.value).toBe('property');
    expect(model.steps.value).toEqual(['property', 'slot', 'details', 'confirm']);
    expect(model.previous.value).toBeNull();
    expect(proxy.requests('/v1/properties')[0]?.url.searchParams.get('branchId')).toBe('br-ken');
  });

  it('skips the branch step when a branch is preselected', async () => {
    const { model, proxy } = setupModel({ branchId: 'br-isl' });
    await model.start();
    await vi.waitFor(() => expect(model.propertiesLoaded.value).toBe(true));
    expect(model.step.value).toBe('property');
    expect(model.properties.value.map((p) => p.id)).toEqual(['p-isl']);
    expect(proxy.requests('/v1/properties')[0]?.url.searchParams.get('branchId')).toBe('br-isl');
  });

  it('starts a preselected property at its times, with no way back to a list it never showed', async () => {
    const { model, proxy } = setupModel({ propertyId: 'p-flat' });
    await model.start();
    await vi.waitFor(() => expect(model.week.loaded.value).toBe(true));
    expect(model.step.value).toBe('slot');
    expect(model.property.value?.title).toBe('Two-bed flat, Abingdon Road');
    expect(model.branch.value?.name).toBe('Kensington');
    expect(model.previous.value).toBeNull();
    expect(proxy.requests('/v1/properties/p-flat')).toHaveLength(1);
  });

  it("counts today and groups days in the branch's zone, not the visitor's", async () => {
    // 23:30 UTC on 1 July is already 2 July in London.
    const { model, proxy } = setupModel({
      propertyId: 'p-flat',
      now: () => new Date('2026-07-01T23:30:00Z'),
      proxy: { slots: { '2026-07-02': weekSlots } },
    });
    await model.start();
    await vi.waitFor(() => expect(model.week.loaded.value).toBe(true));
    expect(proxy.requests('/v1/slots')[0]?.url.searchParams.get('from')).toBe('2026-07-02');
    const thursday = model.week.days.value.find((d) => d.day === '2026-07-02');
    expect(thursday?.slots.map((s) => s.id)).toEqual(['s-late']);
  });

  it('keeps the chosen slot and typed details when the visitor goes back', async () => {
    const { model } = setupModel({ branchId: 'br-ken' });
    await model.start();
    await vi.waitFor(() => expect(model.propertiesLoaded.value).toBe(true));
    model.chooseProperty('p-flat');
    await vi.waitFor(() => expect(model.week.loaded.value).toBe(true));
    model.chooseSlot('s-wed-1000');
    fill(model);
    model.back();
    expect(model.step.value).toBe('slot');
    expect(model.slot.value?.id).toBe('s-wed-1000');
    model.back();
    expect(model.step.value).toBe('property');
    model.chooseProperty('p-flat');
    expect(model.slot.value?.id).toBe('s-wed-1000');
    expect(model.details.guest.value.firstName).toBe('Ada');
    expect(model.details.guest.value.email).toBe('ada@example.com');
  });

  it('probes week after week for the first free day', async () => {
    const { model, proxy } = setupModel({
      propertyId: 'p-flat',
      proxy: { slots: { '2026-07-22': laterSlots } },
    });
    await model.start();
    await vi.waitFor(() => expect(model.week.loaded.value).toBe(true));
    await model.week.jumpToFirstFree();
    expect(proxy.requests('/v1/slots').map((c) => c.url.searchParams.get('from'))).toEqual([
      '2026-07-01',
      '2026-07-08',
      '2026-07-15',
      '2026-07-22',
    ]);
    expect(model.week.start.value).toBe('2026-07-22');
    expect(model.week.selectedDay.value).toBe('2026-07-23');
  });

  it('gives up after eight empty weeks and says so', async () => {
    const { model, proxy } = setupModel({ propertyId: 'p-flat', proxy: { slots: {} } });
    await model.start();
    await vi.waitFor(() => expect(model.week.loaded.value).toBe(true));
    await model.week.jumpToFirstFree();
    expect(proxy.requests('/v1/slots')).toHaveLength(9);
    expect(model.week.noFreeSoon.value).toBe(true);
  });

  it('reuses the idempotency key on a retry and renews it when details change', async () => {
    const { model, proxy, events } = setupModel({
      propertyId: 'p-flat',
      proxy: {
        bookings: [
          'network',
          { status: 503, body: { error: { code: 'upstream_unavailable', message: 'down' } } },
          { status: 201, body: { booking } },
        ],
      },
    });
    await model.start();
    await vi.waitFor(() => expect(model.week.loaded.value).toBe(true));
    model.chooseSlot('s-wed-1000');
    fill(model);
    expect(model.submitDetails()).toBeNull();
    await model.book();
    expect(model.error.value?.code).toBe('network');
    await model.book();
    expect(model.error.value?.code).toBe('upstream_unavailable');
    model.details.update('phone', '+44 7700 900999');
    await model.book();
    const keys = proxy.requests('/v1/bookings').map((c) => c.headers.get('Idempotency-Key'));
    expect(keys[0]).toMatch(/^[\w.:-]{8,}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(model.step.value).toBe('done');
    expect(events).toContainEqual({
      type: 'booked',
      reference: 'VW-7K2Q9',
      propertyId: 'p-flat',
      start: '2026-07-01T10:00:00+01:00',
    });
  });

  it('sends the form token asked for when the home’s times were shown, and an empty hidden field not at all', async () => {
    const { model, proxy } = setupModel({ propertyId: 'p-flat' });
    await model.start();
    await vi.waitFor(() => expect(model.week.loaded.value).toBe(true));
    model.chooseSlot('s-wed-1000');
    fill(model);
    model.submitDetails();
    await model.book();
    expect(model.step.value).toBe('done');
    const body = proxy.requests('/v1/bookings')[0]?.body as { formToken?: string; website?: string };
    expect(body.formToken).toBe('issued-for-p-flat');
    expect(body.website).toBeUndefined();
  });

  it('asks for a form token once per home, not with every week it shows, and not one to cache', async () => {
    const { model, proxy } = setupModel({ propertyId: 'p-flat' });
    await model.start();
    await vi.waitFor(() => expect(model.week.loaded.value).toBe(true));
    model.week.next();
    await vi.waitFor(() => expect(proxy.requests('/v1/slots')).toHaveLength(2));
    const asked = proxy.requests('/v1/form-token');
    expect(asked.map((call) => call.url.searchParams.get('propertyId'))).toEqual(['p-flat']);
    // The free times carry nothing of one visitor's: every visitor's read is the same URL and answer.
    expect(
      proxy
        .requests('/v1/slots')
        .every((call) => [...call.url.searchParams.keys()].sort().join() === 'days,from,propertyId'),
    ).toBe(true);
  });

  it('sends what a script typed into the hidden field, so the proxy can refuse it', async () => {
    const { model, proxy } = setupModel({ propertyId: 'p-flat' });
    await model.start();
    await vi.waitFor(() => expect(model.week.loaded.value).toBe(true));
    model.chooseSlot('s-wed-1000');
    fill(model);
    model.details.setTrap('https://spam.example');
    model.submitDetails();
    await model.book();
    const body = proxy.requests('/v1/bookings')[0]?.body as { website?: string };
    expect(body.website).toBe('https://spam.example');
  });

  it('still sends a fresh key on pages without crypto.randomUUID (plain http)', async () => {
    vi.stubGlobal('crypto', { getRandomValues: (bytes: Uint8Array) => webcrypto.getRandomValues(bytes) });
    try {
      const { model, proxy } = setupModel({ propertyId: 'p-flat', proxy: { bookings: ['network'] } });
      await model.start();
      await vi.waitFor(() => expect(model.week.loaded.value).toBe(true));
      model.chooseSlot('s-wed-1000');
      fill(model);
      model.submitDetails();
      await model.book();
      model.chooseSlot('s-wed-1030');
      await model.book();
      const [first, second] = proxy.requests('/v1/bookings').map((c) => c.headers.get('Idempotency-Key'));
      expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(second).toMatch(/^[0-9a-f]{8}-/);
      expect(second).not.toBe(first);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('flow model: what the host page adds', () => {
  it('prefills the details the page knows, without overwriting what the visitor typed', async () => {
    const { model } = setupModel({ propertyId: 'p-flat' });
    model.details.update('email', 'typed@example.com');
    model.details.prefill({
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'page@example.com',
      phone: ' 07700 900123 ',
    });
    expect(model.details.guest.value).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'typed@example.com',
      phone: '07700 900123',
    });
  });

  it("sends where the visitor came from as the booking's source, and the visitor's words as they wrote them", async () => {
    const source = { page: 'https://agency.example/homes', utm_source: 'newsletter', gclid: 'Cj0KCQ' };
    const { model, proxy } = setupModel({ propertyId: 'p-flat', source });
    await model.start();
    await vi.waitFor(() => expect(model.week.loaded.value).toBe(true));
    model.chooseSlot('s-wed-1000');
    fill(model);
    model.details.update('message', 'Can I bring my dog?');
    model.submitDetails();
    await model.book();
    expect(proxy.requests('/v1/bookings')[0]?.body).toMatchObject({ message: 'Can I bring my dog?', source });
  });

  it('moves to a day in the next week by loading it, and never before today', async () => {
    const { model, proxy } = setupModel({ propertyId: 'p-flat' });
    await model.start();
    await vi.waitFor(() => expect(model.week.loaded.value).toBe(true));
    expect(model.week.moveToDay('2026-06-30')).toBe(false);
    expect(model.week.moveToDay('2026-07-09')).toBe(true);
    expect(model.week.selectedDay.value).toBe('2026-07-09');
    await vi.waitFor(() => expect(model.week.loaded.value).toBe(true));
    // A full day the visitor moved to stays chosen: they see it has no times rather than being moved on.
    expect(model.week.selectedDay.value).toBe('2026-07-09');
    expect(proxy.requests('/v1/slots').map((c) => c.url.searchParams.get('from'))).toEqual([
      '2026-07-01',
      '2026-07-08',
    ]);
  });
});
