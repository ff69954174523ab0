import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { SANDBOX_SYSTEMS } from '../src/proxy/config.ts';
import { CLOCK_VARIABLE, clockFromEnvironment, systemClock, type Clock } from '../src/clock.ts';
import { createProxy } from '../src/proxy/app.ts';
import { jsonLogger, silentLogger } from '../src/proxy/log.ts';
import { openBackend } from '../src/proxy/open-backend.ts';
import { SEED_PRESETS, isSeedPreset, type SeedPreset } from '../src/sandbox/agentos/index.ts';
import { builderPage } from './builder.ts';
import { DEMO_QUESTIONS } from './questions.ts';
import { DEMO_APPROVAL } from './approval.ts';
import { DEMO_OPEN_HOUSES } from './open-house.ts';
import { fillKingstonSaturdays } from './full-home.ts';
import {
  examplesIndex,
  otherOriginExample,
  analyticsExample,
  plainExample,
  isLanguagePage,
  languageExample,
  popupExample,
  singlePageAppExample,
  STRICT_CSP,
  strictCspExample,
  wordpressThemeExample,
} from './examples.ts';
import { HARBOUR_AND_FINCH, homePage, notFoundPage, propertyPage, type Brand } from './pages.ts';

/** The agency's mark, as the browser tab's icon. */
const FAVICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="16" fill="#7c2d12"/>' +
  '<text x="16" y="21" font-family="Georgia,serif" font-size="12" font-weight="bold" fill="#fff" text-anchor="middle">H&amp;F</text></svg>';

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/** The emulated system behind the demo, and the agency its seeded data belongs to. */
export const DEMO_BACKENDS = {
  agentos: HARBOUR_AND_FINCH,
  'pexip-engage': { name: 'Scheldedijk Vastgoed', mark: 'SV' },
  actuallycare: { name: 'Kern Crest Realty', mark: 'KC' },
  officeplace: { name: 'Thames & Wren', mark: 'T&W' },
} satisfies Record<(typeof SANDBOX_SYSTEMS)[number], Brand>;
export type DemoBackend = keyof typeof DEMO_BACKENDS;

const isDemoBackend = (name: string): name is DemoBackend => Object.hasOwn(DEMO_BACKENDS, name);

/** For the demo site's pages: nothing may frame them, plugins and foreign form targets are off. */
export const DEMO_POLICY = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'";

/** The demo's one staff key, printed at start: the staff diary is at `/api/staff`. Never use it for real. */
export const DEMO_STAFF_KEY = 'demo-staff-key-harbour-and-finch';

export interface DemoOptions {
  /** Which emulated booking system the proxy speaks to. Default agentOS. */
  backend?: DemoBackend;
  port?: number;
  host?: string;
  /** Port of the agentOS emulator behind the proxy; 0 picks a free one. */
  sandboxPort?: number;
  quiet?: boolean;
  /**
   * Lift the emulated agentOS's 50-a-minute limit (and the proxy's budget under it), for benchmarks that must
   * measure the widget and proxy rather than the queue in front of a rate-limited upstream.
   */
  unlimitedUpstream?: boolean;
  /**
   * Bookings sent sooner than this after their free times were shown wait until then, as in production
   * (default 3). Benchmarks that time the Book button set 0.
   */
  minFillSeconds?: number;
  /**
   * The demo's clock: the emulator's diary, the free times and the proxy all read it. The command line sets it
   * with `VIEWING_NOW=2027-03-28T00:30:00Z`; the browser tests pin it, and the page's clock, the same way.
   */
  now?: Clock;
  /**
   * Which company the agentOS emulator holds (`SEED_PRESETS` in `src/sandbox/agentos/seed-presets.ts`):
   * `large-branch` adds a branch of 300 homes. The command line sets it with `SANDBOX_SEED=large-branch`.
   * agentOS only.
   */
  seed?: SeedPreset;
}

/**
 * The example agency website on one port: pages at `/`, the built widget at `/viewing-widget.js`, and the
 * proxy at `/api`, with the agentOS emulator behind it, exactly as an agency would host them.
 */
export async function startDemo(options: DemoOptions = {}) {
  const backend = options.backend ?? 'agentos';
  const brand = DEMO_BACKENDS[backend];
  const now = options.now ?? systemClock;
  const unlimited = options.unlimitedUpstream ?? false;
  const seed = options.seed ?? 'standard';
  if (seed !== 'standard' && backend !== 'agentos') {
    throw new Error(`The "${seed}" seed is agentOS's; the ${backend} emulator has its own data only.`);
  }
  const opened = await openBackend(
    { type: 'sandbox', system: backend, port: options.sandboxPort ?? 0, variants: {}, seed },
    { unlimited, now },
  );
  // On OfficePlace, a home with no free time for weeks, whose visitors are offered its waiting list.
  if (opened.officePlace) fillKingstonSaturdays(opened.officePlace, now());
  const proxy = createProxy({
    backend: opened.backend,
    allowLocalhost: true,
    now,
    staff: { keys: [{ name: 'Demo staff', key: DEMO_STAFF_KEY }] },
    // The proxy's own manage page (`/api/manage/<token>`) loads the widget from the site, as agencies host it.
    widgetUrl: '/viewing-widget.js',
    prefetchPictures: true,
    // Lettings and sales questions, asked with every booking (demo/questions.ts).
    questions: DEMO_QUESTIONS,
    // A home to let and one for sale whose owner agrees each viewing (demo/approval.ts).
    approval: DEMO_APPROVAL[backend],
    // Every home keeps a waiting list: offered under its week, and a time given back is held for the first in line.
    waitlist: {},
    // On ActuallyCare and OfficePlace, a home whose every time holds six visitors (demo/open-house.ts).
    ...(DEMO_OPEN_HOUSES[backend] ? { openHouses: DEMO_OPEN_HOUSES[backend] } : {}),
    // Everyone here is one person on this machine (and the browser tests, booking dozens of viewings from it in
    // a few minutes): the per-address limits that protect a real agency would only get in their way.
    clientLimits: { perIp: 100_000, bookingsPerIp: 10_000, upstreamPerIp: 100_000 },
    log: options.quiet ? silentLogger : jsonLogger(),
    ...((options.minFillSeconds ?? 3) > 0
      ? { formCheck: { minFillMs: (options.minFillSeconds ?? 3) * 1000 } }
      : {}),
  });
  const app = new Hono();
  // The site's own pages get what an agency's site should send; the proxy under /api sends its own.
  app.use('*', async (c, next) => {
    await next();
    if (c.req.path === '/api' || c.req.path.startsWith('/api/')) return;
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'strict-origin-when-cross-origin');
    c.header('X-Frame-Options', 'DENY');
    // Pages paste the loader snippet inline, as customers do, so scripts are left alone; all else is shut.
    if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', DEMO_POLICY);
  });
  app.route('/api', proxy.app);

  // The widget's boot script and, beside it, the flow's files (viewing-widget.flow.js, viewing-widget.fr.js, ...),
  // as an agency would host them. The flow's files are ES modules, which a page on another origin may only
  // load with CORS: any site may run the widget, so any origin may.
  app.get('/:file{viewing-widget(\\.[\\w-]+)?\\.js}', async (c) => {
    const file = c.req.param('file');
    try {
      const script = await readFile(root(`dist/${file}`));
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      c.header('Cache-Control', 'no-cache');
      c.header('Access-Control-Allow-Origin', '*');
      return c.body(script);
    } catch {
      return c.text(`dist/${file} is missing: run \`npm run build\` first.`, 500);
    }
  });
  app.get('/site.css', async (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    return c.body(await readFile(root('demo/site.css')));
  });
  app.get('/favicon.svg', (c) => {
    c.header('Content-Type', 'image/svg+xml');
    return c.body(FAVICON);
  });
  app.get('/demo/bold-estate-theme.css', async (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    return c.body(await readFile(root('demo/bold-estate-theme.css')));
  });
  // The demo site's own scripts, written in TypeScript and compiled when asked for, and the Renters' Rights
  // Act check the builder shares with the proxy. The builder imports the check by its path in the sources;
  // the browser is given its address here.
  app.get('/demo/:name{(site|builder|fair-letting)\\.js}', async (c) => {
    const name = c.req.param('name').replace(/\.js$/, '');
    const source = root(name === 'fair-letting' ? 'src/contract/fair-letting.ts' : `demo/client/${name}.ts`);
    const { transformWithOxc } = await import('vite');
    const { code } = await transformWithOxc(await readFile(source, 'utf8'), source, { lang: 'ts' });
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    return c.body(code.replace('../../src/contract/fair-letting.ts', './fair-letting.js'));
  });
  app.get('/', async (c) => {
    const catalog = await proxy.catalog.ready();
    if (!catalog) return c.text('The sandbox catalog failed to load; see the log above.', 503);
    return c.html(homePage(catalog.branches, catalog.properties, brand));
  });
  app.get('/properties/:id', async (c) => {
    await proxy.catalog.ready();
    const property = proxy.catalog.property(c.req.param('id'));
    if (!property) return c.html(notFoundPage(), 404);
    return c.html(propertyPage(property, proxy.catalog.branch(property.branchId), brand));
  });
  app.get('/builder', async (c) => {
    const catalog = await proxy.catalog.ready();
    return c.html(builderPage(catalog?.branches ?? [], catalog?.properties ?? []));
  });
  app.get('/examples', (c) => c.html(examplesIndex()));
  app.get('/examples/popup', async (c) => {
    const catalog = await proxy.catalog.ready();
    return c.html(popupExample(catalog?.branches ?? [], catalog?.properties ?? []));
  });
  app.get('/examples/plain', (c) => c.html(plainExample()));
  app.get('/examples/analytics', (c) => c.html(analyticsExample()));
  app.get('/examples/other-origin', (c) => {
    // The same server under its other loopback name is another origin to the browser.
    const here = new URL(c.req.url);
    const other = here.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
    return c.html(otherOriginExample(`${here.protocol}//${other}:${here.port}/viewing-widget.js`));
  });
  app.get('/examples/single-page-app', (c) => c.html(singlePageAppExample()));
  app.get('/examples/language/:lang', (c) => {
    const lang = c.req.param('lang');
    return isLanguagePage(lang) ? c.html(languageExample(lang)) : c.html(notFoundPage(), 404);
  });
  app.get('/examples/strict-csp', (c) => {
    c.header('Content-Security-Policy', STRICT_CSP);
    return c.html(strictCspExample());
  });
  app.get('/examples/wordpress-theme', (c) => c.html(wordpressThemeExample()));
  app.notFound((c) => c.html(notFoundPage(), 404));

  const host = options.host ?? '127.0.0.1';
  const server = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 8080 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  await proxy.start();
  const address = server.address();
  const port = typeof address === 'object' && address ? (address as AddressInfo).port : options.port;
  // Systems that push changes (Pexip Engage, ActuallyCare) send their webhooks to this proxy.
  opened.connect?.(`http://127.0.0.1:${port}/api`);
  return {
    backend,
    brand,
    url: `http://localhost:${port}/`,
    sandboxUrl: opened.sandboxUrl,
    proxy,
    close: async () => {
      proxy.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await opened.close();
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { backend: { type: 'string' } } });
  const backend = values.backend ?? process.env.DEMO_BACKEND ?? 'agentos';
  if (!isDemoBackend(backend)) {
    console.error(`--backend must be one of: ${Object.keys(DEMO_BACKENDS).join(', ')} (got "${backend}")`);
    process.exit(2);
  }
  const port = Number(process.env.PORT ?? 8080);
  let now: Clock;
  try {
    now = clockFromEnvironment();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  }
  const sandboxPort = Number(process.env.SANDBOX_PORT ?? 0);
  const seed = process.env.SANDBOX_SEED || 'standard';
  if (!isSeedPreset(seed) || (seed !== 'standard' && backend !== 'agentos')) {
    console.error(
      `SANDBOX_SEED must be one of: ${SEED_PRESETS.join(', ')}, and other than standard only with agentOS (got "${seed}" with ${backend})`,
    );
    process.exit(2);
  }
  startDemo({
    backend,
    port,
    sandboxPort,
    host: process.env.HOST ?? '127.0.0.1',
    now,
    quiet: process.env.QUIET === '1',
    // The browser suite books far more than 50 times a minute; the budget itself has tests of its own.
    unlimitedUpstream: process.env.SANDBOX_UNLIMITED === '1',
    seed,
  })
    .then((demo) => {
      console.log(`\n${demo.brand.name} demo agency site: ${demo.url}`);
      console.log(`  widget script: ${demo.url}viewing-widget.js`);
      console.log(`  proxy API:     ${demo.url}api/v1/branches`);
      console.log(`  staff diary:   ${demo.url}api/staff (demo staff key: ${DEMO_STAFF_KEY})`);
      console.log(`  ${demo.backend} emulator (sandbox): ${demo.sandboxUrl}`);
      if (process.env[CLOCK_VARIABLE]) console.log(`  its clock started at ${process.env[CLOCK_VARIABLE]}`);
      console.log('');
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
