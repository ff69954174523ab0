// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ManagedViewing } from '../../src/contract/index.ts';
import { enGB } from '../../widget/i18n/en-GB.ts';
import { createManageApi } from '../../widget/manage/api.ts';
import { manageEnGB } from '../../widget/manage/i18n/en-GB.ts';
import { createManageModel } from '../../widget/manage/model.ts';
import { ManageView } from '../../widget/manage/ManageView.tsx';
import { Grid } from '../../widget/steps/Grid.tsx';
import { WeekPicker } from '../../widget/week/WeekPicker.tsx';
import { booking, branches, fakeProxy, NOW, properties, setupApp } from './fixtures.tsx';

// Each is the real component, wrapped so a test can count how often it is drawn.
vi.mock('../../widget/week/WeekPicker.tsx', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../widget/week/WeekPicker.tsx')>();
  return { ...real, WeekPicker: vi.fn(real.WeekPicker) };
});
vi.mock('../../widget/steps/Grid.tsx', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../widget/steps/Grid.tsx')>();
  return { ...real, Grid: vi.fn(real.Grid) };
});

const draws = () => ({
  picker: vi.mocked(WeekPicker).mock.calls.length,
  grids: vi.mocked(Grid).mock.calls.length,
});

beforeEach(() => {
  vi.mocked(WeekPicker).mockClear();
  vi.mocked(Grid).mockClear();
});
afterEach(cleanup);

/** Lets every signal-driven redraw that is due happen. */
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 20)));

describe('the week picker redraws alone', () => {
  it('details the host page fills in while the visitor picks a time leave the week as it is', async () => {
    const { model } = setupApp({ propertyId: 'p-flat' });
    await screen.findByRole('button', { name: 'Wednesday 1 July 2026, 2 times free' });
    await settle();
    const before = draws();

    model.details.prefill({ email: 'ada@example.com', firstName: 'Ada' });
    await settle();
    expect(draws()).toEqual(before);
    expect(model.details.values.email.value).toBe('ada@example.com');

    // The counting itself works: a day chosen is drawn.
    fireEvent.click(screen.getByRole('button', { name: 'Thursday 2 July 2026, 1 time free' }));
    await screen.findByRole('heading', { name: 'Times on Thursday 2 July 2026' });
    expect(draws().grids).toBeGreaterThan(before.grids);
  });
});

/** Ada's viewing on Friday 3 July at 14:00, changeable, as the proxy describes it to her manage link. */
const viewing: ManagedViewing = {
  booking: { ...booking, start: '2026-07-03T14:00:00+01:00', end: '2026-07-03T14:30:00+01:00' },
  property: properties[0]!,
  branch: branches[0]!,
  phase: 'changeable',
  changeableUntil: '2026-07-03T12:00:00+01:00',
  consent: { marketing: false, wording: enGB.marketing, at: '2026-07-01T09:00:00+01:00' },
  feedbackGiven: false,
};

function setupManage() {
  const proxy = fakeProxy({ routes: { '/v1/bookings/tok': () => ({ status: 200, body: viewing }) } });
  const model = createManageModel({
    api: createManageApi('http://proxy.test/api/', 'tok', proxy.fetch),
    t: enGB,
    m: manageEnGB,
    locale: 'en-GB',
    now: () => NOW,
  });
  render(<ManageView model={model} />);
  void model.load();
  return { proxy };
}

/** What a visitor meets in the week picker: the week, its days as read out, and where Tab lands. */
function weekAsSeen() {
  const grid = screen.getByRole('grid', { name: /Jul$/ });
  const days = within(grid).getAllByRole('button');
  return {
    week: document.getElementById(grid.getAttribute('aria-labelledby') ?? '')?.textContent,
    days: days.map((d) => d.getAttribute('aria-label')),
    pressed: days.filter((d) => d.getAttribute('aria-pressed') === 'true').map((d) => d.textContent),
    tabStops: days.filter((d) => d.tabIndex === 0).length,
    zone: document.querySelector('.zone')?.textContent,
  };
}

/** From the week's first day: End, then one step on into the next week, as a keyboard user would. */
async function keyIntoNextWeek() {
  const first = screen.getByRole('button', { name: /^Wednesday 1 July 2026, \d+ times? free$/ });
  first.focus();
  fireEvent.keyDown(first, { key: 'End' });
  await waitFor(() =>
    expect(document.activeElement?.getAttribute('aria-label')).toMatch(/^Tuesday 7 July 2026/),
  );
  fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
  await waitFor(() =>
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Wednesday 8 July 2026, no times free'),
  );
}

describe('the week picker in the manage view', () => {
  it("shows a week as the booking flow does, less the viewing's own time", async () => {
    setupApp({ propertyId: 'p-flat' });
    await screen.findByRole('button', { name: 'Wednesday 1 July 2026, 2 times free' });
    const inFlow = weekAsSeen();
    cleanup();

    setupManage();
    fireEvent.click(await screen.findByRole('button', { name: 'Choose another time' }));
    await screen.findByRole('button', { name: 'Wednesday 1 July 2026, 2 times free' });
    const inManage = weekAsSeen();

    // Friday's one free time is the viewing's own, so it is not offered as somewhere to move it.
    const friday = (days: (string | null)[]) => days.map((d) => (d?.startsWith('Friday') ? 'Friday' : d));
    expect({ ...inManage, days: friday(inManage.days) }).toEqual({ ...inFlow, days: friday(inFlow.days) });
    expect(inFlow.days).toContain('Friday 3 July 2026, 1 time free');
    expect(inManage.days).toContain('Friday 3 July 2026, no times free');
  });

  it('moves through the days from the keyboard and on into the next week, as in the booking flow', async () => {
    const { proxy } = setupManage();
    fireEvent.click(await screen.findByRole('button', { name: 'Choose another time' }));
    await screen.findByRole('button', { name: 'Wednesday 1 July 2026, 2 times free' });
    await keyIntoNextWeek();
    expect(proxy.requests('/v1/slots').map((c) => c.url.searchParams.get('from'))).toEqual([
      '2026-07-01',
      '2026-07-08',
    ]);
    expect(screen.getByRole('button', { name: 'Previous week' }).getAttribute('aria-disabled')).toBe('false');
  });
});
