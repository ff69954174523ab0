import type { Branch, Property } from '../src/contract/index.ts';
import { html, layout } from './pages.ts';
import { DEMO_QUESTIONS } from './questions.ts';

/** The demo agency's lettings questions, in English, as the builder's questions box starts. */
const DEMO_LETTINGS_LINES = (DEMO_QUESTIONS.lettings ?? []).map((q) => q.label.en ?? '');

const option = (value: string, label: string, attributes = '') =>
  `<option value="${html(value)}"${attributes}>${html(label)}</option>`;

/**
 * The snippet builder: the agency's web person picks what to book, how it appears, its colour and language,
 * sees the live widget, and copies the snippet. The page's script (demo/client/builder.ts) does the live part.
 */
export function builderPage(branches: Branch[], properties: Property[]): string {
  return layout(
    'Snippet builder | Harbour & Finch',
    `<section class="section">
  <h1>Snippet builder</h1>
  <p class="prose">Choose what the widget books and how it looks, try it on the right, then paste the snippet
  into your site (a WordPress “Custom HTML” block, or a Wix, Squarespace or Webflow embed).</p>
  <div class="builder">
    <form id="builder" aria-label="Snippet options">
      <label>Branch
        <select name="branch">
          ${option('', 'Let the visitor choose')}
          ${branches.map((b) => option(b.id, b.name)).join('\n          ')}
        </select>
      </label>
      <label>Property
        <select name="property">
          ${option('', 'Let the visitor choose')}
          ${properties.map((p) => option(p.id, `${p.title}, ${p.address}`, ` data-branch="${html(p.branchId)}"`)).join('\n          ')}
        </select>
      </label>
      <label>How it appears
        <select name="mode">
          ${option('inline', 'In the page')}
          ${option('popup', 'In a popup, from a button of yours')}
          ${option('button', 'Behind a floating button')}
        </select>
      </label>
      <label>Colour
        <input name="accent" type="color" value="#0f766e">
      </label>
      <label>Language
        <select name="locale">
          ${option('', 'The page’s language')}
          ${option('en-GB', 'English (UK)')}
          ${option('en-US', 'English (US)')}
          ${option('fr', 'Français')}
          ${option('nl', 'Nederlands')}
          ${option('de', 'Deutsch')}
        </select>
      </label>
      <label>Your snippet
        <textarea name="snippet" id="snippet" readonly rows="8"></textarea>
      </label>
      <p>
        <button type="button" class="button solid" id="copy">Copy snippet</button>
        <span id="copy-status" role="status"></span>
      </p>
    </form>
    <div class="preview" id="preview" aria-label="Live preview" role="region"></div>
  </div>
  <form id="questions" class="builder-questions" aria-label="Questions for lettings viewings">
    <h2>Questions for lettings viewings</h2>
    <p class="prose">Questions the widget asks with a booking are set in your proxy's configuration, so every
    page asks the same. Write one per line; each is optional to answer unless you mark it required in the
    configuration. The Renters' Rights Act 2025 forbids turning tenants away for having children or receiving
    benefits: a question about either is flagged here, and the proxy will not start with one.</p>
    <label>Your questions, one per line
      <textarea name="lines" rows="5">${html(DEMO_LETTINGS_LINES.join('\n'))}</textarea>
    </label>
    <ul id="question-warnings" class="warnings" aria-live="polite"></ul>
    <label>For your proxy's configuration file
      <textarea name="config" readonly rows="10"></textarea>
    </label>
  </form>
</section>`,
    { head: '<script type="module" src="/demo/builder.js"></script>' },
  );
}
