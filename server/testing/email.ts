/**
 * Test helpers for e-mail channels (only tests import this file): a real Kaon, a real Dovecot
 * holding the support mailbox, and a real SMTP sink receiving Kaon's replies; one mailbox
 * channel connecting them.
 */
import type { Config } from '../config';
import type { EmailMessageRow } from '../db/email';
import type { MessageRow } from '../db/conversations';
import { addMember, ok, setupOwner, startApp, type Person, type TestApp } from './harness';
import { startDovecot, type Dovecot } from './dovecot';
import { startSmtpSink, type SmtpSink } from './smtpSink';
import { FAST } from './channels';

export const SUPPORT = 'support@kaon.test';
type Security = 'tls' | 'starttls' | 'none';

export interface EmailWorld {
  app: TestApp;
  owner: Person;
  agent: Person;
  spaceId: string;
  dovecot: Dovecot;
  sink: SmtpSink;
  channelId: string;
  close(): Promise<void>;
}

export const EMAIL_FAST: Partial<Config> = { ...FAST, emailRetryBaseMs: 50, emailRetryMaxMs: 300 };

export function mailboxInput(spaceId: string, dovecot: Dovecot, sink: SmtpSink, name = 'Support mail') {
  return {
    spaceId,
    name,
    mode: 'mailbox' as const,
    address: SUPPORT,
    imapHost: dovecot.host,
    imapPort: dovecot.port,
    imapSecurity: 'none' as Security,
    imapUser: 'support',
    imapFolder: 'INBOX',
    imapPassword: 'secret',
    smtpHost: sink.host,
    smtpPort: sink.port,
    smtpSecurity: 'none' as Security,
    smtpUser: '',
  };
}

export async function startEmailWorld(overrides: Partial<Config> = {}): Promise<EmailWorld> {
  const [dovecot, sink] = await Promise.all([
    startDovecot([
      { user: 'support', password: 'secret' },
      { user: 'customer', password: 'customer-pass' },
    ]),
    startSmtpSink(),
  ]);
  const app = await startApp({ ...EMAIL_FAST, ...overrides });
  const setup = await setupOwner(app);
  const owner: Person = { browser: setup.browser, user: setup.user };
  const agent = await addMember(app, owner.browser, setup.space.id, 'agent', { name: 'Alice Agent', email: 'alice@example.com' });
  const channel = ok(await owner.browser.mutate('providerChannels.createEmail', mailboxInput(setup.space.id, dovecot, sink)));
  return {
    app,
    owner,
    agent,
    spaceId: setup.space.id,
    dovecot,
    sink,
    channelId: channel.id,
    close: async () => {
      await app.close();
      await Promise.all([dovecot.close(), sink.close()]);
    },
  };
}

type Db = TestApp['kaon']['deps']['db'];
const db = (app: TestApp): Db => app.kaon.deps.db;

/** The stored mail with this Message-ID (incoming), with its message row. */
export function mailByRfcId(app: TestApp, rfcId: string): (EmailMessageRow & { body: string; status: string; error: string | null }) | undefined {
  return db(app)
    .prepare("SELECT e.*, m.body, m.status, m.error FROM email_messages e JOIN messages m ON m.id = e.message_id WHERE e.rfc_id = ? AND e.direction = 'in'")
    .get(rfcId) as (EmailMessageRow & { body: string; status: string; error: string | null }) | undefined;
}

export function countMessages(app: TestApp): number {
  return (db(app).prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
}

export function emailOf(app: TestApp, messageId: string): EmailMessageRow | undefined {
  return db(app).prepare('SELECT * FROM email_messages WHERE message_id = ?').get(messageId) as EmailMessageRow | undefined;
}

export function messagesIn(app: TestApp, conversationId: string): MessageRow[] {
  return db(app).prepare('SELECT * FROM messages WHERE conversation_id = ? ORDER BY created_at, rowid').all(conversationId) as MessageRow[];
}

let n = 0;
/** A Message-ID nobody used in this run. */
export const newMessageId = () => `<${Date.now().toString(36)}.${(n++).toString(36)}.${Math.random().toString(36).slice(2)}@customer.test>`;
