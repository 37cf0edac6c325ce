/**
 * Seeds a fresh Kaon for the client benchmark through its own commands (real schema, real
 * transactions, real projections into the authority docs): N open conversations from N website
 * visitors, and one long thread of LONG messages written in one transaction (projected once).
 */
import { UNLIMITED_CHAT } from './processes';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv } from '../server/config';
import { createKaon, type Kaon } from '../server/http';
import { receiveMessage } from '../server/commands/receiveMessage';
import { appendMessage } from '../server/conversations/core';
import { transact } from '../server/conversations/transaction';
import { channels } from '../server/db/channels';
import { conversations } from '../server/db/conversations';
import { users } from '../server/db/users';

export interface Seeded {
  kaon: Kaon;
  base: string;
  dir: string;
  spaceId: string;
  userId: string;
  session: { name: string; value: string };
  channelKey: string;
  longId: string;
  longName: string;
  /** The newest message of the long thread (what must show on opening it) and the oldest. */
  newestText: string;
  oldestText: string;
  seedMs: number;
}

export async function seedKaon(options: { open: number; long: number; clientDir: string }): Promise<Seeded> {
  const dir = mkdtempSync(join(tmpdir(), 'kaon-bench-client-'));
  // The burst comes from one address, far faster than people: the chat limits would measure the limiter.
  const kaon = createKaon({ ...configFromEnv({}), ...UNLIMITED_CHAT, dataDir: join(dir, 'data'), clientDir: options.clientDir, secureCookies: false });
  const base = await kaon.listen(0);
  const start = performance.now();
  const res = await fetch(`${base}/trpc/setup.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench Owner', email: 'bench@example.com', password: 'bench-password', spaceName: 'Bench' }),
  });
  if (!res.ok) throw new Error(`setup: ${res.status} ${await res.text()}`);
  const [cookieName, cookieValue] = res.headers.getSetCookie()[0]!.split(';')[0]!.split('=') as [string, string];
  const spaceId = ((await res.json()) as { result: { data: { space: { id: string } } } }).result.data.space.id;
  const { deps } = kaon;
  const userId = users.byEmail(deps.db, 'bench@example.com')!.id;
  const channel = channels.list(deps.db, spaceId)[0]!;
  const now = Date.now();
  // Spread over the last days (so rows show different times); the long thread is the newest.
  for (let i = 0; i < options.open; i++) {
    receiveMessage(deps, {
      channel,
      externalId: `seed-visitor-${i}`,
      name: `Contact ${String(i).padStart(5, '0')}`,
      body: `Question ${i}: where is my order? It was due last week.`,
      fileIds: [],
      clientId: `seed-${i}`,
      sentAt: now - (options.open - i + 10) * 60_000,
    });
    if (i % 500 === 499) await new Promise((r) => setImmediate(r)); // let the sync server breathe
  }
  const longName = 'Long Thread Customer';
  const first = receiveMessage(deps, { channel, externalId: 'seed-long', name: longName, body: 'Long thread message 0 (the oldest)', fileIds: [], clientId: 'long-0', sentAt: now - options.long * 240_000 });
  const conv = conversations.inSpace(deps.db, spaceId, first.conversationId)!;
  const newestText = `Long thread message ${options.long - 1} (the newest)`;
  transact(deps, (tx) => {
    for (let i = 1; i < options.long; i++) {
      const body = i === options.long - 1 ? newestText : `Long thread message ${i}${i % 7 === 0 ? ' — a longer one that wraps onto a second line in the bubble, as real messages do when customers explain things' : ''}`;
      appendMessage(tx, conv, { direction: 'in', authorId: null, body, clientKey: `in:bench:long-${i}`, fileIds: [], at: now - (options.long - i) * 240_000 });
    }
  });
  return {
    kaon,
    base,
    dir,
    spaceId,
    userId,
    session: { name: cookieName, value: cookieValue },
    channelKey: channel.public_key!,
    longId: first.conversationId,
    longName,
    newestText,
    oldestText: 'Long thread message 0 (the oldest)',
    seedMs: performance.now() - start,
  };
}
