import { SIBLING_EVENT } from './publish.ts';

/** The script this code runs in, read while it runs: other files are looked for next to it. */
const ownScript = typeof document === 'undefined' ? null : document.currentScript;

/**
 * Runs `viewing-widget.<name>.js` from beside the main script and resolves to what it publishes (see
 * publish.ts): a language's strings, or the manage view. Loaded as a script, not fetched, so it passes a CSP
 * that allows the widget's own origin for scripts and nothing else. Resolves to undefined when the file cannot
 * be had.
 */
export function loadSibling(name: string): Promise<unknown> {
  return new Promise((resolve) => {
    const own = ownScript instanceof HTMLScriptElement ? ownScript : null;
    const src = own?.src.replace(/\.js(?=[?#]|$)/, `.${name}.js`);
    // A script served without `.js` has no sibling to find; loading it again would run the widget twice.
    if (!own || !src || src === own.src) return resolve(undefined);
    const script = document.createElement('script');
    let payload: unknown;
    script.addEventListener(SIBLING_EVENT, (e) => {
      if (e instanceof CustomEvent) payload = e.detail;
    });
    script.onload = script.onerror = () => {
      script.remove();
      resolve(payload);
    };
    // A nonce-based CSP trusts the widget's script by its nonce; the file beside it needs the same one.
    script.nonce = own.nonce ?? '';
    script.src = src;
    document.head.append(script);
  });
}
