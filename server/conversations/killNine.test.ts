import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dbPath } from '../db/connection';
import { startChildKaon, type ChildKaon } from '../testing/child';
import { Browser, ok, PASSWORD, tempDir } from '../testing/harness';

// Group commit answers a message only after the commit it joined: killed with SIGKILL in the
// middle of a burst, the server has stored every message it acknowledged.

const temp = tempDir('kaon-kill9-');
let child: ChildKaon | undefined;
afterAll(async () => {
  if (child && child.process.exitCode === null && child.process.signalCode === null) {
    child.process.kill('SIGKILL');
    await child.exited;
  }
  temp.remove();
});

describe('kill -9 during a burst of messages', () => {
  it('every acknowledged message is in the database after the crash; the server starts again on it', () => crashDuringBurst('early', 0), 60_000);

  // Long enough for WAL checkpoints to run on their worker thread (db/checkpointer.ts: the WAL
  // passes 4 MB within the first second of such a burst).
  it('also when the crash comes while checkpoints run in the background', () => crashDuringBurst('checkpointing', 3000), 60_000);
});

async function crashDuringBurst(name: string, burstMs: number) {
  const dataDir = join(temp.dir, name);
  const unlimited = { chatMessagesPerMinute: 1e9, chatMessagesPerMinutePerIp: 1e9, chatNewVisitorsPerHourPerIp: 1e9 };
  child = await startChildKaon(dataDir, unlimited);
  const owner = new Browser(child.url);
  const { space } = ok(await owner.mutate('setup.create', { name: 'Olivia Owner', email: 'owner@example.com', password: PASSWORD, spaceName: 'Acme' }));
  const chatKey = ok(await owner.query('channels.list', { spaceId: space.id })).find((c) => c.kind === 'webchat')!.chatPath!.slice('/chat/'.length);
  const visitors = await Promise.all(
    Array.from({ length: 16 }, async () => {
      const v = new Browser(child!.url);
      ok(await v.mutate('webchat.hello', { channelKey: chatKey }));
      return v;
    }),
  );

  // 16 visitors write as fast as they are answered; the server is killed after 150 answers (and `burstMs`).
  const acknowledged: string[] = [];
  let killed = false;
  const started = Date.now();
  const writer = async (v: Browser, n: number) => {
    for (let i = 0; !killed; i++) {
      const clientId = `v${String(n).padStart(2, '0')}-${String(i).padStart(6, '0')}`;
      try {
        const res = await v.mutate('webchat.send', { channelKey: chatKey, body: `Message ${clientId}`, clientId });
        if (res.ok) acknowledged.push(clientId);
      } catch {
        return; // the connection died with the server
      }
      if (acknowledged.length >= 150 && Date.now() - started >= burstMs && !killed) {
        killed = true;
        child!.process.kill('SIGKILL');
      }
    }
  };
  await Promise.all(visitors.map((v, n) => writer(v, n)));
  await child.exited;
  expect(child.process.signalCode).toBe('SIGKILL');
  expect(acknowledged.length).toBeGreaterThanOrEqual(150);

  // The file as the crash left it (WAL included), read by a fresh connection.
  const db = new Database(dbPath(dataDir), { readonly: true });
  const stored = new Set((db.prepare("SELECT body FROM messages WHERE direction = 'in'").all() as Array<{ body: string }>).map((r) => r.body.slice('Message '.length)));
  db.close();
  const lost = acknowledged.filter((id) => !stored.has(id));
  expect(lost).toEqual([]);

  // And Kaon starts on it again: the queue shows the conversations, a new message is stored.
  child = await startChildKaon(dataDir, unlimited);
  const again = new Browser(child.url);
  ok(await again.mutate('auth.login', { email: 'owner@example.com', password: PASSWORD }));
  const screen = ok(await again.query('conversations.firstScreen', { spaceId: space.id }));
  expect(screen.counts.All).toBe(16);
  const after = new Browser(child.url);
  ok(await after.mutate('webchat.hello', { channelKey: chatKey }));
  ok(await after.mutate('webchat.send', { channelKey: chatKey, body: 'After the restart', clientId: 'after-restart-1' }));
  child.process.kill('SIGTERM');
  await child.exited;
}
