// The demo site's own script, as an agency's web person might write it: it talks to the widget only through
// the one global, `ViewingWidget`, and the `viewing:*` events. Served compiled at /demo/site.js.
import type { ViewingWidgetApi } from '../../widget/host-api.ts';

const isApi = (v: unknown): v is ViewingWidgetApi => typeof v === 'function';

/** The global, or the loader snippet's queue stub while the widget script is still on its way. */
function viewingWidget(): ViewingWidgetApi {
  const existing = window.ViewingWidget;
  if (isApi(existing)) return existing;
  const q: unknown[][] = [];
  const stub = Object.assign((...args: unknown[]) => void q.push(args), { q });
  window.ViewingWidget = stub;
  return stub;
}

/** Writes every widget event into the page's event log, newest last. */
function logEvents(log: HTMLElement) {
  const names = [
    'viewing:ready',
    'viewing:step',
    'viewing:booked',
    'viewing:error',
    'viewing:close',
  ] as const;
  for (const name of names)
    viewingWidget()('on', name, (event) => {
      const item = document.createElement('li');
      item.textContent = `${event.type} ${JSON.stringify(event.detail)}`;
      log.append(item);
    });
}

/** A tiny single-page app: views replace each other in #app; the booking view mounts a widget. */
function singlePageApp(app: HTMLElement) {
  const views: Record<string, () => Node> = {
    home: () => paragraph('Welcome back. Use “Book a viewing” to see a home this week.'),
    contact: () => paragraph('Call any branch, or write to hello@harbourfinch.example.'),
    book: () => {
      const widget = document.createElement('viewing-widget');
      widget.setAttribute('proxy', '/api');
      return widget;
    },
  };
  const show = (route: string) => {
    const view = views[route];
    if (!view) return;
    app.replaceChildren(view());
    for (const button of document.querySelectorAll<HTMLElement>('[data-route]'))
      button.setAttribute('aria-current', String(button.dataset.route === route));
  };
  document.addEventListener('click', (e) => {
    const route = e.target instanceof HTMLElement ? e.target.closest<HTMLElement>('[data-route]') : null;
    if (route?.dataset.route) show(route.dataset.route);
  });
  show('home');
}

function paragraph(text: string): Node {
  const p = document.createElement('p');
  p.textContent = text;
  return p;
}

const log = document.getElementById('event-log');
if (log) logEvents(log);
const app = document.getElementById('app');
if (app) singlePageApp(app);
document.getElementById('open-from-script')?.addEventListener('click', () => viewingWidget()('open'));
document.getElementById('sign-in')?.addEventListener('click', (e) => {
  viewingWidget()('prefill', { name: 'Sam Taylor', email: 'sam.taylor@example.org', phone: '07700 900456' });
  if (e.currentTarget instanceof HTMLButtonElement) e.currentTarget.textContent = 'Signed in as Sam Taylor';
});
