import { render } from 'preact';
import type { ManageMount } from '../view.tsx';
import { pickLanguage } from '../i18n/locales.ts';
import { createManageApi } from './api.ts';
import { MANAGE_MESSAGES } from './i18n/index.ts';
import { createManageModel } from './model.ts';
import { ManageView } from './ManageView.tsx';

/** Marks the manage view's own box in a shadow root, so a second mount (new language, new token) replaces it. */
const BOX = 'data-vw-manage';

/**
 * Draws the viewing named by the element's `manage` token, in a box of its own after the element's (empty)
 * mount point: the shadow root already holds the widget's styles. Reads the element's attributes itself, so
 * the flow hands over no more than the element, its words and its date format.
 */
export const mountManage: ManageMount = (host, t, locale) => {
  const root = host.shadowRoot;
  const attr = (name: string) => host.getAttribute(name)?.trim() || undefined;
  const proxy = attr('proxy');
  const token = attr('manage');
  if (!root || !proxy || !token) return;
  let box = root.querySelector<HTMLElement>(`[${BOX}]`);
  if (!box) {
    box = document.createElement('div');
    box.setAttribute(BOX, '');
    root.append(box);
  }
  const model = createManageModel({
    api: createManageApi(proxy, token),
    t,
    m: MANAGE_MESSAGES[pickLanguage(locale).language],
    locale,
    onEvent: ({ type, ...detail }) =>
      host.dispatchEvent(new CustomEvent(`viewing:${type}`, { detail, bubbles: true, composed: true })),
  });
  const radius = attr('radius');
  render(
    <div
      class="root"
      lang={locale}
      dir={t.dir}
      style={{
        '--vw-accent': attr('accent'),
        '--vw-radius': radius && /^\d+$/.test(radius) ? `${radius}px` : radius,
        '--vw-font': attr('font'),
      }}
    >
      <ManageView model={model} />
    </div>,
    box,
  );
  void model.load();
};
