// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeProxy } from './fixtures.tsx';

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

const text = (el: Element) => el.shadowRoot?.textContent ?? '';

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
    const el = mount({ proxy: 'http://proxy.test/api/' });
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
    const el = mount({ proxy: 'http://proxy.test/api' });
    await vi.waitFor(() => expect(text(el)).toContain('Kensington'));
    const other = document.createElement('div');
    document.body.append(other);
    other.append(el);
    await vi.waitFor(() => expect(text(el)).toContain('Kensington'));
  });

  it('explains itself when the proxy attribute is missing', async () => {
    const errors: Event[] = [];
    document.addEventListener('viewing:error', (e) => errors.push(e), { once: true });
    const el = mount({});
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
    const el = mount({ proxy: 'http://proxy.test/api' });
    await vi.waitFor(() => expect(text(el)).toContain('Choose a branch'));
    el.setAttribute('property', 'p-house');
    await vi.waitFor(() => expect(text(el)).toContain('Three-bed house, Phillimore Walk'));
    expect(text(el)).toContain('Choose a time');
  });
});
