import type { Branch, Property } from '../src/contract/index.ts';
import { card, html, layout } from './pages.ts';

/**
 * Example host pages for web developers: the same agency site, embedding the widget the ways customers will
 * (popups, a floating button, a single-page app, another language, a strict CSP, a heavy-handed theme).
 */

/** The header a page must be served with to be the strict-CSP example; the proxy is on the same origin. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

/**
 * The loader snippet from the README, as a page pastes it: `ViewingWidget(...)` works at once, and the calls are
 * run when the script arrives.
 */
export const loaderSnippet = (scriptUrl: string, proxyUrl: string) =>
  `<script>
  (function (w, d, s) {
    w.ViewingWidget = w.ViewingWidget || function () { (w.ViewingWidget.q = w.ViewingWidget.q || []).push(arguments); };
    s = d.createElement('script'); s.async = true; s.src = '${scriptUrl}'; s.dataset.proxy = '${proxyUrl}';
    d.head.appendChild(s);
  })(window, document);
</script>`;

/** The demo site's own script (demo/client/site.ts): event log, demo buttons, the single-page app. */
const siteScript = '<script type="module" src="/demo/site.js"></script>';

/** A list the site's script fills with the widget's events, to show what a host page hears. */
const eventLog = `<section class="section">
  <h2 id="events-heading">What this page heard</h2>
  <ol class="event-log" id="event-log" aria-labelledby="events-heading"></ol>
</section>`;

export function examplesIndex(): string {
  const example = (href: string, title: string, text: string) =>
    `<li><h2><a href="${href}">${title}</a></h2><p>${text}</p></li>`;
  return layout(
    'Embedding examples | Harbour & Finch',
    `<section class="section prose">
  <h1>Embedding examples</h1>
  <p>The booking widget is one script and one tag. These pages show it on the kinds of sites our customers run.
  To make your own snippet, use the <a href="/builder">snippet builder</a>.</p>
  <ul class="examples">
    ${example('/examples/popup', 'Popup and floating button', 'Buttons that open the booking in a dialog, one per home, a floating “Arrange a viewing” button, and calls to <code>ViewingWidget(…)</code> made before the script has loaded.')}
    ${example('/examples/single-page-app', 'Single-page app', 'A page that mounts and unmounts the widget as the visitor moves between views, the way React, Vue or Svelte apps do.')}
    ${example('/examples/language/fr', 'En français', 'A French page: the widget follows <code>&lt;html lang="fr"&gt;</code>. Also in <a href="/examples/language/nl">Nederlands</a>, <a href="/examples/language/de">Deutsch</a> and <a href="/examples/language/en-US">American English</a>.')}
    ${example('/examples/analytics', 'Analytics', 'A page with a tag manager’s <code>dataLayer</code>, which the widget tells of each step and each booking, with nothing about the visitor.')}
    ${example('/examples/other-origin', 'Script from another origin', 'The script served from another origin than the page, as from a CDN.')}
    ${example('/examples/strict-csp', 'Strict Content-Security-Policy', `Served with <code>${html(STRICT_CSP)}</code>: no inline scripts or styles anywhere.`)}
    ${example('/examples/wordpress-theme', 'A heavy-handed WordPress theme', 'A theme that restyles every button, input and div with <code>!important</code>. The widget looks the same.')}
  </ul>
</section>`,
  );
}

export function popupExample(branches: Branch[], properties: Property[]): string {
  const homes = properties.slice(0, 3);
  const branch = branches[0];
  return layout(
    'Book from anywhere: popup examples | Harbour & Finch',
    `<section class="section">
  <h1>Book from anywhere on the page</h1>
  <p class="prose">Any element with <code>data-viewing-open</code> opens the booking in a dialog. Its other
  <code>data-*</code> attributes say what to book; the script tag's <code>data-proxy</code> says where.</p>
  <ul class="cards">${homes.map(card).join('\n')}</ul>
  ${
    branch
      ? `<p><a class="button" href="/#book" data-viewing-open data-branch="${html(branch.id)}">See every home at our ${html(branch.name)} branch</a></p>`
      : ''
  }
  <p>
    <button type="button" class="button solid" id="open-from-script">Book a viewing (opened by script)</button>
    <button type="button" class="button" id="sign-in">Sign in as Sam Taylor</button>
  </p>
</section>
${eventLog}
<viewing-widget mode="button" proxy="/api" label="Arrange a viewing" position="left"></viewing-widget>`,
    {
      script: false,
      head: `${loaderSnippet('/viewing-widget.js', '/api')}\n${siteScript}`,
    },
  );
}

export function singlePageAppExample(): string {
  return layout(
    'Single-page app example | Harbour & Finch',
    `<section class="section">
  <h1>A single-page app</h1>
  <p class="prose">This page swaps its views without reloading, as a React or Vue app does. The booking view
  mounts a <code>&lt;viewing-widget&gt;</code>; leaving it unmounts the widget, and coming back mounts a fresh one.</p>
  <nav aria-label="App" class="app-nav">
    <button type="button" class="button" data-route="home">Home</button>
    <button type="button" class="button" data-route="book">Book a viewing</button>
    <button type="button" class="button" data-route="contact">Contact</button>
  </nav>
  <div id="app" class="book"></div>
</section>
${eventLog}`,
    { head: siteScript },
  );
}

const LANGUAGE_PAGES: Record<string, { title: string; intro: string }> = {
  fr: {
    title: 'Réserver une visite',
    intro: 'Choisissez une agence, un bien et un créneau. Sans inscription.',
  },
  nl: { title: 'Bezichtiging boeken', intro: 'Kies een vestiging, een woning en een tijd. Zonder account.' },
  de: { title: 'Besichtigung buchen', intro: 'Wählen Sie Filiale, Immobilie und Termin. Ganz ohne Konto.' },
  'en-US': { title: 'Schedule a tour', intro: 'Choose an office, a home and a time. No account needed.' },
};

export const isLanguagePage = (lang: string) => Object.hasOwn(LANGUAGE_PAGES, lang);

/** A page in another language: the widget has no `locale` attribute and follows `<html lang>`. */
export function languageExample(lang: string): string {
  const page = LANGUAGE_PAGES[lang] ?? { title: 'Book a viewing', intro: '' };
  return layout(
    `${page.title} | Harbour & Finch`,
    `<section class="section book">
  <h1>${html(page.title)}</h1>
  <p>${html(page.intro)}</p>
  <viewing-widget proxy="/api"></viewing-widget>
</section>`,
    { lang },
  );
}

/** The widget alone on a page with no pictures to compete for the network: what `npm run bench` times. */
export function plainExample(): string {
  return layout(
    'Book a viewing | Harbour & Finch',
    `<section class="section book">
  <h1>Book a viewing</h1>
  <viewing-widget proxy="/api"></viewing-widget>
</section>`,
  );
}

/**
 * The script from another origin, as from a CDN: this page, opened at 127.0.0.1, loads it from localhost (and
 * the other way round). The boot script, the flow's files and the language files all come from there.
 */
export function otherOriginExample(scriptUrl: string): string {
  return layout(
    'Script from another origin | Harbour & Finch',
    `<section class="section book">
  <h1>Book a viewing</h1>
  <p class="prose">The widget's script comes from <code>${html(scriptUrl)}</code>, another origin than this
  page's, the way a CDN serves it. The files it loads beside it are served with
  <code>Access-Control-Allow-Origin: *</code>.</p>
  <viewing-widget proxy="/api"></viewing-widget>
</section>`,
    { script: false, head: `<script async src="${html(scriptUrl)}"></script>` },
  );
}

/**
 * A page with a tag manager's `dataLayer`: the widget, with `analytics="datalayer"`, pushes each step and the
 * booking to it, and the page lists what arrived.
 */
export function analyticsExample(): string {
  return layout(
    'Analytics example | Harbour & Finch',
    `<section class="section book">
  <h1>Book a viewing</h1>
  <p class="prose">This page has a <code>dataLayer</code>, as Google Tag Manager sets up. With
  <code>analytics="datalayer"</code> the widget pushes <code>viewing_step</code> and <code>viewing_booked</code> to
  it: a reference and a home, never the visitor's name, email or phone.</p>
  <viewing-widget proxy="/api" analytics="datalayer"></viewing-widget>
</section>`,
    {
      head: '<script>window.dataLayer = window.dataLayer || []; dataLayer.push({ event: "gtm.js" });</script>',
    },
  );
}

export function strictCspExample(): string {
  return layout(
    'Strict Content-Security-Policy example | Harbour & Finch',
    `<section class="section book">
  <h1>Book a viewing</h1>
  <p class="prose">This page is served with <code>Content-Security-Policy: ${html(STRICT_CSP)}</code>. The widget
  needs nothing more: its styles are constructed stylesheets, its language files are scripts from the same
  place as the widget, and the proxy is on this site.</p>
  <viewing-widget proxy="/api"></viewing-widget>
  <p><button type="button" class="button" data-viewing-open data-locale="fr">Réserver en français</button></p>
</section>
${eventLog}`,
    { head: siteScript },
  );
}

export function wordpressThemeExample(): string {
  return layout(
    'Book a viewing | Harbour & Finch (on the Bold Estate theme)',
    `<section class="section">
  <h1>Book a viewing</h1>
  <p>This page uses a bought-in WordPress theme that restyles every button, input and box on the page, most of
  it with <code>!important</code>. The booking widget below is untouched by it, and touches nothing of the page.</p>
  <form class="newsletter" action="/examples/wordpress-theme" method="get">
    <label for="newsletter-email">Get new homes by email</label>
    <input id="newsletter-email" name="email" type="email" autocomplete="email">
    <button type="submit">Subscribe</button>
  </form>
  <div class="book">
    <viewing-widget proxy="/api"></viewing-widget>
  </div>
</section>`,
    { head: '<link rel="stylesheet" href="/demo/bold-estate-theme.css">' },
  );
}
