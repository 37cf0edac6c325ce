import type { Db } from '../db/connection';
import type { EventBus, SpaceEvent } from '../events';

/**
 * One SQLite transaction and what it changed. Code inside it records events with `emit`; they are
 * published once, after the commit, so no processor ever sees a change that could still roll back.
 */
export interface Tx {
  db: Db;
  /** The transaction's clock reading: every row written in it carries the same time. */
  now: number;
  emit(spaceId: string, event: SpaceEvent): void;
}

export interface TxDeps {
  db: Db;
  events: EventBus;
  now: () => number;
}

/** Runs `fn` in one transaction; publishes the events it emitted (each once) after the commit. */
export function transact<T>(deps: TxDeps, fn: (tx: Tx) => T): T {
  const emitted = new Map<string, [string, SpaceEvent]>();
  const tx: Tx = {
    db: deps.db,
    now: deps.now(),
    emit: (spaceId, event) => void emitted.set(`${spaceId}\n${JSON.stringify(event)}`, [spaceId, event]),
  };
  const result = deps.db.transaction(() => fn(tx))();
  for (const [spaceId, event] of emitted.values()) deps.events.publish(spaceId, event);
  return result;
}
