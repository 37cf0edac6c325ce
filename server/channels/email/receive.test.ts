import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaon, type Kaon } from '../../http';
import { mail } from '../../testing/dovecot';
import { countMessages, mailByRfcId, newMessageId, SUPPORT, startEmailWorld, type EmailWorld } from '../../testing/email';
import { eventually } from '../../testing/channels';
import { filesOf } from '../../testing/channels';
import { arrive, chatKeyOf } from '../../testing/messages';

// Receiving over IMAP from a real Dovecot: IDLE within 2 s, catch-up after an outage or a
// restart, each mail once (by UID and by Message-ID), UIDVALIDITY changes, parsing and contacts.
let w: EmailWorld;
let restarted: Kaon | undefined;
const kaon = () => restarted ?? w.app.kaon;
const db = () => kaon().deps.db;

beforeAll(async () => {
  w = await startEmailWorld();
  await (await eventually('the watcher', () => kaon().email.watcher(w.channelId))).ready;
});
afterAll(async () => {
  await restarted?.close();
  await w.close();
});

const deliver = (fields: Partial<Parameters<typeof mail>[0]> & { body: string }) => {
  const messageId = fields.messageId ?? newMessageId();
  const raw = mail({ from: 'Ada Lovelace <ada@customer.test>', to: SUPPORT, subject: 'Order 42', ...fields, messageId });
  return { messageId, uid: w.dovecot.deliver('support', raw), raw };
};

describe('a mail delivered into the mailbox', () => {
  it('is in the queue within 2 s (IDLE, not polling), with its subject, sender contact and text', async () => {
    const started = Date.now();
    const { messageId, uid } = deliver({ body: 'Where is my order?\n\nAda' });
    await uid;
    const stored = await eventually('the mail stored', () => mailByRfcId(w.app, messageId), 2000);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(stored).toMatchObject({ subject: 'Order 42', from_addr: 'ada@customer.test', body: 'Where is my order?\n\nAda', status: 'received' });
    const contact = db().prepare('SELECT c.name, c.email FROM conversations v JOIN contacts c ON c.id = v.contact_id WHERE v.id = ?').get(stored.conversation_id);
    expect(contact).toEqual({ name: 'Ada Lovelace', email: 'ada@customer.test' });
  });

  it('is stored once when the same mail (same Message-ID) lands in the mailbox twice', async () => {
    const { messageId, uid, raw } = deliver({ body: 'Twice?' });
    await uid;
    await eventually('the first copy', () => mailByRfcId(w.app, messageId));
    const before = countMessages(w.app);
    await w.dovecot.deliver('support', raw);
    const marker = deliver({ body: 'after the copy' });
    await marker.uid;
    await eventually('the mail after the copy', () => mailByRfcId(w.app, marker.messageId));
    expect(countMessages(w.app)).toBe(before + 1);
  });

  it('separates the quoted history, sanitizes HTML and keeps attachments in the file store', async () => {
    const messageId = newMessageId();
    const boundary = 'b0undary';
    const raw = [
      'From: Ada Lovelace <ada@customer.test>',
      `To: ${SUPPORT}`,
      'Subject: =?utf-8?B?UsOpc3Vtw6k=?=',
      `Message-ID: ${messageId}`,
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: multipart/alternative; boundary="alt"',
      '',
      '--alt',
      'Content-Type: text/plain; charset=iso-8859-1',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Merci, =E7a marche.',
      '',
      'On Mon, 1 Dec 2026 at 10:00, Support <support@kaon.test> wrote:',
      '> Try turning it off and on again.',
      '--alt',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p onclick="steal()">Merci, ça marche.</p><script>alert(1)</script><img src="https://tracker.test/p.gif"><a href="javascript:alert(1)">x</a>',
      '--alt--',
      `--${boundary}`,
      'Content-Type: application/pdf; name="invoice.pdf"',
      'Content-Disposition: attachment; filename="invoice.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4 fake').toString('base64'),
      `--${boundary}--`,
      '',
    ].join('\r\n');
    await w.dovecot.deliver('support', raw);
    const stored = await eventually('the mail stored', () => mailByRfcId(w.app, messageId));
    expect(stored.subject).toBe('Résumé');
    expect(stored.body).toBe('Merci, ça marche.');
    expect(stored.quoted).toContain('> Try turning it off and on again.');
    expect(stored.html).toContain('Merci, ça marche.');
    expect(stored.html).not.toMatch(/script|onclick|javascript:| src="https/);
    expect(stored.html).toContain('data-kaon-src="https://tracker.test/p.gif"');
    expect(filesOf(w.app, stored.message_id)).toMatchObject([{ name: 'invoice.pdf', mime: 'application/pdf', size: 13, uploaded_by_contact: 'ada@customer.test' }]);
  });

  it('the same sender writing with another case of the address is the same contact', async () => {
    const first = deliver({ from: 'Grace <grace@customer.test>', body: 'Hello from Grace' });
    await first.uid;
    const a = await eventually('first mail', () => mailByRfcId(w.app, first.messageId));
    const second = deliver({ from: 'Grace Hopper <GRACE@Customer.Test>', body: 'Me again' });
    await second.uid;
    const b = await eventually('second mail', () => mailByRfcId(w.app, second.messageId));
    expect(b.conversation_id).toBe(a.conversation_id);
  });
});

describe('one person by chat and by mail', () => {
  it('a mail from the e-mail address in a chat contact profile is that contact, whatever the case', async () => {
    const visitor = await arrive(w.app, await chatKeyOf(w.owner.browser, w.spaceId));
    const chat = await visitor.say('Hi from the website');
    // The agent typed her address into the contact's profile (what the contact-doc projection stores).
    db().prepare('UPDATE contacts SET email = ? WHERE id = ?').run('Kim.Lee@Customer.Test', chat.contactId);
    const { messageId, uid } = deliver({ from: 'Kim Lee <kim.lee@customer.test>', body: 'Same person, by mail' });
    await uid;
    const stored = await eventually('the mail', () => mailByRfcId(w.app, messageId));
    const conv = db().prepare('SELECT contact_id FROM conversations WHERE id = ?').get(stored.conversation_id) as { contact_id: string };
    expect(conv.contact_id).toBe(chat.contactId);
    // The one open conversation of the contact goes on.
    expect(stored.conversation_id).toBe(chat.conversationId);
    expect(db().prepare('SELECT count(*) AS n FROM contacts WHERE email = ? COLLATE NOCASE').get('kim.lee@customer.test')).toEqual({ n: 1 });
  });
});

describe('outages and restarts', () => {
  it('after the mail server was down, reconnects by itself and fetches what arrived; the health said why meanwhile', async () => {
    await w.dovecot.stop();
    await eventually('the health names the outage', () => (db().prepare('SELECT last_error FROM email_mailboxes WHERE channel_id = ?').get(w.channelId) as { last_error: string | null }).last_error);
    const listed = await w.owner.browser.query('providerChannels.list', { spaceId: w.spaceId });
    expect(listed.ok && listed.data.find((c) => c.id === w.channelId)?.email?.mailbox?.lastError).toMatch(/refused the connection|closed the connection/);
    await w.dovecot.start();
    const { messageId, uid } = deliver({ body: 'Sent while you were down' });
    await uid;
    await eventually('the mail after the outage', () => mailByRfcId(w.app, messageId), 10_000);
    await eventually('the health is clear again', () => (db().prepare('SELECT last_error FROM email_mailboxes WHERE channel_id = ?').get(w.channelId) as { last_error: string | null }).last_error === null);
  });

  it('mail that arrived while Kaon was stopped is fetched after the start, each once', async () => {
    await w.app.kaon.close();
    const ids = [];
    for (const body of ['one', 'two', 'three']) {
      const d = deliver({ body: `while stopped: ${body}` });
      await d.uid;
      ids.push(d.messageId);
    }
    restarted = createKaon(w.app.config, w.app.clock.now);
    await restarted.listen(0);
    for (const id of ids) await eventually(`mail ${id}`, () => mailByRfcId({ ...w.app, kaon: restarted! }, id), 10_000);
    const total = countMessages({ ...w.app, kaon: restarted });
    // A second restart fetches nothing again.
    await restarted.close();
    restarted = createKaon(w.app.config, w.app.clock.now);
    await restarted.listen(0);
    await (await eventually('the watcher', () => restarted!.email.watcher(w.channelId))).ready;
    expect(countMessages({ ...w.app, kaon: restarted })).toBe(total);
  });

  it('a changed UIDVALIDITY reads the folder again and stores nothing twice', async () => {
    const app = { ...w.app, kaon: restarted! };
    const before = countMessages(app);
    restarted!.deps.db.prepare("UPDATE email_mailboxes SET uid_validity = 'rebuilt' WHERE channel_id = ?").run(w.channelId);
    await restarted!.close();
    restarted = createKaon(w.app.config, w.app.clock.now);
    await restarted.listen(0);
    await (await eventually('the watcher', () => restarted!.email.watcher(w.channelId))).ready;
    const app2 = { ...w.app, kaon: restarted };
    expect(countMessages(app2)).toBe(before);
    const state = restarted.deps.db.prepare('SELECT uid_validity, last_uid FROM email_mailboxes WHERE channel_id = ?').get(w.channelId) as { uid_validity: string; last_uid: number };
    expect(state.uid_validity).not.toBe('rebuilt');
    expect(state.last_uid).toBeGreaterThan(5);
  });
});
