// The script-tag entry. The page gets the custom element and one global, `ViewingWidget`, and nothing else.
import { ViewingWidgetElement } from './element.tsx';
import { createHostApi } from './host-api.ts';

declare global {
  interface Window {
    /** The loader snippet's queue stub until this script runs, then the API (see host-api.ts). */
    ViewingWidget?: unknown;
  }
}

const isArrayLike = (v: unknown): v is ArrayLike<unknown> =>
  typeof v === 'object' && v !== null && 'length' in v && typeof v.length === 'number';

// The snippet may be pasted twice, or the script loaded by two plugins: the first copy to run owns the page.
if (typeof customElements !== 'undefined' && !customElements.get('viewing-widget')) {
  // Read now: `currentScript` is only set while this script runs.
  const script = document.currentScript;
  const defaults = () => (script instanceof HTMLScriptElement ? script.dataset : {});
  customElements.define('viewing-widget', ViewingWidgetElement);

  const stub = window.ViewingWidget;
  const queue = typeof stub === 'function' && 'q' in stub && Array.isArray(stub.q) ? stub.q : [];
  const api = createHostApi(defaults);
  window.ViewingWidget = api;
  for (const call of queue) if (isArrayLike(call)) api(...Array.from(call));
}
