import type { BookingSource, Channel } from '../src/contract/index.ts';
import type { GuestField } from './guest.ts';
import type { Prefill, WidgetOptions } from './options.ts';

export type { Mode, Prefill, WidgetOptions } from './options.ts';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** The options name the contract's channels, written out so the public types import nothing: kept equal. */
export const CHANNELS_AGREE: Same<Channel, NonNullable<WidgetOptions['channel']>> = true;

/** Attributes that start the flow over when they change. */
export const FLOW_ATTRIBUTES: readonly string[] = [
  'proxy',
  'branch',
  'property',
  'channel',
  'locale',
  'manage',
];

/** Every attribute `<viewing-widget>` reads; the same names are the keys of {@link WidgetOptions}. */
export const ATTRIBUTES: readonly string[] = [
  ...FLOW_ATTRIBUTES,
  'mode',
  'label',
  'position',
  'accent',
  'radius',
  'font',
  'theme',
  'analytics',
  'nonce',
  'prefill-name',
  'prefill-email',
  'prefill-phone',
];

const KNOWN = new Set(ATTRIBUTES);
const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Options, or a trigger element's `data-*` attributes, as the element's attributes. Keys it does not know are
 * dropped, so a page's stray `data-onclick` never becomes an attribute.
 */
export function toAttributes(source: object): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (name: string, value: unknown) => {
    if (KNOWN.has(name) && name !== 'mode' && (typeof value === 'string' || typeof value === 'number'))
      out[name] = String(value);
  };
  for (const [key, value] of Object.entries(source)) {
    if (key === 'prefill' && typeof value === 'object' && value)
      for (const [field, v] of Object.entries(value)) add(`prefill-${field}`, v);
    else add(kebab(key), value);
  }
  return out;
}

export function guestFromPrefill({ name, email, phone }: Prefill): Partial<Record<GuestField, string>> {
  const [firstName, ...rest] = (name ?? '').trim().split(/\s+/);
  return { firstName, lastName: rest.join(' '), email, phone };
}

/** The campaign tags and ad click ids a booking carries in `source`, each as long as the proxy takes. */
const SOURCE_TAGS: Record<string, number> = {
  utm_source: 200,
  utm_medium: 200,
  utm_campaign: 200,
  utm_term: 200,
  utm_content: 200,
  gclid: 500,
  fbclid: 500,
};

/**
 * Where the visitor came from, read from the page's address: the page itself without its query string (which
 * can hold anything, an email address included), its `utm_*` tags and an ad click's id (`gclid`, `fbclid`).
 */
export function bookingSource(href: string): BookingSource | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  if (!/^https?:$/.test(url.protocol)) return undefined;
  const source: Record<string, string> = { page: `${url.origin}${url.pathname}`.slice(0, 2000) };
  for (const [key, value] of url.searchParams) {
    const max = SOURCE_TAGS[key];
    const v = value.trim();
    if (max && v && !(key in source)) source[key] = v.slice(0, max);
  }
  return source;
}
