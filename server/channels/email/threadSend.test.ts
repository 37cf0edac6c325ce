import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mail } from '../../testing/dovecot';
import { threadItem } from '../../conversations/threadItems';
import { emailOf, mailboxInput, mailByRfcId, messagesIn, newMessageId, SUPPORT, startEmailWorld, type EmailWorld } from '../../testing/email';
import { clientId, eventually, messageById, outboxOf } from '../../testing/channels';
import { ok } from '../../testing/harness';

// Threading and sending: replies go out over real SMTP (a smtp-server sink) with the headers
// that thread them; answers join by In-Reply-To/References, then the reply token, then contact;
// bounces, auto-replies and bulk mail never open a conversation nor run workflows.
let w: EmailWorld;
beforeAll(async () => {
  w = await startEmailWorld();
  await (await eventually('the watcher', () => w.app.kaon.email.watcher(w.channelId))).ready;
});
afterAll(() => w.close());

const db = () => w.app.kaon.deps.db;

async function customerWrites(fields: Partial<Parameters<typeof mail>[0]> & { body: string }) {
  const messageId = fields.messageId ?? newMessageId();
  await w.dovecot.deliver('support', mail({ from: 'Ada Lovelace <ada@customer.test>', to: SUPPORT, subject: 'Broken kettle', ...fields, messageId }));
  return eventually(`mail ${messageId}`, () => mailByRfcId(w.app, messageId));
}

const contactOfConv = (conversationId: string) => (db().prepare('SELECT contact_id FROM conversations WHERE id = ?').get(conversationId) as { contact_id: string }).contact_id;

async function reply(conversationId: string, body: string) {
  const sent = ok(await w.agent.browser.mutate('conversations.send', { spaceId: w.spaceId, contactId: contactOfConv(conversationId), body, clientId: clientId(), fileIds: [] }));
  return sent.messageId;
}

describe('a reply by e-mail', () => {
  it('arrives over SMTP from the channel address with the agent name, Re: subject, In-Reply-To and References; its Message-ID is stored', async () => {
    const first = await customerWrites({ body: 'My kettle is broken.', references: '<older@customer.test>' });
    const before = w.sink.mails.length;
    const id = await reply(first.conversation_id, 'Sorry to hear that!\nWe send a new one.');
    await eventually('the reply sent', () => messageById(w.app, id).status === 'sent');
    const got = w.sink.mails.slice(before);
    expect(got).toHaveLength(1);
    const m = got[0]!;
    expect(m.to).toEqual(['ada@customer.test']);
    expect(m.parsed.from?.value[0]).toMatchObject({ address: SUPPORT, name: 'Alice Agent' });
    expect(m.parsed.subject).toBe('Re: Broken kettle');
    expect(m.parsed.inReplyTo).toBe(first.rfc_id);
    expect(m.parsed.references).toEqual(['<older@customer.test>', first.rfc_id]);
    expect(m.parsed.text?.trim()).toBe('Sorry to hear that!\nWe send a new one.');
    expect(emailOf(w.app, id)).toMatchObject({ direction: 'out', rfc_id: m.parsed.messageId, subject: 'Re: Broken kettle', conversation_id: first.conversation_id });
  });

  it('retries a temporary SMTP failure (4xx) and sends once; a permanent one (5xx) shows the server words on the message', async () => {
    const first = await customerWrites({ from: 'Bob <bob@customer.test>', body: 'Hello?' });
    w.sink.failNext(451, '4.7.1 Greylisted, try again', 2);
    const before = w.sink.mails.length;
    const id = await reply(first.conversation_id, 'Hi Bob');
    await eventually('sent after retries', () => messageById(w.app, id).status === 'sent');
    expect(w.sink.mails.slice(before).map((m) => m.parsed.text?.trim())).toEqual(['Hi Bob']);

    w.sink.failNext(550, '5.1.1 Mailbox bob does not exist', 1);
    const failedId = await reply(first.conversation_id, 'Still there?');
    const failed = await eventually('failed', () => (messageById(w.app, failedId).status === 'failed' ? messageById(w.app, failedId) : null));
    expect(failed.error).toContain('5.1.1 Mailbox bob does not exist');
    expect(outboxOf(w.app, failedId)?.state).toBe('failed');
    expect(w.sink.mails.slice(before).map((m) => m.parsed.text?.trim())).toEqual(['Hi Bob']);
  });
});

describe('Cc and signature', () => {
  it('a reply keeps the customer mail Cc (reply to all, never Kaon itself) and the thread shows it', async () => {
    const first = await customerWrites({ from: 'Ian <ian@customer.test>', to: `${SUPPORT}, Team <team@customer.test>`, headers: { Cc: 'Bob Colleague <bob.colleague@customer.test>, support+abc123def456@kaon.test' }, body: 'Cc test' });
    const before = w.sink.mails.length;
    const id = await reply(first.conversation_id, 'Answer to all');
    await eventually('sent', () => messageById(w.app, id).status === 'sent');
    const m = w.sink.mails[before]!;
    expect(m.to.sort()).toEqual(['bob.colleague@customer.test', 'ian@customer.test', 'team@customer.test']);
    expect(m.parsed.cc && (Array.isArray(m.parsed.cc) ? m.parsed.cc : [m.parsed.cc]).flatMap((c) => c.value.map((v) => v.address))).toEqual(['team@customer.test', 'bob.colleague@customer.test']);
    expect(threadItem(db(), id, 'message')).toMatchObject({ email: { cc: ['team@customer.test', 'bob.colleague@customer.test'] } });
    expect(threadItem(db(), first.message_id, 'message')).toMatchObject({ email: { cc: ['bob.colleague@customer.test', 'support+abc123def456@kaon.test'] } });
  });

  it('the channel signature goes below every reply, not into the thread', async () => {
    ok(await w.owner.browser.mutate('providerChannels.updateEmail', { ...mailboxInput(w.spaceId, w.dovecot, w.sink), channelId: w.channelId, signature: 'Alice\nKaon support' }));
    const first = await customerWrites({ from: 'Jo <jo@customer.test>', body: 'Signature test' });
    const before = w.sink.mails.length;
    const id = await reply(first.conversation_id, 'Signed reply');
    await eventually('sent', () => messageById(w.app, id).status === 'sent');
    expect(w.sink.mails[before]!.parsed.text).toBe('Signed reply\n\n-- \nAlice\nKaon support\n');
    expect(messageById(w.app, id).body).toBe('Signed reply');
    ok(await w.owner.browser.mutate('providerChannels.updateEmail', { ...mailboxInput(w.spaceId, w.dovecot, w.sink), channelId: w.channelId, signature: '' }));
  });
});

describe('threading an answer', () => {
  it('joins by In-Reply-To to Kaon reply, even from another address of the same thread', async () => {
    const first = await customerWrites({ from: 'Carol <carol@customer.test>', body: 'Question 1' });
    const before = w.sink.mails.length;
    const id = await reply(first.conversation_id, 'Answer 1');
    await eventually('sent', () => messageById(w.app, id).status === 'sent');
    const ours = w.sink.mails[before]!.parsed.messageId!;
    const answer = await customerWrites({ from: 'Carol at work <carol@work.test>', subject: 'Totally new subject', body: 'Thanks!', inReplyTo: ours, references: `${first.rfc_id} ${ours}` });
    expect(answer.conversation_id).toBe(first.conversation_id);
    expect(answer.subject).toBe('Totally new subject');
  });

  it('joins by the reply token in the address when the headers are gone', async () => {
    const first = await customerWrites({ from: 'Dan <dan@customer.test>', body: 'Hi' });
    db().prepare("UPDATE channels SET config = json_set(config, '$.replyToken', json('true')) WHERE id = ?").run(w.channelId);
    const before = w.sink.mails.length;
    const id = await reply(first.conversation_id, 'Hello Dan');
    await eventually('sent', () => messageById(w.app, id).status === 'sent');
    const replyTo = w.sink.mails[before]!.parsed.replyTo?.value[0]?.address ?? '';
    expect(replyTo).toMatch(/^support\+[0-9a-f]{20}@kaon\.test$/);
    const answer = await customerWrites({ from: 'Dan Other <dan.other@customer.test>', to: replyTo, subject: 'no headers', body: 'It is me, Dan' });
    expect(answer.conversation_id).toBe(first.conversation_id);
    db().prepare("UPDATE channels SET config = json_set(config, '$.replyToken', json('false')) WHERE id = ?").run(w.channelId);
  });

  it('a new mail without thread headers from the contact joins the contact open conversation (one open per contact)', async () => {
    const first = await customerWrites({ from: 'Eve <eve@customer.test>', body: 'One' });
    const second = await customerWrites({ from: 'Eve <eve@customer.test>', subject: 'Another topic', body: 'Two' });
    expect(second.conversation_id).toBe(first.conversation_id);
    expect(messagesIn(w.app, first.conversation_id).map((m) => m.body)).toEqual(['One', 'Two']);
  });
});

describe('automatic mail', () => {
  it('an auto-reply, a bulk mail and a list mail open no conversation', async () => {
    const count = () => (db().prepare('SELECT count(*) AS n FROM conversations').get() as { n: number }).n;
    const before = count();
    const marker = newMessageId();
    const automatic: Array<Record<string, string>> = [{ 'Auto-Submitted': 'auto-replied' }, { 'X-Autoreply': 'yes' }, { Precedence: 'bulk' }, { 'List-Id': '<news.shop.test>' }, { 'X-Autorespond': 'x' }];
    for (const headers of automatic) {
      await w.dovecot.deliver('support', mail({ from: 'Robot <robot@shop.test>', to: SUPPORT, subject: 'Out of office', body: 'I am away', headers }));
    }
    await customerWrites({ from: 'Marker <marker@customer.test>', body: 'marker', messageId: marker });
    expect(count()).toBe(before + 1);
    expect(db().prepare("SELECT count(*) AS n FROM email_messages WHERE from_addr = 'robot@shop.test'").get()).toEqual({ n: 0 });
  });

  it('an auto-reply to an open conversation joins it without opening another', async () => {
    const first = await customerWrites({ from: 'Fay <fay@customer.test>', body: 'Hello' });
    const auto = await customerWrites({ from: 'Fay <fay@customer.test>', subject: 'Automatic reply: away', body: 'I am on holiday', headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(auto.conversation_id).toBe(first.conversation_id);
  });

  it('a bounce (DSN) marks the reply it refers to as failed with the reason, and opens nothing', async () => {
    const first = await customerWrites({ from: 'Gus <gus@customer.test>', body: 'Hi there' });
    const before = w.sink.mails.length;
    const id = await reply(first.conversation_id, 'Hello Gus');
    await eventually('sent', () => messageById(w.app, id).status === 'sent');
    const ours = w.sink.mails[before]!.parsed.messageId!;
    const dsn = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.customer.test>',
      `To: ${SUPPORT}`,
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: ${newMessageId()}`,
      'Auto-Submitted: auto-replied',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"',
      '',
      '--dsn',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--dsn',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.customer.test',
      '',
      'Final-Recipient: rfc822; gus@customer.test',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 <gus@customer.test>: Recipient address rejected',
      '--dsn',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${ours}`,
      `From: Alice Agent <${SUPPORT}>`,
      'Subject: Re: Broken kettle',
      '--dsn--',
      '',
    ].join('\r\n');
    const conversations = (db().prepare('SELECT count(*) AS n FROM conversations').get() as { n: number }).n;
    await w.dovecot.deliver('support', dsn);
    const failed = await eventually('the reply failed', () => (messageById(w.app, id).status === 'failed' ? messageById(w.app, id) : null));
    expect(failed.error).toBe('The mail bounced: gus@customer.test: 550 5.1.1 <gus@customer.test>: Recipient address rejected');
    expect((db().prepare('SELECT count(*) AS n FROM conversations').get() as { n: number }).n).toBe(conversations);
  });
});

describe('a snoozed e-mail conversation', () => {
  it('comes back when the customer mails again (an auto-reply leaves it snoozed)', async () => {
    const first = await customerWrites({ from: 'Cleo <cleo@customer.test>', body: 'I will send the photos next week.' });
    const conv = () => db().prepare('SELECT snoozed, version FROM conversations WHERE id = ?').get(first.conversation_id) as { snoozed: number; version: number };
    ok(await w.agent.browser.mutate('conversations.snooze', { spaceId: w.spaceId, conversationId: first.conversation_id, version: conv().version, until: null }));
    expect(conv().snoozed).toBe(1);
    const auto = newMessageId();
    await w.dovecot.deliver('support', mail({ from: 'Cleo <cleo@customer.test>', to: SUPPORT, subject: 'Out of office', body: 'I am away.', messageId: auto, headers: { 'Auto-Submitted': 'auto-replied' }, inReplyTo: first.rfc_id }));
    // Stored in its thread, but an automatic reply is not the customer writing.
    expect((await eventually('the auto-reply', () => mailByRfcId(w.app, auto))).conversation_id).toBe(first.conversation_id);
    expect(conv().snoozed).toBe(1);
    const answer = await customerWrites({ from: 'Cleo <cleo@customer.test>', body: 'Here are the photos.', inReplyTo: first.rfc_id });
    expect(answer.conversation_id).toBe(first.conversation_id);
    expect(conv().snoozed).toBe(0);
    const activities = (db().prepare('SELECT text FROM activities WHERE conversation_id = ? ORDER BY created_at, rowid').all(first.conversation_id) as Array<{ text: string }>).map((a) => a.text);
    expect(activities.filter((t) => t.startsWith('Back from snooze'))).toEqual(['Back from snooze: the customer wrote']);
  });
});
