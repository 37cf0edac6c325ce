import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { FailureLimiter } from './auth/rateLimit';
import type { Config } from './config';
import { openDb } from './db/connection';
import { EventBus } from './events';
import { appRouter } from './routers/root';
import { createStaticHandler } from './static';
import { createContextFactory, type Deps } from './trpc/context';

export interface Kaon {
  server: Server;
  deps: Deps;
  /** Listens on `port` (0 = any free port) and resolves to the base URL. */
  listen(port?: number): Promise<string>;
  close(): Promise<void>;
}

/** Composes Kaon's one HTTP server: /trpc, /healthz and the built client. */
export function createKaon(config: Config, now: () => number = Date.now): Kaon {
  const db = openDb(config.dataDir);
  const deps: Deps = {
    db,
    config,
    events: new EventBus(),
    limiter: {
      email: new FailureLimiter(config.loginMaxPerEmail, config.loginWindowMs),
      ip: new FailureLimiter(config.loginMaxPerIp, config.loginWindowMs),
    },
    now,
  };
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    createContext: createContextFactory(deps),
    maxBodySize: 1_000_000,
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[trpc] ${path ?? '?'}:`, error.cause ?? error);
    },
  });
  const serveClient = createStaticHandler(config.clientDir);

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/trpc/')) return void trpc(req, res);
    if (url === '/healthz') {
      let ok = true;
      try {
        db.prepare('SELECT 1').get();
      } catch {
        ok = false;
      }
      res.writeHead(ok ? 200 : 503, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok, db: ok ? 'ok' : 'unavailable' }));
      return;
    }
    serveClient(req, res);
  });

  return {
    server,
    deps,
    listen: (port = config.port) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, () => resolve(`http://localhost:${(server.address() as AddressInfo).port}`));
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          db.close();
          resolve();
        });
      }),
  };
}
