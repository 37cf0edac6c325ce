import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './connection';

/**
 * WAL checkpoints off the request thread. SQLite's own checkpoint runs inside the COMMIT that
 * passes 1,000 WAL pages: it copies every page the WAL holds into the database file and syncs it,
 * on the thread that answers requests. Under a burst that was the largest item of an inbound
 * message's SQL (half of each COMMIT on an empty database; at 1M messages, whose pages lie far
 * apart, over 1.6 ms per commit). Once the WAL grows past `startBytes`, a worker thread with its
 * own connection checkpoints (PASSIVE: never waits for, nor blocks, the writer) every
 * `intervalMs`, and the main connection keeps only a backstop (`backstopPages`): should the
 * worker fall behind or fail, SQLite checkpoints there as before, so the WAL stays bounded.
 * Durability is unchanged: a commit is in the WAL before its request is answered, as before.
 */
export interface CheckpointerOptions {
  /** WAL size at which the worker starts (smaller databases, most tests, never need it). */
  startBytes?: number;
  /** How often the worker checkpoints. */
  intervalMs?: number;
  /** How often the main thread looks at the WAL's size until the worker runs. */
  watchMs?: number;
  /** `wal_autocheckpoint` of the main connection while the worker runs. */
  backstopPages?: number;
}

export interface Checkpointer {
  /** Whether the worker runs now. */
  readonly running: boolean;
  /** Whether the worker stopped on an error (SQLite's own checkpoint on commit took over again). */
  readonly failed: boolean;
  /** Checkpoints the worker completed (for tests and diagnostics). */
  readonly checkpoints: number;
  /** Ends the worker and its connection (before the main connection closes, so that one checkpoints last). */
  stop(): Promise<void>;
}

const DEFAULT_AUTOCHECKPOINT = 1000;

// Plain CommonJS (an eval worker): it runs the same under tsx, vitest and node.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
let timer = null;
const stop = () => { clearTimeout(timer); timer = null; try { db.close(); } catch {} parentPort.close(); };
const tick = () => {
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    if (row && row.checkpointed > 0) parentPort.postMessage({ checkpointed: row.checkpointed });
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
    return stop();
  }
  timer = setTimeout(tick, workerData.intervalMs);
};
parentPort.on('message', (m) => { if (m === 'stop') stop(); });
tick();
`;

export function createCheckpointer(db: Db, file: string, options: CheckpointerOptions = {}): Checkpointer {
  const startBytes = options.startBytes ?? 4 * 1024 * 1024;
  const intervalMs = options.intervalMs ?? 100;
  const backstopPages = options.backstopPages ?? 10_000;
  let worker: Worker | null = null;
  let exited: Promise<void> | null = null;
  let checkpoints = 0;
  let stopped = false;
  let failed = false;

  const restoreAutocheckpoint = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
  };

  const start = () => {
    clearInterval(watch);
    const w = new Worker(WORKER, { eval: true, workerData: { file, intervalMs, driver: createRequire(import.meta.url).resolve('better-sqlite3') } });
    worker = w;
    w.unref();
    w.on('message', (m: { checkpointed?: number; error?: string }) => {
      if (m.checkpointed) checkpoints++;
      if (m.error) failed = true;
      if (m.error) console.error(`[db] the background checkpoint stopped (${m.error}); SQLite checkpoints on commit again`);
    });
    w.on('error', (err) => {
      failed = true;
      console.error('[db] the background checkpoint failed; SQLite checkpoints on commit again:', err);
    });
    exited = new Promise<void>((resolve) =>
      w.once('exit', () => {
        if (worker === w) worker = null;
        restoreAutocheckpoint();
        resolve();
      }),
    );
    db.pragma(`wal_autocheckpoint = ${backstopPages}`);
  };

  const walBytes = () => {
    try {
      return statSync(`${file}-wal`).size;
    } catch {
      return 0;
    }
  };
  const watch = setInterval(() => {
    if (stopped || worker || !db.open || walBytes() < startBytes) return;
    try {
      start();
    } catch (err) {
      // No worker (threads unavailable, the driver not found): SQLite keeps checkpointing on commit.
      failed = true;
      console.error('[db] the background checkpoint could not start; SQLite checkpoints on commit:', err);
    }
  }, options.watchMs ?? 1000);
  watch.unref();

  return {
    get running() {
      return worker !== null;
    },
    get failed() {
      return failed;
    },
    get checkpoints() {
      return checkpoints;
    },
    async stop() {
      stopped = true;
      clearInterval(watch);
      const w = worker;
      if (!w || !exited) return;
      w.postMessage('stop');
      const timeout = setTimeout(() => void w.terminate(), 2000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
