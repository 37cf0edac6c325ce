import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../../testing/harness';
import { clientId, contactIdOf, contactName, eventually, everything, filesOf, inboundByKey, messageById, startChannelWorld, type ChannelWorld } from '../../testing/channels';
import type { TelegramUser } from '../../fakes/telegram';

let w: ChannelWorld;
beforeAll(async () => {
  w = await startChannelWorld();
});
afterAll(() => w?.close());

let nextUser = 7_000_000;
const newUser = (): TelegramUser => ({ id: ++nextUser, firstName: 'Ana', lastName: 'Silva' });
const keyOf = (user: TelegramUser, raw: string) => `tg:${user.id}:${(JSON.parse(raw) as { message: { message_id: number } }).message.message_id}`;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('connect (getMe + setWebhook)', () => {
  it('registers the webhook URL with a secret token only Kaon and Telegram know; the bot name shows in the list', async () => {
    expect(w.tg.webhook).toEqual({ url: `${w.app.url}/webhooks/telegram/${w.tgChannelId}`, secretToken: expect.stringMatching(/^[A-Za-z0-9_-]{32,256}$/) });
    const channel = ok(await w.owner.browser.query('providerChannels.list', { spaceId: w.spaceId })).find((c) => c.id === w.tgChannelId)!;
    expect(channel.telegram).toEqual({ botUsername: w.tg.botUsername });
    expect(JSON.stringify(channel)).not.toContain(w.tg.webhook!.secretToken!);
  });
});

describe('X-Telegram-Bot-Api-Secret-Token', () => {
  it.each([
    { what: 'missing', secret: null },
    { what: 'wrong', secret: 'not-the-secret-token-at-all-0123456789' },
    { what: 'empty', secret: '' },
  ])('$what → 401 and nothing written', async ({ secret }) => {
    const before = everything(w.app);
    const res = await w.tg.customer.postUpdate({ update_id: 1, message: { message_id: 1, date: 1, chat: { id: 1, type: 'private' }, text: 'hi' } }, { secret });
    expect(res.status).toBe(401);
    expect(everything(w.app)).toEqual(before);
  });
});

const JPEG = Buffer.from('\xff\xd8\xff fake jpeg, the large size');
const PDF = Buffer.from('%PDF-1.7 fake');
const OGG = Buffer.from('OggS fake voice');

describe('inbound updates', () => {
  it.each([
    { type: 'text', send: (u: TelegramUser) => w.tg.customer.sendText(u, 'Olá! Is my order late?'), body: 'Olá! Is my order late?', files: [] },
    {
      type: 'photo (the largest size is kept)',
      send: (u: TelegramUser) => w.tg.customer.sendPhoto(u, JPEG, 'broken'),
      body: 'broken',
      files: [{ name: 'photo.jpg', mime: 'image/jpeg', bytes: JPEG }],
    },
    {
      type: 'document',
      send: (u: TelegramUser) => w.tg.customer.sendDocument(u, PDF, { fileName: 'invoice.pdf', mimeType: 'application/pdf', caption: 'invoice' }),
      body: 'invoice',
      files: [{ name: 'invoice.pdf', mime: 'application/pdf', bytes: PDF }],
    },
    { type: 'voice', send: (u: TelegramUser) => w.tg.customer.sendVoice(u, OGG), body: '', files: [{ name: 'voice-message.ogg', mime: 'audio/ogg', bytes: OGG }] },
  ])('$type: stored with its files (getFile + download), from a contact named after the user', async ({ send, body, files }) => {
    const user = newUser();
    const res = await send(user);
    expect(res.status).toBe(200);
    const message = inboundByKey(w.app, keyOf(user, res.raw))!;
    expect(message).toMatchObject({ direction: 'in', body });
    expect(filesOf(w.app, message.id).map((f) => ({ name: f.name, mime: f.mime, sha256: f.sha256 }))).toEqual(files.map((f) => ({ name: f.name, mime: f.mime, sha256: sha(f.bytes) })));
    expect(contactName(w.app, contactIdOf(w.app, w.tgChannelId, String(user.id))!)).toBe('Ana Silva');
  });

  it('the same update_id again is acknowledged and applied once; a new update_id for the same message too', async () => {
    const user = newUser();
    const first = await w.tg.customer.sendPhoto(user, JPEG);
    const before = everything(w.app);
    const requests = w.tg.requests.length;
    expect((await w.tg.customer.postUpdate(first.raw)).status).toBe(200);
    const renumbered = { ...(JSON.parse(first.raw) as object), update_id: first.updateId + 100_000 };
    expect((await w.tg.customer.postUpdate(renumbered)).status).toBe(200);
    expect(everything(w.app)).toMatchObject({ messages: before.messages, files: before.files });
    expect(w.tg.requests.length).toBe(requests); // no second getFile
    expect(w.app.kaon.deps.db.prepare('SELECT count(*) AS n FROM webhook_events WHERE channel_id = ? AND event_key = ?').get(w.tgChannelId, `update:${first.updateId}`)).toEqual({ n: 1 });
  });

  it.each([
    { what: 'a group chat', update: { update_id: 9_000_001, message: { message_id: 5, date: 1, chat: { id: -100, type: 'group', title: 'Fans' }, text: 'hi all' } } },
    { what: 'an edited message', update: { update_id: 9_000_002, edited_message: { message_id: 5, date: 1, chat: { id: 5, type: 'private' }, text: 'edit' } } },
    { what: 'a callback query', update: { update_id: 9_000_003, callback_query: { id: 'x' } } },
  ])('$what is acknowledged and ignored', async ({ update }) => {
    const before = everything(w.app);
    expect((await w.tg.customer.postUpdate(update)).status).toBe(200);
    expect(everything(w.app)).toEqual(before);
  });
});

describe('replies (sendMessage, sendPhoto, sendDocument)', () => {
  async function conversationWith(user: TelegramUser) {
    await w.tg.customer.sendText(user, 'hello');
    return contactIdOf(w.app, w.tgChannelId, String(user.id))!;
  }
  const upload = async (name: string, mime: string, bytes: Buffer) =>
    ((await (await w.agent.browser.fetch(`/files?spaceId=${w.spaceId}`, { method: 'POST', body: new Uint8Array(bytes), headers: { 'content-type': mime, 'x-file-name': name } })).json()) as { id: string }).id;
  const reply = (contactId: string, body: string, fileIds: string[] = []) =>
    w.agent.browser.mutate('conversations.send', { spaceId: w.spaceId, contactId, body, clientId: clientId(), fileIds });

  it('text, a photo and a document reach the chat; each provider id is kept', async () => {
    const user = newUser();
    const contactId = await conversationWith(user);
    const text = ok(await reply(contactId, 'Hi Ana!'));
    const photo = ok(await reply(contactId, 'your label', [await upload('label.png', 'image/png', Buffer.from('png'))]));
    const doc = ok(await reply(contactId, 'the policy', [await upload('policy.pdf', 'application/pdf', Buffer.from('%PDF policy'))]));
    for (const m of [text, photo, doc]) await eventually('the reply to be sent', () => messageById(w.app, m.messageId).status === 'sent');
    const sent = w.tg.sent.filter((s) => s.chatId === String(user.id));
    expect(sent.map((s) => [s.method, s.text ?? s.caption, s.file?.name])).toEqual([
      ['sendMessage', 'Hi Ana!', undefined],
      ['sendPhoto', 'your label', 'label.png'],
      ['sendDocument', 'the policy', 'policy.pdf'],
    ]);
    expect(w.app.kaon.deps.db.prepare('SELECT external_id FROM provider_messages WHERE message_id = ?').get(text.messageId)).toEqual({ external_id: `${user.id}:${sent[0]!.messageId}` });
  });

  it('has no 24-hour window: a reply two days later goes out', async () => {
    const user = newUser();
    const contactId = await conversationWith(user);
    w.app.clock.advance(2 * 86_400_000);
    expect(ok(await w.agent.browser.query('providerChannels.window', { spaceId: w.spaceId, contactId }))).toMatchObject({ channelKind: 'telegram', freeFormAllowed: true, closesAt: null, templatesAvailable: false });
    const m = ok(await reply(contactId, 'Sorry for the wait'));
    await eventually('the reply to be sent', () => messageById(w.app, m.messageId).status === 'sent');
  });

  it('429 with parameters.retry_after is retried after the hint', async () => {
    const user = newUser();
    const contactId = await conversationWith(user);
    w.tg.failNext({ kind: 'status', status: 429, retryAfterS: 1 }, { to: String(user.id) });
    const started = Date.now();
    const m = ok(await reply(contactId, 'flood control'));
    await eventually('the reply to be sent', () => messageById(w.app, m.messageId).status === 'sent');
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it("a permanent refusal (the user blocked the bot) fails the message with Telegram's description", async () => {
    const user = newUser();
    const contactId = await conversationWith(user);
    w.tg.failNext({ kind: 'status', status: 403, message: 'Forbidden: bot was blocked by the user' }, { to: String(user.id) });
    const m = ok(await reply(contactId, 'hello?'));
    await eventually('the reply to fail', () => messageById(w.app, m.messageId).status === 'failed');
    expect(messageById(w.app, m.messageId).error).toBe('Telegram refused the message: Forbidden: bot was blocked by the user');
  });

  it('templates are for WhatsApp only', async () => {
    const res = await w.owner.browser.mutate('providerChannels.saveTemplate', { spaceId: w.spaceId, channelId: w.tgChannelId, name: 'hello', language: 'en', body: 'Hi' });
    expect(res.ok ? null : res.error.message).toBe('Templates are for WhatsApp channels.');
  });
});
