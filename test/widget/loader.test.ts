// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { fakeProxy } from './fixtures.tsx';

describe('the loader snippet', () => {
  it('queues calls made before the script arrives and runs them, in order, once it has', async () => {
    vi.stubGlobal('fetch', fakeProxy().fetch);
    // What the README's snippet does, before the real script has loaded.
    const queue: IArguments[] = [];
    function stub() {
      // eslint-disable-next-line prefer-rest-params -- the snippet queues `arguments`, as pages will paste it
      queue.push(arguments);
    }
    window.ViewingWidget = Object.assign(stub, { q: queue });
    const heard: string[] = [];
    const call = window.ViewingWidget;
    if (typeof call !== 'function') throw new Error('no stub');
    call('on', 'viewing:ready', () => heard.push('ready'));
    call('open', { proxy: 'http://proxy.test/api', branch: 'br-ken' });

    await import('../../widget/main.ts');
    expect(window.ViewingWidget).not.toBe(stub);
    const popup = document.querySelector('viewing-widget[mode="popup"]');
    expect(popup?.getAttribute('branch')).toBe('br-ken');
    await vi.waitFor(() => expect(popup?.shadowRoot?.querySelector('dialog')?.open).toBe(true));
    await vi.waitFor(() => expect(heard).toEqual(['ready']));
  });

  it('a second copy of the script leaves the first in charge: one API, one element definition', async () => {
    const api = window.ViewingWidget;
    const element = customElements.get('viewing-widget');
    vi.resetModules();
    await import('../../widget/main.ts');
    expect(window.ViewingWidget).toBe(api);
    expect(customElements.get('viewing-widget')).toBe(element);
  });
});
