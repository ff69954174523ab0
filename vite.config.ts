import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';

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

/** The widget as one IIFE script with its styles inside, for a plain `<script>` tag on any page. */
export default defineConfig({
  plugins: [preact({ devtoolsInProd: false, prefreshEnabled: false }), asciiOnly()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    lib: {
      entry: 'widget/main.ts',
      name: 'ViewingWidget',
      formats: ['iife'],
      fileName: () => 'viewing-widget.js',
    },
  },
});
