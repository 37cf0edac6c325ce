import { rmSync } from 'node:fs';
import type { Deps } from '../deps';
import { BlobStore } from './BlobStore';

const BATCH = 1000;

/**
 * Removes uploads that nothing uses — no message and no snippet carries them — once they are
 * older than UNATTACHED_FILE_TTL_HOURS on Kaon's clock (a visitor or member who uploaded and never
 * sent). A blob on disk goes only when no other file row has the same content (blobs are shared by
 * hash). Synchronous from the query to the unlink, so an upload cannot slip in between: its row is
 * inserted in the same tick as its blob is saved. Returns how many files it removed.
 */
export function sweepUnattachedFiles(deps: Deps): number {
  const store = new BlobStore(deps.config.dataDir);
  const cutoff = deps.now() - deps.config.unattachedFileTtlMs;
  const { db } = deps;
  const gone = db.transaction(() => {
    const rows = db
      .prepare(
        `SELECT id, sha256 FROM files f WHERE created_at <= ?
           AND NOT EXISTS (SELECT 1 FROM message_files mf WHERE mf.file_id = f.id)
           AND NOT EXISTS (SELECT 1 FROM snippet_files sf WHERE sf.file_id = f.id)
         LIMIT ${BATCH}`,
      )
      .all(cutoff) as Array<{ id: string; sha256: string }>;
    const remove = db.prepare('DELETE FROM files WHERE id = ?');
    for (const row of rows) remove.run(row.id);
    const stillUsed = db.prepare('SELECT 1 FROM files WHERE sha256 = ? LIMIT 1');
    const blobs = [...new Set(rows.map((r) => r.sha256))].filter((sha) => !stillUsed.get(sha));
    return { count: rows.length, blobs };
  })();
  for (const sha of gone.blobs) rmSync(store.pathOf(sha), { force: true });
  return gone.count;
}

/** Sweeps every `everyMs` (and once at start) until the returned function is called. */
export function startSweeping(deps: Deps, everyMs = 3_600_000): () => void {
  const run = () => {
    try {
      sweepUnattachedFiles(deps);
    } catch (err) {
      console.error('[files] sweeping unattached uploads:', err);
    }
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
