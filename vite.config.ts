import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';

const backend = `http://localhost:${process.env.PORT ?? 3000}`;

export default defineConfig({
  plugins: [solid()],
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
