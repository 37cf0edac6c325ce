import 'fake-indexeddb/auto';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../../server/routers/root';
import { deliverThrough, type SendResult } from '../stores/outboxStore';
import { createOutbox, type Delivery, type OutboxMessage } from './outboxQueue';
import { startServer, type RunningServer } from '../testing/server';

/**
 * The outbox against a real Kaon (its own process, SQLite in a temp dir) through the real tRPC
 * client: persisted in (fake) IndexedDB across "reloads", delivered once across retries and tabs.
 */
let server: RunningServer;
let agentCookie = '';
let spaceId = '';
let contactId = '';
let chatKey = '';
let visitorCookie = '';

const agent = (base = server.url) =>
  createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${base}/trpc`, headers: () => ({ cookie: agentCookie }) })] });
/** Nothing listens on port 9 (discard): every call fails like a network that is down. */
const unreachable = () => agent('http://127.0.0.1:9');

async function call(path: string, input: unknown, cookie: string, method: 'GET' | 'POST' = 'POST') {
  const qs = method === 'GET' ? `?input=${encodeURIComponent(JSON.stringify(input))}` : '';
  const res = await fetch(`${server.url}/trpc/${path}${qs}`, {
    method,
    headers: { 'content-type': 'application/json', cookie },
    body: method === 'POST' ? JSON.stringify(input) : undefined,
  });
  const set = res.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
  const json = (await res.json()) as { result?: { data: unknown }; error?: unknown };
  if (!json.result) throw new Error(`${path}: ${JSON.stringify(json.error)}`);
  return { data: json.result.data as Record<string, unknown>, cookie: set };
}

/** How many of the agent's messages with this body the customer received. */
async function received(body: string): Promise<number> {
  const { data } = await call('webchat.transcript', { channelKey: chatKey }, visitorCookie, 'GET');
  return (data.messages as Array<{ direction: string; body: string }>).filter((m) => m.direction === 'out' && m.body === body).length;
}

let n = 0;
const message = (body: string, to = contactId) => ({ clientId: `outbox-test-${++n}-${Math.random().toString(36).slice(2, 10)}`, spaceId, contactId: to, body, files: [], at: Date.now() + n });
const dbName = () => `kaon:outbox:test:${++n}`;

beforeAll(async () => {
  server = await startServer();
  const setup = await call('setup.create', { name: 'Olivia Owner', email: 'olivia@example.com', password: 'correct horse battery', spaceName: 'Acme' }, '');
  agentCookie = setup.cookie;
  spaceId = (setup.data.space as { id: string }).id;
  const channels = await call('channels.list', { spaceId }, agentCookie, 'GET');
  chatKey = ((channels.data as unknown as Array<{ kind: string; chatPath: string }>).find((c) => c.kind === 'webchat')!.chatPath).slice('/chat/'.length);
  visitorCookie = (await call('webchat.hello', { channelKey: chatKey }, '')).cookie;
  await call('webchat.send', { channelKey: chatKey, body: 'Where is my order?', clientId: 'visitor-first-1', fileIds: [], name: 'Vera Visitor' }, visitorCookie);
  const hits = await call('conversations.search', { spaceId, q: 'Vera' }, agentCookie, 'GET');
  contactId = (hits.data as unknown as Array<{ kind: string; id: string }>).find((h) => h.kind === 'contact')!.id;
}, 60_000);

afterAll(() => server?.stop());

describe('outbox', () => {
  it('keeps a reply written offline through a reload and delivers it once when Kaon is reachable', async () => {
    const name = dbName();
    const offline = createOutbox<SendResult>('u1', { dbName: name, deliver: deliverThrough(unreachable()), backoff: { baseMs: 60_000, maxMs: 60_000 } });
    const m = message('Written on the train');
    await offline.add(m);
    expect(await offline.list()).toMatchObject([{ clientId: m.clientId, status: 'pending', error: null }]);
    await offline.stop();

    // "Reload": a new outbox on the same IndexedDB, now with the server reachable.
    const sent: string[] = [];
    const online = createOutbox<SendResult>('u1', { dbName: name, deliver: deliverThrough(agent()), onSent: (x) => sent.push(x.clientId) });
    expect((await online.list()).map((x) => x.clientId)).toEqual([m.clientId]);
    await online.flush();
    await online.flush();
    expect(sent).toEqual([m.clientId]);
    expect(await online.list()).toEqual([]);
    expect(await received('Written on the train')).toBe(1);
    await online.stop();
  });

  it('an e-mail Cc written offline is kept through a reload and sent with the reply (this website chat refuses it in words)', async () => {
    const name = dbName();
    const offline = createOutbox<SendResult>('u1', { dbName: name, deliver: deliverThrough(unreachable()), backoff: { baseMs: 60_000, maxMs: 60_000 } });
    const m = { ...message('With a Cc'), cc: ['bob@partner.test'] };
    await offline.add(m);
    await offline.stop();
    const online = createOutbox<SendResult>('u1', { dbName: name, deliver: deliverThrough(agent()) });
    expect(await online.list()).toMatchObject([{ clientId: m.clientId, cc: ['bob@partner.test'] }]);
    await online.flush();
    expect(await online.list()).toMatchObject([{ clientId: m.clientId, status: 'failed', error: 'Cc is for e-mail conversations only: this conversation is not by e-mail.' }]);
    expect(await received('With a Cc')).toBe(0);
    await online.stop();
  });

  it('another member signed in on the same browser does not see or send it', async () => {
    const name = dbName();
    const mine = createOutbox<SendResult>('u1', { dbName: name, deliver: deliverThrough(unreachable()), backoff: { baseMs: 60_000, maxMs: 60_000 } });
    await mine.add(message('Only for u1'));
    const theirs = createOutbox<SendResult>('u2', { dbName: name, deliver: deliverThrough(agent()) });
    expect(await theirs.list()).toEqual([]);
    await theirs.flush();
    expect(await received('Only for u1')).toBe(0);
    await Promise.all([mine.stop(), theirs.stop()]);
  });

  it('a lost answer is retried with the same client id: the customer gets it once', async () => {
    const real = deliverThrough(agent());
    let attempts = 0;
    // The server stores the message but the answer never arrives (the network drops on the way back).
    const deliver = async (m: OutboxMessage): Promise<Delivery<SendResult>> => {
      const outcome = await real(m);
      return ++attempts === 1 ? { kind: 'unreachable' } : outcome;
    };
    const outbox = createOutbox<SendResult>('u1', { dbName: dbName(), deliver, backoff: { baseMs: 20, maxMs: 20 } });
    await outbox.add(message('Answer lost once'));
    // The backoff timer retries on its own.
    await expect.poll(() => outbox.list(), { timeout: 5000 }).toEqual([]);
    expect(attempts).toBe(2);
    expect(await received('Answer lost once')).toBe(1);
    await outbox.stop();
  });

  it('two tabs flushing the same outbox at once deliver each message once', async () => {
    const name = dbName();
    let reachable = false;
    const real = deliverThrough(agent());
    const down = deliverThrough(unreachable());
    const deliver = (m: OutboxMessage) => (reachable ? real(m) : down(m));
    const slow = { baseMs: 60_000, maxMs: 60_000 };
    const tabA = createOutbox<SendResult>('u1', { dbName: name, deliver, backoff: slow });
    const tabB = createOutbox<SendResult>('u1', { dbName: name, deliver, backoff: slow });
    await tabA.add(message('Two tabs, first'));
    await tabB.add(message('Two tabs, second'));
    expect(await tabA.list()).toHaveLength(2);
    expect(await tabB.list()).toHaveLength(2);
    reachable = true;
    // Both tabs see the connection return at the same moment.
    await Promise.all([tabA.flush(), tabB.flush(), tabA.flush(), tabB.flush()]);
    expect(await tabA.list()).toEqual([]);
    expect(await received('Two tabs, first')).toBe(1);
    expect(await received('Two tabs, second')).toBe(1);
    await Promise.all([tabA.stop(), tabB.stop()]);
  });

  it('a refusal by the server marks the reply failed with the reason; later replies still go; Retry tries again', async () => {
    const outbox = createOutbox<SendResult>('u1', { dbName: dbName(), deliver: deliverThrough(agent()) });
    const refused = message('To nobody', 'no-such-contact-123');
    await outbox.add(refused);
    await outbox.add(message('After the refused one'));
    const [failed] = await outbox.list();
    expect(failed).toMatchObject({ clientId: refused.clientId, status: 'failed' });
    expect(failed!.error).toMatch(/not found|no longer exists|contact/i);
    expect(await outbox.list()).toHaveLength(1);
    expect(await received('After the refused one')).toBe(1);
    await outbox.retry(refused.clientId);
    expect(await outbox.list()).toMatchObject([{ clientId: refused.clientId, status: 'failed' }]);
    expect(await received('To nobody')).toBe(0);
    await outbox.stop();
  });
});
