import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CommitTicket } from '../conversations/transaction';
import type { Deps } from '../deps';
import { clientAddress } from '../limits/clientAddress';
import { resolveBearer, resolveSession, type Auth } from '../auth/requestAuth';

export interface Context extends Deps {
  req: IncomingMessage;
  res: ServerResponse;
  ip: string;
  auth: Auth;
  /** This request's part in group commit: it is answered after the commit its commands joined. */
  commit: CommitTicket;
}

export function createContextFactory(deps: Deps) {
  return ({ req, res }: { req: IncomingMessage; res: ServerResponse }): Context => {
    const header = req.headers.authorization;
    const auth = header !== undefined ? resolveBearer(deps.db, header, deps.now()) : resolveSession(deps.db, req.headers.cookie, deps.now());
    return { ...deps, req, res, ip: clientAddress(req, deps.config.trustProxy), auth, commit: deps.commits.ticket() };
  };
}
