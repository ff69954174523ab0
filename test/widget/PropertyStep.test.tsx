// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Property } from '../../src/contract/index.ts';
import { de } from '../../widget/i18n/de.ts';
import { enGB } from '../../widget/i18n/en-GB.ts';
import { enUS } from '../../widget/i18n/en-US.ts';
import { fr } from '../../widget/i18n/fr.ts';
import { nl } from '../../widget/i18n/nl.ts';
import { setupApp } from './fixtures.tsx';

afterEach(cleanup);

const card = (title: string) => {
  const heading = screen.getByRole('heading', { name: title });
  const li = heading.closest('li');
  if (!li) throw new Error(`no card for ${title}`);
  return within(li);
};

describe('property step', () => {
  it('shows each property with its price, bedrooms and a lazily loaded photo', async () => {
    setupApp({ branchId: 'br-ken' });
    await screen.findByRole('heading', { name: 'Two-bed flat, Abingdon Road' });

    const flat = card('Two-bed flat, Abingdon Road');
    expect(flat.getByText('£1,250 pcm')).toBeTruthy();
    expect(flat.getByText('2 bedrooms')).toBeTruthy();
    expect(flat.getByText('4 Abingdon Road, London W8')).toBeTruthy();
    const photo = flat.getByRole('img', { name: 'Photo of Two-bed flat, Abingdon Road' });
    expect(photo.getAttribute('loading')).toBe('lazy');
    expect(photo.getAttribute('src')).toBe('https://img.example/flat.jpg');

    const studio = card('Studio, Earls Court Road');
    expect(studio.getByText('£300 per week')).toBeTruthy();
    expect(studio.getByText('Studio')).toBeTruthy();

    expect(card('Three-bed house, Phillimore Walk').getByText('£425,000')).toBeTruthy();
  });

  it.each([
    ['en-GB', enGB, 'Price on application'],
    ['en-US', enUS, 'Price upon request'],
    ['fr', fr, 'Prix sur demande'],
    ['nl', nl, 'Prijs op aanvraag'],
    ['de', de, 'Preis auf Anfrage'],
  ] as const)(
    'in %s says a home’s price is on application rather than showing its zero',
    async (locale, messages, words) => {
      const poa: Property = {
        id: 'p-poa',
        branchId: 'br-ken',
        channel: 'sales',
        title: 'Four-bed house, Campden Hill',
        address: '1 Campden Hill, London W8',
        price: { amount: 0, currency: 'GBP', onApplication: true },
      };
      setupApp({ branchId: 'br-ken', locale, messages, proxy: { properties: [poa] } });
      await screen.findByRole('heading', { name: poa.title });
      const house = card(poa.title);
      expect(house.getByText(words)).toBeTruthy();
      expect(house.queryByText(/0/)).toBeNull();
    },
  );

  it('filters the list to lettings or sales', async () => {
    const { proxy } = setupApp({ branchId: 'br-ken' });
    await screen.findByRole('heading', { name: 'Two-bed flat, Abingdon Road' });
    const filter = within(screen.getByRole('group', { name: 'Show' }));
    expect(filter.getByRole('radio', { name: 'All' })).toHaveProperty('checked', true);

    fireEvent.click(filter.getByRole('radio', { name: 'For sale' }));
    await waitFor(() =>
      expect(screen.queryByRole('heading', { name: 'Two-bed flat, Abingdon Road' })).toBeNull(),
    );
    expect(await screen.findByRole('heading', { name: 'Three-bed house, Phillimore Walk' })).toBeTruthy();
    expect(proxy.requests('/v1/properties').at(-1)?.url.searchParams.get('channel')).toBe('sales');

    fireEvent.click(filter.getByRole('radio', { name: 'To let' }));
    expect(await screen.findByRole('heading', { name: 'Studio, Earls Court Road' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Three-bed house, Phillimore Walk' })).toBeNull();
  });

  it('starts with the channel the page asked for', async () => {
    const { proxy } = setupApp({ branchId: 'br-ken', channel: 'sales' });
    await screen.findByRole('heading', { name: 'Three-bed house, Phillimore Walk' });
    expect(screen.getByRole('radio', { name: 'For sale' })).toHaveProperty('checked', true);
    expect(screen.queryByRole('heading', { name: 'Two-bed flat, Abingdon Road' })).toBeNull();
    expect(proxy.requests('/v1/properties')[0]?.url.searchParams.get('channel')).toBe('sales');
  });

  it('shows more properties on request while the proxy has more', async () => {
    const { proxy } = setupApp({ branchId: 'br-ken', proxy: { pageSize: 2 } });
    await screen.findByRole('heading', { name: 'Studio, Earls Court Road' });
    expect(screen.queryByRole('heading', { name: 'Three-bed house, Phillimore Walk' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show more properties' }));
    expect(await screen.findByRole('heading', { name: 'Three-bed house, Phillimore Walk' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Two-bed flat, Abingdon Road' })).toBeTruthy();
    expect(proxy.requests('/v1/properties').at(-1)?.url.searchParams.get('cursor')).toBe('2');
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Show more properties' })).toBeNull());
  });

  it('says so when a filter leaves nothing to show', async () => {
    setupApp({ branchId: 'br-isl', channel: 'lettings' });
    expect(await screen.findByText('There are no properties to show here right now.')).toBeTruthy();
  });

  it('names each card’s button with the home’s address, so two homes of one title can be told apart', async () => {
    const flat = (id: string, address: string): Property => ({
      id,
      branchId: 'br-ken',
      channel: 'lettings',
      title: '1 bedroom flat',
      address,
      price: { amount: 1100, currency: 'GBP', period: 'month' },
    });
    const homes = [flat('p-mill', '12 Mill Lane, London W8'), flat('p-quay', '3 Quay Street, London W8')];
    setupApp({ branchId: 'br-ken', proxy: { properties: homes } });
    await screen.findAllByRole('heading', { name: '1 bedroom flat' });

    const names = screen
      .getAllByRole('button', { name: /^Book a viewing of / })
      .map((button) => button.getAttribute('aria-label'));
    expect(names).toEqual([
      'Book a viewing of 1 bedroom flat, 12 Mill Lane, London W8',
      'Book a viewing of 1 bedroom flat, 3 Quay Street, London W8',
    ]);
    // What a sighted visitor reads on the button stays short.
    for (const button of screen.getAllByRole('button', { name: /^Book a viewing of / }))
      expect(button.textContent).toBe('Book a viewing');
    for (const messages of [enGB, enUS, fr, nl, de])
      expect(messages.choosePropertyLabel('1 bedroom flat', '12 Mill Lane')).toMatch(
        /1 bedroom flat.*12 Mill Lane$/,
      );
  });

  it('opens the times of the property the visitor picks', async () => {
    const { proxy } = setupApp({ branchId: 'br-ken' });
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Book a viewing of Two-bed flat, Abingdon Road, 4 Abingdon Road, London W8',
      }),
    );
    expect(await screen.findByRole('heading', { name: 'Choose a time' })).toBeTruthy();
    await waitFor(() =>
      expect(proxy.requests('/v1/slots')[0]?.url.searchParams.get('propertyId')).toBe('p-flat'),
    );
  });
});

describe('property step of a branch with 300 homes', () => {
  const STREETS = ['Pembroke Road', 'Whiteladies Road', 'Cotham Hill', 'Gloucester Road', 'Park Street'];
  /** Homes 1 to 300 of one branch: every fifth street, rents from £800 to £2,295, 0 to 4 bedrooms. */
  const homes: Property[] = Array.from({ length: 300 }, (_, i) => ({
    id: `p-${i + 1}`,
    branchId: 'br-ken',
    channel: 'lettings',
    title: `Home ${i + 1}`,
    address: `${i + 1} ${STREETS[i % 5]}, Bristol BS8 ${(i % 9) + 1}AB`,
    price: { amount: 800 + 5 * i, currency: 'GBP', period: 'month' },
    bedrooms: i % 5,
    ...(i % 2 ? { photoUrl: `https://img.example/${i + 1}.jpg` } : {}),
  }));

  const search = () => screen.getByRole('search', { name: 'Find a home' });

  it('offers a search by street, town or postcode, a price range and bedrooms, asked of the proxy a page at a time', async () => {
    const { proxy } = setupApp({ branchId: 'br-ken', proxy: { properties: homes, pageSize: 24 } });
    expect(await screen.findByText('Showing 24 of 300 homes')).toBeTruthy();
    const form = within(search());
    fireEvent.input(form.getByLabelText('Street, town or postcode'), {
      target: { value: '  cotham   hi ' },
    });
    fireEvent.input(form.getByLabelText('Min price'), { target: { value: '£1,000' } });
    fireEvent.input(form.getByLabelText('Max price'), { target: { value: '1500' } });
    fireEvent.change(form.getByLabelText('Bedrooms'), { target: { value: '2' } });
    fireEvent.click(form.getByRole('button', { name: 'Search' }));

    // Cotham Hill is every fifth home; of those, the ones from £1,000 to £1,500 a month with 2 or more bedrooms.
    const expected = homes.filter(
      (h) =>
        h.address.includes('Cotham Hill') &&
        h.price.amount >= 1000 &&
        h.price.amount <= 1500 &&
        (h.bedrooms ?? 0) >= 2,
    );
    expect(await screen.findByText(`Showing ${expected.length} of ${expected.length} homes`)).toBeTruthy();
    const sent = proxy.requests('/v1/properties').at(-1)?.url.searchParams;
    expect(Object.fromEntries(sent ?? [])).toEqual({
      branchId: 'br-ken',
      q: 'cotham hi',
      minPrice: '1000',
      maxPrice: '1500',
      bedrooms: '2',
    });
    expect(expected.length).toBeGreaterThan(10);
    expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(
      expected.map((h) => h.title),
    );
  });

  it('pages through what a search found, keeping the search', async () => {
    const { proxy } = setupApp({ branchId: 'br-ken', proxy: { properties: homes, pageSize: 24 } });
    await screen.findByText('Showing 24 of 300 homes');
    fireEvent.input(within(search()).getByLabelText('Street, town or postcode'), {
      target: { value: 'cotham' },
    });
    fireEvent.click(within(search()).getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('Showing 24 of 60 homes')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show more properties' }));
    expect(await screen.findByText('Showing 48 of 60 homes')).toBeTruthy();
    const last = proxy.requests('/v1/properties').at(-1)?.url.searchParams;
    expect([last?.get('q'), last?.get('cursor')]).toEqual(['cotham', '24']);
  });

  it('says when nothing matches, and shows every home again on request', async () => {
    setupApp({ branchId: 'br-ken', proxy: { properties: homes, pageSize: 24 } });
    await screen.findByText('Showing 24 of 300 homes');
    fireEvent.input(within(search()).getByLabelText('Street, town or postcode'), {
      target: { value: 'Regent Street' },
    });
    fireEvent.click(within(search()).getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('No homes match your search.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show all homes' }));
    expect(await screen.findByText('Showing 24 of 300 homes')).toBeTruthy();
    expect((within(search()).getByLabelText('Street, town or postcode') as HTMLInputElement).value).toBe('');
  });

  it('gives a home without a picture no empty picture panel', async () => {
    setupApp({ branchId: 'br-ken', proxy: { properties: homes, pageSize: 24 } });
    await screen.findByText('Showing 24 of 300 homes');
    const withPicture = screen.getByRole('heading', { name: 'Home 2' }).closest('li');
    const without = screen.getByRole('heading', { name: 'Home 1' }).closest('li');
    expect(withPicture?.querySelector('.photo')).toBeTruthy();
    expect(without?.querySelector('.photo')).toBeNull();
  });

  it('offers no search where a branch has only a few homes', async () => {
    setupApp({ branchId: 'br-ken' });
    await screen.findByRole('heading', { name: 'Two-bed flat, Abingdon Road' });
    expect(screen.queryByRole('search')).toBeNull();
  });
});
