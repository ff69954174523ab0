import type { Channel, Price } from '../../contract/index.ts';
import type { Listing, Office } from './schemas.ts';
import type { ListingSettings } from './settings.ts';

/**
 * What a property needs and a Pexip listing does not hold: its offices, channel, price and bedrooms. Each
 * field comes from the agency's configuration for the listing's `externalId`, else from its tags, else is
 * absent (see the note on `PexipEngageSettings`).
 */
export interface ListingFacts {
  offices?: string[];
  channel?: Channel;
  price?: number;
  currency?: string;
  period?: NonNullable<Price['period']>;
  bedrooms?: number;
}

const CHANNELS = new Set<string>(['lettings', 'sales']);
const PERIODS = new Set<string>(['week', 'month', 'year']);
const AMOUNT = /^\d+(\.\d+)?$/;

/**
 * Facts from tags written `key:value` (`channel:lettings`, `price:1275`, `currency:EUR`, `period:month`,
 * `bedrooms:2`, `office:OFF-ANTWERPEN`); keys are case-insensitive. Any other tag, or a value that does
 * not read, is ignored: tags are the agency's own and serve other purposes too.
 */
export function factsFromTags(tags: readonly string[] | null | undefined): ListingFacts {
  const facts: ListingFacts = {};
  for (const tag of tags ?? []) {
    const colon = tag.indexOf(':');
    if (colon <= 0) continue;
    const key = tag.slice(0, colon).trim().toLowerCase();
    const value = tag.slice(colon + 1).trim();
    if (value === '') continue;
    const lower = value.toLowerCase();
    if (key === 'office') facts.offices = [...(facts.offices ?? []), value];
    else if (key === 'channel' && CHANNELS.has(lower)) facts.channel = lower as Channel;
    else if (key === 'price' && AMOUNT.test(value)) facts.price = Number(value);
    else if (key === 'currency' && /^[a-z]{3}$/i.test(value)) facts.currency = value.toUpperCase();
    else if (key === 'period' && PERIODS.has(lower)) facts.period = lower as ListingFacts['period'];
    else if (key === 'bedrooms' && /^\d+$/.test(value)) facts.bedrooms = Number(value);
  }
  return facts;
}

/** Configuration wins field by field; tags fill what it leaves out. */
export function factsOf(
  listing: Pick<Listing, 'externalId' | 'tags'>,
  configured: Readonly<Record<string, ListingSettings>>,
): ListingFacts {
  const tagged = factsFromTags(listing.tags);
  const given = listing.externalId ? configured[listing.externalId] : undefined;
  if (!given) return tagged;
  const merged: ListingFacts = { ...tagged };
  for (const [key, value] of Object.entries(given)) {
    if (value !== undefined) Object.assign(merged, { [key]: value });
  }
  return merged;
}

export type OfficeChoice =
  { ok: true; officeId: string } | { ok: false; reason: 'no_office' | 'unknown_office' };

/**
 * The branch a listing is shown at: the first of its offices (by externalId, else id) that is active. A
 * listing that names none is shown at the enterprise's only office when it has exactly one.
 */
export function chooseOffice(
  facts: Pick<ListingFacts, 'offices'>,
  offices: readonly Pick<Office, 'id' | 'externalId'>[],
): OfficeChoice {
  const named = facts.offices ?? [];
  if (named.length === 0) {
    const [only, ...more] = offices;
    return only && more.length === 0 ? { ok: true, officeId: only.id } : { ok: false, reason: 'no_office' };
  }
  for (const name of named) {
    const office =
      offices.find((candidate) => candidate.externalId === name) ??
      offices.find((candidate) => candidate.id === name);
    if (office) return { ok: true, officeId: office.id };
  }
  return { ok: false, reason: 'unknown_office' };
}

/** The price shown: the listing's own, or "price on application" when nothing gives one. */
export function priceFrom(facts: ListingFacts, channel: Channel, defaults: { currency: string }): Price {
  const currency = facts.currency ?? defaults.currency;
  const period = channel === 'lettings' ? { period: facts.period ?? 'month' } : {};
  if (facts.price === undefined) return { amount: 0, currency, ...period, onApplication: true };
  return { amount: facts.price, currency, ...period };
}
