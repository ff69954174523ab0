/** The flow's steps, in order. */
export type Step = 'branch' | 'property' | 'slot' | 'details' | 'confirm' | 'done';

/**
 * The DOM events a host page can listen for on `<viewing-widget>` (or anywhere above it: they bubble and cross
 * the shadow boundary), also delivered to `ViewingWidget('on', name, listener)`.
 */
export interface ViewingWidgetEventMap {
  /** The first data has arrived and the widget is usable (for a popup: after it is first opened). */
  'viewing:ready': CustomEvent<Record<string, never>>;
  /** The visitor moved to another step. */
  'viewing:step': CustomEvent<{ step: Step }>;
  /** A viewing was booked (or requested, where the branch confirms by hand). */
  'viewing:booked': CustomEvent<{ reference: string; propertyId: string; start: string }>;
  /** The visitor moved their viewing to another time through its manage link: the new start. */
  'viewing:rescheduled': CustomEvent<{ reference: string; propertyId: string; start: string }>;
  /** The visitor cancelled their viewing through its manage link (`<viewing-widget manage="…">`). */
  'viewing:cancelled': CustomEvent<{ reference: string }>;
  /** Something failed; the widget already shows the visitor what to do. */
  'viewing:error': CustomEvent<{ code: string; message: string }>;
  /** The popup or floating button's dialog was closed, with the step the visitor left it at. */
  'viewing:close': CustomEvent<{ step: Step }>;
}

export type ViewingWidgetEventName = keyof ViewingWidgetEventMap;

export type ViewingWidgetListener<K extends ViewingWidgetEventName> = (
  event: ViewingWidgetEventMap[K],
) => void;
