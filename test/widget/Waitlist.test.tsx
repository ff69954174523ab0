// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Question } from '../../src/contract/index.ts';
import { waitlistWords } from '../../widget/waitlist/words.ts';
import { ada, fillDetails, reachDetails, setupApp } from './fixtures.tsx';

afterEach(cleanup);

const PETS: Question[] = [
  {
    id: 'pets',
    kind: 'yes-no',
    required: false,
    label: { en: 'Any pets?' },
  },
];

/** From a preselected home whose agency keeps a list: the offer under the week, and on to the details. */
async function joinFromWeek() {
  const join = await screen.findByRole('button', { name: 'Join the waiting list' });
  expect(screen.getByText('None of these times suit you?')).toBeTruthy();
  fireEvent.click(join);
  await screen.findByRole('heading', { name: 'Your details' });
}

describe('the waiting list', () => {
  it('takes a visitor no time suits from the week to their details and the days that suit, and joins them to the list', async () => {
    const { proxy } = setupApp({ propertyId: 'p-flat', proxy: { waitlist: true } });
    await joinFromWeek();
    const days = screen.getByRole('group', { name: 'Days that suit you' });
    // Every day suits to begin with: the visitor unticks those that do not.
    expect(
      within(days)
        .getAllByRole('checkbox')
        .every((box) => (box as HTMLInputElement).checked),
    ).toBe(true);
    fireEvent.click(within(days).getByRole('checkbox', { name: 'Saturday' }));
    fireEvent.click(within(days).getByRole('checkbox', { name: 'Sunday' }));
    fillDetails(ada);
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByRole('heading', { name: 'Check and book' });
    expect(screen.getByText('Monday, Tuesday, Wednesday, Thursday, Friday')).toBeTruthy();
    expect(screen.queryByText('When')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Join the waiting list' }));
    expect(await screen.findByRole('heading', { name: 'You’re on the waiting list' })).toBeTruthy();
    expect(screen.getByText(/Your reference is WL-1A2B3C4D\./)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Your place on the list' }).getAttribute('href')).toBe(
      'http://proxy.test/api/waitlist/place-token',
    );
    const [sent] = proxy.requests('/v1/waitlist');
    expect(sent?.method).toBe('POST');
    expect(sent?.body).toEqual({
      propertyId: 'p-flat',
      guest: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '+44 7700 900123' },
      consent: { marketing: false, wording: expect.any(String) },
      days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      formToken: 'issued-for-p-flat',
    });
    expect(proxy.requests('/v1/bookings')).toHaveLength(0);
  });

  it('will not join without a day that suits, and says so on the days', async () => {
    const { proxy } = setupApp({ propertyId: 'p-flat', proxy: { waitlist: true } });
    await joinFromWeek();
    const days = screen.getByRole('group', { name: 'Days that suit you' });
    for (const box of within(days).getAllByRole('checkbox')) fireEvent.click(box);
    fillDetails(ada);
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByText('Choose at least one day')).toBeTruthy();
    // The first day's box takes the focus.
    expect(document.activeElement).toBe(within(days).getAllByRole('checkbox')[0]);
    expect(screen.queryByRole('heading', { name: 'Check and book' })).toBeNull();
    expect(proxy.requests('/v1/waitlist')).toHaveLength(0);
  });

  it('is not offered where the agency keeps no list', async () => {
    const { proxy } = setupApp({ propertyId: 'p-flat' });
    await screen.findByRole('button', { name: 'Wednesday 1 July 2026, 10:00 to 10:30' });
    await waitFor(() => expect(proxy.requests('/v1/questions')).toHaveLength(1));
    expect(screen.queryByRole('button', { name: 'Join the waiting list' })).toBeNull();
  });

  it('goes back to booking, the agency’s questions asked again, when the visitor picks a time after all', async () => {
    setupApp({ propertyId: 'p-flat', proxy: { waitlist: true, questions: PETS } });
    await joinFromWeek();
    expect(screen.queryByRole('group', { name: 'Any pets? (optional)' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    await reachDetails();
    expect(await screen.findByRole('group', { name: 'Any pets? (optional)' })).toBeTruthy();
    expect(screen.queryByRole('group', { name: 'Days that suit you' })).toBeNull();
  });

  it('has its words in every language the widget speaks', () => {
    const said = ['en-GB', 'fr', 'nl', 'de'].map((locale) => waitlistWords(locale));
    expect(new Set(said.map((w) => w.join)).size).toBe(4);
    expect(waitlistWords('fr-BE')).toBe(said[1]);
    expect(waitlistWords('pt-BR')).toBe(said[0]);
  });
});
