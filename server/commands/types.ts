import type { Db } from '../db/connection';
import type { EventBus } from '../events';

/** What every command needs: the database, the event bus it publishes to after commit, a clock. */
export interface CommandDeps {
  db: Db;
  events: EventBus;
  now: () => number;
}
