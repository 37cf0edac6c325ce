import type { Db } from '../db/connection';
import type { EventBus } from '../events';
import type { Presence } from '../workflows/presence';

/** What every command needs: the database, the event bus it publishes to after commit, a clock. */
export interface CommandDeps {
  db: Db;
  events: EventBus;
  now: () => number;
  /** Who is online; when present, workflows run inside the commands that trigger them. */
  presence?: Presence;
}
