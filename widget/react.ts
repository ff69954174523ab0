// `viewing-widget/react`: `<ViewingWidget>` for React and Next.js sites, typed props in, typed callbacks out. It
// renders the `<viewing-widget>` custom element (defined by importing the package) and listens to its events
// itself, so it works the same in React 18 and 19. React comes from the site (a peer dependency).
import { createElement, useEffect, useRef, type CSSProperties, type ReactElement } from 'react';
import { toAttributes } from './config.ts';
import type { ViewingWidgetEventMap } from './events.ts';
import type { Mode, WidgetOptions } from './options.ts';
import './module.ts';

type Detail<K extends keyof ViewingWidgetEventMap> = ViewingWidgetEventMap[K]['detail'];

export interface ViewingWidgetProps extends WidgetOptions {
  /** `inline` (default), `popup` (opened by `open()`), or `button`: a floating button that opens it. */
  mode?: Mode;
  /** A visitor's manage token: shows their viewing to move or cancel instead of the booking flow. */
  manage?: string;
  className?: string;
  style?: CSSProperties;
  /** The first data has arrived and the widget is usable. */
  onReady?: (detail: Detail<'viewing:ready'>) => void;
  /** The visitor moved to another step. */
  onStep?: (detail: Detail<'viewing:step'>) => void;
  /** A viewing was booked (or requested, where the branch confirms by hand). */
  onBooked?: (detail: Detail<'viewing:booked'>) => void;
  /** The visitor moved their viewing to another time (with `manage`). */
  onRescheduled?: (detail: Detail<'viewing:rescheduled'>) => void;
  /** The visitor cancelled their viewing (with `manage`). */
  onCancelled?: (detail: Detail<'viewing:cancelled'>) => void;
  /** Something failed; the widget already shows the visitor what to do. */
  onError?: (detail: Detail<'viewing:error'>) => void;
  /** A popup or button's dialog was closed. */
  onClose?: (detail: Detail<'viewing:close'>) => void;
}

/** Each callback prop and the event it hears. */
const CALLBACKS = {
  onReady: 'viewing:ready',
  onStep: 'viewing:step',
  onBooked: 'viewing:booked',
  onRescheduled: 'viewing:rescheduled',
  onCancelled: 'viewing:cancelled',
  onError: 'viewing:error',
  onClose: 'viewing:close',
} as const satisfies Record<string, keyof ViewingWidgetEventMap>;

/**
 * The booking widget as a React component.
 *
 * @example
 * <ViewingWidget proxy="https://agency.example/api" property="C497520AC3A9128C" onBooked={(b) => track(b.reference)} />
 */
export function ViewingWidget(props: ViewingWidgetProps): ReactElement {
  const element = useRef<HTMLElement>(null);
  // The latest callbacks, read when an event comes: listeners are added once, not on every render.
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    const node = element.current;
    if (!node) return;
    const listeners = Object.entries(CALLBACKS).map(([prop, name]) => {
      const listener = (event: Event) => {
        const callback = latest.current[prop as keyof typeof CALLBACKS] as
          ((detail: unknown) => void) | undefined;
        // Events bubble: only this widget's own, not those of a widget rendered inside it.
        if (event.target === node) callback?.((event as CustomEvent).detail);
      };
      node.addEventListener(name, listener);
      return [name, listener] as const;
    });
    return () => {
      for (const [name, listener] of listeners) node.removeEventListener(name, listener);
    };
  }, []);

  const { className, style } = props;
  return createElement('viewing-widget', {
    ref: element,
    ...toAttributes(props),
    ...(props.mode ? { mode: props.mode } : {}),
    ...(className ? { className } : {}),
    ...(style ? { style } : {}),
  });
}

export { close, destroy, off, on, open, prefill } from './module.ts';
export type * from './module.ts';
