import { ANY_DAY, expect, test, type Page } from './fixtures.ts';
import { startDemo, type DemoBackend } from '../demo/server.ts';
import { e2eNow } from '../playwright.config.ts';
import { fillDetails, pickFirstFreeTime, widget } from './helpers.ts';

/** Where each emulator shows what was booked in it, as the agency's staff would see it. */
const BOOKED: Record<Exclude<DemoBackend, 'agentos'>, string> = {
  'pexip-engage': '/_sandbox/appointments',
  actuallycare: '/_sandbox/appointments',
  officeplace: '/_sandbox/calendars',
};

/** Resolves with the `viewing:booked` event's detail, as a host page would receive it. */
const bookedEvent = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<{ reference: string }>((resolve) =>
        document.addEventListener(
          'viewing:booked',
          (event) => resolve((event as CustomEvent<{ reference: string }>).detail),
          { once: true },
        ),
      ),
  );

for (const backend of Object.keys(BOOKED) as (keyof typeof BOOKED)[]) {
  test.describe(`the same widget and proxy API in front of ${backend}`, ANY_DAY, () => {
    let demo: Awaited<ReturnType<typeof startDemo>>;
    test.beforeAll(async () => {
      demo = await startDemo({ backend, port: 0, quiet: true, now: e2eNow });
    });
    test.afterAll(async () => demo?.close());

    test(`a visitor books a viewing, and it is in ${backend}`, async ({ page, request }) => {
      const base = demo.url.replace('localhost', '127.0.0.1');
      const { branches } = (await (await request.get(`${base}api/v1/branches`)).json()) as {
        branches: { id: string; timeZone: string }[];
      };
      const { properties } = (await (await request.get(`${base}api/v1/properties?limit=20`)).json()) as {
        properties: { id: string; branchId: string }[];
      };
      let chosen: string | undefined;
      for (const property of properties) {
        const zone = branches.find((b) => b.id === property.branchId)?.timeZone ?? 'UTC';
        const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(e2eNow());
        const { slots } = (await (
          await request.get(
            `${base}api/v1/slots?propertyId=${encodeURIComponent(property.id)}&from=${today}&days=7`,
          )
        ).json()) as { slots: unknown[] };
        if (slots.length > 0) {
          chosen = property.id;
          break;
        }
      }
      expect(chosen, 'a home with free times this week').toBeDefined();

      await page.goto(`${base}properties/${encodeURIComponent(chosen!)}`);
      await pickFirstFreeTime(page);
      const email = `${backend}.visitor@example.org`;
      await fillDetails(
        page,
        { firstName: 'Noor', lastName: 'Haddad', email, phone: '+44 7700 900555' },
        {
          // The demo agency asks a yes-or-no question of lettings (a guarantor) and of sales (a mortgage).
          answer: async (w) => w.getByRole('radio', { name: 'Yes' }).first().check(),
        },
      );
      const w = widget(page);
      await expect(w.getByRole('heading', { name: 'Check and book' })).toBeVisible();
      const booked = bookedEvent(page);
      await w.getByRole('button', { name: 'Book viewing' }).click();
      await expect(w.getByRole('heading', { name: 'Viewing booked' })).toBeVisible();
      const { reference } = await booked;
      await expect(w.getByText(reference, { exact: true })).toBeVisible();

      const upstream = await (await request.get(`${demo.sandboxUrl}${BOOKED[backend]}`)).text();
      expect(upstream).toContain(reference);
      // The answer is in the agent's notes, after its question.
      expect(upstream).toMatch(/\? Yes/);
    });
  });
}
