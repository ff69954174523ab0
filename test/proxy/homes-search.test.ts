import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BranchesResponse, PropertiesResponse, type Property } from '../../src/contract/index.ts';
import { startHarness, type Harness } from './harness.ts';

/** A rent per month, or a sale price, as the filters compare them. */
const perMonth = (property: Property): number =>
  property.price.amount * { week: 52 / 12, month: 1, year: 1 / 12 }[property.price.period ?? 'month'];

/** The postcode ends every agentOS address the adapter builds. */
const postcodeOf = (property: Property): string => property.address.split(', ').at(-1) ?? '';

let harness: Harness;
let branchId: string;
/** Every home of the 300-home branch, read page by page without a filter. */
let homes: Property[];

/** One page of homes for `query` (branch added), parsed as any client parses it. */
async function page(query: string): Promise<PropertiesResponse> {
  const response = await harness.call(`/v1/properties?branchId=${branchId}&${query}`);
  expect(response.status).toBe(200);
  return PropertiesResponse.parse(await response.json());
}

/** Every page of homes for `query`, following `nextCursor`; the `total` each page gave, too. */
async function allPages(query: string): Promise<{ found: Property[]; totals: number[] }> {
  const found: Property[] = [];
  const totals: number[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 400; pages++) {
    const answer = await page(`${query}${cursor ? `&cursor=${cursor}` : ''}`);
    found.push(...answer.properties);
    totals.push(answer.total ?? -1);
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  return { found, totals };
}

const ids = (properties: readonly Property[]) => properties.map((property) => property.id);

beforeAll(async () => {
  harness = await startHarness({ emulator: { seed: 'large-branch' } });
  const branches = BranchesResponse.parse((await harness.json('/v1/branches')).body);
  const branch = branches.branches.find((b) => b.name === 'Bristol Harbourside');
  if (!branch) throw new Error('the large-branch seed has no Bristol Harbourside branch');
  branchId = branch.id;
  homes = (await allPages('limit=100')).found;
});
afterAll(() => harness?.stop());

describe('a branch with 300 homes: search, filters and paging', () => {
  it('lists all 300 homes of the branch and says so in `total`', async () => {
    expect(homes).toHaveLength(300);
    expect(new Set(ids(homes)).size).toBe(300);
    const first = await page('limit=24');
    expect(first.properties).toHaveLength(24);
    expect(first.total).toBe(300);
  });

  it('finds the homes of a postcode, typed with or without its space and in any case', async () => {
    const postcode = postcodeOf(homes[0] as Property);
    const expected = ids(homes.filter((home) => postcodeOf(home) === postcode));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(300);

    for (const typed of [postcode, postcode.toLowerCase(), postcode.replace(' ', '').toLowerCase()]) {
      const answer = await page(`q=${encodeURIComponent(typed)}&limit=100`);
      expect(ids(answer.properties), typed).toEqual(expected);
      expect(answer.total, typed).toBe(expected.length);
    }
  });

  it('finds every home on a street from its name or the start of it, and only those', async () => {
    const onStreet = ids(homes.filter((home) => home.address.includes('Wapping Road')));
    expect(onStreet.length).toBeGreaterThan(1);

    for (const typed of ['Wapping Road', 'wapping road', 'WAPP ROA']) {
      const answer = await page(`q=${encodeURIComponent(typed)}&limit=100`);
      expect(ids(answer.properties), typed).toEqual(onStreet);
    }
    // Every word must match: the street in another district finds nothing.
    expect((await page('q=Wapping%20BS3')).total).toBe(0);
  });

  it('ignores accents and case both ways: `chateau` finds Château Wharf, `wäpping` finds Wapping Road', async () => {
    const chateau = ids(homes.filter((home) => home.address.includes('Château Wharf')));
    expect(chateau.length).toBeGreaterThan(0);
    for (const typed of ['chateau', 'CHATEAU wharf', 'Château', 'château WHARF']) {
      expect(ids((await page(`q=${encodeURIComponent(typed)}&limit=100`)).properties), typed).toEqual(
        chateau,
      );
    }
    const wapping = ids(homes.filter((home) => home.address.includes('Wapping')));
    expect(ids((await page(`q=${encodeURIComponent('WÄPPÏNG')}&limit=100`)).properties)).toEqual(wapping);
  });

  it('keeps rents within a monthly price range, weekly rents compared by their month', async () => {
    const lettings = homes.filter((home) => home.channel === 'lettings');
    const expected = ids(lettings.filter((home) => perMonth(home) >= 1200 && perMonth(home) <= 1600));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(lettings.length);

    const { found, totals } = await allPages('channel=lettings&minPrice=1200&maxPrice=1600&limit=20');
    expect(ids(found)).toEqual(expected);
    expect(new Set(totals)).toEqual(new Set([expected.length]));
  });

  it('leaves homes priced on application out once a price is asked for, and only then', async () => {
    const sales = homes.filter((home) => home.channel === 'sales');
    const onApplication = sales.filter((home) => home.price.onApplication);
    expect(onApplication.length).toBeGreaterThan(0);

    expect((await page('channel=sales&limit=100')).total).toBe(sales.length);
    const priced = await allPages('channel=sales&minPrice=0&limit=100');
    expect(priced.found).toHaveLength(sales.length - onApplication.length);
    expect(priced.found.some((home) => home.price.onApplication)).toBe(false);

    const cheap = await allPages('channel=sales&maxPrice=300000&limit=100');
    expect(ids(cheap.found)).toEqual(
      ids(sales.filter((home) => !home.price.onApplication && home.price.amount <= 300_000)),
    );
  });

  it('lists only homes with at least the bedrooms asked for', async () => {
    const expected = ids(homes.filter((home) => (home.bedrooms ?? 0) >= 3));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(300);
    const { found, totals } = await allPages('bedrooms=3&limit=50');
    expect(ids(found)).toEqual(expected);
    expect(totals.every((total) => total === expected.length)).toBe(true);
  });

  it('pages through every match with nextCursor, each home once, as many as `total` said', async () => {
    const expected = ids(
      homes.filter(
        (home) => home.address.includes('BS1') && (home.bedrooms ?? 0) >= 1 && home.channel === 'lettings',
      ),
    );
    expect(expected.length).toBeGreaterThan(7);
    const { found, totals } = await allPages('q=bs1&bedrooms=1&channel=lettings&limit=7');
    expect(totals.length).toBe(Math.ceil(expected.length / 7));
    expect(new Set(totals)).toEqual(new Set([expected.length]));
    expect(new Set(ids(found)).size).toBe(found.length);
    expect(ids(found)).toEqual(expected);
  });

  it('answers a filtered list as cacheably as the whole one: public, tagged, 304 for the same copy', async () => {
    const first = await harness.call(`/v1/properties?branchId=${branchId}&q=quay&bedrooms=2`);
    expect(first.headers.get('cache-control')).toMatch(/\bpublic\b.*\bs-maxage=\d+/);
    const tag = first.headers.get('etag') ?? '';
    expect(tag).not.toBe('');
    const again = await harness.call(`/v1/properties?branchId=${branchId}&q=quay&bedrooms=2`, {
      headers: { 'If-None-Match': tag },
    });
    expect(again.status).toBe(304);
  });

  it.each([
    ['minPrice=cheap', 'minPrice'],
    ['maxPrice=-100', 'maxPrice'],
    ['minPrice=1e3', 'minPrice'],
    ['minPrice=2000&maxPrice=1000', 'minPrice'],
    ['bedrooms=two', 'bedrooms'],
    ['bedrooms=1.5', 'bedrooms'],
    [`q=${'a'.repeat(201)}`, 'q'],
  ])('refuses %s with 422 invalid_request naming %s', async (query, field) => {
    const response = await harness.call(`/v1/properties?branchId=${branchId}&${query}`);
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(body.error.code).toBe('invalid_request');
    expect(Object.keys(body.error.fields)).toEqual([field]);
  });

  it('reads an empty filter field, as a form with a blank input sends it, as no filter', async () => {
    const answer = await page('q=&minPrice=&maxPrice=&bedrooms=&limit=100');
    expect(answer.total).toBe(300);
  });
});
