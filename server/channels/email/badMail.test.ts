import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadItem } from '../../conversations/threadItems';
import { mail } from '../../testing/dovecot';
import { countMessages, mailByRfcId, newMessageId, SUPPORT, startEmailWorld, type EmailWorld } from '../../testing/email';
import { clientId, eventually } from '../../testing/channels';
import { addMember, failed, ok } from '../../testing/harness';

// Bad mail through the real mailbox: too large, without Message-ID, forged; and the mail-content
// procedure refusing other spaces and bad ids. Workflows never run for automatic mail.
let w: EmailWorld;
const LIMIT = 200 * 1024;
beforeAll(async () => {
  w = await startEmailWorld({ maxEmailBytes: LIMIT });
  await (await eventually('the watcher', () => w.app.kaon.email.watcher(w.channelId))).ready;
});
afterAll(() => w.close());
const db = () => w.app.kaon.deps.db;
const health = () => (db().prepare('SELECT last_error FROM email_mailboxes WHERE channel_id = ?').get(w.channelId) as { last_error: string | null }).last_error;

describe('bad mail in the mailbox', () => {
  it('a mail over the size limit stays in the mailbox, the health says why, and the next mail still arrives', async () => {
    const before = countMessages(w.app);
    await w.dovecot.deliver('support', mail({ from: 'big@customer.test', to: SUPPORT, subject: 'huge', body: 'x'.repeat(LIMIT * 2) }));
    const words = await eventually('the health names the huge mail', () => health());
    expect(words).toMatch(/^A mail of 0\.4 MB \(UID \d+\) is larger than Kaon's 0\.2 MB limit, so it was not imported; it stays in the mailbox\.$/);
    const next = newMessageId();
    await w.dovecot.deliver('support', mail({ from: 'small@customer.test', to: SUPPORT, subject: 'small', body: 'fine', messageId: next }));
    await eventually('the next mail', () => mailByRfcId(w.app, next));
    expect(countMessages(w.app)).toBe(before + 1);
  });

  it('a mail without Message-ID is stored once however often it lands, and says it had none', async () => {
    const raw = mail({ from: 'noid@customer.test', to: SUPPORT, subject: 'no id', body: 'I have no Message-ID', messageId: null });
    await w.dovecot.deliver('support', raw);
    const bodies = () => db().prepare("SELECT m.body FROM messages m JOIN email_messages e ON e.message_id = m.id WHERE e.from_addr = 'noid@customer.test' AND e.subject = 'no id'").all() as Array<{ body: string }>;
    await eventually('stored', () => bodies().length > 0);
    await w.dovecot.deliver('support', raw);
    const marker = newMessageId();
    await w.dovecot.deliver('support', mail({ from: 'noid@customer.test', to: SUPPORT, subject: 'marker', body: 'marker', messageId: marker }));
    await eventually('the marker', () => mailByRfcId(w.app, marker));
    const stored = bodies();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.body).toBe('I have no Message-ID\n\n(This mail had no Message-ID; Kaon gave it one from its content.)');
    expect(db().prepare("SELECT count(*) AS n FROM email_messages WHERE from_addr = 'noid@customer.test'").get()).toEqual({ n: 2 });
  });

  it('a forged From keeps the receiving server verdicts, which the thread shows', async () => {
    const id = newMessageId();
    await w.dovecot.deliver(
      'support',
      mail({ from: 'Your Bank <security@bank.test>', to: SUPPORT, subject: 'Verify', body: 'Click here', messageId: id, headers: { 'Authentication-Results': 'mx.kaon.test; spf=fail smtp.mailfrom=bank.test; dkim=none; dmarc=fail header.from=bank.test' } }),
    );
    const stored = await eventually('stored', () => mailByRfcId(w.app, id));
    const item = threadItem(db(), stored.message_id, 'message');
    expect(item).toMatchObject({ kind: 'message', email: { subject: 'Verify', from: 'security@bank.test', html: false, quoted: false, auth: { spf: 'fail', dkim: 'none', dmarc: 'fail' } } });
  });

  it('no workflow runs for an auto-reply; one does for the mail before it', async () => {
    ok(await w.owner.browser.mutate('workflows.save', { spaceId: w.spaceId, name: 'Unassign on mail', definition: { trigger: 'message.received', actions: [{ kind: 'unassign' }] } }));
    const runs = () => (db().prepare('SELECT count(*) AS n FROM workflow_runs').get() as { n: number }).n;
    const first = newMessageId();
    await w.dovecot.deliver('support', mail({ from: 'Hal <hal@customer.test>', to: SUPPORT, subject: 'Hi', body: 'hello', messageId: first }));
    await eventually('the first mail', () => mailByRfcId(w.app, first));
    const after = runs();
    expect(after).toBeGreaterThan(0);
    const auto = newMessageId();
    await w.dovecot.deliver('support', mail({ from: 'Hal <hal@customer.test>', to: SUPPORT, subject: 'Out of office', body: 'away', messageId: auto, headers: { 'Auto-Submitted': 'auto-replied' } }));
    await eventually('the auto-reply', () => mailByRfcId(w.app, auto));
    expect(runs()).toBe(after);
  });
});

describe('mail loops', () => {
  it('a copy of Kaon’s own reply and mail from the support address itself are not stored', async () => {
    const first = newMessageId();
    await w.dovecot.deliver('support', mail({ from: 'Ivy <ivy@customer.test>', to: SUPPORT, subject: 'Hi', body: 'hello', messageId: first }));
    const stored = await eventually('stored', () => mailByRfcId(w.app, first));
    const contactId = (db().prepare('SELECT contact_id FROM conversations WHERE id = ?').get(stored.conversation_id) as { contact_id: string }).contact_id;
    const sent = ok(await w.agent.browser.mutate('conversations.send', { spaceId: w.spaceId, contactId, body: 'Hello Ivy', clientId: clientId(), fileIds: [] }));
    await eventually('sent', () => w.sink.mails.find((m) => m.parsed.text?.includes('Hello Ivy')));
    const copy = w.sink.mails.find((m) => m.parsed.text?.includes('Hello Ivy'))!.raw;
    const before = countMessages(w.app);
    await w.dovecot.deliver('support', copy);
    await w.dovecot.deliver('support', mail({ from: SUPPORT, to: SUPPORT, subject: 'loop', body: 'from myself' }));
    const marker = newMessageId();
    await w.dovecot.deliver('support', mail({ from: 'Ivy <ivy@customer.test>', to: SUPPORT, subject: 'marker', body: 'marker', messageId: marker }));
    await eventually('the marker', () => mailByRfcId(w.app, marker));
    expect(countMessages(w.app)).toBe(before + 1);
    expect(sent.messageId).toBeTruthy();
  });
});

describe('providerChannels.emailContent', () => {
  it('gives the HTML and quoted text to members of the space only; bad ids are refused', async () => {
    const id = newMessageId();
    await w.dovecot.deliver('support', mail({ from: 'q@customer.test', to: SUPPORT, subject: 'q', body: 'new\n\nOn Mon, 1 Dec 2026, S <s@k.test> wrote:\n> old', messageId: id }));
    const stored = await eventually('stored', () => mailByRfcId(w.app, id));
    expect(ok(await w.agent.browser.query('providerChannels.emailContent', { spaceId: w.spaceId, messageId: stored.message_id }))).toEqual({ html: null, quoted: 'On Mon, 1 Dec 2026, S <s@k.test> wrote:\n> old' });
    const otherSpace = ok(await w.owner.browser.mutate('spaces.create', { name: 'Other' })).id;
    const stranger = await addMember(w.app, w.owner.browser, otherSpace, 'owner', { name: 'Sam Stranger', email: 'sam@example.com' });
    expect(failed(await stranger.browser.query('providerChannels.emailContent', { spaceId: otherSpace, messageId: stored.message_id })).code).toBe('NOT_FOUND');
    expect(failed(await stranger.browser.query('providerChannels.emailContent', { spaceId: w.spaceId, messageId: stored.message_id })).code).toBe('NOT_FOUND');
    expect(failed(await w.agent.browser.query('providerChannels.emailContent', { spaceId: w.spaceId, messageId: '' })).code).toBe('BAD_REQUEST');
    expect(failed(await w.agent.browser.query('providerChannels.emailContent', { spaceId: w.spaceId, messageId: 'x'.repeat(5000) })).code).toBe('BAD_REQUEST');
  });
});
