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

/**
 * After the main build, builds `dist/viewing-widget.<locale>.js` for each lazy locale: an IIFE whose only act is
 * to hand its strings to the widget (see widget/i18n/publish.ts). An IIFE build cannot split code, hence one
 * small build per file.
 */
function lazyLocales(): Plugin {
  return {
    name: 'lazy-locales',
    apply: 'build',
    async closeBundle() {
      for (const [locale, name] of Object.entries(LAZY_LOCALES)) {
        const entry = `viewing-widget-locale-${locale}.js`;
        await build({
          configFile: false,
          logLevel: 'warn',
          plugins: [
            {
              name: 'locale-entry',
              // Lib mode hands the entry over as a path; it names no file, the code comes from `load`.
              resolveId: (id) => (id.endsWith(entry) ? entry : undefined),
              load: (id) =>
                id === entry
                  ? `import { ${name} } from ${JSON.stringify(widgetPath(`i18n/${locale}.ts`))};\n` +
                    `import { publishMessages } from ${JSON.stringify(widgetPath('i18n/publish.ts'))};\n` +
                    `publishMessages(${name});\n`
                  : undefined,
            },
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
              name: 'ViewingWidgetLocale',
              fileName: () => `viewing-widget.${locale}.js`,
            },
          },
        });
      }
    },
  };
}

/** The widget as one IIFE script with its styles and en-GB inside, for a plain `<script>` tag on any page. */
export default defineConfig({
  plugins: [preact({ devtoolsInProd: false, prefreshEnabled: false }), asciiOnly(), lazyLocales()],
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
