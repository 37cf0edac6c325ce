import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mail, startDovecot, type Dovecot } from './dovecot';

// The real IMAP server the e-mail tests use: login, APPEND, IDLE, an outage and its UIDs kept.
describe('the Dovecot test server', () => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    dovecot = await startDovecot([
      { user: 'support', password: 'secret' },
      { user: 'customer', password: 'hunter2' },
    ]);
  });
  afterAll(() => dovecot.close());

  it('logs in, tells an IDLE client about a delivered mail, and keeps the mail and UIDVALIDITY across a restart', async () => {
    const client = await dovecot.client('support');
    const lock = await client.getMailboxLock('INBOX');
    const seen = new Promise<number>((resolve) => client.on('exists', (e: { count: number }) => resolve(e.count)));
    void client.idle();
    const uid = await dovecot.deliver('support', mail({ from: 'ada@customer.test', to: 'support@kaon.test', subject: 'Hello', body: 'Is this thing on?' }));
    expect(uid).toBe(1);
    expect(await seen).toBe(1);
    const validity = (client.mailbox as { uidValidity: bigint }).uidValidity;
    lock.release();
    await client.logout();

    await dovecot.stop();
    await expect(dovecot.client('support')).rejects.toThrow();
    await dovecot.start();
    const again = await dovecot.client('support');
    const status = await again.status('INBOX', { messages: true, uidValidity: true, uidNext: true });
    expect(status).toMatchObject({ messages: 1, uidNext: 2, uidValidity: validity });
    await again.mailboxOpen('INBOX');
    const msg = await again.fetchOne('1', { source: true }, { uid: true });
    expect(msg && msg.source?.toString()).toContain('Is this thing on?');
    await again.logout();
  });

  it('refuses a wrong password and keeps mailboxes apart', async () => {
    const bad = { ...dovecot.users[1]!, password: 'wrong' };
    const { ImapFlow } = await import('imapflow');
    const c = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: bad.user, pass: bad.password }, logger: false });
    await expect(c.connect()).rejects.toThrow();
    const customer = await dovecot.client('customer');
    const status = await customer.status('INBOX', { messages: true });
    expect(status).toMatchObject({ messages: 0 });
    await customer.logout();
  });

  it('runs several servers at once on their own ports and directories', async () => {
    const [a, b] = await Promise.all([startDovecot(), startDovecot()]);
    try {
      expect(a.port).not.toBe(b.port);
      await a.deliver('support', mail({ from: 'x@customer.test', to: 'support@kaon.test', subject: 'A only', body: 'a' }));
      const cb = await b.client('support');
      expect(await cb.status('INBOX', { messages: true })).toMatchObject({ messages: 0 });
      await cb.logout();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
