import { afterEach, describe, expect, it } from 'vitest';
import { NOW, startHarness, TODAY, type Harness } from './harness.ts';

let harness: Harness | undefined;
afterEach(() => harness?.stop());

const DAY_MS = 86_400_000;

async function firstProperty(h: Harness): Promise<string> {
  const { body } = await h.json<{ properties: { id: string }[] }>('/v1/properties?channel=lettings');
  const id = body.properties[0]?.id;
  if (!id) throw new Error('the sandbox has no property');
  return id;
}

describe('free times answered again from the text kept for them', () => {
  it('are not kept past the branch’s day: a window that has fallen behind is refused', async () => {
    let now = NOW;
    // Times kept fresh for a week, so only the change of day can end the kept answer.
    harness = await startHarness({ proxy: { now: () => now, slotsTtlMs: 7 * DAY_MS } });
    const path = `/v1/slots?propertyId=${await firstProperty(harness)}&from=${TODAY}&days=7`;
    expect((await harness.json(path)).status).toBe(200);
    expect((await harness.json(path)).status).toBe(200);
    now = new Date(NOW.getTime() + 2 * DAY_MS);
    const later = await harness.json<{ error: { code: string; fields: Record<string, string> } }>(path);
    expect(later.status).toBe(422);
    expect(later.body.error.code).toBe('invalid_request');
    expect(Object.keys(later.body.error.fields)).toEqual(['from']);
  });
});
