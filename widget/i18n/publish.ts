import type { Messages } from './en-GB.ts';

/** Dispatched by a locale file on its own `<script>` element, so no second global is ever needed. */
export const MESSAGES_EVENT = 'viewing-messages';

/** The whole body of a lazily loaded locale file (`viewing-widget.fr.js`): hand the strings to the loader. */
export function publishMessages(messages: Messages): void {
  document.currentScript?.dispatchEvent(new CustomEvent(MESSAGES_EVENT, { detail: messages }));
}
