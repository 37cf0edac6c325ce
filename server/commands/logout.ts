import { sessions } from '../db/sessions';
import type { CommandDeps } from './commandDeps';

export function logout(deps: CommandDeps, sessionHash: string) {
  const row = deps.db.transaction(() => {
    const session = sessions.byHash(deps.db, sessionHash);
    sessions.delete(deps.db, sessionHash);
    return session;
  })();
  // That session's open sync sockets and event streams close too (server/auth/liveAccess.ts).
  if (row) deps.events.publishAccess({ userId: row.user_id });
}
