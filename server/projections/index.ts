import type { Channels } from '../channels';
import type { Collab } from '../collab';
import { applyContactDocEdits } from '../contacts/applyEdits';
import { projectionQueue } from '../db/conversations';
import type { Deps } from '../deps';
import type { SpaceEvent } from '../events';
import { sweepBacklog } from '../workflows/backlogSweep';
import { projectConversation, projectConversations } from './conversationDocs';
import { projectInbox } from './inboxDoc';

/**
 * The after-commit pipeline: everything that happens because an event was published. Commands
 * publish events only after their transaction committed (conversations/transaction.ts); each
 * processor below names the events it handles, so an event's effects are found here in one hop.
 */

type EventType = SpaceEvent['type'];

export interface Processor<K extends EventType = EventType> {
  name: string;
  applicableEvents: readonly K[];
  perform(spaceId: string, event: Extract<SpaceEvent, { type: K }>): void;
  /** The same for several events of one space at once (a commit group's); see Pipeline.batch. */
  performBatch?(spaceId: string, events: Array<Extract<SpaceEvent, { type: K }>>): void;
  /** Work a previous run left undone (e.g. after a crash), done once at start-up. */
  recover?(): void;
}

const processor = <K extends EventType>(p: Processor<K>): Processor => p as unknown as Processor;

export function createProcessors(deps: Deps, collab: Collab, channels: Pick<Channels, 'kick'>, webhooks: { kick(): void } = { kick: () => {} }): Processor[] {
  const { db } = deps;
  return [
    processor({
      // The authority docs a conversation shows in: its conv doc and the space's queue doc.
      name: 'conversation docs',
      applicableEvents: ['conversation.changed'],
      perform: (spaceId, e) => projectConversation(db, collab, spaceId, e.conversationId),
      // A commit group's conversations: one queue-doc update for all of them.
      performBatch: (spaceId, es) => projectConversations(db, collab, spaceId, es.map((e) => e.conversationId)),
      // Thread items committed just before a crash are still queued in SQLite: project them now.
      recover: () => projectionQueue.waiting(db).forEach((w) => projectConversation(db, collab, w.space_id, w.conversation_id)),
    }),
    processor({
      name: 'inbox doc',
      applicableEvents: ['notifications.changed'],
      perform: (spaceId, e) => projectInbox(db, collab, spaceId, e.userId),
    }),
    processor({
      // Workflow tags and comments and a visitor's name, queued in contact_doc_edits by the command.
      name: 'contact doc edits',
      applicableEvents: ['contactDoc.editsQueued'],
      perform: (_spaceId, e) => applyContactDocEdits(db, collab, e.contactId),
      recover: () => applyContactDocEdits(db, collab),
    }),
    processor({
      // A stored reply or an enabled channel may make outbox rows due now.
      name: 'outbox',
      applicableEvents: ['outbox.queued', 'channels.changed'],
      perform: () => channels.kick(),
    }),
    processor({
      // Outgoing webhook deliveries were queued with the change they describe: the worker sends them.
      name: 'webhook deliveries',
      applicableEvents: ['webhooks.queued'],
      perform: () => webhooks.kick(),
    }),
    processor({
      // Conversations that waited for someone online are offered to the member who came online.
      name: 'backlog sweep',
      applicableEvents: ['member.online'],
      perform: (spaceId) => void sweepBacklog(deps, spaceId),
    }),
  ];
}

export interface Pipeline {
  /** Runs every processor that handles the event (synchronously, right after the commit). */
  handle(spaceId: string, event: SpaceEvent): void;
  /**
   * Runs `fn` (which publishes a commit group's events); processors with `performBatch` get the
   * events of each space in one call at its end instead of one call per event.
   */
  batch(fn: () => void): void;
  /** Failed runs waiting to be retried. */
  readonly failed: number;
  stop(): void;
}

const RETRY_MS = [250, 1000, 5000, 30_000];

interface Job {
  p: Processor;
  spaceId: string;
  events: SpaceEvent[];
}

/**
 * Routes events to their processors. A processor that throws is logged with the event and
 * retried (processors rebuild from SQLite, so running one again is safe): before the same
 * processor's next event, and on a timer with backoff, until it succeeds.
 */
export function createPipeline(processors: readonly Processor[], log: (line: string, err: unknown) => void = console.error): Pipeline {
  const byType = new Map<EventType, Processor[]>();
  for (const p of processors) for (const t of p.applicableEvents) byType.set(t, [...(byType.get(t) ?? []), p]);
  const failed = new Map<string, { job: Job; attempts: number }>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  /** While a batch runs: the events each batching processor waits for, per space. */
  let batched: Map<Processor, Map<string, SpaceEvent[]>> | null = null;

  const run = (job: Job, attempts: number): void => {
    const { p, spaceId, events } = job;
    const key = `${p.name}\n${spaceId}\n${JSON.stringify(events)}`;
    try {
      if (p.performBatch && events.length > 1) p.performBatch(spaceId, events as never);
      else for (const event of events) p.perform(spaceId, event as never);
      failed.delete(key);
    } catch (err) {
      const what = events.length === 1 ? `${events[0]!.type} in space ${spaceId} ${JSON.stringify(events[0])}` : `${events.length} events in space ${spaceId}`;
      log(`[pipeline] ${p.name} failed on ${what} (attempt ${attempts + 1}); will retry`, err);
      failed.set(key, { job, attempts: attempts + 1 });
      schedule();
    }
  };
  const retry = (only?: Processor) => {
    for (const f of [...failed.values()]) if (!only || f.job.p === only) run(f.job, f.attempts);
  };
  function schedule() {
    if (timer || stopped) return;
    const attempts = Math.min(...[...failed.values()].map((f) => f.attempts));
    timer = setTimeout(() => {
      timer = undefined;
      retry();
    }, RETRY_MS[Math.min(attempts - 1, RETRY_MS.length - 1)]).unref();
  }

  return {
    handle(spaceId, event) {
      for (const p of byType.get(event.type) ?? []) {
        if (batched && p.performBatch) {
          const spaces = batched.get(p) ?? batched.set(p, new Map()).get(p)!;
          (spaces.get(spaceId) ?? spaces.set(spaceId, []).get(spaceId)!).push(event);
          continue;
        }
        if (failed.size) retry(p);
        run({ p, spaceId, events: [event] }, 0);
      }
    },
    batch(fn) {
      if (batched) return fn();
      const mine = new Map<Processor, Map<string, SpaceEvent[]>>();
      batched = mine;
      try {
        fn();
      } finally {
        batched = null;
        for (const [p, spaces] of mine) {
          if (failed.size) retry(p);
          for (const [spaceId, events] of spaces) run({ p, spaceId, events }, 0);
        }
      }
    },
    get failed() {
      return failed.size;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
