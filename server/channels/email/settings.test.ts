import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, failed, ok, type Person } from '../../testing/harness';
import { freePort } from '../../testing/dovecot';
import { mailboxInput, startEmailWorld, type EmailWorld } from '../../testing/email';
import { startSmtpSink, type SmtpSink } from '../../testing/smtpSink';
import { everything } from '../../testing/channels';

// Settings → Channels for e-mail: roles, spaces, inputs, passwords that never leave the server,
// and "Check connection" saying in words which step failed (DNS, connection, TLS, login, folder).
let w: EmailWorld;
let outsider: Person;
let otherSpaceId: string;
let authSink: SmtpSink;
beforeAll(async () => {
  w = await startEmailWorld();
  authSink = await startSmtpSink({ user: 'mailer', password: 'smtp-secret' });
  otherSpaceId = ok(await w.owner.browser.mutate('spaces.create', { name: 'Beta Ltd' })).id;
  outsider = await addMember(w.app, w.owner.browser, otherSpaceId, 'manager', { name: 'Xavier Beta', email: 'xavier@example.com' });
});
afterAll(async () => {
  await w.close();
  await authSink.close();
});

const input = () => mailboxInput(w.spaceId, w.dovecot, w.sink);
const connect = (channelId: string) => w.owner.browser.mutate('providerChannels.connect', { spaceId: w.spaceId, channelId, publicUrl: w.app.url });

async function checkWith(patch: (i: ReturnType<typeof input>) => ReturnType<typeof input>) {
  const created = ok(await w.owner.browser.mutate('providerChannels.createEmail', patch({ ...input(), name: 'Check' })));
  const result = await connect(created.id);
  ok(await w.owner.browser.mutate('providerChannels.delete', { spaceId: w.spaceId, channelId: created.id }));
  return result;
}

describe('e-mail channel settings', () => {
  it('lists the settings and the health but never a password', async () => {
    const list = ok(await w.owner.browser.query('providerChannels.list', { spaceId: w.spaceId }));
    const agentList = ok(await w.agent.browser.query('providerChannels.list', { spaceId: w.spaceId }));
    const mine = list.find((c) => c.id === w.channelId)!;
    expect(mine).toMatchObject({
      kind: 'email',
      secretsSet: { imapPassword: true, smtpPassword: false },
      email: { mode: 'mailbox', address: 'support@kaon.test', imap: { host: w.dovecot.host, port: w.dovecot.port, user: 'support', folder: 'INBOX' }, forwardingAddress: null },
    });
    const text = JSON.stringify([list, agentList]);
    expect(text).not.toContain('"secret"');
    expect(text).not.toContain('Password":"');
  });

  it('only owners and managers of the space create and edit; bad input is refused in words and writes nothing', async () => {
    const before = everything(w.app);
    expect(failed(await w.agent.browser.mutate('providerChannels.createEmail', input())).code).toBe('FORBIDDEN');
    expect(failed(await outsider.browser.mutate('providerChannels.createEmail', input())).code).toBe('NOT_FOUND');
    expect(failed(await outsider.browser.mutate('providerChannels.updateEmail', { ...input(), spaceId: otherSpaceId, channelId: w.channelId })).code).toBe('NOT_FOUND');
    const bad = [
      { ...input(), address: 'not an address' },
      { ...input(), imapPort: 70000 },
      { ...input(), imapHost: 'bad host!' },
      { ...input(), smtpSecurity: 'ssl3' },
      { ...input(), name: '' },
      { ...input(), key: '../etc' },
      { ...input(), imapHost: undefined },
      { ...input(), smtpPort: 'twenty-five' },
    ];
    const fieldOf = ['address', 'imapPort', 'imapHost', 'smtpSecurity', 'name', 'key', 'imapHost', 'smtpPort'];
    for (const [i, b] of bad.entries()) {
      const err = failed(await w.owner.browser.mutate('providerChannels.createEmail', b as ReturnType<typeof input>));
      expect(err.code).toBe('BAD_REQUEST');
      expect(Object.keys(err.fields ?? {})).toEqual([fieldOf[i]]);
    }
    expect(everything(w.app)).toEqual(before);
  });

  it('an edit keeps the password it leaves out', async () => {
    const { imapPassword: _drop, ...rest } = input();
    void _drop;
    ok(await w.owner.browser.mutate('providerChannels.updateEmail', { ...rest, channelId: w.channelId, name: 'Support mail (edited)' }));
    const secrets = JSON.parse((w.app.kaon.deps.db.prepare('SELECT secrets FROM channels WHERE id = ?').get(w.channelId) as { secrets: string }).secrets) as Record<string, string>;
    expect(secrets.imapPassword).toBe('secret');
  });

  it('an edit that leaves out the reply-token switch and the signature keeps them; one that sets them changes them', async () => {
    const made = ok(await w.owner.browser.mutate('providerChannels.createEmail', { ...input(), name: 'Tokens', address: 'tokens@kaon.test', replyToken: true, signature: 'The team' }));
    const emailOf = async () => (ok(await w.owner.browser.query('providerChannels.list', { spaceId: w.spaceId })).find((c) => c.id === made.id)!.email!);
    expect(await emailOf()).toMatchObject({ replyToken: true, signature: 'The team' });
    // What the Settings form sends: no reply-token switch.
    ok(await w.owner.browser.mutate('providerChannels.updateEmail', { ...input(), channelId: made.id, name: 'Tokens (renamed)', address: 'tokens@kaon.test' }));
    expect(await emailOf()).toMatchObject({ replyToken: true, signature: 'The team' });
    ok(await w.owner.browser.mutate('providerChannels.updateEmail', { ...input(), channelId: made.id, name: 'Tokens', address: 'tokens@kaon.test', replyToken: false, signature: '' }));
    expect(await emailOf()).toMatchObject({ replyToken: false, signature: '' });
    ok(await w.owner.browser.mutate('providerChannels.updateEmail', { ...input(), channelId: made.id, name: 'Tokens', address: 'tokens@kaon.test' }));
    expect(await emailOf()).toMatchObject({ replyToken: false, signature: '' });
    ok(await w.owner.browser.mutate('providerChannels.delete', { spaceId: w.spaceId, channelId: made.id }));
  });
});

describe('Check connection', () => {
  it('says what it checked when everything works', async () => {
    const result = ok(await connect(w.channelId));
    expect(result.detail).toMatch(/^Connected: the mailbox support on 127\.0\.0\.1 logs in and its folder “INBOX” has \d+ mails?; the SMTP server 127\.0\.0\.1 accepts mail\.$/);
  });

  it.each([
    ['an unknown host (DNS)', (i: ReturnType<typeof input>) => ({ ...i, imapHost: 'no-such-host.invalid' }), /could not find the IMAP server “no-such-host\.invalid” \(DNS\)/],
    ['a closed port', (i: ReturnType<typeof input>) => i, /refused the connection on port/],
    ['TLS on a plain port', (i: ReturnType<typeof input>) => ({ ...i, imapSecurity: 'tls' as const }), /secure connection \(TLS\).*failed|closed the connection/],
    ['a wrong password', (i: ReturnType<typeof input>) => ({ ...i, imapPassword: 'wrong' }), /refused the login for “support”: check the user name and the password/],
    ['a missing folder', (i: ReturnType<typeof input>) => ({ ...i, imapFolder: 'Nope' }), /The folder “Nope” does not exist in this mailbox/],
  ])('names %s', async (what, patch, words) => {
    const port = what === 'a closed port' ? await freePort() : null;
    const result = await checkWith((i) => {
      const p = patch(i);
      return port ? { ...p, imapPort: port } : p;
    });
    const err = failed(result);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toMatch(words);
  });

  it('names a refused SMTP login', async () => {
    const result = await checkWith((i) => ({ ...i, smtpHost: authSink.host, smtpPort: authSink.port, smtpUser: 'mailer', smtpPassword: 'wrong' }));
    expect(failed(result).message).toMatch(/The SMTP server refused the login for “mailer”/);
    const good = await checkWith((i) => ({ ...i, smtpHost: authSink.host, smtpPort: authSink.port, smtpUser: 'mailer', smtpPassword: 'smtp-secret' }));
    expect(ok(good).detail).toContain('accepts the login for mailer');
  });
});
