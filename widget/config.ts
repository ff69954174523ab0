import type { Channel } from '../src/contract/index.ts';
import type { GuestField } from './guest.ts';

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
  'nonce',
  'prefill-name',
  'prefill-email',
  'prefill-phone',
];

export type Mode = 'inline' | 'popup' | 'button';

/** Details a host page already knows about the visitor, e.g. a signed-in user. */
export interface Prefill {
  /** The full name: the first word is taken as the first name, the rest as the last name. */
  name?: string;
  email?: string;
  phone?: string;
}

/** What `ViewingWidget('open', options)` accepts; each key is also an attribute of `<viewing-widget>`. */
export interface WidgetOptions {
  /** The proxy's base URL, e.g. `https://agency.example/api`. */
  proxy?: string;
  /** Start at this branch's homes. */
  branch?: string;
  /** Book this one home: start at its free times. */
  property?: string;
  channel?: Channel;
  /** `en-GB` (default), `en-US`, `fr`, `nl` or `de`, or any BCP 47 tag of those languages; else `<html lang>`. */
  locale?: string;
  /** Any CSS colour for buttons, links and focus rings. */
  accent?: string;
  /** Corner radius: a CSS length, or a number of pixels. */
  radius?: string;
  /** A CSS font-family list. */
  font?: string;
  /** `auto` (default) follows the visitor's system setting; `light` or `dark` forces one. */
  theme?: 'auto' | 'light' | 'dark';
  /** A CSP nonce for the `<style>` used where constructable stylesheets are missing. */
  nonce?: string;
  /** The floating button's text (`mode="button"`). */
  label?: string;
  /** Which bottom corner the floating button sits in. */
  position?: 'left' | 'right';
  prefill?: Prefill;
}

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

/**
 * The page's `utm_*` parameters as a line for the agent's notes, so the agency sees which campaign brought the
 * booking; undefined when there are none.
 */
export function utmNote(search: string): string | undefined {
  const pairs: string[] = [];
  for (const [key, value] of new URLSearchParams(search))
    if (/^utm_\w+$/.test(key) && value) pairs.push(`${key}=${value.slice(0, 100)}`);
  return pairs.length ? `Came from: ${pairs.slice(0, 6).join(', ')}` : undefined;
}
