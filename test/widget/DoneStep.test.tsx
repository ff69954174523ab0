// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { de } from '../../widget/i18n/de.ts';
import { enGB } from '../../widget/i18n/en-GB.ts';
import { enUS } from '../../widget/i18n/en-US.ts';
import { fr } from '../../widget/i18n/fr.ts';
import { nl } from '../../widget/i18n/nl.ts';
import { ada, booking, fillDetails, reachConfirm, setupApp, weekSlots } from './fixtures.tsx';

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

  it('offers the viewing for the calendar and the link to change or cancel it', async () => {
    const links = {
      calendar: {
        ics: 'http://proxy.test/api/v1/bookings/tok/calendar.ics',
        google: 'https://calendar.google.com/calendar/render?action=TEMPLATE',
        outlook: 'https://outlook.live.com/calendar/0/action/compose',
      },
      manageUrl: 'http://proxy.test/api/manage/tok',
    };
    setupApp({
      propertyId: 'p-flat',
      proxy: { bookings: [{ status: 201, body: { booking: { ...booking, ...links } } }] },
    });
    await reachConfirm();
    fireEvent.click(screen.getByRole('button', { name: 'Book viewing' }));
    expect(await screen.findByRole('heading', { name: 'Viewing booked' })).toBeTruthy();
    expect(screen.getByText('Add to calendar:')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Calendar file' }).getAttribute('href')).toBe(links.calendar.ics);
    expect(screen.getByRole('link', { name: 'Google' }).getAttribute('href')).toBe(links.calendar.google);
    expect(screen.getByRole('link', { name: 'Outlook' }).getAttribute('href')).toBe(links.calendar.outlook);
    expect(screen.getByRole('link', { name: 'Change or cancel' }).getAttribute('href')).toBe(links.manageUrl);
  });

  it('shows no calendar or change links where the proxy gives none', async () => {
    setupApp({ propertyId: 'p-flat' });
    await reachConfirm();
    fireEvent.click(screen.getByRole('button', { name: 'Book viewing' }));
    expect(await screen.findByRole('heading', { name: 'Viewing booked' })).toBeTruthy();
    expect(screen.queryByText('Add to calendar:')).toBeNull();
    expect(screen.queryByRole('link', { name: 'Change or cancel' })).toBeNull();
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

describe('done step for a home whose owner agrees each viewing', () => {
  const waiting = {
    ...booking,
    status: 'requested',
    approval: { status: 'pending', answerBy: '2026-07-01T07:00:00+01:00' },
  };

  it('says the owner is asked, and by when the visitor will hear', async () => {
    setupApp({ propertyId: 'p-flat', proxy: { bookings: [{ status: 201, body: { booking: waiting } }] } });
    await reachConfirm();
    fireEvent.click(screen.getByRole('button', { name: 'Book viewing' }));
    expect(await screen.findByRole('heading', { name: 'Viewing requested' })).toBeTruthy();
    expect(
      screen.getByText(
        'The owner agrees each viewing first. We will email you their answer by Wednesday 1 July 2026, 07:00; the time is kept for you until then.',
      ),
    ).toBeTruthy();
    expect(screen.queryByText(/The branch will confirm/)).toBeNull();
  });

  it('says before the visitor books that the owner agrees each viewing first', async () => {
    setupApp({ propertyId: 'p-flat', proxy: { ownerApproval: true } });
    await reachConfirm();
    expect(
      screen.getByText('The owner of this home agrees each viewing first: booking sends them your request.'),
    ).toBeTruthy();
    cleanup();
    setupApp({ propertyId: 'p-flat' });
    await reachConfirm();
    expect(screen.queryByText(/agrees each viewing first/)).toBeNull();
  });

  it('says before the visitor books an open house that others may be shown round at the same time', async () => {
    const [first, ...rest] = weekSlots;
    setupApp({
      propertyId: 'p-flat',
      proxy: { slots: { '2026-07-01': [{ ...first!, placesLeft: 4 }, ...rest] } },
    });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Wednesday 1 July 2026, 10:00 to 10:30, 4 places left' }),
    );
    await screen.findByRole('heading', { name: 'Your details' });
    fillDetails(ada);
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByRole('heading', { name: 'Check and book' });
    expect(
      screen.getByText('An open viewing: other visitors may be shown round at the same time.'),
    ).toBeTruthy();
    cleanup();
    setupApp({ propertyId: 'p-flat' });
    await reachConfirm();
    expect(screen.queryByText(/An open viewing/)).toBeNull();
  });

  it('says it in each language the widget speaks, with the day the visitor will hear by', () => {
    const by = 'mercredi 1 juillet, 07:00';
    const said = [enGB, enUS, fr, nl, de].map((messages) => messages.nextOwner(by));
    expect(new Set(said).size).toBe(5);
    for (const words of said) expect(words).toContain(by);
    expect(said[2]).toMatch(/^Le propriétaire/);
  });
});
