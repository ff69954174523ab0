// The snippet builder's live part: keeps a real widget in the preview in step with the form, and writes the
// snippet to paste; checks lettings questions as they are written and writes them as proxy settings. Served
// compiled at /demo/builder.js.
import { unlawfulLettingsQuestions } from '../../src/contract/fair-letting.ts';

interface Choice {
  branch: string;
  property: string;
  mode: 'inline' | 'popup' | 'button';
  accent: string;
  locale: string;
}

const DEFAULT_ACCENT = '#0f766e';
const escapeAttribute = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function read(form: HTMLFormElement): Choice {
  const data = new FormData(form);
  const text = (name: string) => {
    const value = data.get(name);
    return typeof value === 'string' ? value : '';
  };
  const mode = text('mode');
  return {
    branch: text('branch'),
    property: text('property'),
    mode: mode === 'popup' || mode === 'button' ? mode : 'inline',
    accent: text('accent'),
    locale: text('locale'),
  };
}

/** The widget's attributes for a choice; a property already names its branch, so the branch is left out. */
function attributes(choice: Choice, proxy: string): [string, string][] {
  const list: [string, string][] = [['proxy', proxy]];
  if (choice.property) list.push(['property', choice.property]);
  else if (choice.branch) list.push(['branch', choice.branch]);
  if (choice.locale) list.push(['locale', choice.locale]);
  if (choice.accent && choice.accent !== DEFAULT_ACCENT) list.push(['accent', choice.accent]);
  return list;
}

function snippet(choice: Choice): string {
  const origin = location.origin;
  const script = `${origin}/viewing-widget.js`;
  const attrs = attributes(choice, `${origin}/api`);
  const list = (prefix: string, skip: string[] = []) =>
    attrs
      .filter(([name]) => !skip.includes(name))
      .map(([name, value]) => ` ${prefix}${name}="${escapeAttribute(value)}"`)
      .join('');
  if (choice.mode === 'popup')
    return (
      `<script async src="${script}" data-proxy="${origin}/api"></script>\n` +
      `<button type="button" data-viewing-open${list('data-', ['proxy'])}>Book a viewing</button>`
    );
  const mode = choice.mode === 'button' ? ' mode="button"' : '';
  return `<script async src="${script}"></script>\n<viewing-widget${mode}${list('')}></viewing-widget>`;
}

/** Sets exactly these attributes (with a prefix for data-*), removing the ones a previous choice had set. */
function apply(el: Element, list: [string, string][], prefix = '') {
  const names = ['proxy', 'branch', 'property', 'locale', 'accent'].map((n) => prefix + n);
  for (const name of names) if (!list.some(([n]) => prefix + n === name)) el.removeAttribute(name);
  for (const [name, value] of list) el.setAttribute(prefix + name, value);
}

function preview(container: HTMLElement, choice: Choice) {
  const current = container.firstElementChild;
  const wanted = choice.mode === 'popup' ? 'button' : 'viewing-widget';
  // Only a change of mode replaces the element; colours and the like are attribute changes on the live widget.
  let el = current;
  if (
    !el ||
    el.localName !== wanted ||
    el.getAttribute('mode') !== (choice.mode === 'button' ? 'button' : null)
  ) {
    el = document.createElement(wanted);
    if (choice.mode === 'popup') {
      el.setAttribute('type', 'button');
      el.setAttribute('class', 'button solid');
      el.setAttribute('data-viewing-open', '');
      el.textContent = 'Book a viewing';
    }
    if (choice.mode === 'button') el.setAttribute('mode', 'button');
    container.replaceChildren(el);
  }
  apply(el, attributes(choice, '/api'), choice.mode === 'popup' ? 'data-' : '');
}

function start(form: HTMLFormElement, container: HTMLElement, output: HTMLTextAreaElement) {
  const property = form.elements.namedItem('property');
  const branch = form.elements.namedItem('branch');
  if (!(property instanceof HTMLSelectElement) || !(branch instanceof HTMLSelectElement)) return;

  const update = (changed?: EventTarget | null) => {
    // A chosen property implies its branch; a chosen branch narrows the properties offered.
    const chosen = property.selectedOptions[0];
    if (changed === property && chosen?.dataset.branch) branch.value = chosen.dataset.branch;
    for (const o of property.options)
      o.hidden = !!branch.value && !!o.value && o.dataset.branch !== branch.value;
    if (property.selectedOptions[0]?.hidden) property.value = '';
    const choice = read(form);
    output.value = snippet(choice);
    preview(container, choice);
  };
  form.addEventListener('input', (e) => update(e.target));
  update();

  const status = document.getElementById('copy-status');
  document.getElementById('copy')?.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(output.value);
      if (status) status.textContent = 'Copied. Paste it into your page.';
    } catch {
      output.select();
      if (status) status.textContent = 'Selected: press Ctrl+C (or ⌘C) to copy.';
    }
  });
}

/** A question's id from its words: lower case, words joined by `_`, unique in its list. */
function questionId(words: string, taken: Set<string>): string {
  const base =
    words
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .replace(/^(\d)/, 'q_$1')
      .slice(0, 30) || 'question';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
  taken.add(id);
  return id;
}

/** Lettings questions, one per line: flagged when the law forbids them, and written as the proxy's settings. */
function checkQuestions(form: HTMLFormElement) {
  const lines = form.elements.namedItem('lines');
  const config = form.elements.namedItem('config');
  const warnings = document.getElementById('question-warnings');
  if (!(lines instanceof HTMLTextAreaElement) || !(config instanceof HTMLTextAreaElement) || !warnings)
    return;
  const update = () => {
    const taken = new Set<string>();
    const questions = lines.value
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((words) => ({ id: questionId(words, taken), kind: 'text' as const, label: { en: words } }));
    const unlawful = unlawfulLettingsQuestions(questions);
    warnings.replaceChildren(
      ...unlawful.map(({ index, topic }) => {
        const item = document.createElement('li');
        item.textContent = `“${questions[index]?.label.en}” asks about ${topic}: the Renters' Rights Act 2025 forbids turning tenants away for ${topic === 'children' ? 'having children' : 'receiving benefits'}, and the proxy will not start with it.`;
        return item;
      }),
    );
    const lawful = questions.filter((_, index) => !unlawful.some((u) => u.index === index));
    config.value = JSON.stringify({ questions: { lettings: lawful } }, null, 2);
  };
  lines.addEventListener('input', update);
  update();
}

const questions = document.getElementById('questions');
if (questions instanceof HTMLFormElement) checkQuestions(questions);

const form = document.getElementById('builder');
const container = document.getElementById('preview');
const output = document.getElementById('snippet');
if (form instanceof HTMLFormElement && container && output instanceof HTMLTextAreaElement)
  start(form, container, output);

// A module (served as one), so its names are its own and not the page's globals.
export {};
