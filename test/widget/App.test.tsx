// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { branches, setupApp } from './fixtures.tsx';

afterEach(cleanup);

const liveRegion = () => document.querySelector('[aria-live="polite"]');

describe('widget shell', () => {
  it('does not take focus from the host page while it loads', async () => {
    setupApp({ proxy: { branches: [branches[0]!] } });
    await screen.findByRole('heading', { name: 'Two-bed flat, Abingdon Road' });
    expect(document.activeElement).toBe(document.body);
  });

  it("moves focus to the new step's heading once the visitor acts, and announces the step", async () => {
    setupApp();
    const button = await screen.findByRole('button', { name: /Kensington/ });
    fireEvent.pointerDown(button);
    fireEvent.click(button);
    const heading = await screen.findByRole('heading', { name: 'Choose a property' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(heading.getAttribute('tabindex')).toBe('-1');
    expect(liveRegion()?.textContent).toBe('Step 2 of 5: Choose a property');
    expect(screen.getByText('Step 2 of 5')).toBeTruthy();
  });

  it('shows a failed start with a message and a Try again that loads again', async () => {
    let failures = 1;
    const { events } = setupApp({
      proxy: {
        routes: {
          '/v1/branches': () =>
            failures-- > 0
              ? { status: 429, body: { error: { code: 'rate_limited', message: 'Slow down' } } }
              : { status: 200, body: { branches } },
        },
      },
    });
    const retry = await screen.findByRole('button', { name: 'Try again' });
    expect(liveRegion()?.textContent).toBe(
      'Lots of people are booking right now. Please wait a moment and try again.',
    );
    expect(events).toContainEqual({ type: 'error', code: 'rate_limited', message: 'Slow down' });
    fireEvent.click(retry);
    expect(await screen.findByRole('button', { name: /Islington/ })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('shows that it is loading', async () => {
    setupApp({
      proxy: { routes: { '/v1/branches': () => new Promise(() => undefined) } },
    });
    expect(await screen.findByText('Loading…')).toBeTruthy();
  });

  it('explains an answer it cannot read instead of showing blanks', async () => {
    setupApp({
      proxy: { routes: { '/v1/branches': () => ({ status: 200, body: { branches: [{ id: 1 }] } }) } },
    });
    const retry = await screen.findByRole('button', { name: 'Try again' });
    expect(retry.parentElement?.textContent).toContain('Something went wrong on our side.');
  });
});

describe('the steps after the time, from a file of their own', () => {
  afterEach(() => {
    vi.doUnmock('../../widget/steps/later.ts');
    vi.useRealTimers();
  });

  it('when that file cannot be had, the visitor is told so at the details step, and Try again brings it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    let reachable = false;
    vi.doMock('../../widget/steps/later.ts', async (importOriginal) => {
      if (!reachable) throw new Error('Failed to fetch dynamically imported module');
      return importOriginal();
    });
    // A page of its own: fresh modules, whose later steps are not here yet.
    vi.resetModules();
    const fresh = await import('./fixtures.tsx');
    vi.setSystemTime(fresh.NOW);
    fresh.setupApp({ propertyId: 'p-flat' });
    fireEvent.click(await screen.findByRole('button', { name: 'Wednesday 1 July 2026, 10:00 to 10:30' }));
    await screen.findByRole('heading', { name: 'Your details' });
    expect(screen.getByText(/could not reach the booking service/)).toBeTruthy();
    expect(screen.queryByLabelText('Email')).toBeNull();

    reachable = true;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByLabelText('Email')).toBeTruthy();
  });
});
