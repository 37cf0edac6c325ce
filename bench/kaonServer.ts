/**
 * Child process of the benchmarks: one real Kaon (createKaon with the documented defaults from
 * server/config.ts, plus the overrides the parent passes) on its own core, answering the
 * parent's questions over IPC. Not started on its own: see startKaon in bench/processes.ts.
 *
 *   argv: <dataDir> <config overrides as JSON>
 */
import { join } from 'node:path';
import * as Y from 'yjs';
import { docNames } from '../shared/sync/docNames';
import { QUEUE, type QueueItem } from '../shared/sync/shapes';
import { configFromEnv, type Config } from '../server/config';
import { search } from '../server/db/search';
import { createKaon } from '../server/http';

export type KaonAsk =
  | { op: 'memory' }
  | { op: 'cpu' }
  /** Open sync sockets. */
  | { op: 'connections' }
  | { op: 'close' }
  /** Read-only SQL for the benchmark's own bookkeeping (cursors, counts), never timed. */
  | { op: 'query'; sql: string; params?: unknown[] }
  /** The queue doc as the server holds it: encoded state bytes, stored rows' bytes, open items. */
  | { op: 'queueDoc'; spaceId: string }
  /** Encoded bytes and item count of a doc as the server holds it. */
  | { op: 'docBytes'; docName: string }
  /**
   * Resolves once every open conversation whose last message is at or after `since` shows that
   * message in the queue doc (committed and projected): when (epoch ms), and how many inbound
   * messages were stored since.
   */
  | { op: 'settled'; spaceId: string; since: number }
  /** Times search.reindexContact (each in its own transaction, as a profile edit runs it) for `count` random contacts. */
  | { op: 'reindex'; spaceId: string; count: number };

export type KaonRequest = KaonAsk & { id: number };
export type KaonReply = { id: number; value: unknown } | { id: number; error: string };

const [dataDir, overrides] = process.argv.slice(2);
const started = performance.now();
const config: Config = { ...configFromEnv({}), dataDir: dataDir!, clientDir: join(dataDir!, 'none'), ...(JSON.parse(overrides ?? '{}') as Partial<Config>) };
const kaon = createKaon(config);
const url = await kaon.listen(0);
const startMs = performance.now() - started;
const { db } = kaon.deps;
const epoch = () => performance.timeOrigin + performance.now();

function unsettled(spaceId: string, since: number): number {
  const open = kaon.collab.read(docNames.queue(spaceId)).getMap<QueueItem>(QUEUE.open);
  const rows = db
    .prepare("SELECT id, last_preview, last_message_at FROM conversations WHERE space_id = ? AND status = 'open' AND last_message_at >= ?")
    .all(spaceId, since) as Array<{ id: string; last_preview: string; last_message_at: number }>;
  return rows.filter((r) => {
    const item = open.get(r.id);
    return !item || item.preview !== r.last_preview || item.lastAt !== r.last_message_at;
  }).length;
}

async function settled(spaceId: string, since: number): Promise<{ at: number; messages: number }> {
  const deadline = Date.now() + 600_000;
  while (unsettled(spaceId, since) > 0) {
    if (Date.now() > deadline) throw new Error('the queue doc did not catch up with SQLite in 10 minutes');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const at = epoch();
  const { n } = db.prepare("SELECT count(*) AS n FROM messages WHERE space_id = ? AND direction = 'in' AND created_at >= ?").get(spaceId, since) as { n: number };
  return { at, messages: n };
}

function reindex(spaceId: string, count: number): number[] {
  const ids = (db.prepare('SELECT id FROM contacts WHERE space_id = ? ORDER BY random() LIMIT ?').all(spaceId, count) as Array<{ id: string }>).map((r) => r.id);
  return ids.map((id) => {
    const t = performance.now();
    db.transaction(() => search.reindexContact(db, spaceId, id))();
    return performance.now() - t;
  });
}

function docBytes(docName: string) {
  const doc = kaon.collab.read(docName);
  // A rebased doc's rows are under its current epoch's room.
  const room = kaon.collab.roomOf(docName);
  const stored = db.prepare('SELECT count(*) AS rows, coalesce(sum(length(data)), 0) AS bytes FROM ydoc_updates WHERE doc = ?').get(room) as { rows: number; bytes: number };
  return { bytes: Y.encodeStateAsUpdate(doc).byteLength, stored, room };
}

async function answer(ask: KaonAsk): Promise<unknown> {
  switch (ask.op) {
    case 'memory':
      return process.memoryUsage();
    case 'cpu': {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    }
    case 'connections':
      return kaon.collab.connectionCount();
    case 'query':
      return db.prepare(ask.sql).all(...(ask.params ?? []));
    case 'queueDoc': {
      const name = docNames.queue(ask.spaceId);
      return { ...docBytes(name), open: kaon.collab.read(name).getMap(QUEUE.open).size };
    }
    case 'docBytes':
      return docBytes(ask.docName);
    case 'settled':
      return settled(ask.spaceId, ask.since);
    case 'reindex':
      return reindex(ask.spaceId, ask.count);
    case 'close':
      await kaon.close();
      return null;
  }
}

process.on('message', (req: KaonRequest) => {
  answer(req).then(
    (value) => process.send!({ id: req.id, value } satisfies KaonReply, () => req.op === 'close' && process.exit(0)),
    (err: unknown) => process.send!({ id: req.id, error: String(err) } satisfies KaonReply),
  );
});
process.send!({ id: 0, value: { url, startMs } } satisfies KaonReply);
