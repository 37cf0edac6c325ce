/**
 * Child process of bench/fanout.ts: runs one sync server (`kaon <dataDir>` or `relay`) on its
 * own core, apart from the benchmark's clients, and answers the parent's questions over IPC
 * (its CPU time, open sockets, stored size). Not started on its own.
 */
import { join } from 'node:path';
import * as Y from 'yjs';
import { docNames } from '../shared/sync/docNames';
import { QUEUE, type QueueItem } from '../shared/sync/shapes';
import { configFromEnv } from '../server/config';
import { ydocs } from '../server/db/ydocs';
import { createKaon } from '../server/http';
import { startRelay } from './relay';

export type Request =
  | { id: number; op: 'cpu' }
  | { id: number; op: 'connections' }
  | { id: number; op: 'close' }
  | { id: number; op: 'contacts'; spaceId: string }
  | { id: number; op: 'stored'; docName: string }
  | { id: number; op: 'preload'; docName: string; update: string };

export type Reply = { id: number; value: unknown } | { id: number; error: string };

const [kind, dataDir] = process.argv.slice(2);
const kaon = kind === 'kaon' ? createKaon({ ...configFromEnv({}), dataDir: dataDir!, clientDir: join(dataDir!, 'none') }) : undefined;
const relay = kaon ? undefined : await startRelay();
const url = kaon ? await kaon.listen(0) : relay!.url;

function answer(req: Request): unknown {
  switch (req.op) {
    case 'cpu': {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    }
    case 'connections':
      return kaon ? kaon.collab.connectionCount() : relay!.connections();
    case 'contacts':
      return [...kaon!.collab.read(docNames.queue(req.spaceId)).getMap<QueueItem>(QUEUE.open).values()].map((item) => item.contactId);
    case 'stored': {
      const rows = ydocs.load(kaon!.deps.db, req.docName);
      return { rows: rows.length, bytes: rows.reduce((n, row) => n + row.byteLength, 0) };
    }
    case 'preload':
      return void Y.applyUpdate(relay!.doc(req.docName), Buffer.from(req.update, 'base64'));
    case 'close':
      return undefined;
  }
}

process.on('message', (req: Request) => {
  if (req.op === 'close') {
    void (kaon ? kaon.close() : relay!.close()).then(() => {
      process.send!({ id: req.id, value: null } satisfies Reply, () => process.exit(0));
    });
    return;
  }
  try {
    process.send!({ id: req.id, value: answer(req) } satisfies Reply);
  } catch (err) {
    process.send!({ id: req.id, error: String(err) } satisfies Reply);
  }
});
process.send!({ id: 0, value: url } satisfies Reply);
