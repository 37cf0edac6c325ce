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
  /**
   * Present on a request's context (tRPC, channel webhooks): its commands join the server's
   * commit group, and the request is answered once `pending` (the shared commit) settled.
   */
  commit?: CommitTicket | undefined;
}

/** One request's part in group commit: the commit it waits for, once a command of it joined one. */
export interface CommitTicket {
  group: CommitGroup;
  pending: Promise<void> | null;
  /** The commits it joined (so a second command in the same turn adds no wait). */
  joined: Set<Promise<void>>;
}

type Emitted = Map<string, [string, SpaceEvent]>;

function runInTransaction<T>(deps: TxDeps, emitted: Emitted, fn: (tx: Tx) => T): T {
  const tx: Tx = {
    db: deps.db,
    now: deps.now(),
    emit: (spaceId, event) => void emitted.set(`${spaceId}\n${JSON.stringify(event)}`, [spaceId, event]),
  };
  // Inside an open transaction (a commit group's), better-sqlite3 makes this a savepoint: a command
  // that throws rolls back its own writes and nothing else.
  return deps.db.transaction(() => fn(tx))();
}

/**
 * Runs `fn` in one transaction; publishes the events it emitted (each once) after the commit.
 * With a commit ticket (a request's context) the transaction is a savepoint of the server's open
 * commit group instead, committed with the other commands of the same event-loop turn.
 */
export function transact<T>(deps: TxDeps, fn: (tx: Tx) => T): T {
  if (deps.commit) return deps.commit.group.run(deps, deps.commit, fn);
  const emitted: Emitted = new Map();
  const result = runInTransaction(deps, emitted, fn);
  for (const [spaceId, event] of emitted.values()) deps.events.publish(spaceId, event);
  return result;
}

/**
 * Group commit: the commands of the requests that arrive in one event-loop turn each run at once
 * (so each sees the one before it and answers with its own result or error), as savepoints of
 * one SQLite transaction, which commits on setImmediate. The pages a burst of messages touches
 * (the messages table and its indexes, the search index's new segment, the conversation rows)
 * are then written to the WAL once per turn instead of once per message. Requests are answered
 * after the shared commit (the tRPC middleware and the webhook handler await `ticket.pending`),
 * so an answer still means "stored"; the events of the turn are published after it, in one
 * transaction, so the projections' writes (doc updates, the projection queue) commit once too.
 */
export class CommitGroup {
  private open: { events: Emitted; done: Promise<void>; settle: (err?: unknown) => void } | null = null;

  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    /** Runs the publishing of a turn's events (the projections batch their doc writes in it). */
    private readonly publishing: (publish: () => void) => void = (publish) => publish(),
  ) {}

  run<T>(deps: TxDeps, ticket: CommitTicket, fn: (tx: Tx) => T): T {
    // SQLite rolled the whole group back under us (a full disk, an I/O error): it failed; a new one starts.
    if (this.open && !this.db.inTransaction) this.fail(new Error('The commit group was rolled back by SQLite'));
    // Called inside someone else's transaction: that one decides when it commits.
    if (!this.open && this.db.inTransaction) return transact({ ...deps, commit: undefined }, fn);
    const open = this.open ?? this.begin();
    // A request whose commands span several turns (a webhook that awaits a media download) waits for each commit.
    if (!ticket.pending) ticket.pending = open.done;
    else if (ticket.pending !== open.done && !ticket.joined.has(open.done)) {
      const both = Promise.all([ticket.pending, open.done]).then(() => undefined);
      both.catch(() => undefined);
      ticket.pending = both;
    }
    ticket.joined.add(open.done);
    const emitted: Emitted = new Map();
    const result = runInTransaction(deps, emitted, fn);
    for (const [key, value] of emitted) open.events.set(key, value);
    return result;
  }

  /**
   * The open group's commit, if one is open: a request that wrote outside `transact` (a command
   * with its own db.transaction, which is then a savepoint of the group) waits for it too.
   */
  pending(): Promise<void> | null {
    return this.open?.done ?? null;
  }

  private fail(err: Error): void {
    const open = this.open!;
    this.open = null;
    open.settle(err);
  }

  /** A ticket for one request. */
  ticket(): CommitTicket {
    return { group: this, pending: null, joined: new Set() };
  }

  /** Commits the open group now (at shutdown; otherwise setImmediate does it). */
  flush(): void {
    const open = this.open;
    if (!open) return;
    this.open = null;
    try {
      this.db.exec('COMMIT');
    } catch (err) {
      try {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
      } catch {
        /* the connection is gone: nothing left to undo */
      }
      open.settle(err);
      return;
    }
    // Committed: every waiting request is answered "stored", whatever a listener does next.
    open.settle();
    const events = [...open.events.values()];
    if (!events.length) return;
    try {
      this.publishing(() => {
        for (const [spaceId, event] of events) this.events.publish(spaceId, event);
      });
    } catch (err) {
      // The pipeline retries its own processors; this is a listener outside it.
      console.error('[commit group] a listener failed on the events of a commit:', err);
    }
  }

  private begin() {
    let settle!: (err?: unknown) => void;
    const done = new Promise<void>((resolve, reject) => {
      settle = (err) => (err === undefined ? resolve() : reject(err instanceof Error ? err : new Error(String(err))));
    });
    // Nobody may be waiting (a worker's command): a failed commit is still reported to whoever is.
    done.catch(() => undefined);
    this.db.exec('BEGIN');
    const open = { events: new Map() as Emitted, done, settle };
    this.open = open;
    setImmediate(() => this.open === open && this.flush());
    return open;
  }
}
