import { build, defineConfig, type Plugin } from 'vite';
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

/** Languages other than en-GB, each its own small file beside the main script, loaded only by pages that need it. */
const LAZY_LOCALES = { 'en-US': 'enUS', fr: 'fr', nl: 'nl', de: 'de' } as const;
const widgetPath = (path: string) => fileURLToPath(new URL(`widget/${path}`, import.meta.url));
const importOf = (path: string) => JSON.stringify(widgetPath(path));

/**
 * The files beside the main script, by the name in `viewing-widget.<name>.js`, each with the code of its entry:
 * a language's strings, and the manage view (only `<viewing-widget manage="…">` loads it). Each one's only act
 * is to hand what it holds to the widget (see widget/publish.ts).
 */
const SIBLINGS: Record<string, string> = {
  ...Object.fromEntries(
    Object.entries(LAZY_LOCALES).map(([locale, name]) => [
      locale,
      `import { ${name} } from ${importOf(`i18n/${locale}.ts`)};\n` +
        `import { publish } from ${importOf('publish.ts')};\n` +
        `publish(${name});\n`,
    ]),
  ),
  manage: `import ${importOf('manage/index.ts')};\n`,
};

/**
 * After the main build, builds `dist/viewing-widget.<name>.js` for each of the SIBLINGS. An IIFE build cannot
 * split code, hence one small build per file.
 */
function siblingFiles(): Plugin {
  return {
    name: 'sibling-files',
    apply: 'build',
    async closeBundle() {
      for (const [name, code] of Object.entries(SIBLINGS)) {
        const entry = `viewing-widget-sibling-${name}.js`;
        await build({
          configFile: false,
          logLevel: 'warn',
          plugins: [
            {
              name: 'sibling-entry',
              // Lib mode hands the entry over as a path; it names no file, the code comes from `load`.
              resolveId: (id) => (id.endsWith(entry) ? entry : undefined),
              load: (id) => (id === entry ? code : undefined),
            },
            preact({ devtoolsInProd: false, prefreshEnabled: false }),
            asciiOnly(),
          ],
          build: {
            outDir: 'dist',
            emptyOutDir: false,
            target: 'es2022',
            sourcemap: false,
            lib: {
              entry,
              formats: ['iife'],
              name: 'ViewingWidgetSibling',
              fileName: () => `viewing-widget.${name}.js`,
            },
          },
        });
      }
    },
  };
}

/**
 * After the main build, builds `dist/viewing-staff.js`: the staff diary page's script (the proxy serves it at
 * `/staff/viewing-staff.js`), made of the widget's own components and styles but never loaded by visitors.
 */
function staffScript(): Plugin {
  return {
    name: 'staff-script',
    apply: 'build',
    async closeBundle() {
      await build({
        configFile: false,
        logLevel: 'warn',
        plugins: [preact({ devtoolsInProd: false, prefreshEnabled: false }), asciiOnly()],
        build: {
          outDir: 'dist',
          emptyOutDir: false,
          target: 'es2022',
          sourcemap: false,
          lib: {
            entry: widgetPath('staff/main.tsx'),
            formats: ['iife'],
            name: 'ViewingStaff',
            fileName: () => 'viewing-staff.js',
          },
        },
      });
    },
  };
}

/** The widget as one IIFE script with its styles and en-GB inside, for a plain `<script>` tag on any page. */
export default defineConfig({
  plugins: [
    preact({ devtoolsInProd: false, prefreshEnabled: false }),
    asciiOnly(),
    siblingFiles(),
    staffScript(),
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
