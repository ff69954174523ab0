// @vitest-environment happy-dom
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ViewingWidgetApi } from '../../widget/host-api.ts';
import { fakeProxy } from './fixtures.tsx';

let api: ViewingWidgetApi;

beforeAll(async () => {
  await import('../../widget/main.ts');
  const installed = window.ViewingWidget;
  if (typeof installed !== 'function') throw new Error('ViewingWidget was not installed');
  api = (...args: unknown[]) => Reflect.apply(installed, window, args);
});

beforeEach(() => {
  vi.stubGlobal('fetch', fakeProxy().fetch);
});

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

const popups = () => [...document.querySelectorAll('viewing-widget[mode="popup"]')];
const isOpen = (el: Element | undefined) => !!el?.shadowRoot?.querySelector('dialog')?.open;

function trigger(attributes: Record<string, string>) {
  const a = document.createElement('a');
  a.href = '/book';
  a.textContent = 'Book a viewing';
  for (const [k, v] of Object.entries(attributes)) a.setAttribute(k, v);
  document.body.append(a);
  return a;
}

describe('ViewingWidget(...)', () => {
  it("'open' shows the booking in one popup, configured by its options", async () => {
    api('open', {
      proxy: 'http://proxy.test/api',
      property: 'p-flat',
      locale: 'en-GB',
      prefill: { email: 'a@b.co' },
    });
    const [popup] = popups();
    expect(popups()).toHaveLength(1);
    // Open as soon as the flow's code is here (at once, after the first time on a page).
    await vi.waitFor(() => expect(isOpen(popup)).toBe(true));
    expect(popup?.getAttribute('property')).toBe('p-flat');
    expect(popup?.getAttribute('prefill-email')).toBe('a@b.co');
  });

  it('reopening the same booking keeps the visitor where they were; another booking starts afresh', () => {
    api('open', { proxy: 'http://proxy.test/api', property: 'p-flat' });
    const [first] = popups();
    api('close');
    expect(isOpen(first)).toBe(false);
    api('open', { proxy: 'http://proxy.test/api', property: 'p-flat' });
    expect(popups()).toEqual([first]);
    api('open', { proxy: 'http://proxy.test/api', property: 'p-house' });
    expect(popups()).toHaveLength(1);
    expect(popups()[0]).not.toBe(first);
    expect(popups()[0]?.getAttribute('property')).toBe('p-house');
  });

  it('opens from any element with data-viewing-open, configured by its other data attributes', () => {
    const link = trigger({
      'data-viewing-open': '',
      'data-proxy': 'http://proxy.test/api',
      'data-branch': 'br-isl',
      'data-prefill-name': 'Ada Lovelace',
      'data-onclick': 'alert(1)',
    });
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    const [popup] = popups();
    expect(isOpen(popup)).toBe(true);
    expect(popup?.getAttribute('branch')).toBe('br-isl');
    expect(popup?.getAttribute('prefill-name')).toBe('Ada Lovelace');
    expect(popup?.hasAttribute('onclick')).toBe(false);
  });

  it('leaves a ctrl-click on a trigger link to the browser (open in a new tab)', () => {
    const link = trigger({ 'data-viewing-open': '', 'data-proxy': 'http://proxy.test/api' });
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, ctrlKey: true });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(false);
    expect(popups()).toHaveLength(0);
  });

  it('borrows the proxy of a widget already on the page when a trigger names none', () => {
    const inline = document.createElement('viewing-widget');
    inline.setAttribute('proxy', 'http://proxy.test/api');
    document.body.append(inline);
    trigger({ 'data-viewing-open': '' }).click();
    expect(popups()[0]?.getAttribute('proxy')).toBe('http://proxy.test/api');
  });

  it('sends the visitor’s details only to the agency’s proxy, never to one a trigger link names', () => {
    const inline = document.createElement('viewing-widget');
    inline.setAttribute('proxy', 'http://proxy.test/api');
    document.body.append(inline);
    trigger({ 'data-viewing-open': '', 'data-proxy': 'https://collector.example/api' }).click();
    expect(popups()[0]?.getAttribute('proxy')).toBe('http://proxy.test/api');

    document.body.innerHTML = '';
    trigger({ 'data-viewing-open': '', 'data-proxy': 'https://collector.example/api' }).click();
    expect(popups()[0]?.getAttribute('proxy')).not.toBe('https://collector.example/api');
  });

  it("'on' hears every widget's events and 'off' stops it", async () => {
    const steps: unknown[] = [];
    const listener = (e: CustomEvent<{ step: string }>) => steps.push(e.detail.step);
    api('on', 'viewing:step', listener);
    const a = document.createElement('viewing-widget');
    a.setAttribute('proxy', 'http://proxy.test/api');
    document.body.append(a);
    await vi.waitFor(() => expect(steps).toEqual(['branch']));
    api('off', 'viewing:step', listener);
    const b = document.createElement('viewing-widget');
    b.setAttribute('proxy', 'http://proxy.test/api');
    document.body.append(b);
    await new Promise((r) => setTimeout(r, 50));
    expect(steps).toEqual(['branch']);
  });

  it("'prefill' fills in every widget on the page and popups opened later", () => {
    const inline = document.createElement('viewing-widget');
    document.body.append(inline);
    api('prefill', { name: 'Ada Lovelace', email: 'ada@example.com', phone: '07700 900123' });
    expect(inline.getAttribute('prefill-name')).toBe('Ada Lovelace');
    expect(inline.getAttribute('prefill-phone')).toBe('07700 900123');
    api('open', { proxy: 'http://proxy.test/api' });
    expect(popups()[0]?.getAttribute('prefill-email')).toBe('ada@example.com');
  });

  it("'destroy' removes the popup, the listeners and the trigger handling; the next call sets up again", async () => {
    const heard: unknown[] = [];
    api('on', 'viewing:close', (e) => heard.push(e.type));
    api('open', { proxy: 'http://proxy.test/api' });
    api('destroy');
    expect(popups()).toHaveLength(0);
    expect(document.documentElement.style.overflow).toBe('');

    const link = trigger({ 'data-viewing-open': '', 'data-proxy': 'http://proxy.test/api' });
    link.click();
    expect(popups()).toHaveLength(0);

    api('open', { proxy: 'http://proxy.test/api' });
    api('close');
    await new Promise((r) => setTimeout(r, 20));
    expect(heard).toEqual([]);
    link.click();
    expect(isOpen(popups()[0])).toBe(true);
  });

  it('ignores commands it does not know and arguments of the wrong kind', () => {
    const call = window.ViewingWidget;
    if (typeof call !== 'function') throw new Error('no API');
    expect(() => {
      call('explode');
      call('hasOwnProperty', 'open');
      call('on', 'viewing:ready', 'not a function');
      call('on', 'click', () => undefined);
      call('prefill', 'Ada');
      call(42);
    }).not.toThrow();
    expect(popups()).toHaveLength(0);
  });
});
