// `viewing-widget.flow.js`: the booking flow's code, loaded by the boot script (widget/main.ts) when a widget on
// the page first needs it. Its languages, its later steps and the manage view are files of their own beside it.
import type { Prefetched } from './first-reads.ts';
import { WidgetView } from './view.tsx';

export type { WidgetView };

/** The one thing the boot script takes from this file. */
export function createView(host: HTMLElement, prefetched?: Prefetched): WidgetView {
  return new WidgetView(host, prefetched);
}

export type FlowModule = { createView: typeof createView };
