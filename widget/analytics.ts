import type { FlowEvent } from './model.ts';

declare global {
  interface Window {
    /** Google Tag Manager's queue, which GA4, Meta and most tag managers read. */
    dataLayer?: unknown[];
  }
}

/**
 * What `analytics="datalayer"` puts on `window.dataLayer` for a flow event: the step a visitor reached, and a
 * booking's reference and home. Built field by field from what may be shared: never a name, email or phone,
 * and nothing a later field of the event would add on its own.
 */
export function dataLayerEntry(event: FlowEvent): Record<string, string> | undefined {
  if (event.type === 'step') return { event: 'viewing_step', viewing_step: event.step };
  if (event.type === 'booked')
    return {
      event: 'viewing_booked',
      viewing_reference: event.reference,
      viewing_property_id: event.propertyId,
    };
  return undefined;
}

/** Pushes the entry for `event`, creating `window.dataLayer` the way Google's snippet does when it is missing. */
export function pushToDataLayer(event: FlowEvent): void {
  const entry = dataLayerEntry(event);
  if (entry) (window.dataLayer ??= []).push(entry);
}
