import { rmSync } from 'node:fs';
import type { Statement } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaon, type Kaon } from '../http';
import { openDb, type Db } from '../db/connection';
import { projectionQueue } from '../db/conversations';
import { arrive, convDoc, eventually, startWorld, type World } from '../testing/messages';
import { projectConversation } from './conversationDocs';

// The conversation projection writes only what the core queued as changed: its work does not grow
// with the thread, and what a crash left unprojected is written at the next start.
let w: World;
let restarted: Kaon | undefined;
beforeAll(async () => {
  w = await startWorld({ chatMessagesPerMinute: 1e6, chatMessagesPerMinutePerIp: 1e6 });
});
afterAll(async () => {
  if (!restarted) return w?.app.close();
  // The first process was stopped by the crash test; the restarted one owns the data now.
  await restarted.close();
  rmSync(w.app.dir, { recursive: true, force: true });
});

/** A view of the database that counts the rows its statements return. */
function counting(db: Db) {
  let rows = 0;
  const wrap = (stmt: Statement) =>
    new Proxy(stmt, {
      get(s, p) {
        const value = Reflect.get(s, p, s) as unknown;
        if (typeof value !== 'function') return value;
        if (p === 'all') return (...a: unknown[]) => ((r) => ((rows += r.length), r))((value as (...x: unknown[]) => unknown[]).apply(s, a));
        if (p === 'get') return (...a: unknown[]) => ((r) => ((rows += r === undefined ? 0 : 1), r))((value as (...x: unknown[]) => unknown).apply(s, a));
        return (value as (...x: unknown[]) => unknown).bind(s);
      },
    });
  const db2 = new Proxy(db, { get: (t, p) => (p === 'prepare' ? (sql: string) => wrap(t.prepare(sql)) : Reflect.get(t, p, t)) }) as Db;
  return { db: db2, rows: () => rows };
}

async function thread(length: number) {
  const visitor = await arrive(w.app, w.a.chatKey);
  let last = await visitor.say('message 0');
  for (let i = 1; i < length; i++) last = await visitor.say(`message ${i}`);
  await eventually('the thread to be projected', () => convDoc(w.app, w.a.id, last.conversationId).items.length === length);
  return last;
}

describe('the conversation projection', () => {
  it('reads as many rows for a message in a 150-message thread as in a 1-message one', async () => {
    const db = w.app.kaon.deps.db;
    const rowsToProject = (conversationId: string, messageId: string) => {
      // As the core leaves it after a new message: that message waits for its projection.
      projectionQueue.add(db, conversationId, messageId, 'message');
      const c = counting(db);
      projectConversation(c.db, w.app.kaon.collab, w.a.id, conversationId);
      expect(projectionQueue.of(db, conversationId)).toEqual([]);
      return c.rows();
    };
    const short = await thread(1);
    const long = await thread(150);
    expect(rowsToProject(long.conversationId, long.messageId)).toBe(rowsToProject(short.conversationId, short.messageId));
  });

  it('leaves nothing queued once an event is projected', async () => {
    const visitor = await arrive(w.app, w.a.chatKey);
    const { conversationId } = await visitor.say('Hello');
    await eventually('the message to be projected', () => convDoc(w.app, w.a.id, conversationId).items.length === 1);
    expect(projectionQueue.of(w.app.kaon.deps.db, conversationId)).toEqual([]);
  });

  it('writes at start-up what was committed but not projected before a crash', async () => {
    const visitor = await arrive(w.app, w.a.chatKey);
    const { conversationId } = await visitor.say('Before the crash');
    await eventually('the first message to be projected', () => convDoc(w.app, w.a.id, conversationId).items.length === 1);
    await w.app.kaon.close();
    // As if the process died right after this message's commit: the row and its queue entry exist, the doc lacks it.
    const db = openDb(w.app.config.dataDir);
    db.prepare(
      "INSERT INTO messages (id, space_id, conversation_id, direction, author_id, body, client_id, status, error, created_at) VALUES ('lost-1', ?, ?, 'in', NULL, 'Committed, then the crash', NULL, 'received', NULL, ?)",
    ).run(w.a.id, conversationId, w.app.clock.now());
    projectionQueue.add(db, conversationId, 'lost-1', 'message');
    db.close();
    restarted = createKaon(w.app.config, w.app.clock.now);
    const doc = convDoc({ ...w.app, kaon: restarted }, w.a.id, conversationId);
    expect(doc.items.map((i) => (i.kind === 'message' ? i.body : i.text))).toEqual(['Before the crash', 'Committed, then the crash']);
    expect(projectionQueue.of(restarted.deps.db, conversationId)).toEqual([]);
  });
});
