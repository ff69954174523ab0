import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type CDPSession, type Locator, type Page } from '@playwright/test';

/** The booking popup that `data-viewing-open` and `ViewingWidget('open')` put on a page. */
export const popup = (page: Page) => page.locator('viewing-widget[mode="popup"]');

/** The floating button's widget. */
export const floating = (page: Page) => page.locator('viewing-widget[mode="button"]');

export interface Focus {
  /** The `mode` of the widget holding focus, `inline` for one without, or null when focus is on the page. */
  widget: string | null;
  inDialog: boolean;
  tag: string;
  name: string;
  outline: string;
}

/** What has keyboard focus, looking inside the widgets' shadow roots. */
export function focused(page: Page): Promise<Focus> {
  return page.evaluate(() => {
    let el = document.activeElement;
    let host: Element | null = null;
    while (el?.shadowRoot) {
      host ??= el;
      if (!el.shadowRoot.activeElement) break;
      el = el.shadowRoot.activeElement;
    }
    return {
      widget: host ? (host.getAttribute('mode') ?? 'inline') : null,
      inDialog: !!el?.closest('dialog'),
      tag: el?.localName ?? '',
      name: (
        el?.getAttribute('aria-label') ??
        (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement
          ? el.labels?.[0]?.textContent
          : null) ??
        el?.textContent ??
        ''
      ).trim(),
      outline: el ? getComputedStyle(el).outlineStyle : '',
    };
  });
}

/** axe-core over the widget (shadow DOM included) against WCAG 2.0, 2.1 and 2.2 A and AA. */
export async function expectNoAxeViolations(page: Page, step: string, include = 'viewing-widget') {
  const results = await new AxeBuilder({ page })
    .include(include)
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
  );
  expect(found, `axe at ${step}`).toEqual([]);
  // axe names a node inside a shadow root by a path of selectors: proof that it looked inside the widget.
  const insideShadow = results.passes.flatMap((r) => r.nodes).filter((n) => Array.isArray(n.target[0]));
  expect(insideShadow.length, `axe checked the widget's own nodes at ${step}`).toBeGreaterThan(5);
}

/**
 * Every control the visitor can press is at least 44 by 44 CSS pixels. A checkbox counts by its label (the whole
 * label toggles it); links inside a sentence are exempt, as in WCAG.
 */
export async function expectTargetsAtLeast44(w: Locator, step: string) {
  const small = await w.evaluate((host) => {
    const root = host.shadowRoot;
    if (!root) return ['no shadow root'];
    const controls = root.querySelectorAll<HTMLElement>('button, input, textarea, select, label.check');
    const out: string[] = [];
    for (const el of controls) {
      // A tick box or radio button is reached through its whole label, which is measured itself.
      if (el.matches('label.check input')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.width < 44 || r.height < 44)
        out.push(
          `${el.localName} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim()}" ${r.width}x${r.height}`,
        );
    }
    return out;
  });
  expect(small, `targets under 44px at ${step}`).toEqual([]);
}

/** Nothing on the page, or inside the widget, is wider than the screen. */
export async function expectNoHorizontalOverflow(page: Page, w: Locator, step: string) {
  const overflow = await w.evaluate((host) => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) out.push(`page ${doc.scrollWidth} > ${doc.clientWidth}`);
    const box = host.getBoundingClientRect();
    const dialog = host.shadowRoot?.querySelector('dialog');
    // In a popup, the dialog is the frame; the host element itself is an empty box in the page.
    const frame = dialog?.open ? dialog.getBoundingClientRect() : box;
    for (const el of (dialog?.open ? dialog : host.shadowRoot)?.querySelectorAll('*') ?? []) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || getComputedStyle(el).position === 'fixed') continue;
      if (r.right > frame.right + 0.5 || r.left < frame.left - 0.5)
        out.push(
          `${el.localName}.${el.className} spans ${r.left}-${r.right}, widget ${frame.left}-${frame.right}`,
        );
    }
    return out;
  });
  expect(overflow, `horizontal overflow at ${step}`).toEqual([]);
}

/** How many listeners of a type the document has, as the browser's devtools count them. */
export async function documentListeners(cdp: CDPSession, type: string): Promise<number> {
  const { result } = await cdp.send('Runtime.evaluate', { expression: 'document' });
  const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId ?? '' });
  return listeners.filter((l) => l.type === type).length;
}

/** Calls the page's `ViewingWidget(...)` with arguments that can cross into the page (no functions). */
export async function callViewingWidget(page: Page, ...args: unknown[]): Promise<void> {
  await page.evaluate((list) => {
    const api = window.ViewingWidget;
    if (typeof api !== 'function') throw new Error('ViewingWidget is not on the page');
    Reflect.apply(api, window, list);
  }, args);
}

/** The widget's events as the demo site's event log (demo/client/site.ts) wrote them down. */
export const eventLog = (page: Page) => page.locator('#event-log li');

/** The ids of homes the proxy lists for a query such as `channel=sales&limit=3`, read without trusting the shape. */
export async function homeIds(request: APIRequestContext, query: string): Promise<string[]> {
  const body: unknown = await (await request.get(`/api/v1/properties?${query}`)).json();
  const list = typeof body === 'object' && body && 'properties' in body ? body.properties : undefined;
  return (Array.isArray(list) ? list : []).flatMap((p: unknown) =>
    typeof p === 'object' && p && 'id' in p && typeof p.id === 'string' ? [p.id] : [],
  );
}
