import { toAttributes, type Prefill, type WidgetOptions } from './config.ts';
import type { ViewingWidgetElement } from './element.tsx';
import type { ViewingWidgetEventName, ViewingWidgetListener } from './events.ts';

/**
 * The page's one global, `ViewingWidget(command, ...args)`. Calls made through the loader snippet before the
 * script arrives are queued and run, in order, once it has.
 *
 * @example
 * ViewingWidget('open', { property: 'C497520AC3A9128C', locale: 'fr' });
 * ViewingWidget('on', 'viewing:booked', (e) => analytics.track('viewing', e.detail.reference));
 */
export interface ViewingWidgetApi {
  /** Opens the booking in a modal dialog; options merge over the script tag's `data-*` defaults. */
  (command: 'open', options?: WidgetOptions): void;
  /**
   * `close`: closes any open booking dialog on the page. `destroy`: removes the popup, the listeners added with
   * `on`, the prefill and the `data-viewing-open` handling; a later call sets the page up again.
   */
  (command: 'close' | 'destroy'): void;
  /** `on`: calls `listener` for that event from every widget on the page. `off`: stops a listener added with `on`. */
  <K extends ViewingWidgetEventName>(
    command: 'on' | 'off',
    event: K,
    listener: ViewingWidgetListener<K>,
  ): void;
  /** Fills in the visitor's name, email and phone in every widget, now and in popups opened later. */
  (command: 'prefill', details: Prefill): void;
}

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null;
const isListener = (v: unknown): v is (event: Event) => void => typeof v === 'function';

/**
 * The state behind the global, one per page: the popup it opened, the page's listeners and prefill. Created
 * by the script entry; `defaults` reads the script tag's `data-*` attributes.
 */
export function createHostApi(defaults: () => object): (...args: unknown[]) => void {
  let popup: ViewingWidgetElement | undefined;
  let popupKey = '';
  let prefill: Record<string, string> = {};
  let bound: boolean;
  const subscriptions: [string, (event: Event) => void][] = [];

  /**
   * Any element with `data-viewing-open` opens the popup; its other `data-*` attributes configure it, except
   * where the visitor's details go: such an element may come from text the page shows (a review, a listing
   * description), so the proxy is only ever the script tag's, the page script's or an inline widget's.
   */
  function onClick(e: MouseEvent) {
    if (e.defaultPrevented || e.button || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const trigger = e
      .composedPath()
      .find((n): n is HTMLElement => n instanceof HTMLElement && n.hasAttribute('data-viewing-open'));
    if (!trigger) return;
    e.preventDefault();
    open(trigger.dataset, trigger);
  }

  function open(options: object, opener?: HTMLElement) {
    // With no proxy given anywhere, borrow the one an inline widget on the page already uses.
    const inline = document.querySelector('viewing-widget[proxy]')?.getAttribute('proxy');
    const given = toAttributes(options);
    if (opener) delete given.proxy;
    const attributes = {
      ...(inline ? { proxy: inline } : {}),
      ...toAttributes(defaults()),
      ...prefill,
      ...given,
    };
    const key = JSON.stringify(attributes);
    // Reopening the same booking keeps the visitor's progress; a finished or different one starts afresh.
    if (!popup?.isConnected || key !== popupKey || popup.step === 'done') {
      popup?.remove();
      popup = document.createElement('viewing-widget');
      for (const [name, value] of Object.entries(attributes)) popup.setAttribute(name, value);
      popup.setAttribute('mode', 'popup');
      document.body.append(popup);
      popupKey = key;
    }
    popup.open(opener);
  }

  const commands: Record<string, (...args: unknown[]) => void> = {
    open: (options) => open(isObject(options) ? options : {}),
    close: () => {
      for (const widget of document.querySelectorAll('viewing-widget')) widget.close();
    },
    // Events bubble out of every widget's shadow root to the document: one listener there hears them all.
    on: (name, listener) => {
      if (typeof name !== 'string' || !name.startsWith('viewing:') || !isListener(listener)) return;
      subscriptions.push([name, listener]);
      document.addEventListener(name, listener);
    },
    off: (name, listener) => {
      if (typeof name === 'string' && isListener(listener)) document.removeEventListener(name, listener);
    },
    prefill: (details) => {
      if (!isObject(details)) return;
      prefill = toAttributes({ prefill: details });
      for (const widget of document.querySelectorAll('viewing-widget'))
        for (const [name, value] of Object.entries(prefill)) widget.setAttribute(name, value);
    },
    destroy: () => {
      popup?.remove();
      popup = undefined;
      prefill = {};
      for (const [name, listener] of subscriptions.splice(0)) document.removeEventListener(name, listener);
      document.removeEventListener('click', onClick);
      bound = false;
    },
  };

  function bind() {
    bound = true;
    document.addEventListener('click', onClick);
  }

  bind();
  return (command, ...args) => {
    // After `destroy`, the next call sets the page up again (a single-page app mounting the widget anew).
    if (!bound && command !== 'destroy') bind();
    if (typeof command === 'string' && Object.prototype.hasOwnProperty.call(commands, command))
      commands[command]?.(...args);
  };
}
