import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mail } from '../../testing/dovecot';
import { clientId, eventually, everything, messageById } from '../../testing/channels';
import { mailByRfcId, newMessageId, SUPPORT, startEmailWorld, type EmailWorld } from '../../testing/email';
import { failed, ok } from '../../testing/harness';
import { snapshot } from '../../testing/messages';

// Customer satisfaction by e-mail: a close on a channel that asks sends a rating mail (threaded,
// through the outbox, over real SMTP) whose links open Kaon's public page; the rating lands once.
let w: EmailWorld;
const PUBLIC = 'https://kaon.example';
beforeAll(async () => {
  w = await startEmailWorld({ publicUrl: PUBLIC });
  await (await eventually('the watcher', () => w.app.kaon.email.watcher(w.channelId))).ready;
});
afterAll(() => w.close());

const db = () => w.app.kaon.deps.db;
const conv = (id: string) => db().prepare('SELECT contact_id, version, status FROM conversations WHERE id = ?').get(id) as { contact_id: string; version: number; status: string };
const askRating = async (on: boolean) => ok(await w.owner.browser.mutate('channels.setAskRating', { spaceId: w.spaceId, channelId: w.channelId, askRating: on }));
const ratingRow = (conversationId: string) => db().prepare('SELECT score, comment, channel_id FROM ratings WHERE conversation_id = ?').get(conversationId);
const activitiesOf = (conversationId: string) => (db().prepare('SELECT text FROM activities WHERE conversation_id = ? ORDER BY created_at, rowid').all(conversationId) as Array<{ text: string }>).map((a) => a.text);

async function closedConversation(from: string) {
  const messageId = newMessageId();
  await w.dovecot.deliver('support', mail({ from, to: SUPPORT, subject: 'Kettle', body: 'It is broken.', messageId }));
  const first = await eventually('the mail', () => mailByRfcId(w.app, messageId));
  const sent = ok(await w.agent.browser.mutate('conversations.send', { spaceId: w.spaceId, contactId: conv(first.conversation_id).contact_id, body: 'A new one is on its way.', clientId: clientId(), fileIds: [] }));
  await eventually('the reply sent', () => messageById(w.app, sent.messageId).status === 'sent');
  // 'sent' is the SMTP server's acceptance; the sink may record the mail a moment later.
  await eventually('the reply in the sink', () => w.sink.mails.some((m) => (m.parsed.text ?? '').includes('A new one is on its way.') && m.to.includes(from.match(/<(.+)>/)![1]!)));
  const before = w.sink.mails.length;
  ok(await w.agent.browser.mutate('conversations.close', { spaceId: w.spaceId, conversationId: first.conversation_id, version: conv(first.conversation_id).version }));
  return { conversationId: first.conversation_id, before };
}

const rate = (token: string, form: Record<string, string> | string) =>
  fetch(`${w.app.url}/rate/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: typeof form === 'string' ? form : new URLSearchParams(form).toString() });

describe('a rating by e-mail', () => {
  let token = '';
  let conversationId = '';

  it('after a close, the customer gets a threaded mail with five links to Kaon’s rating page; the thread shows it', async () => {
    await askRating(true);
    const closed = await closedConversation('Ada Lovelace <ada@customer.test>');
    conversationId = closed.conversationId;
    const m = await eventually('the rating mail', () => w.sink.mails[closed.before]);
    const reply = w.sink.mails[closed.before - 1]!;
    expect(m.to).toEqual(['ada@customer.test']);
    expect(m.parsed.subject).toBe('Re: Kettle');
    expect(m.parsed.inReplyTo).toBe(reply.parsed.messageId);
    expect(m.parsed.from?.value[0]).toMatchObject({ address: SUPPORT, name: 'Support mail' });
    const links = [...(m.parsed.text ?? '').matchAll(/^(\d) – ([\w ]+): (\S+)$/gm)].map((x) => [x[1], x[2], x[3]]);
    expect(links.map((l) => [l[0], l[1]])).toEqual([['5', 'Very good'], ['4', 'Good'], ['3', 'Okay'], ['2', 'Bad'], ['1', 'Very bad']]);
    const url = new URL(links[1]![2]!);
    expect(url.origin).toBe(PUBLIC);
    expect(url.searchParams.get('score')).toBe('4');
    token = url.pathname.slice('/rate/'.length);
    expect(token).toMatch(new RegExp(`^${conversationId}\\.\\d+\\.[A-Za-z0-9_-]{43}$`));
    const out = db().prepare("SELECT body, status, author_id FROM messages WHERE conversation_id = ? AND direction = 'out' ORDER BY created_at DESC, rowid DESC LIMIT 1").get(conversationId);
    expect(out).toEqual({ body: 'Your conversation with Support mail is closed. How did we do? Pick a score from 1 (very bad) to 5 (very good) with one of the links below; you may add a comment.', status: 'sent', author_id: null });
    expect(conv(conversationId).status).toBe('closed');
  });

  it('opening a link shows the page with that score picked and stores nothing (mail scanners open links)', async () => {
    const res = await fetch(`${w.app.url}/rate/${token}?score=4`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    expect(html).toContain('Rate your conversation with Support mail');
    expect(html).toContain('<input type="radio" name="score" value="4" required checked>');
    expect(ratingRow(conversationId)).toBeUndefined();
  });

  it('refuses a bad score, a huge form, forged and expired links in words, and writes nothing', async () => {
    const rows = { ...snapshot(w.app), ...everything(w.app) };
    const bad = await rate(token, { score: '9', comment: 'x' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Pick a score from 1 to 5.');
    expect((await rate(token, { score: '3', comment: 'x'.repeat(1001) })).status).toBe(400);
    expect((await rate(token, 'comment=' + 'x'.repeat(20_000))).status).toBe(413);
    const [id, exp, sig] = token.split('.') as [string, string, string];
    const forged = [`${id}.${exp}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`, `${id}.${Number(exp) + 3600}.${sig}`, `${id[0] === 'x' ? 'y' : 'x'}${id.slice(1)}.${exp}.${sig}`, 'nonsense', '%00'];
    for (const t of forged) {
      const res = await rate(encodeURIComponent(t), { score: '5' });
      expect(res.status, t).toBe(404);
      expect(await res.text()).toContain('This rating link is not valid');
      expect((await fetch(`${w.app.url}/rate/${encodeURIComponent(t)}`)).status).toBe(404);
    }
    expect({ ...snapshot(w.app), ...everything(w.app) }).toEqual(rows);
    expect(ratingRow(conversationId)).toBeUndefined();
  });

  it('the chosen score and comment land once, with an activity line, through the same command as the chat', async () => {
    const res = await rate(token, { score: '4', comment: '  Quick and kind  ' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Your rating: 4 of 5 (Good).');
    expect(ratingRow(conversationId)).toEqual({ score: 4, comment: 'Quick and kind', channel_id: w.channelId });
    expect(activitiesOf(conversationId)).toContain('Ada Lovelace rated this 4 of 5 (Good): “Quick and kind”');
    const again = await rate(token, { score: '1' });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('You have already rated this conversation. Thank you!');
    expect(await (await fetch(`${w.app.url}/rate/${token}?score=1`)).text()).toContain('You have already rated this conversation. Thank you!');
    expect(ratingRow(conversationId)).toEqual({ score: 4, comment: 'Quick and kind', channel_id: w.channelId });
  });

  it('a link expires with the rating window', async () => {
    const closed = await closedConversation('Bob <bob@customer.test>');
    const m = await eventually('the rating mail', () => w.sink.mails[closed.before]);
    const link = /(https:\/\/kaon\.example\/rate\/\S+)\?score=5/.exec(m.parsed.text ?? '')![1]!;
    const t = link.slice(`${PUBLIC}/rate/`.length);
    w.app.clock.advance(8 * 24 * 3_600_000);
    const res = await rate(t, { score: '5' });
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('This rating link has expired');
    expect(ratingRow(closed.conversationId)).toBeUndefined();
  });

  it('an auto-closed conversation is asked too, as the website chat asks after any close', async () => {
    const settings = ok(await w.owner.browser.query('settings.closing', { spaceId: w.spaceId }));
    ok(await w.owner.browser.mutate('settings.setClosing', { spaceId: w.spaceId, policy: settings.policy, categories: settings.categories, autoCloseHours: 1 }));
    const messageId = newMessageId();
    await w.dovecot.deliver('support', mail({ from: 'Dora <dora@customer.test>', to: SUPPORT, subject: 'Quiet', body: 'Anyone?', messageId }));
    const first = await eventually('the mail', () => mailByRfcId(w.app, messageId));
    const before = w.sink.mails.length;
    w.app.clock.advance(2 * 3_600_000);
    expect(w.app.kaon.timers.tick().closed).toBeGreaterThanOrEqual(1);
    expect(conv(first.conversation_id).status).toBe('closed');
    const m = await eventually('the rating mail', () => w.sink.mails.slice(before).find((x) => x.to.includes('dora@customer.test')));
    expect(m.parsed.inReplyTo).toBe(messageId);
    expect(m.parsed.text).toContain('5 – Very good: https://kaon.example/rate/');
    ok(await w.owner.browser.mutate('settings.setClosing', { spaceId: w.spaceId, policy: settings.policy, categories: settings.categories, autoCloseHours: null }));
  });

  it('a channel that does not ask sends no rating mail; only owners and managers switch it', async () => {
    await askRating(false);
    const closed = await closedConversation('Cleo <cleo@customer.test>');
    await new Promise((r) => setTimeout(r, 300));
    expect(w.sink.mails.length).toBe(closed.before);
    expect(failed(await w.agent.browser.mutate('channels.setAskRating', { spaceId: w.spaceId, channelId: w.channelId, askRating: true })).code).toBe('FORBIDDEN');
  });
});

describe('a rating mail without PUBLIC_URL', () => {
  let v: EmailWorld;
  beforeAll(async () => {
    v = await startEmailWorld();
    await (await eventually('the watcher', () => v.app.kaon.email.watcher(v.channelId))).ready;
  });
  afterAll(() => v.close());

  it('is not sent: the message says why in words, and what to do', async () => {
    ok(await v.owner.browser.mutate('channels.setAskRating', { spaceId: v.spaceId, channelId: v.channelId, askRating: true }));
    const messageId = newMessageId();
    await v.dovecot.deliver('support', mail({ from: 'Eve <eve@customer.test>', to: SUPPORT, subject: 'Hi', body: 'Hello', messageId }));
    const first = await eventually('the mail', () => mailByRfcId(v.app, messageId));
    const row = () => v.app.kaon.deps.db.prepare('SELECT version FROM conversations WHERE id = ?').get(first.conversation_id) as { version: number };
    ok(await v.owner.browser.mutate('conversations.close', { spaceId: v.spaceId, conversationId: first.conversation_id, version: row().version }));
    const asked = await eventually('the rating message failed', () =>
      v.app.kaon.deps.db.prepare("SELECT status, error FROM messages WHERE conversation_id = ? AND direction = 'out' AND status = 'failed'").get(first.conversation_id) as { status: string; error: string } | undefined,
    );
    expect(asked.error).toBe('The rating mail needs Kaon’s public address for its links: set PUBLIC_URL and restart Kaon, then Retry.');
    expect(v.sink.mails).toHaveLength(0);
  });
});
