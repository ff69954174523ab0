// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { laterSlots, setupApp, weekSlots } from './fixtures.tsx';

afterEach(cleanup);

const froms = (proxy: ReturnType<typeof setupApp>['proxy']) =>
  proxy.requests('/v1/slots').map((c) => c.url.searchParams.get('from'));

describe('slot step', () => {
  it("groups times by the branch's day and reads dates and times out in full", async () => {
    setupApp({ propertyId: 'p-flat' });
    const wednesday = await screen.findByRole('button', { name: 'Wednesday 1 July 2026, 2 times free' });
    expect(wednesday.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'Wednesday 1 July 2026, 10:00 to 10:30' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Wednesday 1 July 2026, 10:30 to 11:00' })).toBeTruthy();

    // 23:30 UTC on Wednesday is 00:30 on Thursday in London, so it belongs to Thursday.
    const thursday = screen.getByRole('button', { name: 'Thursday 2 July 2026, 1 time free' });
    fireEvent.click(thursday);
    expect(await screen.findByRole('button', { name: 'Thursday 2 July 2026, 00:30 to 01:00' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /10:00 to 10:30/ })).toBeNull();
  });

  it('shows seven days from today, and says so when a day the visitor picks is full', async () => {
    setupApp({ propertyId: 'p-flat' });
    const saturday = await screen.findByRole('button', { name: 'Saturday 4 July 2026, no times free' });
    const days = within(screen.getByRole('grid', { name: /^1\s–\s7 Jul$/ })).getAllByRole('button');
    expect(days.map((d) => d.getAttribute('aria-label')?.split(',')[0])).toEqual([
      'Wednesday 1 July 2026',
      'Thursday 2 July 2026',
      'Friday 3 July 2026',
      'Saturday 4 July 2026',
      'Sunday 5 July 2026',
      'Monday 6 July 2026',
      'Tuesday 7 July 2026',
    ]);
    fireEvent.click(saturday);
    expect(await screen.findByText('There are no free times on Saturday 4 July 2026.')).toBeTruthy();
    expect(saturday.getAttribute('aria-pressed')).toBe('true');
  });

  it('says how many places an open house has left, under its time and when read out', async () => {
    const [first, second, ...rest] = weekSlots;
    setupApp({
      propertyId: 'p-flat',
      proxy: {
        slots: { '2026-07-01': [{ ...first!, placesLeft: 3 }, { ...second!, placesLeft: 1 }, ...rest] },
      },
    });
    const open = await screen.findByRole('button', {
      name: 'Wednesday 1 July 2026, 10:00 to 10:30, 3 places left',
    });
    expect(open.textContent).toBe('10:003 places left');
    expect(
      screen.getByRole('button', { name: 'Wednesday 1 July 2026, 10:30 to 11:00, 1 place left' }),
    ).toBeTruthy();
    // An ordinary time says nothing of places.
    fireEvent.click(screen.getByRole('button', { name: 'Thursday 2 July 2026, 1 time free' }));
    const ordinary = await screen.findByRole('button', { name: 'Thursday 2 July 2026, 00:30 to 01:00' });
    expect(ordinary.textContent).toBe('00:30');
  });

  it('names the time zone the times are in', async () => {
    setupApp({ propertyId: 'p-flat' });
    expect(await screen.findByText('Times shown in British Summer Time (Europe/London)')).toBeTruthy();
  });

  it('pages through weeks, asking for the right dates, and never before this week', async () => {
    const { proxy } = setupApp({ propertyId: 'p-flat' });
    await screen.findByRole('button', { name: 'Wednesday 1 July 2026, 2 times free' });
    const previous = screen.getByRole('button', { name: 'Previous week' });
    expect(previous.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(previous);
    expect(froms(proxy)).toEqual(['2026-07-01']);

    fireEvent.click(screen.getByRole('button', { name: 'Next week' }));
    expect(await screen.findByRole('button', { name: 'Wednesday 8 July 2026, no times free' })).toBeTruthy();
    expect(froms(proxy)).toEqual(['2026-07-01', '2026-07-08']);
    expect(screen.getByRole('button', { name: 'Previous week' }).getAttribute('aria-disabled')).toBe('false');

    fireEvent.click(screen.getByRole('button', { name: 'Previous week' }));
    expect(await screen.findByRole('button', { name: 'Wednesday 1 July 2026, 2 times free' })).toBeTruthy();
    expect(froms(proxy)).toEqual(['2026-07-01', '2026-07-08', '2026-07-01']);
  });

  it('offers a jump to the first free day when the week is full', async () => {
    setupApp({ propertyId: 'p-flat', proxy: { slots: { '2026-07-22': laterSlots } } });
    expect(await screen.findByText('There are no free times this week.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Jump to the first free day' }));
    expect(await screen.findByRole('button', { name: 'Thursday 23 July 2026, 09:00 to 09:30' })).toBeTruthy();
    expect(
      screen.getByRole('button', { name: 'Thursday 23 July 2026, 1 time free' }).getAttribute('aria-pressed'),
    ).toBe('true');
  });

  it('says when nothing is free for weeks', async () => {
    setupApp({ propertyId: 'p-flat', proxy: { slots: {} } });
    fireEvent.click(await screen.findByRole('button', { name: 'Jump to the first free day' }));
    expect(await screen.findByText(/no free times in the next 8 weeks/)).toBeTruthy();
  });

  it('asks for details once a time is chosen, and offers no Back for a preselected property', async () => {
    setupApp({ propertyId: 'p-flat' });
    await screen.findByRole('heading', { name: 'Choose a time' });
    expect(screen.queryByRole('button', { name: 'Back' })).toBeNull();
    fireEvent.click(await screen.findByRole('button', { name: 'Wednesday 1 July 2026, 10:30 to 11:00' }));
    expect(await screen.findByRole('heading', { name: 'Your details' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    const chosen = await screen.findByRole('button', { name: 'Wednesday 1 July 2026, 10:30 to 11:00' });
    expect(chosen.getAttribute('aria-pressed')).toBe('true');
  });

  it('shows a failed load with a way to try again', async () => {
    let failures = 1;
    setupApp({
      propertyId: 'p-flat',
      proxy: {
        routes: {
          '/v1/slots': () =>
            failures-- > 0
              ? { status: 503, body: { error: { code: 'upstream_unavailable', message: 'agentOS down' } } }
              : { status: 200, body: { timeZone: 'Europe/London', slots: weekSlots } },
        },
      },
    });
    const retry = await screen.findByRole('button', { name: 'Try again' });
    expect(retry.parentElement?.textContent).toContain('The booking system is not answering right now.');
    fireEvent.click(retry);
    expect(await screen.findByRole('button', { name: 'Wednesday 1 July 2026, 10:00 to 10:30' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });
});

describe('slot step from the keyboard', () => {
  /** A day's button, not a time on that day. */
  const day = (date: string) =>
    screen.getByRole('button', { name: new RegExp(`^${date}, (no|\\d+) times? free$`) });
  const tabStops = (grid: HTMLElement) =>
    within(grid)
      .getAllByRole('button')
      .filter((b) => b.tabIndex === 0);

  it('moves through the days with the arrow keys, Home and End, with one Tab stop that follows', async () => {
    setupApp({ propertyId: 'p-flat' });
    const wednesday = await screen.findByRole('button', { name: /^Wednesday 1 July 2026, 2 times/ });
    const grid = screen.getByRole('grid', { name: /^1\s–\s7 Jul$/ });
    expect(tabStops(grid)).toEqual([wednesday]);

    wednesday.focus();
    fireEvent.keyDown(wednesday, { key: 'ArrowRight' });
    await waitFor(() => expect(document.activeElement).toBe(day('Thursday 2 July 2026')));
    expect(day('Thursday 2 July 2026').getAttribute('aria-pressed')).toBe('true');
    expect(await screen.findByRole('heading', { name: 'Times on Thursday 2 July 2026' })).toBeTruthy();
    expect(tabStops(grid)).toEqual([day('Thursday 2 July 2026')]);

    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    await waitFor(() => expect(document.activeElement).toBe(day('Tuesday 7 July 2026')));
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    await waitFor(() => expect(document.activeElement).toBe(day('Wednesday 1 July 2026')));
    // Nothing before today: the visitor stays on today's date.
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    fireEvent.keyDown(document.activeElement!, { key: 'PageUp' });
    await new Promise((r) => setTimeout(r, 20));
    expect(document.activeElement).toBe(day('Wednesday 1 July 2026'));
  });

  it('goes on into the next week past the last day, and Page Up and Page Down move a week', async () => {
    const { proxy } = setupApp({ propertyId: 'p-flat' });
    const wednesday = await screen.findByRole('button', { name: /^Wednesday 1 July 2026, 2 times/ });
    wednesday.focus();
    fireEvent.keyDown(wednesday, { key: 'End' });
    await waitFor(() => expect(document.activeElement).toBe(day('Tuesday 7 July 2026')));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    await waitFor(() => expect(document.activeElement).toBe(day('Wednesday 8 July 2026')));
    expect(await screen.findByRole('button', { name: 'Wednesday 8 July 2026, no times free' })).toBe(
      document.activeElement,
    );
    expect(froms(proxy)).toEqual(['2026-07-01', '2026-07-08']);

    fireEvent.keyDown(document.activeElement!, { key: 'PageUp' });
    await waitFor(() => expect(document.activeElement).toBe(day('Wednesday 1 July 2026')));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    await waitFor(() => expect(document.activeElement).toBe(day('Thursday 2 July 2026')));
    fireEvent.keyDown(document.activeElement!, { key: 'PageDown' });
    await waitFor(() => expect(document.activeElement).toBe(day('Thursday 9 July 2026')));
  });

  it('moves through the times with the arrow keys and books the one chosen with Enter', async () => {
    setupApp({ propertyId: 'p-flat' });
    const first = await screen.findByRole('button', { name: 'Wednesday 1 July 2026, 10:00 to 10:30' });
    const second = screen.getByRole('button', { name: 'Wednesday 1 July 2026, 10:30 to 11:00' });
    const times = screen.getByRole('grid', { name: 'Times on Wednesday 1 July 2026' });
    expect(tabStops(times)).toEqual([first]);
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement).toBe(second));
    expect(tabStops(times)).toEqual([second]);
    fireEvent.keyDown(second, { key: 'Home' });
    await waitFor(() => expect(document.activeElement).toBe(first));
    fireEvent.keyDown(first, { key: 'End' });
    await waitFor(() => expect(document.activeElement).toBe(second));
    // Enter on a button is a click.
    fireEvent.click(second);
    expect(await screen.findByRole('heading', { name: 'Your details' })).toBeTruthy();
  });
});
