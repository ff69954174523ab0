// Makes the widget's npm package from a built tree (`npm run build`), as `npm publish` would send it:
// `.pack/viewing-widget-<version>.tgz`. The package holds the browser files only and depends on nothing, so a
// site that installs it installs no server code; React is an optional peer, for `viewing-widget/react`.
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
  devDependencies: Record<string, string>;
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

export function packWidget(): string {
  const repo = JSON.parse(readFileSync(at('package.json'), 'utf8')) as Manifest;
  const stage = at('.pack/viewing-widget');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(`${stage}/dist`, { recursive: true });
  for (const path of WIDGET_FILES) {
    if (!existsSync(at(path))) throw new Error(`${path} is missing: run npm run build first`);
    cpSync(at(path), `${stage}/${path}`, { recursive: true });
  }
  cpSync(at('dist'), `${stage}/dist`, {
    recursive: true,
    filter: (source) => source === at('dist') || isScript(source.slice(at('dist/').length)),
  });
  writeFileSync(`${stage}/package.json`, JSON.stringify(widgetManifest(repo), null, 2) + '\n');
  cpSync(at('README.md'), `${stage}/README.md`);
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', at('.pack')], {
    cwd: stage,
    encoding: 'utf8',
  }).trim();
  return at(`.pack/${name.split('\n').at(-1)}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) console.log(packWidget());
