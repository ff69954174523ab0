import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packWidget } from '../scripts/pack.ts';
import { expect, test } from './fixtures.ts';
import { diary, fillDetails, pickFirstFreeTime, uniqueSurname, widget } from './helpers.ts';
import { homeIds } from './host-page.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
/** Runs a command in `cwd`; a failure says what the command printed. */
function run(cwd: string, command: string, ...args: string[]): void {
  try {
    execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${[command, ...args].join(' ')} failed in ${cwd}:\n${stdout}${stderr}`);
  }
}

/**
 * A React site made the way its developers make one: the widget installed from the packed tarball with npm (React
 * from the registry, or npm's cache), type-checked against the package's own types and built by Vite. The
 * widget's package must bring everything it needs: nothing of this repository is on the app's paths.
 */
function scratchReactApp(tarball: string, proxy: string, propertyId: string): string {
  const app = mkdtempSync(join(tmpdir(), 'viewing-react-app-'));
  const write = (name: string, text: string) => writeFileSync(join(app, name), text);
  const react = JSON.parse(readFileSync(join(repo, 'node_modules/react/package.json'), 'utf8')) as {
    version: string;
  };
  const typesOf = (name: string) =>
    (
      JSON.parse(readFileSync(join(repo, `node_modules/@types/${name}/package.json`), 'utf8')) as {
        version: string;
      }
    ).version;
  write(
    'package.json',
    JSON.stringify({
      name: 'a-react-site',
      private: true,
      type: 'module',
      dependencies: {
        'viewing-widget': `file:${tarball}`,
        react: react.version,
        'react-dom': react.version,
        '@types/react': typesOf('react'),
        '@types/react-dom': typesOf('react-dom'),
      },
    }),
  );
  write(
    'index.html',
    '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>A React site</title></head>' +
      '<body><div id="root"></div><script type="module" src="/main.ts"></script></body></html>',
  );
  write(
    'main.ts',
    `import { createElement, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ViewingWidget, type ViewingWidgetProps } from 'viewing-widget/react';

function App() {
  const [told, setTold] = useState<string[]>([]);
  const props: ViewingWidgetProps = {
    proxy: ${JSON.stringify(proxy)},
    property: ${JSON.stringify(propertyId)},
    onStep: ({ step }) => setTold((t) => [...t, 'step ' + step]),
    onBooked: ({ reference, propertyId }) => setTold((t) => [...t, 'booked ' + reference + ' of ' + propertyId]),
  };
  return createElement(
    'main',
    null,
    createElement('h1', null, 'A React site'),
    createElement(ViewingWidget, props),
    createElement('ul', { 'aria-label': 'What the site heard' }, told.map((line) => createElement('li', { key: line }, line))),
  );
}
createRoot(document.getElementById('root')!).render(createElement(App));
`,
  );
  // Wrong uses the types must catch, each marked as expected to fail.
  write(
    'types-check.ts',
    `import { open, on } from 'viewing-widget';
import type { ViewingWidgetProps } from 'viewing-widget/react';
open({ proxy: 'https://agency.example/api', channel: 'lettings' });
on('viewing:booked', (event) => event.detail.reference.toUpperCase());
// @ts-expect-error a channel the widget does not have
open({ channel: 'rentals' });
// @ts-expect-error an event the widget does not send
on('viewing:paid', () => undefined);
// @ts-expect-error a booking's detail has no visitor's email
export const onBooked: ViewingWidgetProps['onBooked'] = (detail) => detail.email;
`,
  );
  write(
    'tsconfig.json',
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2022', 'DOM'],
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: [],
      },
      files: ['main.ts', 'types-check.ts'],
    }),
  );
  run(app, 'npm', 'install', '--prefer-offline', '--no-audit', '--no-fund');
  run(app, process.execPath, join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json');
  run(app, process.execPath, join(repo, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn');
  return app;
}

const MEDIA: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };

/** Serves the app's build on loopback, as its host would. */
async function serve(dir: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    try {
      const body = readFileSync(join(dir, path === '/' ? 'index.html' : path));
      response.writeHead(200, { 'content-type': MEDIA[extname(path) || '.html'] ?? 'text/plain' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

test('a React site that installs the packed widget from npm type-checks, builds with Vite, and books through <ViewingWidget>', async ({
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const tarball = packWidget();
  // The widget's package ships browser files only: installing it installs no server code.
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
  ) as Record<string, unknown>;
  expect(manifest.dependencies).toBeUndefined();
  expect(Object.keys(manifest.exports as object)).toEqual(
    expect.arrayContaining(['.', './react', './viewing-widget.js', './custom-elements.json']),
  );
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
  expect(files).not.toMatch(/package\/(lib|src|bin)\//);

  const [, , , propertyId] = await homeIds(request, 'channel=lettings&limit=4');
  expect(propertyId).toBeTruthy();
  const app = scratchReactApp(tarball, new URL('/api', baseURL).href, propertyId!);
  const site = await serve(join(app, 'dist'));
  try {
    await page.goto(site.url);
    await expect(page.getByRole('heading', { name: 'A React site' })).toBeVisible();
    await pickFirstFreeTime(page, { which: 'last' });
    const lastName = uniqueSurname('Reactsite');
    await fillDetails(page, {
      firstName: 'Ada',
      lastName,
      email: 'ada.react@example.org',
      phone: '07700 900222',
    });
    const w = widget(page);
    await w.getByRole('button', { name: 'Book viewing' }).click();
    await expect(w.getByRole('heading', { name: 'Viewing booked' })).toBeVisible();
    const reference = (await w.getByText(/^VW-\d+$/).innerText()).trim();
    // The site heard it through the wrapper's typed callbacks, with the home it was booked for.
    const heard = page.getByRole('list', { name: 'What the site heard' });
    await expect(heard.getByText(`booked ${reference} of ${propertyId}`)).toBeVisible();
    await expect(heard.getByText('step done')).toBeVisible();
    expect((await diary(request)).some((entry) => entry.guests.some((g) => g.surname === lastName))).toBe(
      true,
    );
  } finally {
    site.server.close();
    rmSync(app, { recursive: true, force: true });
  }
});
