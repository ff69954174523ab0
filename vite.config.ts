import { build, defineConfig, type BuildEnvironmentOptions, type LibraryOptions, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';

/**
 * Host pages do not always declare a charset, and a script without one is read in the page's encoding:
 * escaping every non-ASCII character keeps "…" and "£" intact on any page.
 */
function asciiOnly(): Plugin {
  return {
    name: 'ascii-only',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        chunk.code = chunk.code.replace(
          /[^ -~\n\r\t]/g,
          (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
        );
      }
    },
  };
}

const widgetPath = (path: string) => fileURLToPath(new URL(`widget/${path}`, import.meta.url));

/**
 * The files the flow's code loads on demand, by the module each starts from, named `viewing-widget.<name>.js`:
 * a language's strings (only pages in that language load it), the home and time steps, the steps after the
 * time, the agency's questions (only for a home they are asked of), and the manage view
 * (only `<viewing-widget manage="…">` loads it). Code they share gets the name of its module.
 */
const LAZY_FILES: Record<string, string> = {
  'i18n/en-US.ts': 'en-US',
  'i18n/fr.ts': 'fr',
  'i18n/nl.ts': 'nl',
  'i18n/de.ts': 'de',
  'steps/browse.ts': 'browse',
  'steps/later.ts': 'later',
  'details/questions.ts': 'questions',
  'waitlist/kit.ts': 'waitlist',
  'manage/mount.tsx': 'manage',
};
const lazyName = (moduleId: string | null) =>
  Object.entries(LAZY_FILES).find(([path]) => moduleId === widgetPath(path))?.[1];

/**
 * A plugin that, after the boot script's build, builds one more file into `dist/` from `entry`, with the same
 * plugins and target: `lib` says the format and the file's name, `rolldownOptions` anything more.
 */
function afterBuild(
  name: string,
  lib: Omit<LibraryOptions, 'entry'> & { entry: string | Record<string, string> },
  rolldownOptions?: BuildEnvironmentOptions['rolldownOptions'],
  outDir = 'dist',
): Plugin {
  return {
    name,
    apply: 'build',
    async closeBundle() {
      await build({
        configFile: false,
        logLevel: 'warn',
        plugins: [preact({ devtoolsInProd: false, prefreshEnabled: false }), asciiOnly()],
        build: {
          outDir,
          emptyOutDir: false,
          target: 'es2022',
          sourcemap: false,
          lib: {
            ...lib,
            entry:
              typeof lib.entry === 'string'
                ? widgetPath(lib.entry)
                : Object.fromEntries(Object.entries(lib.entry).map(([key, path]) => [key, widgetPath(path)])),
          },
          ...(rolldownOptions ? { rolldownOptions } : {}),
        },
      });
    },
  };
}

/**
 * `dist/viewing-widget.flow.js` and the files beside it, as ES modules: the boot script imports the flow when a
 * widget first needs it, and the flow's own imports share one Preact with every later file. (An IIFE build
 * cannot split code, hence a build of its own.)
 */
const flowFiles = () =>
  afterBuild(
    'flow-files',
    { entry: 'flow.ts', formats: ['es'], fileName: () => 'viewing-widget.flow.js' },
    {
      // Lets the code the flow shares with later files live in the flow's own file (it is loaded first
      // anyway), instead of in extra files every visitor has to wait for.
      preserveEntrySignatures: 'allow-extension',
      output: {
        // Lib mode keeps the whitespace of ES output (for other bundlers); these files go to browsers.
        minify: true,
        chunkFileNames: (chunk) => {
          const name = lazyName(chunk.facadeModuleId);
          // Unhashed, like the boot script: size budgets name them, and a host serves them `no-cache`.
          return name ? `viewing-widget.${name}.js` : 'viewing-widget.[name].js';
        },
      },
    },
  );

/**
 * `dist/viewing-staff.js`: the staff diary page's script (the proxy serves it at `/staff/viewing-staff.js`),
 * made of the widget's own components and styles but never loaded by visitors.
 */
const staffScript = () =>
  afterBuild('staff-script', {
    entry: 'staff/main.tsx',
    formats: ['iife'],
    name: 'ViewingStaff',
    fileName: () => 'viewing-staff.js',
  });

/**
 * `dist/esm/`: the package's ES modules, for sites built with a bundler (`import 'viewing-widget'`,
 * `viewing-widget/react`). Preact goes inside; React is the site's own. The flow and the later steps stay
 * dynamic imports, which the site's bundler turns into files of its own.
 */
const esModules = () =>
  afterBuild(
    'es-modules',
    { entry: { index: 'module.ts', react: 'react.ts' }, formats: ['es'] },
    {
      external: ['react'],
      output: { minify: true, entryFileNames: '[name].js', chunkFileNames: 'chunk-[name]-[hash].js' },
    },
    'dist/esm',
  );

/** The boot script, one small IIFE for a plain `<script>` tag on any page; the flow comes after (flowFiles). */
export default defineConfig({
  plugins: [
    preact({ devtoolsInProd: false, prefreshEnabled: false }),
    asciiOnly(),
    flowFiles(),
    staffScript(),
    esModules(),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    lib: {
      entry: 'widget/main.ts',
      name: 'ViewingWidget',
      formats: ['iife'],
      fileName: () => 'viewing-widget.js',
    },
  },
});
