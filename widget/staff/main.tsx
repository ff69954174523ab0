// The staff page's script: `<viewing-staff base="/api">`, drawn with the widget's components and styles.
import { render } from 'preact';
import { enGB } from '../i18n/en-GB.ts';
import widgetCss from '../styles.css?inline';
import staffCss from './staff.css?inline';
import { createStaffApi } from './api.ts';
import { createStaffModel } from './model.ts';
import { StaffApp } from './StaffApp.tsx';

// Read now: `currentScript` is only set while this script runs; a page with a nonce policy gives it one.
const script = document.currentScript;
const nonce = script instanceof HTMLScriptElement ? script.nonce : '';

/** The diary in its own shadow root, so the page around it (and its CSS) and the widget's styles never mix. */
class ViewingStaffElement extends HTMLElement {
  #mount: HTMLElement | undefined;

  connectedCallback() {
    if (this.#mount) return;
    const root = this.attachShadow({ mode: 'open' });
    const css = widgetCss + staffCss;
    if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
    } else {
      const style = document.createElement('style');
      style.nonce = nonce;
      style.textContent = css;
      root.append(style);
    }
    this.#mount = document.createElement('div');
    this.#mount.className = 'root';
    this.#mount.lang = 'en-GB';
    this.#mount.dir = enGB.dir;
    root.append(this.#mount);
    const model = createStaffModel({
      api: createStaffApi(this.getAttribute('base') ?? ''),
      location,
      remember: (query) => history.replaceState(null, '', query),
    });
    render(<StaffApp model={model} />, this.#mount);
    void model.start();
  }
}

if (!customElements.get('viewing-staff')) customElements.define('viewing-staff', ViewingStaffElement);
