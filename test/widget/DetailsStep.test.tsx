// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ada, fillDetails, reachConfirm, reachDetails, setupApp } from './fixtures.tsx';

afterEach(cleanup);

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
const describedBy = (el: HTMLElement) =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent)
    .join(' ');

describe('details step', () => {
  it('asks for name, email and phone with the browser autofill hints', async () => {
    setupApp({ propertyId: 'p-flat' });
    await reachDetails();
    expect(input('First name').getAttribute('autocomplete')).toBe('given-name');
    expect(input('Last name').getAttribute('autocomplete')).toBe('family-name');
    expect(input('Email').getAttribute('autocomplete')).toBe('email');
    expect(input('Email').type).toBe('email');
    expect(input('Phone').getAttribute('autocomplete')).toBe('tel');
    expect(input('Phone').type).toBe('tel');
    expect(screen.getByLabelText('Message for the agent (optional)').tagName).toBe('TEXTAREA');
  });

  it('leaves the marketing consent unticked until the visitor ticks it', async () => {
    setupApp({ propertyId: 'p-flat' });
    await reachDetails();
    const consent = screen.getByRole('checkbox', { name: /Send me news about similar properties/ });
    expect(consent).toHaveProperty('checked', false);
  });

  it('on an empty submit, flags each missing field, focuses the first and stays', async () => {
    setupApp({ propertyId: 'p-flat' });
    await reachDetails();
    fillDetails({ lastName: 'Lovelace' });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));

    const first = input('First name');
    await waitFor(() => expect(first.getAttribute('aria-invalid')).toBe('true'));
    expect(describedBy(first)).toBe('Enter your first name');
    expect(describedBy(input('Email'))).toBe('Enter an email address like name@example.com');
    expect(describedBy(input('Phone'))).toBe('Enter a phone number, digits only, with an optional leading +');
    expect(input('Last name').getAttribute('aria-invalid')).toBeNull();
    expect(document.activeElement).toBe(first);
    expect(screen.getByRole('heading', { name: 'Your details' })).toBeTruthy();
  });

  it('checks an email when the visitor leaves the field, and clears the error once fixed', async () => {
    setupApp({ propertyId: 'p-flat' });
    await reachDetails();
    const email = input('Email');
    fireEvent.input(email, { target: { value: 'ada@' } });
    fireEvent.blur(email);
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    expect(describedBy(email)).toBe('Enter an email address like name@example.com');
    fireEvent.input(email, { target: { value: 'ada@example.com' } });
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBeNull());
    expect(email.getAttribute('aria-describedby')).toBeNull();
  });

  it('does not complain about a field just tabbed through', async () => {
    setupApp({ propertyId: 'p-flat' });
    await reachDetails();
    fireEvent.blur(input('First name'));
    await new Promise((r) => setTimeout(r, 20));
    expect(input('First name').getAttribute('aria-invalid')).toBeNull();
  });

  it('moves on to the summary with valid details', async () => {
    setupApp({ propertyId: 'p-flat' });
    await reachConfirm();
    expect(screen.getByText('ada@example.com')).toBeTruthy();
  });

  it('keeps everything typed when the visitor goes back and returns', async () => {
    setupApp({ propertyId: 'p-flat' });
    await reachDetails();
    fillDetails({ ...ada, message: 'Can I bring my dog?' });
    fireEvent.click(screen.getByRole('checkbox', { name: /Send me news/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Wednesday 1 July 2026, 10:00 to 10:30' }));
    await screen.findByRole('heading', { name: 'Your details' });
    expect(input('First name').value).toBe('Ada');
    expect(input('Last name').value).toBe('Lovelace');
    expect(input('Email').value).toBe('ada@example.com');
    expect(input('Phone').value).toBe('+44 7700 900123');
    expect((screen.getByLabelText('Message for the agent (optional)') as HTMLTextAreaElement).value).toBe(
      'Can I bring my dog?',
    );
    expect(screen.getByRole('checkbox', { name: /Send me news/ })).toHaveProperty('checked', true);
  });
});
