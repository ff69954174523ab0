import { render } from 'preact';
import { pushToDataLayer } from './analytics.ts';
import { createApi } from './api.ts';
import { App } from './App.tsx';
import { bookingSource, FLOW_ATTRIBUTES, guestFromPrefill, type Mode } from './config.ts';
import { enGB, type Messages } from './i18n/en-GB.ts';
import { loadMessages, pickLanguage } from './i18n/locales.ts';
import type { Prefetched } from './first-reads.ts';
import { createFlowModel, type FlowEvent, type FlowModel, type Step } from './model.ts';
import css from './styles.css?inline';

/** Constructable sheets pass a strict CSP without 'unsafe-inline'; a `<style>` with the page's nonce is the fallback. */
function adoptStyles(root: ShadowRoot, nonce: string | undefined) {
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return;
  }
  const style = document.createElement('style');
  if (nonce) style.nonce = nonce;
  style.textContent = css;
  root.append(style);
}

/**
 * Stops the page behind the dialog from scrolling. Where the page had a scrollbar its gutter is kept, so the
 * page does not jump sideways; the inline styles it had are put back on close.
 */
function lockScroll(): () => void {
  const root = document.documentElement;
  const { overflow, scrollbarGutter } = root.style;
  const hadScrollbar = innerWidth > root.clientWidth;
  root.style.overflow = 'hidden';
  if (hadScrollbar) root.style.scrollbarGutter = 'stable';
  return () => {
    root.style.overflow = overflow;
    root.style.scrollbarGutter = scrollbarGutter;
  };
}

/** Keeps Tab inside the dialog: past the last control it wraps to the first, and back. */
function trapFocus(e: KeyboardEvent) {
  const dialog = e.currentTarget;
  if (e.key !== 'Tab' || !(dialog instanceof HTMLElement)) return;
  const stops = [...dialog.querySelectorAll<HTMLElement>('button,input,select,textarea,a[href]')].filter(
    (el) => el.tabIndex >= 0 && !el.matches(':disabled'),
  );
  const root = dialog.getRootNode();
  const focused = root instanceof ShadowRoot ? root.activeElement : null;
  const [first, last] = [stops[0], stops[stops.length - 1]];
  const edge = e.shiftKey ? first : last;
  if (focused === edge || !focused) {
    e.preventDefault();
    (e.shiftKey ? last : first)?.focus();
  }
}

/**
 * What `viewing-widget.manage.js` publishes (see widget/manage/): draws, in the element's shadow root, the
 * viewing its `manage` token names, with the wording and the date formats the element settled on.
 */
export type ManageMount = (host: HTMLElement, t: Messages, locale: string) => void;

type HostEvent = FlowEvent | { type: 'close'; step: Step | null };

/**
 * What `<viewing-widget>` does once the flow's code is here (widget/element.ts hands each callback over): one
 * booking flow in the element's own shadow root, shown in place (`mode="inline"`, the default), in a modal
 * dialog opened by script (`mode="popup"`), or behind a floating button (`mode="button"`). Each element owns its
 * model; removing the element unmounts the UI, re-inserting it shows the same flow.
 */
export class WidgetView {
  #host: HTMLElement;
  /** What the boot script asked the proxy for early: used by the first flow, then dropped. */
  #prefetched: Prefetched | undefined;
  #mountPoint: HTMLElement | undefined;
  #model: FlowModel | undefined;
  #t: Messages | undefined;
  #locale: string | undefined;
  /**
   * Identifies the language load in flight, so an answer for a replaced flow is ignored. For a manage link it
   * stays set: that view is drawn once, by its own file.
   */
  #loading: unknown;
  #started: boolean | undefined;
  #isOpen: boolean | undefined;
  #opener: HTMLElement | null | undefined;
  #unlock: (() => void) | undefined;

  constructor(host: HTMLElement, prefetched?: Prefetched) {
    this.#host = host;
    this.#prefetched = prefetched;
  }

  /** The step the visitor is on, once the flow exists. */
  get step(): Step | undefined {
    return this.#model?.step.peek();
  }

  connected() {
    const host = this.#host;
    if (!this.#mountPoint) {
      const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
      // Browsers hide a nonce attribute once read; the property keeps it.
      adoptStyles(root, host.nonce || host.getAttribute('nonce') || undefined);
      // Preact owns this div only, so a fallback <style> beside it is never diffed away.
      this.#mountPoint = document.createElement('div');
      root.append(this.#mountPoint);
    }
    this.#setup();
  }

  disconnected() {
    this.#unlock?.();
    this.#unlock = undefined;
    this.#isOpen = false;
    if (this.#mountPoint) render(null, this.#mountPoint);
  }

  attributeChanged(name: string, previous: string | null, value: string | null) {
    if (previous === value || !this.#mountPoint || !this.#host.isConnected) return;
    if (name.startsWith('prefill-')) return this.#model?.details.prefill(this.#prefill());
    if (name === 'mode') this.close();
    if (FLOW_ATTRIBUTES.includes(name)) {
      this.#model = this.#loading = undefined;
      this.#started = false;
      render(null, this.#mountPoint);
    }
    this.#setup();
  }

  /** Opens the dialog of a `popup` or `button` widget; focus returns to `opener` on close. */
  open(opener: HTMLElement | null) {
    if (!this.#mountPoint) this.connected();
    const dialog = this.#host.shadowRoot?.querySelector('dialog');
    if (!dialog || this.#isOpen) return;
    this.#opener = opener;
    this.#isOpen = true;
    dialog.showModal();
    this.#unlock = lockScroll();
    this.#begin();
    this.#paint();
  }

  close() {
    this.#host.shadowRoot?.querySelector('dialog')?.close();
  }

  /** The dialog's `close` event, however it was closed: Esc, the close button, or `close()`. */
  #closed() {
    if (!this.#isOpen) return;
    this.#isOpen = false;
    this.#unlock?.();
    this.#unlock = undefined;
    this.#paint();
    this.#emit({ type: 'close', step: this.step ?? null });
    this.#opener?.focus();
  }

  #attr(name: string): string | undefined {
    return this.#host.getAttribute(name)?.trim() || undefined;
  }

  #mode(): Mode {
    const mode = this.#attr('mode');
    return mode === 'popup' || mode === 'button' ? mode : 'inline';
  }

  #prefill() {
    return guestFromPrefill({
      name: this.#attr('prefill-name'),
      email: this.#attr('prefill-email'),
      phone: this.#attr('prefill-phone'),
    });
  }

  #setup() {
    const proxy = this.#attr('proxy');
    if (!proxy) {
      this.#paint();
      return this.#emit({ type: 'error', code: 'missing_proxy', message: enGB.missingProxy });
    }
    if (!this.#model && !this.#loading) {
      const { language, intl } = pickLanguage(this.#attr('locale') ?? document.documentElement.lang);
      const loading = {};
      const manage = this.#attr('manage');
      this.#loading = loading;
      const create = (t: Messages | undefined) => {
        if (this.#loading !== loading) return;
        this.#loading = manage && loading;
        if (!t)
          this.#emit({ type: 'error', code: 'locale_unavailable', message: `No ${language} strings found` });
        this.#t = t ?? enGB;
        this.#locale = t ? intl : 'en-GB';
        if (manage) {
          // Not checked against a newer load: the view reads the element as it is, and a newer one draws over it.
          return void import('./manage/mount.tsx').then(({ mountManage }) =>
            mountManage(this.#host, t ?? enGB, this.#locale ?? 'en-GB'),
          );
        }
        const model: FlowModel = createFlowModel({
          api: createApi(proxy, undefined, this.#prefetched),
          branchId: this.#attr('branch'),
          propertyId: this.#attr('property'),
          channel: ((c) => (c === 'lettings' || c === 'sales' ? c : undefined))(this.#attr('channel')),
          locale: this.#locale,
          messages: this.#t,
          source: bookingSource(location.href),
          // A model replaced by an attribute change may still finish a request; it must not speak for the element.
          onEvent: (event) => {
            if (this.#model !== model) return;
            if (this.#attr('analytics') === 'datalayer') pushToDataLayer(event);
            this.#emit(event);
          },
        });
        model.details.prefill(this.#prefill());
        this.#model = model;
        this.#prefetched = undefined;
        // A popup loads nothing until it is first opened.
        if (this.#isOpen || this.#mode() === 'inline') this.#begin();
        this.#paint();
      };
      if (language === 'en-GB') create(enGB);
      else void loadMessages(language).then(create);
    }
    this.#paint();
  }

  #begin() {
    if (!this.#model || this.#started) return;
    this.#started = true;
    void this.#model.start();
  }

  #paint() {
    const mount = this.#mountPoint;
    if (!mount || !this.#host.isConnected) return;
    const t = this.#t ?? enGB;
    const mode = this.#mode();
    const radius = this.#attr('radius');
    const body = !this.#attr('proxy') ? (
      <p class="vw alert" role="alert">
        {enGB.missingProxy}
      </p>
    ) : this.#model ? (
      <App model={this.#model} modal={mode !== 'inline'} />
    ) : this.#attr('manage') ? null : (
      <p class="vw loading">
        <span class="spinner" />
      </p>
    );
    render(
      <div
        class="root"
        lang={this.#locale ?? 'en-GB'}
        dir={t.dir}
        style={{
          '--vw-accent': this.#attr('accent'),
          '--vw-radius': radius && /^\d+$/.test(radius) ? `${radius}px` : radius,
          '--vw-font': this.#attr('font'),
        }}
      >
        {mode === 'inline' ? (
          body
        ) : (
          <>
            {mode === 'button' && (
              <button
                type="button"
                class={this.#attr('position') === 'left' ? 'primary fab left' : 'primary fab'}
                aria-haspopup="dialog"
                onClick={(e) => this.open(e.currentTarget)}
              >
                {this.#attr('label') ?? t.open}
              </button>
            )}
            <dialog aria-labelledby="title" onClose={() => this.#closed()} onKeyDown={trapFocus}>
              <div class="bar">
                <span id="title">{t.open}</span>
                <button type="button" class="close" aria-label={t.close} onClick={() => this.close()}>
                  ×
                </button>
              </div>
              {this.#isOpen && body}
            </dialog>
          </>
        )}
      </div>,
      mount,
    );
  }

  #emit({ type, ...detail }: HostEvent) {
    this.#host.dispatchEvent(new CustomEvent(`viewing:${type}`, { detail, bubbles: true, composed: true }));
  }
}
