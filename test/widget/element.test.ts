// @vitest-environment happy-dom
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { booking, fakeProxy, NOW } from './fixtures.tsx';

beforeAll(async () => {
  await import('../../widget/main.ts');
});

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

function mount(attributes: Record<string, string>) {
  const el = document.createElement('viewing-widget');
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  document.body.append(el);
  return el;
}

/** Mounts the element and waits for the flow's code, which the boot script loads on first use. */
async function mounted(attributes: Record<string, string>) {
  const el = mount(attributes);
  await vi.waitFor(() => expect(el.shadowRoot?.querySelector('.root')).toBeTruthy());
  return el;
}

const text = (el: Element) => el.shadowRoot?.textContent ?? '';

/** Picks the first time, types Ada's details and books, inside the element's shadow root. */
async function bookAda(el: Element) {
  const shadow = el.shadowRoot!;
  const click = async (selector: string) => {
    const b = await vi.waitFor(() => {
      const found = shadow.querySelector<HTMLButtonElement>(selector);
      if (!found) throw new Error(`no ${selector}`);
      return found;
    });
    b.click();
  };
  await click('button.time');
  await vi.waitFor(() => expect(shadow.querySelector('form')).toBeTruthy());
  for (const [name, value] of Object.entries({
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@example.com',
    phone: '07700 900123',
  })) {
    const input = shadow.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  await click('button[type="submit"]');
  await click('button.book');
}

describe('<viewing-widget>', () => {
  it('is defined once, even if the script runs twice', async () => {
    const first = customElements.get('viewing-widget');
    expect(first).toBeTruthy();
    vi.resetModules();
    await import('../../widget/main.ts');
    expect(customElements.get('viewing-widget')).toBe(first);
  });

  it('renders into an open shadow root and unmounts when removed', async () => {
    const proxy = fakeProxy();
    vi.stubGlobal('fetch', proxy.fetch);
    const el = await mounted({ proxy: 'http://proxy.test/api/' });
    expect(el.shadowRoot?.mode).toBe('open');
    await vi.waitFor(() => expect(text(el)).toContain('Kensington'));
    expect(proxy.calls[0]?.url.href).toBe('http://proxy.test/api/v1/branches');
    // The page's own DOM stays untouched: everything lives in the shadow root.
    expect(el.children).toHaveLength(0);

    el.remove();
    expect(el.shadowRoot?.querySelector('button')).toBeNull();
    expect(text(el)).not.toContain('Kensington');
  });

  it('comes back with the same flow when moved in the page', async () => {
    vi.stubGlobal('fetch', fakeProxy().fetch);
    const el = await mounted({ proxy: 'http://proxy.test/api' });
    await vi.waitFor(() => expect(text(el)).toContain('Kensington'));
    const other = document.createElement('div');
    document.body.append(other);
    other.append(el);
    await vi.waitFor(() => expect(text(el)).toContain('Kensington'));
  });

  it('explains itself when the proxy attribute is missing', async () => {
    const errors: Event[] = [];
    document.addEventListener('viewing:error', (e) => errors.push(e), { once: true });
    const el = await mounted({});
    expect(text(el)).toContain('its "proxy" attribute is missing');
    expect(errors).toHaveLength(1);
  });

  it('tells the host page when it is ready and when the step changes', async () => {
    vi.stubGlobal('fetch', fakeProxy().fetch);
    const seen: { type: string; detail: unknown; composed: boolean }[] = [];
    const listen = (e: Event) =>
      seen.push({ type: e.type, detail: (e as CustomEvent).detail, composed: e.composed });
    document.addEventListener('viewing:ready', listen);
    document.addEventListener('viewing:step', listen);
    mount({ proxy: 'http://proxy.test/api', branch: 'br-ken', channel: 'sales' });
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen).toEqual([
      { type: 'viewing:ready', detail: {}, composed: true },
      { type: 'viewing:step', detail: { step: 'property' }, composed: true },
    ]);
    document.removeEventListener('viewing:ready', listen);
    document.removeEventListener('viewing:step', listen);
  });

  it('keeps two widgets on one page apart', async () => {
    vi.stubGlobal('fetch', fakeProxy().fetch);
    const a = mount({ proxy: 'http://proxy.test/api' });
    const b = mount({ proxy: 'http://proxy.test/api' });
    await vi.waitFor(() => expect(text(a)).toContain('Kensington'));
    await vi.waitFor(() => expect(text(b)).toContain('Kensington'));
    const kensington = [...(a.shadowRoot?.querySelectorAll('button') ?? [])].find((x) =>
      x.textContent?.includes('Kensington'),
    );
    kensington?.click();
    await vi.waitFor(() => expect(text(a)).toContain('Choose a property'));
    expect(text(b)).toContain('Choose a branch');
  });

  it('starts over when the page changes its attributes', async () => {
    vi.stubGlobal('fetch', fakeProxy().fetch);
    const el = await mounted({ proxy: 'http://proxy.test/api' });
    await vi.waitFor(() => expect(text(el)).toContain('Choose a branch'));
    el.setAttribute('property', 'p-house');
    await vi.waitFor(() => expect(text(el)).toContain('Three-bed house, Phillimore Walk'));
    expect(text(el)).toContain('Choose a time');
  });
});

describe('<viewing-widget> as a popup and a floating button', () => {
  it('shows nothing and loads nothing until opened, then runs the flow in a modal dialog', async () => {
    const proxy = fakeProxy();
    vi.stubGlobal('fetch', proxy.fetch);
    const el = await mounted({ proxy: 'http://proxy.test/api', mode: 'popup' });
    const dialog = el.shadowRoot?.querySelector('dialog');
    expect(dialog?.open).toBe(false);
    expect(text(el)).not.toContain('Choose a branch');
    expect(proxy.calls).toHaveLength(0);

    el.open();
    expect(dialog?.open).toBe(true);
    expect(dialog?.getAttribute('aria-labelledby')).toBe('title');
    await vi.waitFor(() => expect(text(el)).toContain('Kensington'));
    expect(proxy.calls).toHaveLength(1);
  });

  it('closes from its close button, tells the page where the visitor was, and gives focus back', async () => {
    vi.stubGlobal('fetch', fakeProxy().fetch);
    const opener = document.createElement('button');
    document.body.append(opener);
    const el = await mounted({ proxy: 'http://proxy.test/api', mode: 'popup' });
    const closes: unknown[] = [];
    el.addEventListener('viewing:close', (e) => closes.push((e as CustomEvent).detail));
    el.open(opener);
    await vi.waitFor(() => expect(text(el)).toContain('Kensington'));
    el.shadowRoot?.querySelector<HTMLButtonElement>('button[aria-label="Close"]')?.click();
    await vi.waitFor(() => expect(closes).toEqual([{ step: 'branch' }]));
    expect(el.shadowRoot?.querySelector('dialog')?.open).toBe(false);
    expect(document.activeElement).toBe(opener);
    expect(document.documentElement.style.overflow).toBe('');
  });

  it('stops the page behind from scrolling while open, and puts its own styles back after', async () => {
    vi.stubGlobal('fetch', fakeProxy().fetch);
    document.documentElement.style.overflow = 'clip';
    const el = await mounted({ proxy: 'http://proxy.test/api', mode: 'popup' });
    el.open();
    expect(document.documentElement.style.overflow).toBe('hidden');
    el.close();
    await vi.waitFor(() => expect(document.documentElement.style.overflow).toBe('clip'));
    document.documentElement.style.overflow = '';
  });

  it('lets go of the page when removed while open', async () => {
    vi.stubGlobal('fetch', fakeProxy().fetch);
    const el = await mounted({ proxy: 'http://proxy.test/api', mode: 'popup' });
    el.open();
    el.remove();
    expect(document.documentElement.style.overflow).toBe('');
  });

  it('puts a floating button on the page with the label it is given', async () => {
    vi.stubGlobal('fetch', fakeProxy().fetch);
    const el = await mounted({ proxy: 'http://proxy.test/api', mode: 'button', label: 'Arrange a viewing' });
    const button = el.shadowRoot?.querySelector<HTMLButtonElement>('button[aria-haspopup="dialog"]');
    expect(button?.textContent).toBe('Arrange a viewing');
    button?.click();
    expect(el.shadowRoot?.querySelector('dialog')?.open).toBe(true);
    await vi.waitFor(() => expect(text(el)).toContain('Kensington'));
  });

  it('defaults the floating button to "Book a viewing"', async () => {
    const el = await mounted({ proxy: 'http://proxy.test/api', mode: 'button' });
    expect(el.shadowRoot?.querySelector('button')?.textContent).toBe('Book a viewing');
  });
});

describe('<viewing-widget> configuration', () => {
  // The fake proxy has free times in the week of NOW.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const root = (el: Element) => el.shadowRoot?.querySelector<HTMLElement>('.root');

  it('takes the accent colour, corner radius and font from attributes', async () => {
    vi.stubGlobal('fetch', fakeProxy().fetch);
    const el = await mounted({
      proxy: 'http://proxy.test/api',
      accent: '#7c2d12',
      radius: '0',
      font: 'Georgia, serif',
    });
    expect(root(el)?.style.getPropertyValue('--vw-accent')).toBe('#7c2d12');
    expect(root(el)?.style.getPropertyValue('--vw-radius')).toBe('0px');
    expect(root(el)?.style.getPropertyValue('--vw-font')).toBe('Georgia, serif');
    el.setAttribute('radius', '1rem');
    expect(root(el)?.style.getPropertyValue('--vw-radius')).toBe('1rem');
  });

  it('fills in the details the page passes, and keeps them when the page passes more', async () => {
    vi.stubGlobal('fetch', fakeProxy().fetch);
    const el = await mounted({
      proxy: 'http://proxy.test/api',
      property: 'p-flat',
      'prefill-name': 'Ada King Lovelace',
      'prefill-email': 'ada@example.com',
    });
    const time = await vi.waitFor(() => {
      const b = el.shadowRoot?.querySelector<HTMLButtonElement>('button.time');
      if (!b) throw new Error('no times yet');
      return b;
    });
    time.click();
    const field = (name: string) => el.shadowRoot?.querySelector<HTMLInputElement>(`input[name="${name}"]`);
    await vi.waitFor(() => expect(field('firstName')?.value).toBe('Ada'));
    expect(field('lastName')?.value).toBe('King Lovelace');
    expect(field('email')?.value).toBe('ada@example.com');
    el.setAttribute('prefill-phone', '07700 900123');
    await vi.waitFor(() => expect(field('phone')?.value).toBe('07700 900123'));
    expect(text(el)).toContain('Your details');
  });

  it('writes in its own language’s direction, left to right, on a right-to-left page', async () => {
    vi.stubGlobal('fetch', fakeProxy().fetch);
    document.documentElement.dir = 'rtl';
    try {
      const el = await mounted({ proxy: 'http://proxy.test/api' });
      // Set from the first paint, before any language or answer has arrived.
      expect(root(el)?.dir).toBe('ltr');
      await vi.waitFor(() => expect(text(el)).toContain('Kensington'));
      expect(root(el)?.dir).toBe('ltr');
    } finally {
      document.documentElement.removeAttribute('dir');
    }
  });

  it('stays in English, and says why, when a language file cannot be loaded', async () => {
    vi.stubGlobal('fetch', fakeProxy().fetch);
    // The Dutch file cannot be had (the visitor went offline after the flow's code arrived).
    vi.doMock('../../widget/i18n/nl.ts', () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    try {
      const errors: unknown[] = [];
      document.addEventListener('viewing:error', (e) => errors.push((e as CustomEvent).detail), {
        once: true,
      });
      const el = await mounted({ proxy: 'http://proxy.test/api', locale: 'nl' });
      await vi.waitFor(() => expect(text(el)).toContain('Choose a branch'));
      expect(root(el)?.lang).toBe('en-GB');
      expect(errors).toEqual([{ code: 'locale_unavailable', message: 'No nl strings found' }]);
    } finally {
      vi.doUnmock('../../widget/i18n/nl.ts');
    }
  });

  it("sends the page, its utm_ tags and an ad's click id with the booking as its source, not in the visitor's message", async () => {
    const proxy = fakeProxy();
    vi.stubGlobal('fetch', proxy.fetch);
    history.replaceState(null, '', '/homes?utm_source=newsletter&utm_campaign=spring&page=2&gclid=Cj0KCQ');
    try {
      const el = await mounted({ proxy: 'http://proxy.test/api', property: 'p-flat' });
      await bookAda(el);
      await vi.waitFor(() => expect(proxy.requests('/v1/bookings')).toHaveLength(1));
      const [sent] = proxy.requests('/v1/bookings');
      expect(sent?.body).toMatchObject({
        source: {
          page: `${location.origin}/homes`,
          utm_source: 'newsletter',
          utm_campaign: 'spring',
          gclid: 'Cj0KCQ',
        },
      });
      expect(sent?.body).not.toHaveProperty('message');
    } finally {
      history.replaceState(null, '', '/');
    }
  });
});

describe('<viewing-widget analytics="datalayer">', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
    delete window.dataLayer;
  });

  it("pushes each step and the booking's reference and home to the page's dataLayer, and nothing about the visitor", async () => {
    const proxy = fakeProxy();
    vi.stubGlobal('fetch', proxy.fetch);
    // The page's own entries stay, and the widget's go after them.
    window.dataLayer = [{ event: 'gtm.js' }];
    const el = await mounted({ proxy: 'http://proxy.test/api', property: 'p-flat', analytics: 'datalayer' });
    await bookAda(el);
    // The reference the fake proxy books under, as the done step shows it.
    await vi.waitFor(() => expect(text(el)).toContain(booking.reference));
    expect(window.dataLayer).toEqual([
      { event: 'gtm.js' },
      { event: 'viewing_step', viewing_step: 'slot' },
      { event: 'viewing_step', viewing_step: 'details' },
      { event: 'viewing_step', viewing_step: 'confirm' },
      { event: 'viewing_step', viewing_step: 'done' },
      { event: 'viewing_booked', viewing_reference: booking.reference, viewing_property_id: 'p-flat' },
    ]);
    expect(JSON.stringify(window.dataLayer)).not.toMatch(/Ada|Lovelace|ada@example\.com|07700/);
  });

  it('pushes nothing without the attribute', async () => {
    vi.stubGlobal('fetch', fakeProxy().fetch);
    const el = await mounted({ proxy: 'http://proxy.test/api', property: 'p-flat' });
    await vi.waitFor(() => expect(text(el)).toContain('Choose a time'));
    expect(window.dataLayer).toBeUndefined();
  });
});

describe('<viewing-widget> styles', () => {
  it('adopts a constructed stylesheet, which a strict CSP allows, and adds no <style> element', async () => {
    const el = await mounted({ proxy: 'http://proxy.test/api', mode: 'popup' });
    expect(el.shadowRoot?.adoptedStyleSheets).toHaveLength(1);
    expect(el.shadowRoot?.querySelector('style')).toBeNull();
  });

  it('falls back to a <style> carrying the nonce it is given where stylesheets cannot be constructed', async () => {
    // An older browser: a CSSStyleSheet without replaceSync.
    vi.stubGlobal(
      'CSSStyleSheet',
      class {
        readonly cssRules = [];
      },
    );
    const el = await mounted({ proxy: 'http://proxy.test/api', mode: 'popup', nonce: 'r4nd0m' });
    const style = el.shadowRoot?.querySelector('style');
    expect(style?.nonce).toBe('r4nd0m');
    expect(style?.parentNode).toBe(el.shadowRoot);
  });
});
