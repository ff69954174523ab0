import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

/** The widget as one IIFE script with its styles inside, for a plain `<script>` tag on any page. */
export default defineConfig({
  plugins: [preact({ devToolsInProd: false, prefreshEnabled: false })],
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
