// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { branches, setupApp } from './fixtures.tsx';

afterEach(cleanup);

describe('branch step', () => {
  it("lists the branches and then shows the chosen branch's properties", async () => {
    const { proxy } = setupApp();
    expect(await screen.findByRole('heading', { name: 'Choose a branch' })).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: /Islington/ }));
    expect(await screen.findByRole('heading', { name: 'Choose a property' })).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'Flat, Upper Street' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Two-bed flat, Abingdon Road' })).toBeNull();
    expect(proxy.requests('/v1/properties')[0]?.url.searchParams.get('branchId')).toBe('br-isl');
  });

  it('shows the address of each branch', async () => {
    setupApp();
    const button = await screen.findByRole('button', { name: /Kensington/ });
    expect(button.textContent).toContain('12 High Street, London W8 4PT');
  });

  it('is skipped when the agency has one branch', async () => {
    setupApp({ proxy: { branches: [branches[0]!] } });
    expect(await screen.findByRole('heading', { name: 'Choose a property' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Choose a branch' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Back' })).toBeNull();
    expect(screen.getByText('Step 1 of 4')).toBeTruthy();
  });

  it('Back from the property list returns to the branches with the choice still marked', async () => {
    setupApp();
    fireEvent.click(await screen.findByRole('button', { name: /Kensington/ }));
    await screen.findByRole('heading', { name: 'Choose a property' });
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    const kensington = await screen.findByRole('button', { name: /Kensington/ });
    expect(kensington.getAttribute('aria-pressed')).toBe('true');
  });
});
