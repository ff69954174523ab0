// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ManagedViewing } from '../../src/contract/index.ts';
import { enGB } from '../../widget/i18n/en-GB.ts';
import { manageDe } from '../../widget/manage/i18n/de.ts';
import { manageEnGB } from '../../widget/manage/i18n/en-GB.ts';
import { manageEnUS } from '../../widget/manage/i18n/en-US.ts';
import { manageFr } from '../../widget/manage/i18n/fr.ts';
import { MANAGE_MESSAGES } from '../../widget/manage/i18n/index.ts';
import { manageNl } from '../../widget/manage/i18n/nl.ts';
import { mountManage } from '../../widget/manage/mount.tsx';
import { booking, branches, fakeProxy, properties } from './fixtures.tsx';

beforeAll(async () => {
  await import('../../widget/main.ts');
});

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

const viewing: ManagedViewing = {
  booking: { ...booking, start: '2026-07-03T14:00:00+01:00', end: '2026-07-03T14:30:00+01:00' },
  property: properties[0]!,
  branch: branches[0]!,
  phase: 'changeable',
  changeableUntil: '2026-07-03T12:00:00+01:00',
  consent: { marketing: false, wording: enGB.marketing, at: '2026-07-01T09:00:00+01:00' },
  feedbackGiven: false,
};

/** Every string a visitor can see, functions called with a sample argument, keyed by path. */
function strings(messages: unknown, path = ''): Record<string, string> {
  if (typeof messages === 'string') return { [path]: messages };
  if (typeof messages === 'function') return { [path]: String(messages('X')) };
  const out: Record<string, string> = {};
  if (typeof messages === 'object' && messages)
    for (const [k, v] of Object.entries(messages)) Object.assign(out, strings(v, path ? `${path}.${k}` : k));
  return out;
}

describe('<viewing-widget manage="…">', () => {
  it('draws the viewing in the element’s own shadow root, in the element’s language, with no spinner left', async () => {
    const proxy = fakeProxy({ routes: { '/v1/bookings/tok-ada': () => ({ status: 200, body: viewing }) } });
    vi.stubGlobal('fetch', proxy.fetch);
    const el = document.createElement('viewing-widget');
    el.setAttribute('proxy', 'http://proxy.test/api');
    el.setAttribute('manage', 'tok-ada');
    el.setAttribute('accent', '#7c2d12');
    el.setAttribute('locale', 'fr-BE');
    const ready = new Promise((resolve) =>
      document.addEventListener('viewing:ready', resolve, { once: true }),
    );
    // The element loads the flow's code, its French and the manage view's file, which draws the viewing.
    document.body.append(el);
    // The flow draws nothing of its own for a manage link: the manage file does.
    expect(el.shadowRoot?.querySelector('.spinner') ?? null).toBeNull();
    await ready;
    await vi.waitFor(() => expect(el.shadowRoot?.textContent).toContain('vendredi 3 juillet 2026'));
    expect(el.shadowRoot?.querySelector('h2')?.textContent).toBe('Votre visite');
    const root = el.shadowRoot?.querySelector<HTMLElement>('[data-vw-manage] .root');
    expect(root?.lang).toBe('fr-BE');
    expect(root?.style.getPropertyValue('--vw-accent')).toBe('#7c2d12');
    expect(proxy.calls.map((c) => c.url.pathname)).toEqual(['/api/v1/bookings/tok-ada']);

    // Drawn again (another language, say), it replaces itself rather than adding a second view.
    mountManage(el, enGB, 'en-GB');
    await vi.waitFor(() => expect(el.shadowRoot?.querySelector('h2')?.textContent).toBe('Your viewing'));
    expect(el.shadowRoot?.querySelectorAll('[data-vw-manage]')).toHaveLength(1);
    expect(el.shadowRoot?.querySelectorAll('h2')).toHaveLength(1);
  });
});

describe('<viewing-widget manage="…"> direction', () => {
  it('writes in its language’s direction whatever the page’s, so a right-to-left language would get rtl', async () => {
    vi.stubGlobal(
      'fetch',
      fakeProxy({ routes: { '/v1/bookings/tok-ada': () => ({ status: 200, body: viewing }) } }).fetch,
    );
    document.documentElement.dir = 'rtl';
    try {
      // Any element with a shadow root can hold the view; this one loads no flow of its own.
      const el = document.createElement('div');
      el.attachShadow({ mode: 'open' });
      el.setAttribute('proxy', 'http://proxy.test/api');
      el.setAttribute('manage', 'tok-ada');
      document.body.append(el);
      const root = () => el.shadowRoot?.querySelector<HTMLElement>('[data-vw-manage] .root');
      mountManage(el, enGB, 'en-GB');
      expect(root()?.dir).toBe('ltr');
      mountManage(el, { ...enGB, dir: 'rtl' }, 'en-GB');
      expect(root()?.dir).toBe('rtl');
    } finally {
      document.documentElement.removeAttribute('dir');
    }
  });
});

describe('manage view translations', () => {
  it('every language has the manage view’s words', () => {
    expect(Object.keys(MANAGE_MESSAGES).sort()).toEqual(['de', 'en-GB', 'en-US', 'fr', 'nl']);
  });

  it.each([
    ['fr', manageFr],
    ['nl', manageNl],
    ['de', manageDe],
  ] as const)('%s translates every string of the manage view', (_language, messages) => {
    const english = strings(manageEnGB);
    const translated = strings(messages);
    expect(Object.keys(translated).sort()).toEqual(Object.keys(english).sort());
    expect(Object.keys(english).filter((k) => translated[k] === english[k])).toEqual([]);
  });

  it('American English says tour and office', () => {
    expect(manageEnUS.title).toBe('Your tour');
    expect(manageEnUS.errors.not_changeable).toContain('office');
  });
});
