import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The console is served by the core's HTTP server from dist/renderer.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    // NOTE: one ~800 KiB chunk (CodeMirror and the PromQL language support are most of it) is
    // what the query page needs at start anyway; `npm run bench -- console` reports its size
    // and the first paint it allows, which is what matters here.
    chunkSizeWarningLimit: 1024,
  },
  server: {
    // `npx vite --config renderer/vite.config.ts` for UI work against a running `hearth serve`.
    proxy: { '/api': 'http://127.0.0.1:9190', '/-/': 'http://127.0.0.1:9190' },
  },
});
