// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Slot } from '../../src/contract/index.ts';
import { booking, reachConfirm, setupApp } from './fixtures.tsx';

afterEach(cleanup);

const alternative: Slot = {
  id: 's-alt',
  start: '2026-07-01T11:00:00+01:00',
  end: '2026-07-01T11:30:00+01:00',
};
const keys = (proxy: ReturnType<typeof setupApp>['proxy']) =>
  proxy.requests('/v1/bookings').map((c) => c.headers.get('Idempotency-Key'));

describe('confirm step', () => {
  it('sums up the property, the time with its zone, and the details typed', async () => {
    setupApp({ propertyId: 'p-flat' });
    await reachConfirm({
      firstName: ' Ada ',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      phone: '+44 7700 900123',
      message: 'Can I bring my dog?',
    });
    for (const text of [
      'Two-bed flat, Abingdon Road',
      '4 Abingdon Road, London W8',
      'Wednesday 1 July 2026',
      '10:00 to 10:30',
      'Times shown in British Summer Time (Europe/London)',
      'Ada Lovelace',
      'ada@example.com',
      '+44 7700 900123',
      'Can I bring my dog?',
    ]) {
      expect(screen.getByText(text)).toBeTruthy();
    }
  });

  it('books with the typed details and one Idempotency-Key, once however often Book is pressed', async () => {
    let answer: (reply: { status: number; body: unknown }) => void = () => undefined;
    const { proxy } = setupApp({
      propertyId: 'p-flat',
      proxy: { routes: { '/v1/bookings': () => new Promise((resolve) => (answer = resolve)) } },
    });
    await reachConfirm();
    const book = screen.getByRole('button', { name: 'Book viewing' });
    fireEvent.click(book);
    await screen.findByRole('button', { name: 'Booking…' });
    fireEvent.click(screen.getByRole('button', { name: 'Booking…' }));
    expect(screen.getByRole('button', { name: 'Booking…' }).getAttribute('aria-disabled')).toBe('true');

    const sent = proxy.requests('/v1/bookings');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.method).toBe('POST');
    expect(sent[0]?.url.href).toBe('http://proxy.test/api/v1/bookings');
    expect(sent[0]?.headers.get('Content-Type')).toBe('application/json');
    expect(sent[0]?.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[0]?.body).toEqual({
      propertyId: 'p-flat',
      slotId: 's-wed-1000',
      guest: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '+44 7700 900123' },
      consent: { marketing: false, wording: expect.stringContaining('Send me news') },
      formToken: 'issued-for-p-flat',
    });

    answer({ status: 201, body: { booking } });
    expect(await screen.findByRole('heading', { name: 'Viewing booked' })).toBeTruthy();
  });

  it('sends marketing consent only when ticked, and the message when given', async () => {
    const { proxy } = setupApp({ propertyId: 'p-flat' });
    await reachConfirm({
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      phone: '07700 900123',
      message: ' Evenings best ',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Change details' }));
    fireEvent.click(await screen.findByRole('checkbox', { name: /Send me news/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Book viewing' }));
    await screen.findByRole('heading', { name: 'Viewing booked' });
    expect(proxy.requests('/v1/bookings')[0]?.body).toMatchObject({
      consent: { marketing: true },
      message: 'Evenings best',
    });
  });

  it('after a network failure, Try again resends with the same key and nothing typed is lost', async () => {
    const { proxy } = setupApp({
      propertyId: 'p-flat',
      proxy: { bookings: ['network', { status: 201, body: { booking } }] },
    });
    await reachConfirm();
    fireEvent.click(screen.getByRole('button', { name: 'Book viewing' }));
    const retry = await screen.findByRole('button', { name: 'Try again' });
    expect(retry.parentElement?.textContent).toContain('We could not reach the booking service.');
    expect(screen.getByText('Ada Lovelace')).toBeTruthy();
    fireEvent.click(retry);
    expect(await screen.findByRole('heading', { name: 'Viewing booked' })).toBeTruthy();
    const sent = keys(proxy);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toBe(sent[0]);
  });

  it('when the time was just taken, offers other times and keeps the details', async () => {
    const { proxy } = setupApp({
      propertyId: 'p-flat',
      proxy: {
        bookings: [
          {
            status: 409,
            body: { error: { code: 'slot_taken', message: 'Slot taken', alternatives: [alternative] } },
          },
          { status: 201, body: { booking: { ...booking, start: alternative.start, end: alternative.end } } },
        ],
      },
    });
    await reachConfirm();
    fireEvent.click(screen.getByRole('button', { name: 'Book viewing' }));
    expect(await screen.findByRole('heading', { name: 'Choose a time' })).toBeTruthy();
    expect(
      screen.getAllByText('That time has just been taken. Please choose another — your details are kept.')
        .length,
    ).toBeGreaterThan(0);
    fireEvent.click(screen.getByRole('button', { name: 'Wednesday 1 July 2026, 11:00 to 11:30' }));

    // Details were already given, so the visitor lands straight back on the summary with them.
    expect(await screen.findByRole('heading', { name: 'Check and book' })).toBeTruthy();
    expect(screen.getByText('Ada Lovelace')).toBeTruthy();
    expect(screen.getByText('11:00 to 11:30')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Book viewing' }));
    await screen.findByRole('heading', { name: 'Viewing booked' });

    const sent = proxy.requests('/v1/bookings');
    expect(sent[1]?.body).toMatchObject({
      slotId: 's-alt',
      guest: { firstName: 'Ada', email: 'ada@example.com' },
    });
    expect(sent[1]?.headers.get('Idempotency-Key')).not.toBe(sent[0]?.headers.get('Idempotency-Key'));
    // Every week is read past the browser's own copy, which may offer a time taken since.
    const weeks = proxy.requests('/v1/slots').map((call) => call.cache);
    expect(weeks.length).toBeGreaterThan(1);
    expect(weeks.every((cache) => cache === 'no-cache')).toBe(true);
  });

  it("puts the proxy's field errors on the fields they belong to", async () => {
    setupApp({
      propertyId: 'p-flat',
      proxy: {
        bookings: [
          {
            status: 422,
            body: {
              error: {
                code: 'invalid_request',
                message: 'Invalid request',
                fields: { 'guest.email': 'This address cannot receive email' },
              },
            },
          },
        ],
      },
    });
    await reachConfirm();
    fireEvent.click(screen.getByRole('button', { name: 'Book viewing' }));
    expect(await screen.findByRole('heading', { name: 'Your details' })).toBeTruthy();
    const email = screen.getByLabelText('Email') as HTMLInputElement;
    expect(email.value).toBe('ada@example.com');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    const id = email.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(id)?.textContent).toBe('This address cannot receive email');
    await waitFor(() => expect(document.activeElement).toBe(email));
    expect((screen.getByLabelText('First name') as HTMLInputElement).value).toBe('Ada');
  });

  it('Change links go back to the time and the details with everything kept', async () => {
    setupApp({ propertyId: 'p-flat' });
    await reachConfirm();
    fireEvent.click(screen.getByRole('button', { name: 'Change time' }));
    const chosen = await screen.findByRole('button', { name: 'Wednesday 1 July 2026, 10:00 to 10:30' });
    expect(chosen.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Wednesday 1 July 2026, 10:30 to 11:00' }));
    expect(await screen.findByRole('heading', { name: 'Check and book' })).toBeTruthy();
    expect(screen.getByText('10:30 to 11:00')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Change details' }));
    expect(((await screen.findByLabelText('Last name')) as HTMLInputElement).value).toBe('Lovelace');
  });
});
