import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mail } from '../../testing/dovecot';
import { countMessages, mailByRfcId, newMessageId } from '../../testing/email';
import { clientId, eventually, FAST, messageById } from '../../testing/channels';
import { failed, ok, setupOwner, startApp, type TestApp, type Browser } from '../../testing/harness';
import { startSmtpSink, type SmtpSink } from '../../testing/smtpSink';

// The forwarding address: Kaon's own SMTP receiver (smtp-server) on SMTP_PORT, one address per
// channel under INBOUND_EMAIL_DOMAIN; unknown recipients refused at RCPT, a size limit, replies
// out through the channel's SMTP settings.
let app: TestApp;
let sink: SmtpSink;
let owner: Browser;
let spaceId: string;
let channelId: string;
let port: number;
const DOMAIN = 'in.kaon.test';
const LIMIT = 64 * 1024;

beforeAll(async () => {
  sink = await startSmtpSink();
  app = await startApp({ ...FAST, smtpPort: 0, smtpHost: '127.0.0.1', inboundEmailDomain: DOMAIN, maxEmailBytes: LIMIT });
  const setup = await setupOwner(app);
  owner = setup.browser;
  spaceId = setup.space.id;
  const channel = ok(
    await owner.mutate('providerChannels.createEmail', {
      spaceId,
      name: 'Help desk',
      mode: 'forwarding',
      address: 'help@shop.test',
      smtpHost: sink.host,
      smtpPort: sink.port,
      smtpSecurity: 'none',
      smtpUser: '',
    }),
  );
  channelId = channel.id;
  expect(channel.email).toMatchObject({ mode: 'forwarding', key: 'help', forwardingAddress: `help@${DOMAIN}`, replyToken: true, receiverRunning: true });
  port = await eventually('the receiver', () => app.kaon.email.smtpPort());
});
afterAll(async () => {
  await app.close();
  await sink.close();
});

const transport = () => nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 2000 });
const send = (to: string, raw: string) => transport().sendMail({ envelope: { from: 'ada@customer.test', to: [to] }, raw });

describe('the forwarding address', () => {
  it('accepts a mail for <key>@INBOUND_EMAIL_DOMAIN and stores it on the channel', async () => {
    const messageId = newMessageId();
    await send(`help@${DOMAIN}`, mail({ from: 'Ada <ada@customer.test>', to: 'help@shop.test', subject: 'Forwarded', body: 'Via forwarding', messageId }));
    const stored = mailByRfcId(app, messageId);
    expect(stored).toMatchObject({ channel_id: channelId, subject: 'Forwarded', body: 'Via forwarding' });
  });

  it('refuses unknown recipients at RCPT TO and stores nothing', async () => {
    const before = countMessages(app);
    for (const to of [`nobody@${DOMAIN}`, 'help@other.test', `help@${DOMAIN}.evil.test`]) {
      await expect(send(to, mail({ from: 'ada@customer.test', to, subject: 'x', body: 'x' }))).rejects.toMatchObject({ responseCode: expect.any(Number) });
    }
    const err = await send(`nobody@${DOMAIN}`, mail({ from: 'ada@customer.test', to: 'x', subject: 'x', body: 'x' })).catch((e: { responseCode: number; response: string }) => e);
    expect(err).toMatchObject({ responseCode: 550 });
    expect((err as { response: string }).response).toContain('no such Kaon address');
    expect(countMessages(app)).toBe(before);
  });

  it('refuses a mail over the size limit (552) and stores nothing', async () => {
    const before = countMessages(app);
    const err = await send(`help@${DOMAIN}`, mail({ from: 'ada@customer.test', to: 'help@shop.test', subject: 'huge', body: 'x'.repeat(LIMIT * 2) })).catch((e: { responseCode: number }) => e);
    expect(err).toMatchObject({ responseCode: 552 });
    expect(countMessages(app)).toBe(before);
  });

  it('replies go out through the channel SMTP with a Reply-To token; the answer to it joins the conversation even without headers', async () => {
    const messageId = newMessageId();
    await send(`help@${DOMAIN}`, mail({ from: 'Bea <bea@customer.test>', to: 'help@shop.test', subject: 'Question', body: 'Hi', messageId }));
    const first = mailByRfcId(app, messageId)!;
    const contactId = (app.kaon.deps.db.prepare('SELECT contact_id FROM conversations WHERE id = ?').get(first.conversation_id) as { contact_id: string }).contact_id;
    const sent = ok(await owner.mutate('conversations.send', { spaceId, contactId, body: 'Hello Bea', clientId: clientId(), fileIds: [] }));
    await eventually('sent', () => messageById(app, sent.messageId).status === 'sent');
    const out = sink.mails.at(-1)!;
    const replyTo = out.parsed.replyTo?.value[0]?.address ?? '';
    expect(replyTo).toMatch(/^help\+[0-9a-f]{20}@shop\.test$/);
    // The customer answers; the shop's mail server forwards it to Kaon, dropping the thread headers.
    const token = replyTo.split('+')[1]!.split('@')[0]!;
    const answerId = newMessageId();
    await send(`help+${token}@${DOMAIN}`, mail({ from: 'Bea elsewhere <bea2@customer.test>', to: replyTo, subject: 'Answer', body: 'Thanks', messageId: answerId }));
    expect(mailByRfcId(app, answerId)?.conversation_id).toBe(first.conversation_id);
  });

  it('finds the channel by its key as it is now: a new key on update, case-insensitive, not after disable or delete; a taken key is refused', async () => {
    const base = { spaceId, mode: 'forwarding' as const, smtpHost: sink.host, smtpPort: sink.port, smtpSecurity: 'none' as const, smtpUser: '' };
    const made = ok(await owner.mutate('providerChannels.createEmail', { ...base, name: 'Sales', address: 'sales@shop.test' }));
    expect(made.email).toMatchObject({ key: 'sales' });
    const accepts = async (to: string) => {
      const messageId = newMessageId();
      try {
        await send(to, mail({ from: 'Cy <cy@customer.test>', to: 'sales@shop.test', subject: 'Key', body: 'Which channel?', messageId }));
      } catch (err) {
        return (err as { responseCode: number }).responseCode;
      }
      return mailByRfcId(app, messageId)?.channel_id;
    };
    expect(await accepts(`SALES@${DOMAIN.toUpperCase()}`)).toBe(made.id);
    ok(await owner.mutate('providerChannels.updateEmail', { ...base, channelId: made.id, name: 'Sales', address: 'sales@shop.test', key: 'orders' }));
    expect(await accepts(`sales@${DOMAIN}`)).toBe(550);
    expect(await accepts(`orders+x1@${DOMAIN}`)).toBe(made.id);
    const taken = await owner.mutate('providerChannels.createEmail', { ...base, name: 'Another', address: 'x@shop.test', key: 'orders' });
    expect(failed(taken)).toMatchObject({ code: 'BAD_REQUEST', message: 'The forwarding address orders@… is taken; choose another.' });
    ok(await owner.mutate('providerChannels.setEnabled', { spaceId, channelId: made.id, enabled: false }));
    expect(await accepts(`orders@${DOMAIN}`)).toBe(550);
    ok(await owner.mutate('providerChannels.delete', { spaceId, channelId: made.id }));
    expect(await accepts(`orders@${DOMAIN}`)).toBe(550);
    // A deleted channel's key is free again.
    const again = ok(await owner.mutate('providerChannels.createEmail', { ...base, name: 'Orders', address: 'x@shop.test', key: 'orders' }));
    expect(await accepts(`orders@${DOMAIN}`)).toBe(again.id);
  });
});
