import { h, render } from 'preact';
import type { Channel } from '../src/contract/index.ts';
import { createApi } from './api.ts';
import { App } from './App.tsx';
import { enGB } from './i18n/en-GB.ts';
import { createFlowModel, type FlowEvent, type FlowModel, type Step } from './model.ts';
import css from './styles.css?inline';

/** The DOM events a host page can listen for on `<viewing-widget>`; all bubble and cross the shadow boundary. */
export interface ViewingWidgetEventMap {
  /** The first data has arrived and the widget is usable. */
  'viewing:ready': CustomEvent<Record<string, never>>;
  /** The visitor moved to another step. */
  'viewing:step': CustomEvent<{ step: Step }>;
  /** A viewing was booked (or requested, where the branch confirms by hand). */
  'viewing:booked': CustomEvent<{ reference: string; propertyId: string; start: string }>;
  /** Something failed; the widget already shows the visitor what to do. */
  'viewing:error': CustomEvent<{ code: string; message: string }>;
}

/** Constructable sheets pass a strict CSP without 'unsafe-inline'; a `<style>` with the page's nonce is the fallback. */
function adoptStyles(root: ShadowRoot, nonce: string | undefined) {
  if (
    'adoptedStyleSheets' in root &&
    typeof CSSStyleSheet === 'function' &&
    'replaceSync' in CSSStyleSheet.prototype
  ) {
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

const asChannel = (v: string | null): Channel | undefined =>
  v === 'lettings' || v === 'sales' ? v : undefined;

/**
 * `<viewing-widget proxy="https://agency.example/api">`: one booking flow in its own shadow root.
 * Each element owns its model; removing the element unmounts the UI, re-inserting it shows the same flow.
 */
export class ViewingWidgetElement extends HTMLElement {
  static get observedAttributes() {
    return ['proxy', 'branch', 'property', 'channel'];
  }

  // `declare`: plain instance state without class-field initialisers, which cost helpers in an ES2020 build.
  declare private mountPoint?: HTMLElement;
  declare private model?: FlowModel;

  connectedCallback() {
    if (!this.mountPoint) {
      const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      adoptStyles(root, this.nonce);
      // Preact owns this div only, so a fallback <style> beside it is never diffed away.
      this.mountPoint = document.createElement('div');
      root.append(this.mountPoint);
    }
    this.mount(this.mountPoint);
  }

  disconnectedCallback() {
    if (this.mountPoint) render(null, this.mountPoint);
  }

  attributeChangedCallback(_name: string, previous: string | null, value: string | null) {
    // Upgrade-time calls arrive before connectedCallback; only later changes restart the flow.
    if (previous === value || !this.mountPoint || !this.isConnected) return;
    this.model = undefined;
    render(null, this.mountPoint);
    this.mount(this.mountPoint);
  }

  private mount(target: HTMLElement) {
    const proxy = this.getAttribute('proxy')?.trim();
    if (!proxy) {
      render(
        h('div', { class: 'vw' }, h('p', { class: 'vw-alert', role: 'alert' }, enGB.missingProxy)),
        target,
      );
      this.emit({ type: 'error', code: 'missing_proxy', message: enGB.missingProxy });
      return;
    }
    if (!this.model) {
      const model: FlowModel = createFlowModel({
        api: createApi(proxy),
        branchId: this.getAttribute('branch') ?? undefined,
        propertyId: this.getAttribute('property') ?? undefined,
        channel: asChannel(this.getAttribute('channel')),
        // A model replaced by an attribute change may still finish a request; it must not speak for the element.
        onEvent: (event) => {
          if (this.model === model) this.emit(event);
        },
      });
      this.model = model;
      void model.start();
    }
    render(h(App, { model: this.model }), target);
  }

  private emit({ type, ...detail }: FlowEvent) {
    this.dispatchEvent(new CustomEvent(`viewing:${type}`, { detail, bubbles: true, composed: true }));
  }
}
