import { expect, test } from './fixtures.ts';
import { confirmBooking, diary, fillDetails, pickFirstFreeTime, uniqueSurname } from './helpers.ts';

test('with analytics="datalayer" the page\'s tag manager hears each step and the booking, never who booked; where the visitor came from reaches the agent', async ({
  page,
  request,
}) => {
  await page.goto(
    '/examples/analytics?utm_source=newsletter&utm_campaign=spring-lettings&gclid=Cj0KCQiA&email=x%40y.z',
  );
  const w = page.locator('viewing-widget');
  await w.getByRole('button', { name: /^Bath/ }).click();
  await w
    .getByRole('button', { name: /^Book a viewing of / })
    .nth(1)
    .click();
  const lastName = uniqueSurname('Tagged');
  // The day's last time, away from the first times other tests book on the same server.
  await pickFirstFreeTime(w, { which: 'last' });
  await fillDetails(w, {
    firstName: 'Nadia',
    lastName,
    email: `nadia.${lastName.toLowerCase()}@example.org`,
    phone: '07700 900246',
  });
  const reference = await confirmBooking(w);
  const entry = (await diary(request)).find((e) => e.reference === reference);

  const layer: unknown[] = await page.evaluate(() => window.dataLayer ?? []);
  expect(layer).toEqual([
    { event: 'gtm.js' },
    { event: 'viewing_step', viewing_step: 'branch' },
    { event: 'viewing_step', viewing_step: 'property' },
    { event: 'viewing_step', viewing_step: 'slot' },
    { event: 'viewing_step', viewing_step: 'details' },
    { event: 'viewing_step', viewing_step: 'confirm' },
    { event: 'viewing_step', viewing_step: 'done' },
    { event: 'viewing_booked', viewing_reference: reference, viewing_property_id: entry?.propertyIds[0] },
  ]);
  expect(JSON.stringify(layer)).not.toMatch(new RegExp(`Nadia|${lastName}|example\\.org|07700`, 'i'));

  // The page, without its query (which held an email address), and its tags: in the agent's notes, after the
  // visitor's words, not in them.
  expect(entry?.comments).toContain(
    `Came from: ${new URL('/examples/analytics', page.url()).href}, utm_source=newsletter, utm_campaign=spring-lettings, gclid=Cj0KCQiA`,
  );
  expect(entry?.comments).not.toContain('x@y.z');
});
