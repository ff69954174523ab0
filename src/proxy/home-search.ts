import type { Property } from '../contract/index.ts';

/** What a visitor narrows a branch's homes by; every part is optional. */
export interface HomeFilter {
  branchId?: string | undefined;
  channel?: Property['channel'] | undefined;
  /** Free text: every word must be found in the address. */
  q?: string | undefined;
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  /** At least this many bedrooms. */
  bedrooms?: number | undefined;
}

/**
 * Lower case, accents taken off (é → e, ø → o, ß → ss) and anything but letters and digits read as a space, so
 * `Château`, `CHATEAU` and `chateau` are one word, and `St. Vincent's` is `st vincent s`.
 */
export function searchText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/œ/g, 'oe')
    .replace(/ø/g, 'o')
    .replace(/ł/g, 'l')
    .replace(/đ/g, 'd')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of a visitor's query, each to be found somewhere in a home's address. */
export const queryWords = (q: string): string[] => searchText(q).split(' ').filter(Boolean);

/** Rents compared by what they come to a month, as visitors compare them. */
const PER_MONTH = { week: 52 / 12, month: 1, year: 1 / 12 } as const;

interface IndexedHome {
  property: Property;
  /**
   * The address as searched: its words, then each comma-separated part with its spaces taken out, so that a
   * postcode typed without its space (`bs84ab`) is found too.
   */
  text: string;
  /** A sale's price, or a rent per month; undefined when the price is on application. */
  price: number | undefined;
}

/**
 * A catalog's homes made ready to search once per sync, so that a visitor's query never reworks every address:
 * each request only looks its words up in text prepared here.
 */
export class HomeIndex {
  private readonly homes: readonly IndexedHome[];

  constructor(properties: readonly Property[]) {
    this.homes = properties.map((property) => ({
      property,
      text: `${searchText(property.address)} | ${property.address
        .split(',')
        .map((part) => searchText(part).replace(/ /g, ''))
        .join(' ')}`,
      price: property.price.onApplication
        ? undefined
        : property.price.amount * (property.price.period ? PER_MONTH[property.price.period] : 1),
    }));
  }

  /** The homes that pass every part of the filter, in catalog order. */
  find(filter: HomeFilter): Property[] {
    const { branchId, channel, minPrice, maxPrice, bedrooms } = filter;
    const words = filter.q ? queryWords(filter.q) : [];
    const priced = minPrice !== undefined || maxPrice !== undefined;
    const found: Property[] = [];
    for (const home of this.homes) {
      const { property } = home;
      if (branchId && property.branchId !== branchId) continue;
      if (channel && property.channel !== channel) continue;
      if (bedrooms !== undefined && (property.bedrooms ?? -1) < bedrooms) continue;
      if (priced) {
        if (home.price === undefined) continue;
        if (minPrice !== undefined && home.price < minPrice) continue;
        if (maxPrice !== undefined && home.price > maxPrice) continue;
      }
      if (!words.every((word) => home.text.includes(word))) continue;
      found.push(property);
    }
    return found;
  }
}
