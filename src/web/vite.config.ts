import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

// Built by scripts/build-if-needed.mjs into <repo>/dist/web; Fastify serves it at `/`.
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.resolve(here, '../../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Pages are lazy chunks; keep the entry small so first load is fast on phones.
    chunkSizeWarningLimit: 300,
  },
  server: {
    // `npx vite --config src/web/vite.config.ts` during development, API on :3000.
    proxy: { '/api': 'http://127.0.0.1:3000', '/ws': { target: 'ws://127.0.0.1:3000', ws: true } },
  },
});
