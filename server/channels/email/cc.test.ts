import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMAIL_CC_MAX } from '../../../shared/domain/emailCc';
import { mail } from '../../testing/dovecot';
import { threadItem } from '../../conversations/threadItems';
import { mailByRfcId, newMessageId, SUPPORT, startEmailWorld, type EmailWorld } from '../../testing/email';
import { clientId, eventually, everything, messageById } from '../../testing/channels';
import { addMember, failed, ok, type Person } from '../../testing/harness';
import { arrive, chatKeyOf, snapshot } from '../../testing/messages';

// The Cc line an agent edits: conversations.replyCc gives the reply-to-all default, and
// conversations.send's `cc` replaces it; the mail arrives at a real SMTP server with it.
let w: EmailWorld;
let outsider: Person;
let otherSpace: string;
beforeAll(async () => {
  w = await startEmailWorld();
  await (await eventually('the watcher', () => w.app.kaon.email.watcher(w.channelId))).ready;
  otherSpace = ok(await w.owner.browser.mutate('spaces.create', { name: 'Beta Ltd' })).id;
  outsider = await addMember(w.app, w.owner.browser, otherSpace, 'agent', { name: 'Xavier Beta', email: 'xavier@example.com' });
});
afterAll(() => w.close());

const db = () => w.app.kaon.deps.db;
const contactOf = (conversationId: string) => (db().prepare('SELECT contact_id FROM conversations WHERE id = ?').get(conversationId) as { contact_id: string }).contact_id;
const ccOf = (m: { parsed: { cc?: unknown } }) => {
  const cc = m.parsed.cc as { value: Array<{ address?: string }> } | Array<{ value: Array<{ address?: string }> }> | undefined;
  return cc ? (Array.isArray(cc) ? cc : [cc]).flatMap((c) => c.value.map((v) => v.address)) : [];
};

async function customerWrites(from: string, headers: Record<string, string> = {}) {
  const messageId = newMessageId();
  await w.dovecot.deliver('support', mail({ from, to: `${SUPPORT}, Team <team@customer.test>`, subject: 'Cc please', body: 'Hello', messageId, headers }));
  return eventually(`mail ${messageId}`, () => mailByRfcId(w.app, messageId));
}

const send = (contactId: string, extra: Record<string, unknown>, who: Person = w.agent, spaceId = w.spaceId) =>
  who.browser.mutate('conversations.send', { spaceId, contactId, body: 'With Cc', clientId: clientId(), fileIds: [], ...extra } as never);

describe('conversations.replyCc', () => {
  it('is the reply-to-all Cc (other To and Cc, never Kaon nor the customer); a member of another space finds nothing, malformed ids are refused', async () => {
    const first = await customerWrites('Ina <ina@customer.test>', { Cc: 'Boss <boss@customer.test>, support@kaon.test, ina@customer.test' });
    expect(ok(await w.agent.browser.query('conversations.replyCc', { spaceId: w.spaceId, conversationId: first.conversation_id }))).toEqual({ cc: ['team@customer.test', 'boss@customer.test'] });
    expect(failed(await outsider.browser.query('conversations.replyCc', { spaceId: w.spaceId, conversationId: first.conversation_id })).code).toBe('NOT_FOUND');
    expect(failed(await outsider.browser.query('conversations.replyCc', { spaceId: otherSpace, conversationId: first.conversation_id })).code).toBe('NOT_FOUND');
    expect(failed(await w.agent.browser.query('conversations.replyCc', { spaceId: w.spaceId, conversationId: '../x' })).code).toBe('BAD_REQUEST');
  });
});

describe('conversations.send with cc', () => {
  it('sends exactly the Cc the agent left (added, removed), over SMTP; the thread and the next default show it', async () => {
    const first = await customerWrites('Jon <jon@customer.test>', { Cc: 'old@customer.test' });
    const before = w.sink.mails.length;
    const sent = ok(await send(contactOf(first.conversation_id), { cc: ['New.Person@Partner.test', 'old@customer.test'] }));
    await eventually('sent', () => messageById(w.app, sent.messageId).status === 'sent');
    const m = w.sink.mails[before]!;
    expect(ccOf(m)).toEqual(['new.person@partner.test', 'old@customer.test']);
    expect(m.to.sort()).toEqual(['jon@customer.test', 'new.person@partner.test', 'old@customer.test']);
    expect(threadItem(db(), sent.messageId, 'message')).toMatchObject({ email: { cc: ['new.person@partner.test', 'old@customer.test'] } });
    expect(ok(await w.agent.browser.query('conversations.replyCc', { spaceId: w.spaceId, conversationId: first.conversation_id }))).toEqual({ cc: ['new.person@partner.test', 'old@customer.test'] });

    // An empty Cc: to the customer only.
    const only = ok(await send(contactOf(first.conversation_id), { cc: [] }));
    await eventually('sent', () => messageById(w.app, only.messageId).status === 'sent');
    expect(ccOf(w.sink.mails[before + 1]!)).toEqual([]);
    expect(w.sink.mails[before + 1]!.to).toEqual(['jon@customer.test']);
  });

  it('refuses a bad Cc in words and writes nothing', async () => {
    const first = await customerWrites('Kim <kim@customer.test>');
    const contactId = contactOf(first.conversation_id);
    const cases: Array<[unknown, string]> = [
      [['not an address'], '“not an address” is not an e-mail address (like name@example.com).'],
      [['Bob <bob@x.test>'], 'is not an e-mail address'],
      [['a@x.test', 'A@X.test'], 'The same address is in Cc twice.'],
      [Array.from({ length: EMAIL_CC_MAX + 1 }, (_, i) => `p${i}@x.test`), `A reply has at most ${EMAIL_CC_MAX} Cc addresses.`],
      [[`${'a'.repeat(5000)}@x.test`], 'An e-mail address is at most 254 characters.'],
      ['a@x.test', 'Expected array'],
      [[42], 'expected string'],
      [['kim@customer.test'], 'kim@customer.test is the customer this reply goes to: remove it from Cc.'],
      [['SUPPORT@kaon.test'], "support@kaon.test is this channel's own address: remove it from Cc."],
      [['support+abc@kaon.test'], "support+abc@kaon.test is this channel's own address: remove it from Cc."],
    ];
    const mails = w.sink.mails.length;
    const rows = { ...snapshot(w.app), ...everything(w.app) };
    for (const [cc, words] of cases) {
      const err = failed(await send(contactId, { cc }));
      expect(err.code, JSON.stringify(cc).slice(0, 80)).toBe('BAD_REQUEST');
      expect(err.message.toLowerCase()).toContain(words.toLowerCase());
    }
    expect({ ...snapshot(w.app), ...everything(w.app) }).toEqual(rows);
    expect(w.sink.mails.length).toBe(mails);
  });

  it('refuses a Cc on a conversation that is not by e-mail, and across spaces', async () => {
    const visitor = await arrive(w.app, await chatKeyOf(w.owner.browser, w.spaceId));
    const chat = await visitor.say('Hello from the website');
    const rows = { ...snapshot(w.app), ...everything(w.app) };
    const err = failed(await send(chat.contactId, { cc: ['bob@x.test'] }));
    expect(err).toMatchObject({ code: 'BAD_REQUEST', message: 'Cc is for e-mail conversations only: this conversation is not by e-mail.' });
    expect(ok(await w.agent.browser.query('conversations.replyCc', { spaceId: w.spaceId, conversationId: chat.conversationId }))).toEqual({ cc: [] });
    const first = await customerWrites('Lou <lou@customer.test>');
    expect(failed(await send(contactOf(first.conversation_id), { cc: ['bob@x.test'] }, outsider, otherSpace)).code).toBe('NOT_FOUND');
    expect(failed(await send(contactOf(first.conversation_id), { cc: ['bob@x.test'] }, outsider)).code).toBe('NOT_FOUND');
    const after = { ...snapshot(w.app), ...everything(w.app) };
    // Lou's mail arrived meanwhile; nothing else was written.
    expect(after.messages).toBe(rows.messages + 1);
    expect(after.outbox).toBe(rows.outbox);
  });
});
