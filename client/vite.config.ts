import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * `@monaco-editor/loader` ships a jsDelivr URL as its default `paths.vs`. We hand it the bundled
 * `monaco-editor` instead, so the URL is dead code; blanking it keeps any CDN address out of the
 * bundle (and makes an accidental CDN load fail loudly instead of silently fetching).
 */
function stripMonacoCdnDefault(): Plugin {
  return {
    name: 'gauntlet:strip-monaco-cdn-default',
    transform(code, id) {
      if (!id.includes('@monaco-editor/loader')) return null;
      return code.replace(/https:\/\/cdn\.jsdelivr\.net\/npm\/monaco-editor@[^'"]*/g, '');
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), stripMonacoCdnDefault()],
  resolve: {
    alias: [
      // y-monaco imports Monaco's API by a path that monaco-editor 0.57's export map no longer
      // resolves; pointing it at the same file keeps one Monaco instance in the bundle.
      {
        find: /^monaco-editor\/esm\/vs\/editor\/editor\.api\.js$/,
        replacement: fileURLToPath(
          new URL('../node_modules/monaco-editor/esm/vs/editor/editor.api.js', import.meta.url),
        ),
      },
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  // Monaco's workers split their code, which only module workers can load.
  worker: { format: 'es' },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
