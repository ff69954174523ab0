// What a page may set on a widget, as types only: the package's public types are made from this file and
// events.ts, which import nothing, so a site's type checker needs nothing but them.

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
  channel?: 'lettings' | 'sales';
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
  /**
   * `datalayer`: also push `viewing_step` and `viewing_booked` (reference and property id, never the visitor's
   * details) to `window.dataLayer`, for Google Tag Manager, GA4 or a Meta pixel set up there.
   */
  analytics?: 'datalayer';
  /** A CSP nonce for the `<style>` used where constructable stylesheets are missing. */
  nonce?: string;
  /** The floating button's text (`mode="button"`). */
  label?: string;
  /** Which bottom corner the floating button sits in. */
  position?: 'left' | 'right';
  prefill?: Prefill;
}
