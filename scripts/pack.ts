// Makes the two npm packages from a built tree (`npm run build`), as `npm publish` would send them, into `.pack/`:
// - `viewing-widget`: the browser files only, depending on nothing, so a site that installs it installs no
//   server code; React is an optional peer, for `viewing-widget/react`.
// - `viewing-proxy`: the compiled proxy (`lib/`), its command, the staff page's script and the OpenAPI
//   document. The SQLite and Redis drivers are optional dependencies: an install where better-sqlite3 cannot be
//   built still runs, on the memory or Redis store.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (path: string) => `${root}${path}`;

interface Manifest {
  name: string;
  version: string;
  description: string;
  license: string;
  dependencies: Record<string, string>;
}

/** The proxy's dependencies it runs without, unless its config chooses the store they drive. */
const OPTIONAL = ['better-sqlite3', 'ioredis'];

function proxyManifest(repo: Manifest) {
  const dependencies = Object.entries(repo.dependencies);
  return {
    name: 'viewing-proxy',
    version: repo.version,
    description:
      'The proxy behind viewing-widget: holds the agency’s API keys and speaks to agentOS, Pexip Engage, ActuallyCare or OfficePlace.',
    license: repo.license,
    type: 'module',
    bin: { 'viewing-proxy': 'bin/viewing-proxy.js' },
    main: './lib/proxy/index.js',
    types: './lib/proxy/index.d.ts',
    exports: {
      '.': { types: './lib/proxy/index.d.ts', default: './lib/proxy/index.js' },
      './package.json': './package.json',
    },
    files: ['bin', 'lib', 'dist'],
    dependencies: Object.fromEntries(dependencies.filter(([name]) => !OPTIONAL.includes(name))),
    optionalDependencies: Object.fromEntries(dependencies.filter(([name]) => OPTIONAL.includes(name))),
    engines: { node: '>=20' },
  };
}

/** The widget's package.json, from the repository's: one version, one licence. */
function widgetManifest(repo: Manifest) {
  return {
    name: 'viewing-widget',
    version: repo.version,
    description:
      'Embeddable "book a viewing" widget for estate agency websites: a script tag, an ES module and a React component.',
    license: repo.license,
    type: 'module',
    main: './dist/esm/index.js',
    module: './dist/esm/index.js',
    types: './dist/types/module.d.ts',
    customElements: './dist/custom-elements.json',
    exports: {
      '.': { types: './dist/types/module.d.ts', default: './dist/esm/index.js' },
      './react': { types: './dist/types/react.d.ts', default: './dist/esm/react.js' },
      './viewing-widget.js': './dist/viewing-widget.js',
      './custom-elements.json': './dist/custom-elements.json',
      './package.json': './package.json',
    },
    // Importing it defines `<viewing-widget>`: a bundler must keep every file.
    sideEffects: true,
    files: ['dist'],
    peerDependencies: { react: '>=18' },
    peerDependenciesMeta: { react: { optional: true } },
    engines: { node: '>=20' },
  };
}

/** The built browser files the package ships: the script tag's, the ES modules, types and the manifest. */
const WIDGET_FILES = ['dist/esm', 'dist/types', 'dist/custom-elements.json'];
const isScript = (name: string) => /^viewing-widget(\.[\w-]+)?\.js$/.test(name);

/** The proxy's built files: the compiled code, its command, the staff page's script and the API document. */
const PROXY_FILES = ['lib', 'bin/viewing-proxy.js', 'dist/viewing-staff.js', 'dist/openapi.json'];

const repoManifest = () => JSON.parse(readFileSync(at('package.json'), 'utf8')) as Manifest;

/** A fresh staging folder for one package, with `paths` copied from the built tree. */
function stage(name: string, paths: string[]): string {
  const folder = at(`.pack/${name}`);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(`${folder}/dist`, { recursive: true });
  for (const path of paths) {
    if (!existsSync(at(path))) throw new Error(`${path} is missing: run npm run build first`);
    cpSync(at(path), `${folder}/${path}`, { recursive: true });
  }
  cpSync(at('README.md'), `${folder}/README.md`);
  return folder;
}

/** `npm pack` in the staging folder; the tarball's path. */
function pack(folder: string, manifest: object): string {
  writeFileSync(`${folder}/package.json`, JSON.stringify(manifest, null, 2) + '\n');
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', at('.pack')], {
    cwd: folder,
    encoding: 'utf8',
  }).trim();
  return at(`.pack/${name.split('\n').at(-1)}`);
}

export function packWidget(): string {
  const folder = stage('viewing-widget', WIDGET_FILES);
  cpSync(at('dist'), `${folder}/dist`, {
    recursive: true,
    filter: (source) => source === at('dist') || isScript(source.slice(at('dist/').length)),
  });
  return pack(folder, widgetManifest(repoManifest()));
}

export function packProxy(): string {
  return pack(stage('viewing-proxy', PROXY_FILES), proxyManifest(repoManifest()));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(packWidget());
  console.log(packProxy());
}
