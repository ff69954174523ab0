// The script-tag entry (`viewing-widget.js`), kept small: the custom element, the page's one global `ViewingWidget`
// with the loader snippet's queue, and what fetches the flow's code when a widget needs it. It exports nothing:
// an IIFE's exports would overwrite that global.
import { defineElement, flowUrl } from './element.ts';
import type { FlowModule } from './flow.ts';
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
  const src = script instanceof HTMLScriptElement ? script.src : '';
  let flow: Promise<FlowModule> | undefined;
  /**
   * The flow's code, once per page. A widget that starts at a home or a time (`property` or `branch` set) also
   * asks for those steps' file (its name is fixed by the build, beside the flow) at the same moment, instead of
   * after the flow has run: both travel together with the first step's data.
   */
  const load = (startsPastBranches: boolean) => {
    if (startsPastBranches && import.meta.env.MODE !== 'test') {
      // Only a head start: the flow asks for the same file itself, and shows a failure there.
      Promise.resolve(src)
        .then((s) => import(/* @vite-ignore */ new URL('viewing-widget.browse.js', flowUrl(s)).href))
        .catch(() => undefined);
    }
    return (flow ??= (
      import.meta.env.MODE === 'test'
        ? // Tests run the source, where the flow is a module like any other.
          import('./flow.ts')
        : Promise.resolve(src).then((s) => import(/* @vite-ignore */ flowUrl(s)))
    ).catch((error: unknown) => {
      // A failed load (the visitor went offline) is tried again by the next widget that needs it.
      flow = undefined;
      throw error;
    }));
  };
  customElements.define('viewing-widget', defineElement(load));

  const stub = window.ViewingWidget;
  const queue = typeof stub === 'function' && 'q' in stub && Array.isArray(stub.q) ? stub.q : [];
  const api = createHostApi(defaults);
  window.ViewingWidget = api;
  for (const call of queue) if (isArrayLike(call)) api(...Array.from(call));
}
