import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';

/**
 * Writes `.br` and `.gz` next to every text file of the build, once, at maximum compression; the
 * server sends them with Content-Encoding (server/staticFiles/compressed.ts) and never compresses
 * per request. Files that would not shrink by a tenth are left alone.
 */
function precompress(): Plugin {
  const TEXT = /\.(js|css|html|json|svg|webmanifest|txt)$/;
  let outDir = '';
  return {
    name: 'kaon-precompress',
    apply: 'build',
    configResolved: (config) => void (outDir = resolve(config.root, config.build.outDir)),
    closeBundle() {
      const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
      for (const file of walk(outDir).filter((f) => TEXT.test(f))) {
        const raw = readFileSync(file);
        if (raw.length < 1024) continue;
        const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
        const gz = gzipSync(raw, { level: 9 });
        if (br.length < raw.length * 0.9) writeFileSync(`${file}.br`, br);
        if (gz.length < raw.length * 0.9) writeFileSync(`${file}.gz`, gz);
      }
    },
  };
}

const backend = `http://localhost:${process.env.PORT ?? 3000}`;

export default defineConfig({
  plugins: [solid(), precompress()],
  root: 'client',
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: { main: 'client/index.html', chat: 'client/chat.html' } },
  },
  server: {
    port: 5173,
    proxy: {
      '/trpc': { target: backend },
      '/yjs': { target: backend, ws: true },
      '/files': { target: backend },
      '/chat': { target: backend },
      '/healthz': { target: backend },
      '/webhooks': { target: backend },
      '/simulator': { target: backend },
    },
  },
  test: {
    root: '.',
    // vite-plugin-solid would default tests to jsdom; Kaon's client tests need no DOM.
    environment: 'node',
    projects: [
      // shared and server run in plain Node: no solid plugin (it adds the browser condition, and `ws` would load its browser stub).
      { test: { name: 'shared', root: '.', include: ['shared/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'server', root: '.', include: ['server/**/*.test.ts'], environment: 'node', testTimeout: 20000, hookTimeout: 20000 } },
      {
        extends: true,
        test: { name: 'client', root: '.', include: ['client/**/*.test.{ts,tsx}'], environment: 'node' },
        resolve: { conditions: ['browser', 'development'] },
      },
    ],
  },
});
