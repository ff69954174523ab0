// The ES module entry (`import 'viewing-widget'`), for sites built with a bundler: the same custom element and
// commands as the script tag's `ViewingWidget(...)` global, as functions. The flow's code is a dynamic import
// the site's bundler splits off, so a page without a widget on screen downloads none of it.
import { defineElement } from './element.ts';
import type { ViewingWidgetEventMap, ViewingWidgetEventName, ViewingWidgetListener } from './events.ts';
import { createHostApi } from './host-api.ts';
import type { Prefill, WidgetOptions } from './options.ts';

export type { Step, ViewingWidgetEventMap, ViewingWidgetEventName, ViewingWidgetListener } from './events.ts';
export type { Mode, Prefill, WidgetOptions } from './options.ts';

let api: ((...args: unknown[]) => void) | undefined;

/**
 * Defines `<viewing-widget>` (once per page, whichever copy of the code runs first: a script tag's included) and
 * sets up the page's commands. Runs on import; call it again only after `destroy()`, which `open()` also does.
 */
export function define(): void {
  if (typeof customElements === 'undefined') return;
  if (!customElements.get('viewing-widget')) {
    customElements.define(
      'viewing-widget',
      defineElement(() => import('./flow.ts')),
    );
  }
  api ??= createHostApi(() => ({}));
}

const call = (...args: unknown[]) => {
  define();
  api?.(...args);
};

/** Opens the booking in a modal dialog; `proxy` is needed unless an inline widget on the page has one. */
export const open = (options?: WidgetOptions): void => call('open', options);
/** Closes any open booking dialog on the page. */
export const close = (): void => call('close');
/** Calls `listener` for that event from every widget on the page. */
export const on = <K extends ViewingWidgetEventName>(event: K, listener: ViewingWidgetListener<K>): void =>
  call('on', event, listener);
/** Stops a listener added with `on`. */
export const off = <K extends ViewingWidgetEventName>(event: K, listener: ViewingWidgetListener<K>): void =>
  call('off', event, listener);
/** Fills in the visitor's name, email and phone in every widget, now and in dialogs opened later. */
export const prefill = (details: Prefill): void => call('prefill', details);
/** Removes the dialog, the listeners added with `on` and the prefill (a single-page app leaving the page). */
export const destroy = (): void => call('destroy');

// The event map's names, for `on`'s callers who type their own handlers.
export type ViewingWidgetEvent<K extends ViewingWidgetEventName> = ViewingWidgetEventMap[K];

define();
