import { afterEach, describe, expect, it } from 'vitest';
import { guest, NOW, startHarness, TODAY, type Harness } from './harness.ts';

let harness: Harness;
afterEach(() => harness?.stop());

/** The home's form token, as the widget asks for it when the home's times are shown. */
const tokenFor = async (propertyId: string) =>
  (await harness.json<{ formToken?: string }>(`/v1/form-token?propertyId=${propertyId}`)).body;

/** The proxy with the form checks on, and a clock the test moves. */
async function withFormCheck() {
  let clock = NOW.getTime();
  harness = await startHarness({
    proxy: { now: () => new Date(clock), formCheck: { minFillMs: 3_000, secret: 'form-check-test-secret' } },
  });
  const { body } = await harness.json<{ properties: { id: string }[] }>('/v1/properties?channel=lettings');
  const propertyId = body.properties[0]?.id ?? '';
  const shown = await harness.json<{ slots: { id: string }[] }>(
    `/v1/slots?propertyId=${propertyId}&from=${TODAY}&days=7`,
  );
  const slotId = shown.body.slots[0]?.id ?? '';
  return {
    formToken: (await tokenFor(propertyId)).formToken,
    request: (extra: Record<string, unknown>) => ({
      propertyId,
      slotId,
      guest,
      consent: { marketing: false },
      ...extra,
    }),
    wait: (ms: number) => (clock += ms),
  };
}

const diaryPosts = () => harness.emulator.diary().length;

describe('bookings sent by scripts', () => {
  it('gives a form token for a home on its own, never cached, and none for a home that is not advertised', async () => {
    const form = await withFormCheck();
    expect(form.formToken).toMatch(/^\d+\.[\w-]+$/);
    const answer = await harness.call(`/v1/form-token?propertyId=${String(form.request({}).propertyId)}`);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const unknown = await harness.json<{ error?: { code: string } }>(
      '/v1/form-token?propertyId=no-such-home',
    );
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, 'not_found']);
    const missing = await harness.json<{ error?: { code: string } }>('/v1/form-token');
    expect([missing.status, missing.body.error?.code]).toEqual([422, 'invalid_request']);
  });

  it('refuses a booking whose hidden field was filled in, and books nothing', async () => {
    const form = await withFormCheck();
    form.wait(10_000);
    const { status, body } = await harness.book(
      form.request({ formToken: form.formToken, website: 'https://spam.example' }),
    );
    expect(status).toBe(400);
    expect(body.error?.code).toBe('looks_automated');
    expect(diaryPosts()).toBe(0);
  });

  it('refuses a booking without a form token, or with a made-up one', async () => {
    const form = await withFormCheck();
    form.wait(10_000);
    for (const formToken of [undefined, `${NOW.getTime() - 60_000}.forged-mac-value`, 'not-a-token']) {
      const { status, body } = await harness.book(form.request(formToken ? { formToken } : {}));
      expect(status).toBe(400);
      expect(body.error?.code).toBe('looks_automated');
    }
    expect(diaryPosts()).toBe(0);
  });

  it('holds a booking sent quicker than a person types until the form is old enough, then makes it', async () => {
    const form = await withFormCheck();
    form.wait(1_000);
    let answered = false;
    const pending = harness
      .book(form.request({ formToken: form.formToken }))
      .finally(() => (answered = true));
    // The proxy's clock is the test's: move it on while the booking is held, as real time would.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(answered).toBe(false);
    expect(diaryPosts()).toBe(0);
    const made = await pending;
    expect(made.status).toBe(201);
    expect(made.body.booking?.reference).toBeTruthy();
    expect(diaryPosts()).toBe(1);
  });

  it('treats a retry with a newer form token as the same booking, not a different one', async () => {
    const form = await withFormCheck();
    form.wait(5_000);
    const first = await harness.book(form.request({ formToken: form.formToken }), 'retry-key');
    expect(first.status).toBe(201);
    const { formToken } = await tokenFor(String(form.request({}).propertyId));
    form.wait(5_000);
    const again = await harness.book(form.request({ formToken }), 'retry-key');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.booking?.reference).toBe(first.body.booking?.reference);
  });
});

describe('a form token', () => {
  it('books only the property whose free times it came with', async () => {
    const form = await withFormCheck();
    form.wait(10_000);
    const { body } = await harness.json<{ properties: { id: string }[] }>('/v1/properties?channel=lettings');
    const other = body.properties[1]!.id;
    const slots = await harness.json<{ slots: { id: string }[] }>(
      `/v1/slots?propertyId=${other}&from=${TODAY}&days=7`,
    );
    const elsewhere = await harness.book(
      form.request({ formToken: form.formToken, propertyId: other, slotId: slots.body.slots[0]!.id }),
    );
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error?.code).toBe('looks_automated');
    expect(diaryPosts()).toBe(0);
  });

  it('serves a visitor who meets a few taken times, then no more bookings', async () => {
    const form = await withFormCheck();
    form.wait(10_000);
    const answers: number[] = [];
    for (let n = 0; n < 6; n++) {
      const { status } = await harness.book(
        form.request({
          formToken: form.formToken,
          guest: { ...guest, email: `script.${'abcdef'[n]}@example.org` },
        }),
      );
      answers.push(status);
    }
    // The first books the time, the next four are told it is taken, the sixth is refused as a script's.
    expect(answers).toEqual([201, 409, 409, 409, 409, 400]);
    expect(diaryPosts()).toBe(1);
  });
});
