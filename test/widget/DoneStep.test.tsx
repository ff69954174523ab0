// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { booking, reachConfirm, setupApp } from './fixtures.tsx';

afterEach(cleanup);

describe('done step', () => {
  it('shows the reference, the time and how to reach the branch', async () => {
    const { events } = setupApp({ propertyId: 'p-flat' });
    await reachConfirm();
    fireEvent.click(screen.getByRole('button', { name: 'Book viewing' }));
    expect(await screen.findByRole('heading', { name: 'Viewing booked' })).toBeTruthy();

    const reference = screen.getByText('VW-7K2Q9');
    expect(reference.tagName).toBe('STRONG');
    expect(reference.parentElement?.textContent).toContain('Your reference');
    for (const text of [
      'Wednesday 1 July 2026',
      '10:00 to 10:30',
      'Kensington',
      '12 High Street, London W8 4PT',
    ]) {
      expect(screen.getByText(text)).toBeTruthy();
    }
    expect(screen.getByRole('link', { name: '020 7946 0001' }).getAttribute('href')).toBe('tel:02079460001');
    expect(screen.getByRole('heading', { name: 'What happens next' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Back' })).toBeNull();
    expect(events).toContainEqual({ type: 'step', step: 'done' });
  });

  it('says a viewing is only requested when the branch still has to confirm it', async () => {
    setupApp({
      propertyId: 'p-flat',
      proxy: { bookings: [{ status: 201, body: { booking: { ...booking, status: 'requested' } } }] },
    });
    await reachConfirm();
    fireEvent.click(screen.getByRole('button', { name: 'Book viewing' }));
    expect(await screen.findByRole('heading', { name: 'Viewing requested' })).toBeTruthy();
    expect(screen.getByText(/The branch will confirm your viewing/)).toBeTruthy();
  });
});
