import { ATTRIBUTES } from './config.ts';
import { firstReads } from './first-reads.ts';
import type { Step } from './model.ts';
import type { FlowModule, WidgetView } from './flow.ts';

/** The focused element, looking inside shadow roots, so focus can go back to an opener inside another widget. */
function deepActiveElement(): HTMLElement | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el instanceof HTMLElement ? el : null;
}

/**
 * Where the flow's code is: `viewing-widget.flow.js` beside this script (the name this script has, `.flow`
 * before `.js`). Its own imports name the files beside it, so the query string (a version tag) is left off:
 * the flow and the files it imports must be one module each.
 */
export function flowUrl(scriptSrc: string): string {
  const url = new URL(scriptSrc);
  url.search = url.hash = '';
  url.pathname = url.pathname.replace(/(\.js)?$/, '.flow.js');
  return url.href;
}

/**
 * `<viewing-widget proxy="https://agency.example/api">`, as the boot script defines it: it holds no flow of its
 * own. When the flow is first needed (an inline widget on the page, a popup opened) it loads the flow's code
 * (`load`, once per page) and, at the same moment, the proxy's answers the first step shows; then hands itself
 * to the view the flow's code makes (widget/view.tsx), which draws it from then on.
 */
export function defineElement(
  load: (startsPastBranches: boolean) => Promise<FlowModule>,
): new () => ViewingWidgetElement {
  /** The flow's code once it is here: every element after the first gets its view at once. */
  let flow: FlowModule | undefined;

  return class extends HTMLElement implements ViewingWidgetElement {
    static get observedAttributes() {
      return ATTRIBUTES;
    }

    // Private (#) members: the element lives on someone else's page, whose scripts must not reach its state.
    #view: WidgetView | undefined;
    #loading: Promise<WidgetView | undefined> | undefined;
    /** An open() that waits for the flow's code; a close() meanwhile takes it back. */
    #pendingOpen: object | undefined;

    /** The step the visitor is on, once the flow exists. */
    get step(): Step | undefined {
      return this.#view?.step;
    }

    connectedCallback() {
      // The shadow root is there at once, for host scripts and styles; the flow draws into it when it comes.
      if (!this.shadowRoot) this.attachShadow({ mode: 'open' });
      // A popup or a floating button asks the proxy for nothing until the visitor opens it.
      const inline = !/^(popup|button)$/.test(this.getAttribute('mode')?.trim() ?? '');
      const view = this.#viewNow(inline);
      if (view) view.connected();
      else void this.#ready(inline).then((v) => this.isConnected && v?.connected());
    }

    disconnectedCallback() {
      this.#view?.disconnected();
    }

    attributeChangedCallback(name: string, previous: string | null, value: string | null) {
      this.#view?.attributeChanged(name, previous, value);
    }

    /** Opens the dialog of a `popup` or `button` widget; focus returns to `opener` (else what had it) on close. */
    open(opener?: HTMLElement | null) {
      const back = opener ?? deepActiveElement();
      const view = this.#viewNow(true);
      if (view) return view.open(back);
      const pending = (this.#pendingOpen = {});
      void this.#ready(true).then((v) => {
        if (this.#pendingOpen !== pending) return;
        this.#pendingOpen = undefined;
        v?.open(back);
      });
    }

    close() {
      this.#pendingOpen = undefined;
      this.#view?.close();
    }

    /** The first step's requests, started now; `read` is false for a widget the visitor has not opened. */
    #firstReads(read: boolean) {
      const proxy = this.getAttribute('proxy')?.trim();
      // A manage link shows one viewing, read by the manage view itself.
      return read && proxy && !this.hasAttribute('manage')
        ? firstReads(proxy, this.getAttribute('property')?.trim())
        : undefined;
    }

    /** The view, made now if the flow's code is already here. */
    #viewNow(read: boolean): WidgetView | undefined {
      if (!this.#view && flow) this.#view = flow.createView(this, this.#firstReads(read));
      return this.#view;
    }

    /**
     * The view, once the flow's code is here, with the first step's requests under way meanwhile. When the
     * code cannot be had, the page hears `viewing:error` and the next call tries again.
     */
    #ready(read: boolean): Promise<WidgetView | undefined> {
      if (this.#loading) return this.#loading;
      const prefetched = this.#firstReads(read);
      const startsPastBranches =
        !this.hasAttribute('manage') && (this.hasAttribute('property') || this.hasAttribute('branch'));
      return (this.#loading = load(startsPastBranches).then(
        (code) => {
          flow = code;
          return (this.#view ??= code.createView(this, prefetched));
        },
        (error: unknown) => {
          this.#loading = undefined;
          this.dispatchEvent(
            new CustomEvent('viewing:error', {
              detail: {
                code: 'unavailable',
                message: `The booking form could not be loaded: ${String(error)}`,
              },
              bubbles: true,
              composed: true,
            }),
          );
          return undefined;
        },
      ));
    }
  };
}

/** `<viewing-widget>` as a page's scripts see it. */
export interface ViewingWidgetElement extends HTMLElement {
  /** The step the visitor is on, once the flow exists. */
  readonly step: Step | undefined;
  /** Opens the dialog of a `popup` or `button` widget; focus returns to `opener` (else what had it) on close. */
  open(opener?: HTMLElement | null): void;
  close(): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'viewing-widget': ViewingWidgetElement;
  }
}
