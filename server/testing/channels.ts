/**
 * Test helpers for provider channels (only tests import this file): a real Kaon pointed at the
 * WhatsApp and Telegram fakes, one channel of each, and lookups of what got stored.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../config';
import type { MessageRow } from '../db/conversations';
import type { OutboxRow } from '../db/outbox';
import { addMember, ok, setupOwner, startApp, type Person, type TestApp } from './harness';
import { eventually as poll, snapshot as messageTables } from './messages';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram';
import { startWhatsAppFake, type WhatsAppFake } from '../fakes/whatsapp';

export const VERIFY_TOKEN = 'meatyhamhock-verify';

export interface ChannelWorld {
  app: TestApp;
  owner: Person;
  agent: Person;
  spaceId: string;
  wa: WhatsAppFake;
  tg: TelegramFake;
  waChannelId: string;
  tgChannelId: string;
  close(): Promise<void>;
}

/** Short timeouts and backoff so retry tests take milliseconds, not minutes. */
export const FAST: Partial<Config> = { providerTimeoutMs: 1000, outboxRetryBaseMs: 20, outboxRetryMaxMs: 200, outboxMaxAttempts: 4 };

export async function startChannelWorld(overrides: Partial<Config> = {}, extras: Parameters<typeof startApp>[1] = {}): Promise<ChannelWorld> {
  const [wa, tg] = await Promise.all([startWhatsAppFake(), startTelegramFake()]);
  const app = await startApp({ whatsappApiBase: wa.url, telegramApiBase: tg.url, ...FAST, ...overrides }, extras);
  // Customers write on Kaon's (injected) clock, as Meta dates messages on the real one.
  wa.customer.setClock(app.clock.now);
  const setup = await setupOwner(app);
  const owner: Person = { browser: setup.browser, user: setup.user };
  const agent = await addMember(app, owner.browser, setup.space.id, 'agent', { name: 'Alice Agent', email: 'alice@example.com' });
  const spaceId = setup.space.id;
  const waChannel = ok(
    await owner.browser.mutate('providerChannels.createWhatsApp', {
      spaceId,
      name: 'WhatsApp support',
      phoneNumberId: wa.phoneNumberId,
      accessToken: wa.accessToken,
      appSecret: wa.appSecret,
      verifyToken: VERIFY_TOKEN,
    }),
  );
  wa.configureWebhook(app.url + waChannel.webhookPath);
  const tgChannel = ok(await owner.browser.mutate('providerChannels.createTelegram', { spaceId, name: 'Telegram bot', botToken: tg.token }));
  ok(await owner.browser.mutate('providerChannels.connect', { spaceId, channelId: tgChannel.id, publicUrl: app.url }));
  return {
    app,
    owner,
    agent,
    spaceId,
    wa,
    tg,
    waChannelId: waChannel.id,
    tgChannelId: tgChannel.id,
    close: async () => {
      await app.close();
      await Promise.all([wa.close(), tg.close()]);
    },
  };
}

/** A phone number nobody used yet in this run (each test its own customer). */
export const newPhone = () => `1555${randomBytes(4).readUInt32BE(0) % 10_000_000}`.padEnd(11, '0');

export const clientId = () => randomBytes(12).toString('base64url');

type Db = TestApp['kaon']['deps']['db'];
const db = (app: TestApp): Db => app.kaon.deps.db;

/** The message stored for a provider message id (e.g. `wa:wamid…`), if any. */
export function inboundByKey(app: TestApp, key: string): MessageRow | undefined {
  return db(app).prepare("SELECT * FROM messages WHERE client_id LIKE 'in:%' AND client_id LIKE ?").get(`%:${key}`) as MessageRow | undefined;
}

export function messageById(app: TestApp, id: string): MessageRow {
  const row = db(app).prepare('SELECT * FROM messages WHERE id = ?').get(id) as MessageRow | undefined;
  if (!row) throw new Error(`no message ${id}`);
  return row;
}

export function contactIdOf(app: TestApp, channelId: string, externalId: string): string | undefined {
  return (db(app).prepare('SELECT contact_id FROM contact_identities WHERE channel_id = ? AND external_id = ?').get(channelId, externalId) as { contact_id: string } | undefined)
    ?.contact_id;
}

export function contactName(app: TestApp, contactId: string): string {
  return (db(app).prepare('SELECT name FROM contacts WHERE id = ?').get(contactId) as { name: string }).name;
}

export function filesOf(app: TestApp, messageId: string) {
  return db(app)
    .prepare('SELECT f.* FROM message_files mf JOIN files f ON f.id = mf.file_id WHERE mf.message_id = ? ORDER BY mf.position')
    .all(messageId) as Array<{ id: string; name: string; mime: string; size: number; sha256: string; uploaded_by_contact: string | null }>;
}

export function outboxOf(app: TestApp, messageId: string): OutboxRow | undefined {
  return db(app).prepare('SELECT * FROM outbox WHERE message_id = ?').get(messageId) as OutboxRow | undefined;
}

const CHANNEL_TABLES = ['outbox', 'provider_messages', 'webhook_events', 'channel_templates'] as const;

/** Row counts of every table a webhook or a send could write, to compare before and after. */
export function everything(app: TestApp) {
  const extra = Object.fromEntries(CHANNEL_TABLES.map((t) => [t, (db(app).prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n])) as Record<
    (typeof CHANNEL_TABLES)[number],
    number
  >;
  return { ...messageTables(app), ...extra };
}

/** Lets the outbox worker and projections run (they start on setImmediate / timers). */
export const settle = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls until `check` holds. Generous: other suites share the 2 cores, and it returns as soon as
 * the condition holds, so a passing run is not slower for it.
 */
export const eventually = <T>(what: string, check: () => T, ms = 10_000) => poll(what, check, ms);
