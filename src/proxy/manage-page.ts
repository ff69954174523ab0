import type { Context, Hono } from 'hono';
import { formatInTimeZone } from 'date-fns-tz';
import type { ManagedViewing } from '../contract/index.ts';
import type { ManageService } from './manage/index.ts';
import { statusOf } from './routes/errors.ts';

export interface ManagePageOptions {
  manage: ManageService;
  /**
   * Where browsers load the widget script (`viewing-widget.js`, the files it loads beside it);
   * relative to the page or absolute. Without it the page says how to reach the branch instead.
   */
  widgetUrl?: string;
  /** The proxy's base URL for this request (its `publicUrl`, or a host it answers for); else undefined. */
  base: (c: Context) => string | undefined;
  /** The answer when there is no base: the page's links and policy are never made from a stranger's host. */
  misdirected: (c: Context) => Response;
}

/** The languages the widget speaks, as `<html lang>` picks them; the page's title follows. */
const TITLES: Record<string, string> = {
  en: 'Your viewing',
  'en-us': 'Your tour',
  fr: 'Votre visite',
  nl: 'Je bezichtiging',
  de: 'Ihre Besichtigung',
};

export const PAGE_STYLE =
  'body{margin:0;background:#f3f4f6;color:#1f2937;font:16px/1.5 system-ui,sans-serif}' +
  'main{max-width:40em;margin:0 auto;padding:16px}h1{font-size:1.25em;margin:8px 0 16px}a{color:#0f766e}';

export const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );

/** The visitor's first language the widget speaks (`fr-BE` stays `fr-BE`, for its date formats); else British English. */
export function pageLanguage(acceptLanguage: string | undefined): string {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((l) => l.q > 0 && /^[a-z]{2}(-[a-z0-9]{1,8})*$/i.test(l.tag))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.find((l) => l.tag.slice(0, 2).toLowerCase() in TITLES)?.tag ?? 'en-GB';
}

const titleIn = (lang: string) =>
  TITLES[lang.toLowerCase() === 'en-us' ? 'en-us' : lang.slice(0, 2).toLowerCase()] ?? 'Your viewing';

/**
 * The headers of a page or answer that a signed link opens (an owner's, a waiting visitor's): never cached, never
 * sent on as a referrer, never indexed; with `nonce`, a page whose only style is its own and whose forms post back
 * to it.
 */
export function signedLinkHeaders(c: Context, n?: string): void {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Robots-Tag', 'noindex');
  if (n) {
    c.header(
      'Content-Security-Policy',
      `default-src 'none'; style-src 'nonce-${n}'; img-src data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
    );
  }
}

export function nonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** A whole page: its body in `<main>`, with the house style and any `style` of its own under the nonce. */
export function page(p: {
  lang: string;
  title: string;
  nonce: string;
  head?: string;
  style?: string;
  body: string;
}): string {
  return (
    `<!doctype html><html lang="${escape(p.lang)}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex">' +
    `<title>${escape(p.title)}</title><link rel="icon" href="data:,">` +
    `<style nonce="${p.nonce}">${PAGE_STYLE}${p.style ?? ''}</style>${p.head ?? ''}</head>` +
    `<body><main>${p.body}</main></body></html>`
  );
}

/** Without the widget: when the viewing is, who to call, and the calendar file. English only, as a last resort. */
function plainViewing(v: ManagedViewing): string {
  const { booking: b, branch } = v;
  const when = formatInTimeZone(new Date(b.start), b.timeZone, "EEEE d MMMM yyyy 'at' HH:mm");
  const call = branch.phone
    ? `please call ${escape(branch.name)} on <a href="tel:${escape(branch.phone.replace(/[^\d+]/g, ''))}">${escape(branch.phone)}</a>`
    : `please contact ${escape(branch.name)}`;
  const ics = b.calendar ? escape(b.calendar.ics) : '';
  return b.status === 'cancelled'
    ? `<p>Your viewing on ${escape(when)} has been cancelled.</p>` +
        (ics ? `<p><a href="${ics}">Remove it from your calendar (.ics)</a></p>` : '')
    : `<p>Your viewing is on ${escape(when)} (reference ${escape(b.reference)}). To change or cancel it, ${call}.</p>` +
        (ics ? `<p><a href="${ics}">Add it to your calendar (.ics)</a></p>` : '');
}

/**
 * `GET /manage/:token`: the page a manage link opens when the agency's own site has none (`manage.url` unset).
 * It loads the widget and shows `<viewing-widget manage="…">`; the token is the visitor's key to their viewing,
 * so the page is never cached or sent on as a referrer, and allows no script but the widget's.
 *
 * @example
 * managePage(app, { manage, widgetUrl: 'https://agency.example/viewing-widget.js', base, misdirected });
 */
export function managePage(
  app: Hono,
  { manage, widgetUrl, base: baseFor, misdirected }: ManagePageOptions,
): void {
  app.get('/manage/:token', async (c: Context) => {
    const n = nonce();
    const base = baseFor(c);
    if (!base) return misdirected(c);
    /** Never cached, never sent on as a referrer, never indexed; no script but the widget's, when there is one. */
    const guard = (scripts: boolean) => {
      c.header('Cache-Control', 'no-store');
      c.header('Referrer-Policy', 'no-referrer');
      c.header('X-Robots-Tag', 'noindex');
      c.header(
        'Content-Security-Policy',
        `default-src 'none'; style-src 'nonce-${n}'; img-src data:; ` +
          (scripts ? `script-src 'nonce-${n}'; connect-src 'self' ${new URL(base).origin}; ` : '') +
          "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      );
    };
    const opened = await manage.open(c.req.param('token') ?? '');
    if (!opened.ok) {
      guard(false);
      const body = `<h1>Your viewing</h1><p>${escape(opened.error.message)}</p>`;
      return c.html(page({ lang: 'en', title: 'Your viewing', nonce: n, body }), statusOf(opened));
    }
    const view = await manage.view(opened.record);
    const heading = `<h1>${escape(view.property.address)}</h1>`;
    guard(!!widgetUrl);
    if (!widgetUrl) {
      return c.html(
        page({ lang: 'en', title: 'Your viewing', nonce: n, body: heading + plainViewing(view) }),
      );
    }
    const lang = pageLanguage(c.req.header('Accept-Language'));
    const token = escape(c.req.param('token') ?? '');
    return c.html(
      page({
        lang,
        title: `${titleIn(lang)} – ${view.property.address}`,
        nonce: n,
        head: `<script nonce="${n}" async src="${escape(widgetUrl)}"></script>`,
        body:
          heading +
          `<viewing-widget manage="${token}" proxy="${escape(base)}" nonce="${n}"></viewing-widget>` +
          `<noscript>${plainViewing(view)}</noscript>`,
      }),
    );
  });
}
