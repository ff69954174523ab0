// The script-tag entry. It exports nothing: the page gets the custom element and no other globals.
import { ViewingWidgetElement } from './element.ts';

// The snippet may be pasted twice, or the script loaded by two plugins; defining twice would throw.
if (typeof customElements !== 'undefined' && !customElements.get('viewing-widget')) {
  customElements.define('viewing-widget', ViewingWidgetElement);
}
