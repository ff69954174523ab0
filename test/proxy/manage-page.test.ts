import { afterEach, describe, expect, it } from 'vitest';
import { pageLanguage } from '../../src/proxy/manage-page.ts';
import { startManageProxy, type ManageProxy } from './manage-fake.ts';

const A = '2026-11-25T10:00:00';
const WIDGET = 'https://agency.example/assets/viewing-widget.js';

let managed: ManageProxy | undefined;
afterEach(() => {
  managed?.stop();
  managed = undefined;
});

const page = async (path: string, headers: Record<string, string> = {}) => {
  const response = await managed!.call(path, { headers });
  return { status: response.status, headers: response.headers, html: await response.text() };
};

describe('the proxy’s manage page', () => {
  it('loads the widget for the link’s token, under a nonce policy, never cached nor sent on as a referrer', async () => {
    managed = await startManageProxy({ proxy: { widgetUrl: WIDGET } });
    const token = await managed.bookToken(managed.fake.slot(A).id);
    const { status, headers, html } = await page(`/manage/${token}`, { 'accept-language': 'fr-BE,fr;q=0.9' });

    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('x-robots-tag')).toBe('noindex');
    const csp = headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self' https://proxy.agency.example;");
    expect(csp).not.toContain('unsafe');

    expect(html).toContain('<html lang="fr-BE">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<title>Votre visite – 12 Mill Lane, Bristol BS1 4AA</title>');
    expect(html).toContain(`<script nonce="${nonce}" async src="${WIDGET}"></script>`);
    expect(html).toContain(
      `<viewing-widget manage="${token}" proxy="https://proxy.agency.example/api" nonce="${nonce}">`,
    );
    // Without script, the visitor still learns how to reach the branch.
    expect(html).toMatch(/<noscript>.*0117 496 0123.*<\/noscript>/);
  });

  it('a fresh nonce every time', async () => {
    managed = await startManageProxy({ proxy: { widgetUrl: WIDGET } });
    const token = await managed.bookToken(managed.fake.slot(A).id);
    const [a, b] = [await page(`/manage/${token}`), await page(`/manage/${token}`)];
    expect(a.headers.get('content-security-policy')).not.toBe(b.headers.get('content-security-policy'));
  });

  it('without a widget address, says when the viewing is, who to call, and offers the calendar file', async () => {
    managed = await startManageProxy();
    const token = await managed.bookToken(managed.fake.slot(A).id);
    const { status, headers, html } = await page(`/manage/${token}`);

    expect(status).toBe(200);
    expect(headers.get('content-security-policy')).not.toContain('script-src');
    expect(html).not.toContain('<script');
    expect(html).toContain('Wednesday 25 November 2026 at 10:00');
    expect(html).toContain('<a href="tel:01174960123">0117 496 0123</a>');
    expect(html).toContain(`href="https://proxy.agency.example/api/v1/bookings/${token}/calendar.ics"`);
  });

  it('an altered link gets a page that says so, with no script and a 404', async () => {
    managed = await startManageProxy({ proxy: { widgetUrl: WIDGET } });
    const { status, headers, html } = await page('/manage/not-a-token');
    expect(status).toBe(404);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(html).toContain('This link is not valid');
    expect(html).not.toContain('<script');
  });

  it('writes what it is given as text, never as markup', async () => {
    managed = await startManageProxy({ proxy: { widgetUrl: WIDGET } });
    const { html } = await page('/manage/%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(html).not.toContain('<script>alert(1)');
  });
});

describe('the manage page’s language', () => {
  it.each([
    [undefined, 'en-GB'],
    ['de-CH,de;q=0.9,en;q=0.8', 'de-CH'],
    ['es-ES,es;q=0.9,nl;q=0.5', 'nl'],
    ['en-US,en;q=0.9', 'en-US'],
    ['fr;q=0.2,de;q=0.8', 'de'],
    ['ja, zh', 'en-GB'],
  ])('%s reads as %s', (header, lang) => {
    expect(pageLanguage(header)).toBe(lang);
  });
});
