import type { Db } from '../db/connection';

export interface DueLoop {
  start(): void;
  /** Stops taking work, aborts `signal`, and waits for the jobs in flight. */
  stop(): Promise<void>;
  /** Work may be due now: a pass runs on the next turn (once, however often it is kicked). */
  kick(): void;
  /** Aborted at stop: jobs in flight give up (their row stays due). */
  readonly signal: AbortSignal;
  /** Jobs in flight, by key; a finished job is forgotten and kicks the loop. */
  readonly inflight: Map<number, Promise<void>>;
  /** Starts `job` under `key` (logged with `what` if it throws). */
  track(key: number, what: string, job: Promise<void>): void;
}

/**
 * The durable queues' worker loop (the provider outbox, outgoing webhooks): a pass takes what is
 * due and starts its jobs, then says when the next row falls due; the loop runs passes when kicked
 * (a command queued a row, a job finished) or at that time. Rows live in SQLite, so a restart
 * picks up where it stopped.
 */
export function createDueLoop(label: string, db: Db, pass: (loop: DueLoop) => number | null, wall: () => number = Date.now): DueLoop {
  let running = false;
  let shutdown = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let soon: NodeJS.Immediate | undefined;
  const inflight = new Map<number, Promise<void>>();

  const loop: DueLoop = {
    start() {
      if (running) return;
      running = true;
      shutdown = new AbortController();
      loop.kick();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      if (soon) clearImmediate(soon);
      soon = undefined;
      shutdown.abort();
      await Promise.allSettled([...inflight.values()]);
    },
    kick() {
      if (running && !soon) {
        soon = setImmediate(() => {
          soon = undefined;
          tick();
        });
      }
    },
    get signal() {
      return shutdown.signal;
    },
    inflight,
    track(key, what, job) {
      const tracked = job
        .catch((err) => console.error(`[${label}] ${what}:`, err))
        .finally(() => {
          inflight.delete(key);
          loop.kick();
        });
      inflight.set(key, tracked);
    },
  };

  function tick(): void {
    // The database may be gone under us (a failing disk; tests that close it): nothing to do then.
    if (!running || !db.open) return;
    try {
      const next = pass(loop);
      clearTimeout(timer);
      if (next !== null) timer = setTimeout(loop.kick, Math.min(Math.max(0, next - wall()), 2 ** 31 - 1)).unref();
    } catch (err) {
      console.error(`[${label}]`, err);
    }
  }
  return loop;
}
