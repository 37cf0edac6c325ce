import type { Config } from './config';
import type { CommitGroup } from './conversations/transaction';
import type { Db } from './db/connection';
import type { EventBus } from './events';
import type { Limits } from './limits';
import type { Presence } from './workflows/presence';

/** Everything a server instance owns; created once in createKaon() (nothing is process-global). */
export interface Deps {
  db: Db;
  config: Config;
  events: EventBus;
  /** Rate limits, the password-hashing bound and greeted chat visitors (server/limits). */
  limits: Limits;
  now: () => number;
  /** Group commit for requests' commands (conversations/transaction.ts). */
  commits: CommitGroup;
  presence: Presence;
}
