import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config';
import type { Db } from '../db/connection';
import type { EventBus } from '../events';
import type { FailureLimiter } from '../auth/rateLimit';
import type { Presence } from '../workflows/presence';
import { resolveBearer, resolveSession, type Auth } from '../auth/sessions';

/** Everything a server instance owns; created once in createKaon(). */
export interface Deps {
  db: Db;
  config: Config;
  events: EventBus;
  limiter: { email: FailureLimiter; ip: FailureLimiter };
  now: () => number;
  presence: Presence;
}

export interface Context extends Deps {
  req: IncomingMessage;
  res: ServerResponse;
  ip: string;
  auth: Auth;
}

export function createContextFactory(deps: Deps) {
  return ({ req, res }: { req: IncomingMessage; res: ServerResponse }): Context => {
    const header = req.headers.authorization;
    const auth = header !== undefined ? resolveBearer(deps.db, header, deps.now()) : resolveSession(deps.db, req.headers.cookie, deps.now());
    return { ...deps, req, res, ip: req.socket.remoteAddress ?? 'unknown', auth };
  };
}
