import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaon, type Kaon } from '../http';
import { Browser, ok } from '../testing/harness';
import type * as Y from 'yjs';
import { docNames } from '../../shared/sync/docNames';
import { CONV, type ThreadItem } from '../../shared/sync/shapes';
import { clientId, contactIdOf, eventually, newPhone, outboxOf, settle, startChannelWorld, type ChannelWorld } from '../testing/channels';

// Kaon stops between "stored" and "sent" and starts again on the same data: the outbox row
// survives, the reply is sent once the new process is up, and the thread shows it once.
let w: ChannelWorld;
let restarted: Kaon | undefined;
let current: { kaon: Kaon; agent: Browser };
beforeAll(async () => {
  // Enough attempts that the reply is still retrying, not given up, when Kaon stops.
  w = await startChannelWorld({ outboxMaxAttempts: 1000 });
});
afterAll(async () => {
  await restarted?.close();
  await Promise.all([w.wa.close(), w.tg.close()]);
  rmSync(w.app.dir, { recursive: true, force: true });
});

/** Stops the running Kaon (as a deploy would) and starts a new one on the same DATA_DIR and clock. */
async function restart(): Promise<{ kaon: Kaon; agent: Browser }> {
  await (restarted ?? w.app.kaon).close();
  restarted = createKaon(w.app.config, w.app.clock.now);
  // The agent's session lives in SQLite: the same cookie works against the new process.
  const url = await restarted.listen(0);
  const agent = new Browser(url);
  for (const [k, v] of w.agent.browser.cookies) agent.cookies.set(k, v);
  w.wa.configureWebhook(`${url}/webhooks/whatsapp/${w.waChannelId}`);
  current = { kaon: restarted, agent };
  return current;
}

const statusOf = (kaon: Kaon, id: string) => (kaon.deps.db.prepare('SELECT status FROM messages WHERE id = ?').get(id) as { status: string }).status;
const outItems = (kaon: Kaon, conversationId: string) =>
  [...(kaon.collab.read(docNames.conv(w.spaceId, conversationId)) as Y.Doc).getMap<ThreadItem>(CONV.items).values()].filter((i) => i.kind === 'message' && i.direction === 'out');

const outMessages = (kaon: Kaon, conversationId: string) =>
  kaon.deps.db.prepare("SELECT id, status FROM messages WHERE conversation_id = ? AND direction = 'out'").all(conversationId) as Array<{ id: string; status: string }>;

describe('restart', () => {
  it('in the middle of retries: the new process resumes from the outbox and sends once', async () => {
    const phone = newPhone();
    await w.wa.customer.sendText(phone, 'Hello');
    const contactId = contactIdOf(w.app, w.waChannelId, phone)!;
    w.wa.failNext({ kind: 'status', status: 503 }, { times: 1000, to: phone });
    const sent = ok(await w.agent.browser.mutate('conversations.send', { spaceId: w.spaceId, contactId, body: 'Survives a restart', clientId: clientId() }));
    await eventually('a retry to be scheduled', () => (outboxOf(w.app, sent.messageId)?.attempts ?? 0) >= 2);

    w.wa.clearFailures();
    const { kaon } = await restart();
    await eventually('the reply to be sent by the new process', () => statusOf(kaon, sent.messageId) === 'sent');
    expect(w.wa.sent.filter((s) => s.to === phone)).toHaveLength(1);
    expect(outMessages(kaon, sent.conversationId)).toEqual([{ id: sent.messageId, status: 'sent' }]);
    expect(outItems(kaon, sent.conversationId)).toMatchObject([{ id: sent.messageId, status: 'sent' }]);
  });

  it('while a send is in flight: it is aborted, left queued, and sent after the start (at least once to the provider)', async () => {
    const phone = newPhone();
    await w.wa.customer.sendText(phone, 'Hello');
    const contactId = (current.kaon.deps.db.prepare('SELECT contact_id FROM contact_identities WHERE channel_id = ? AND external_id = ?').get(w.waChannelId, phone) as { contact_id: string })
      .contact_id;
    w.wa.failNext({ kind: 'timeout' }, { to: phone });
    const sent = ok(await current.agent.mutate('conversations.send', { spaceId: w.spaceId, contactId, body: 'In flight', clientId: clientId() }));
    await eventually('the send to be in flight', () => w.wa.requests.some((r) => r.path.endsWith('/messages') && (r.body as { to?: string }).to === phone));
    await settle();

    const { kaon } = await restart();
    await eventually('the reply to be sent after the restart', () => statusOf(kaon, sent.messageId) === 'sent');
    expect(w.wa.sent.filter((s) => s.to === phone)).toHaveLength(1);
    expect(outMessages(kaon, sent.conversationId)).toEqual([{ id: sent.messageId, status: 'sent' }]);
    expect(outItems(kaon, sent.conversationId)).toHaveLength(1);
    // Aborted by the stop, not failed: no attempt was counted against it.
    expect(kaon.deps.db.prepare('SELECT state, attempts FROM outbox WHERE message_id = ?').get(sent.messageId)).toEqual({ state: 'sent', attempts: 0 });
  });
});
