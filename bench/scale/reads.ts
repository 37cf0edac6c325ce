/**
 * What an agent reads, through the real tRPC procedures over HTTP, one request at a time: search
 * per query kind, the Closed tab and the Contacts list (recent activity) first and tenth pages,
 * and opening a long thread's conversation doc with a real y-websocket client.
 */
import * as Y from 'yjs';
import { docNames } from '../../shared/sync/docNames';
import { CONV } from '../../shared/sync/shapes';
import { post, query, sayHello, syncClient, type Space } from '../kaonClient';
import type { KaonAsk } from '../kaonServer';
import { summarize } from '../lib';
import type { Child } from '../processes';
import { QUERIES } from './corpus';
import type { Seeded } from './seed';

export type Timing = ReturnType<typeof summarize>;

/** Up to `runs` timed calls after a warm-up; a slow read stops after BUDGET_MS (at least MIN_RUNS calls), so a slow server still finishes. */
const BUDGET_MS = 6000;
const MIN_RUNS = 5;

async function timed(runs: number, fn: () => Promise<unknown>): Promise<Timing> {
  await fn(); // the first call warms SQLite's page cache and statement compilation
  const times: number[] = [];
  const deadline = performance.now() + BUDGET_MS;
  for (let i = 0; i < runs && (i < MIN_RUNS || performance.now() < deadline); i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return summarize(times);
}

type Closed = { items: Array<{ id: string; closedAt: number }> };
type ContactPage = { items: Array<{ id: string }>; next: string | null };

export async function timeReads(base: string, space: Space, runs: number) {
  const { session, spaceId } = space;
  const search: Record<string, Timing> = {};
  for (const [kind, q] of Object.entries(QUERIES)) search[kind] = await timed(runs, () => query(base, 'conversations.search', { spaceId, q }, session));

  // The Closed tab asks for 200 at a time, the Contacts list for its default page.
  const closedPage = (after?: { closedAt: number; id: string }) =>
    query<Closed>(base, 'conversations.closed', { spaceId, limit: 200, ...(after ? { before: after.closedAt, beforeId: after.id } : {}) }, session);
  const contactPage = (cursor?: string) => query<ContactPage>(base, 'contacts.list', { spaceId, sort: 'recent', ...(cursor ? { cursor } : {}) }, session);
  let closedAfter: { closedAt: number; id: string } | undefined;
  let contactCursor: string | undefined;
  for (let page = 1; page < 10; page++) {
    closedAfter = (await closedPage(closedAfter)).items.at(-1) ?? closedAfter;
    contactCursor = (await contactPage(contactCursor)).next ?? contactCursor;
  }
  return {
    search,
    closedFirst: await timed(runs, () => closedPage()),
    closedTenth: await timed(runs, () => closedPage(closedAfter)),
    contactsFirst: await timed(runs, () => contactPage()),
    contactsTenth: await timed(runs, () => contactPage(contactCursor)),
  };
}

/**
 * The long thread: its visitor writes once (the projection writes the whole seeded thread into
 * the conv doc), then an agent opens the conversation `opens` times, each a fresh client.
 */
export async function openLongThread(kaon: Child<KaonAsk>, space: Space, seeded: Seeded, opens: number) {
  const { cookie, conversationId } = seeded.longThread;
  await sayHello(kaon.url, space.channelKey, [cookie]);
  const since = Date.now();
  const t = performance.now();
  await post(`${kaon.url}/trpc/webchat.send`, { channelKey: space.channelKey, body: 'Still waiting for my order', clientId: 'long-thread-0001' }, `kaon_visitor=${cookie}`);
  await kaon.call({ op: 'settled', spaceId: space.spaceId, since });
  const firstMessageMs = performance.now() - t;
  const docName = docNames.conv(space.spaceId, conversationId);
  const server = await kaon.call<{ bytes: number; stored: { rows: number; bytes: number } }>({ op: 'docBytes', docName });
  const times: number[] = [];
  let bytes = 0;
  let items = 0;
  for (let i = 0; i < opens; i++) {
    const start = performance.now();
    const client = await syncClient(kaon.url, docName, space.session);
    times.push(performance.now() - start);
    bytes = Y.encodeStateAsUpdate(client.doc).byteLength;
    items = client.doc.getMap(CONV.items).size;
    client.close();
    // The next open starts cold: the server unloads the doc when its last socket leaves.
    while ((await kaon.call<number>({ op: 'connections' })) > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { firstMessageMs, open: summarize(times), firstOpenMs: times[0]!, bytes, items, server };
}
