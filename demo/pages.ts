import type { Branch, Property } from '../src/contract/index.ts';

/** Escapes text for HTML bodies and double-quoted attributes. */
export const html = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );

/** Each currency written the way its agencies write it. */
const CURRENCY_LOCALE: Record<string, string> = { GBP: 'en-GB', EUR: 'nl-BE', USD: 'en-US' };
const PERIOD = { week: ' pw', month: ' pcm', year: ' pa' } as const;

export function priceText({ price }: Property): string {
  if (price.onApplication) return 'Price on application';
  const money = new Intl.NumberFormat(CURRENCY_LOCALE[price.currency] ?? 'en-GB', {
    style: 'currency',
    currency: price.currency,
    maximumFractionDigits: 0,
  });
  return money.format(price.amount) + (price.period ? PERIOD[price.period] : '');
}

/** The agency the demo site plays, after the emulated system behind it. */
export interface Brand {
  name: string;
  mark: string;
}

export const HARBOUR_AND_FINCH: Brand = { name: 'Harbour & Finch', mark: 'H&F' };

/** Catalog photo paths are relative to the proxy, which this site mounts at /api. */
const photo = (property: Property) =>
  !property.photoUrl
    ? ''
    : /^https?:/.test(property.photoUrl)
      ? property.photoUrl
      : `/api/${property.photoUrl}`;

/** The home's picture, or a plain panel where the agency's system has none. */
function picture(property: Property, alt: string, width: number, height: number, className = ''): string {
  const src = photo(property);
  const cls = className ? ` class="${className}"` : '';
  if (!src)
    return `<span${cls ? ` class="${className} no-photo"` : ' class="no-photo"'} role="img" aria-label="${html(alt || 'No picture yet')}"></span>`;
  return `<img${cls} src="${html(src)}" alt="${html(alt)}" width="${width}" height="${height}" loading="lazy">`;
}

export interface LayoutOptions {
  /** The page's language; a widget without a `locale` attribute speaks it. */
  lang?: string;
  /** Extra tags for the head, e.g. a theme's stylesheet or the loader snippet. */
  head?: string;
  /** The plain `<script async>` tag; pages that load the widget another way leave it out. */
  script?: boolean;
  brand?: Brand;
}

export function layout(title: string, body: string, options: LayoutOptions = {}): string {
  const { lang = 'en-GB', head = '', script = true, brand = HARBOUR_AND_FINCH } = options;
  return `<!doctype html>
<html lang="${html(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(title)}</title>
<link rel="icon" href="/favicon.svg">
<link rel="stylesheet" href="/site.css">
${script ? '<script async src="/viewing-widget.js" data-proxy="/api"></script>\n' : ''}${head}
</head>
<body>
<header class="masthead">
  <a class="brand" href="/"><span class="mark" aria-hidden="true">${html(brand.mark)}</span> ${html(brand.name)}</a>
  <nav aria-label="Main"><a href="/#homes">Homes</a><a href="/#book" data-viewing-open>Book a viewing</a><a href="/#branches">Branches</a></nav>
</header>
<main>
${body}
</main>
<footer class="footer">
  <p>${html(brand.name)} · a demonstration site with invented homes and people.</p>
  <p>For web developers: <a href="/builder">snippet builder</a> · <a href="/examples">embedding examples</a></p>
</footer>
</body>
</html>`;
}

/** A listing card; its button opens the booking popup for that home (the widget's `data-viewing-open`). */
export function card(property: Property): string {
  return `<li class="card">
  <a href="/properties/${encodeURIComponent(property.id)}">
    ${picture(property, '', 400, 300)}
    <span class="card-body">
      <span class="badge">${property.channel === 'lettings' ? 'To let' : 'For sale'}</span>
      <strong>${html(property.title)}</strong>
      <span>${html(property.address)}</span>
      <span class="price">${html(priceText(property))}</span>
    </span>
  </a>
  <button type="button" class="card-book" data-viewing-open data-property="${html(property.id)}" aria-label="Book a viewing of ${html(property.title)}, ${html(property.address)}">Book a viewing</button>
</li>`;
}

export function homePage(branches: Branch[], properties: Property[], brand = HARBOUR_AND_FINCH): string {
  const featured = [
    ...properties.filter((p) => p.channel === 'lettings').slice(0, 3),
    ...properties.filter((p) => p.channel === 'sales').slice(0, 3),
  ];
  return layout(
    `${brand.name}: homes to rent and buy`,
    `<section class="hero">
  <h1>Homes to rent and buy in ${html(
    branches
      .map((b) => b.name)
      .join(', ')
      .replace(/, ([^,]*)$/, ' and $1'),
  )}</h1>
  <p>Local people who know every street. See a home this week: pick a time that suits you and it goes straight into our diary.</p>
  <a class="cta" href="#book">Book a viewing</a>
</section>
<section id="homes" class="section">
  <h2>Recently added</h2>
  <ul class="cards">${featured.map(card).join('\n')}</ul>
</section>
<section id="book" class="section book">
  <h2>Book a viewing</h2>
  <p>Choose a branch, a home and a time. No account needed.</p>
  <viewing-widget proxy="/api"></viewing-widget>
</section>
<section id="branches" class="section">
  <h2>Our branches</h2>
  <ul class="branches">${branches
    .map(
      (b) =>
        `<li><strong>${html(b.name)}</strong><span>${html(b.address)}</span>${b.phone ? `<a href="tel:${html(b.phone.replace(/\s/g, ''))}">${html(b.phone)}</a>` : ''}</li>`,
    )
    .join('')}</ul>
</section>`,
    { brand },
  );
}

export function propertyPage(
  property: Property,
  branch: Branch | undefined,
  brand = HARBOUR_AND_FINCH,
): string {
  const rooms = property.bedrooms === 0 ? 'Studio' : property.bedrooms ? `${property.bedrooms} bedrooms` : '';
  return layout(
    `${property.title}, ${property.address} | ${brand.name}`,
    `<article class="property section">
  <p><a href="/#homes">← All homes</a></p>
  <div class="property-grid">
    <div>
      ${picture(property, `Front of ${property.address}`, 800, 600, 'hero-photo')}
      <h1>${html(property.title)}</h1>
      <p class="address">${html(property.address)}</p>
      <p class="price big">${html(priceText(property))}</p>
      <ul class="facts"><li>${property.channel === 'lettings' ? 'To let' : 'For sale'}</li>${rooms ? `<li>${rooms}</li>` : ''}${branch ? `<li>${html(branch.name)} branch</li>` : ''}</ul>
      <p>A well-kept home in a popular part of town, close to shops, schools and transport links. Ask the branch for the full details, floor plan and energy certificate.</p>
    </div>
    <aside class="book-panel" aria-labelledby="book-heading">
      <h2 id="book-heading">Book a viewing of this home</h2>
      <viewing-widget proxy="/api" property="${html(property.id)}"></viewing-widget>
    </aside>
  </div>
</article>`,
    { brand },
  );
}

export function notFoundPage(): string {
  return layout(
    'Not found | Harbour & Finch',
    `<section class="section"><h1>We could not find that page</h1><p><a href="/">Back to the home page</a></p></section>`,
  );
}
