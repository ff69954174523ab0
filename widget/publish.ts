/** Dispatched by a file loaded beside the main script on its own `<script>` element, so no second global is needed. */
export const SIBLING_EVENT = 'viewing-sibling';

/**
 * The whole act of a file loaded beside the main script (`viewing-widget.fr.js`, `viewing-widget.manage.js`):
 * hand what it holds to the loader (see sibling.ts).
 */
export function publish(payload: unknown): void {
  document.currentScript?.dispatchEvent(new CustomEvent(SIBLING_EVENT, { detail: payload }));
}
