import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GRAPH_API_VERSION } from '../../shared/domain/providers';
import { providerChannels } from '../db/providerChannels';
import { whatsappAdapter } from './whatsapp/adapter';
import { addMember, failed, ok, type Person } from '../testing/harness';
import { arrive, chatKeyOf } from '../testing/messages';
import { clientId, contactIdOf, eventually, everything, messageById, newPhone, outboxOf, startChannelWorld, VERIFY_TOKEN, type ChannelWorld } from '../testing/channels';

// Settings → Channels through the providerChannels procedures: roles, cross-space, inputs,
// secrets that never leave the server, enable/disable/delete, health.
let w: ChannelWorld;
let outsider: Person;
let otherSpaceId: string;
beforeAll(async () => {
  w = await startChannelWorld();
  otherSpaceId = ok(await w.owner.browser.mutate('spaces.create', { name: 'Beta Ltd' })).id;
  outsider = await addMember(w.app, w.owner.browser, otherSpaceId, 'manager', { name: 'Xavier Beta', email: 'xavier@example.com' });
});
afterAll(() => w?.close());

const waInput = (spaceId: string) => ({
  spaceId,
  name: 'Sales WhatsApp',
  phoneNumberId: w.wa.phoneNumberId,
  accessToken: w.wa.accessToken,
  appSecret: w.wa.appSecret,
  verifyToken: 'verify-token-value',
});
const secretsOf = (channelId: string) => JSON.parse((w.app.kaon.deps.db.prepare('SELECT secrets FROM channels WHERE id = ?').get(channelId) as { secrets: string }).secrets) as Record<string, string>;

describe('secrets never leave the server', () => {
  it('no create, update, connect or list response contains a secret; the list says only that they are set', async () => {
    const responses: unknown[] = [];
    const created = ok(await w.owner.browser.mutate('providerChannels.createWhatsApp', waInput(w.spaceId)));
    responses.push(created);
    responses.push(ok(await w.owner.browser.mutate('providerChannels.updateWhatsApp', { ...waInput(w.spaceId), channelId: created.id, verifyToken: 'rotated-verify-token' })));
    responses.push(ok(await w.owner.browser.mutate('providerChannels.connect', { spaceId: w.spaceId, channelId: created.id, publicUrl: w.app.url })));
    responses.push(ok(await w.owner.browser.query('providerChannels.list', { spaceId: w.spaceId })));
    responses.push(ok(await w.agent.browser.query('providerChannels.list', { spaceId: w.spaceId })));
    responses.push(ok(await w.owner.browser.query('channels.list', { spaceId: w.spaceId })));
    const secrets = [...Object.values(secretsOf(created.id)), ...Object.values(secretsOf(w.tgChannelId)), 'verify-token-value', w.wa.accessToken, w.wa.appSecret, VERIFY_TOKEN, w.tg.token];
    const text = JSON.stringify(responses);
    for (const secret of secrets) expect(text).not.toContain(secret);

    const listed = ok(await w.owner.browser.query('providerChannels.list', { spaceId: w.spaceId })).find((c) => c.id === created.id)!;
    expect(listed).toMatchObject({
      kind: 'whatsapp',
      name: 'Sales WhatsApp',
      enabled: true,
      secretSet: true,
      secretsSet: { accessToken: true, appSecret: true, verifyToken: true },
      webhookPath: `/webhooks/whatsapp/${created.id}`,
      whatsapp: { phoneNumberId: w.wa.phoneNumberId, apiVersion: DEFAULT_GRAPH_API_VERSION, displayPhoneNumber: '15550783881', mediaByLink: false },
      telegram: null,
    });
  });

  it('an update keeps the secrets it leaves out and replaces those it gives', async () => {
    const created = ok(await w.owner.browser.mutate('providerChannels.createWhatsApp', waInput(w.spaceId)));
    ok(await w.owner.browser.mutate('providerChannels.updateWhatsApp', { spaceId: w.spaceId, channelId: created.id, name: 'Renamed', phoneNumberId: '123', appSecret: 'new-app-secret' }));
    expect(secretsOf(created.id)).toEqual({ accessToken: w.wa.accessToken, appSecret: 'new-app-secret', verifyToken: 'verify-token-value' });
    const listed = ok(await w.owner.browser.query('providerChannels.list', { spaceId: w.spaceId })).find((c) => c.id === created.id)!;
    expect(listed).toMatchObject({ name: 'Renamed', whatsapp: { phoneNumberId: '123', mediaByLink: false } });
    // The "send files as links" setting changes only when given.
    ok(await w.owner.browser.mutate('providerChannels.updateWhatsApp', { spaceId: w.spaceId, channelId: created.id, name: 'Renamed', phoneNumberId: '123', mediaByLink: true }));
    ok(await w.owner.browser.mutate('providerChannels.updateWhatsApp', { spaceId: w.spaceId, channelId: created.id, name: 'Renamed again', phoneNumberId: '123' }));
    const again = ok(await w.owner.browser.query('providerChannels.list', { spaceId: w.spaceId })).find((c) => c.id === created.id)!;
    expect(again).toMatchObject({ name: 'Renamed again', whatsapp: { mediaByLink: true } });
    expect(failed(await w.owner.browser.mutate('providerChannels.updateWhatsApp', { spaceId: w.spaceId, channelId: created.id, name: 'x', phoneNumberId: '123', mediaByLink: 'yes' as unknown as boolean })).code).toBe('BAD_REQUEST');
  });

  it('the list says which secret is set, by name, for Telegram too', async () => {
    const tg = ok(await w.agent.browser.query('providerChannels.list', { spaceId: w.spaceId })).find((c) => c.id === w.tgChannelId)!;
    expect(tg.secretsSet).toEqual({ botToken: true, webhookSecret: true });
  });
});

describe('who may do what', () => {
  const adminCalls = (spaceId: () => string, channelId: () => string) => [
    { name: 'createWhatsApp', call: (p: Person) => p.browser.mutate('providerChannels.createWhatsApp', waInput(spaceId())) },
    { name: 'createTelegram', call: (p: Person) => p.browser.mutate('providerChannels.createTelegram', { spaceId: spaceId(), name: 'x', botToken: w.tg.token }) },
    { name: 'updateTelegram', call: (p: Person) => p.browser.mutate('providerChannels.updateTelegram', { spaceId: spaceId(), channelId: channelId(), name: 'x' }) },
    { name: 'setEnabled', call: (p: Person) => p.browser.mutate('providerChannels.setEnabled', { spaceId: spaceId(), channelId: channelId(), enabled: false }) },
    { name: 'delete', call: (p: Person) => p.browser.mutate('providerChannels.delete', { spaceId: spaceId(), channelId: channelId() }) },
    { name: 'connect', call: (p: Person) => p.browser.mutate('providerChannels.connect', { spaceId: spaceId(), channelId: channelId(), publicUrl: 'https://kaon.example.com' }) },
    { name: 'saveTemplate', call: (p: Person) => p.browser.mutate('providerChannels.saveTemplate', { spaceId: spaceId(), channelId: channelId(), name: 'x', language: 'en', body: 'x' }) },
  ];

  it('agents cannot manage channels (FORBIDDEN) and nothing changes', async () => {
    const before = everything(w.app);
    for (const { name, call } of adminCalls(() => w.spaceId, () => w.tgChannelId)) {
      expect(failed(await call(w.agent)), name).toMatchObject({ code: 'FORBIDDEN', message: 'Only owners and managers can do this.' });
    }
    expect(everything(w.app)).toEqual(before);
  });

  it("another space's manager gets NOT_FOUND, through their own space or ours", async () => {
    for (const { name, call } of adminCalls(() => otherSpaceId, () => w.tgChannelId).slice(2)) expect(failed(await call(outsider)).code, name).toBe('NOT_FOUND');
    expect(failed(await outsider.browser.query('providerChannels.list', { spaceId: w.spaceId })).code).toBe('NOT_FOUND');
    expect(failed(await outsider.browser.query('providerChannels.listTemplates', { spaceId: otherSpaceId, channelId: w.waChannelId })).code).toBe('NOT_FOUND');
  });

  it.each([
    { what: 'a non-numeric phone number id', input: () => ({ ...waInput(w.spaceId), phoneNumberId: 'abc' }), message: 'phoneNumberId: Enter the numeric id shown in Meta’s WhatsApp Manager' },
    { what: 'an empty app secret', input: () => ({ ...waInput(w.spaceId), appSecret: ' ' }), message: 'appSecret: Enter the app secret' },
    { what: 'a bad API version', input: () => ({ ...waInput(w.spaceId), apiVersion: 'latest' }), message: 'apiVersion: A Graph API version such as v24.0' },
  ])('createWhatsApp refuses $what, naming the field', async ({ input, message }) => {
    expect(failed(await w.owner.browser.mutate('providerChannels.createWhatsApp', input()))).toMatchObject({ code: 'BAD_REQUEST', message });
  });

  it('createTelegram refuses a token that is not shaped like one', async () => {
    expect(failed(await w.owner.browser.mutate('providerChannels.createTelegram', { spaceId: w.spaceId, name: 'Bot', botToken: 'hello' })).message).toBe(
      'botToken: Paste the token BotFather gave you (digits, a colon, then letters)',
    );
  });

  it.each([
    { what: 'a business account id that is not a number', input: () => ({ ...waInput(w.spaceId), businessAccountId: 'waba-1' }), message: 'businessAccountId: Enter the numeric id shown in Meta’s WhatsApp Manager' },
    { what: 'an oversized business account id', input: () => ({ ...waInput(w.spaceId), businessAccountId: '1'.repeat(33) }), message: 'businessAccountId: Enter the numeric id shown in Meta’s WhatsApp Manager' },
    { what: 'an API version without its minor number', input: () => ({ ...waInput(w.spaceId), apiVersion: 'v24' }), message: 'apiVersion: A Graph API version such as v24.0' },
    { what: 'an oversized access token', input: () => ({ ...waInput(w.spaceId), accessToken: 'x'.repeat(2001) }), message: 'accessToken: The access token is too long' },
  ])('createWhatsApp refuses $what, naming the field', async ({ input, message }) => {
    expect(failed(await w.owner.browser.mutate('providerChannels.createWhatsApp', input()))).toMatchObject({ code: 'BAD_REQUEST', message });
  });

  it('a new WhatsApp channel keeps its business account id and gets the default API version', async () => {
    const created = ok(await w.owner.browser.mutate('providerChannels.createWhatsApp', { ...waInput(w.spaceId), name: 'With WABA', businessAccountId: w.wa.businessAccountId }));
    const listed = ok(await w.owner.browser.query('providerChannels.list', { spaceId: w.spaceId })).find((c: { id: string }) => c.id === created.id);
    expect(listed?.whatsapp).toMatchObject({ businessAccountId: w.wa.businessAccountId, apiVersion: DEFAULT_GRAPH_API_VERSION });
  });
});

describe('Check connection says what it checked, or what is wrong, in words', () => {
  const connect = (channelId: string) => w.owner.browser.mutate('providerChannels.connect', { spaceId: w.spaceId, channelId, publicUrl: w.app.url });
  const channel = async (input: Record<string, unknown>) => ok(await w.owner.browser.mutate('providerChannels.createWhatsApp', { ...waInput(w.spaceId), ...input })).id as string;

  it('success names the token, the number and the business account it checked', async () => {
    const id = await channel({ name: 'Checked', businessAccountId: w.wa.businessAccountId });
    expect(ok(await connect(id)).detail).toBe(
      `Connected to WhatsApp: the access token works, phone number ID ${w.wa.phoneNumberId} is 15550783881 (Kaon Fake Business), it belongs to business account ${w.wa.businessAccountId}. Set the webhook URL and verify token in Meta's App Dashboard.`,
    );
  });

  it.each([
    { what: 'a wrong access token', input: { accessToken: 'wrong-token' }, message: 'WhatsApp did not accept the access token: it is wrong or has expired. Paste a new one (Edit → New access token).' },
    { what: 'an unknown phone number id', input: { phoneNumberId: '999000111' }, message: "WhatsApp does not know phone number ID 999000111. Check it in Meta's WhatsApp Manager." },
    { what: 'an unknown business account id', input: { businessAccountId: '555' }, message: "WhatsApp does not know business account ID 555. Check it in Meta's WhatsApp Manager." },
  ])('$what', async ({ input, message }) => {
    expect(failed(await connect(await channel(input)))).toMatchObject({ code: 'BAD_REQUEST', message });
  });

  it('WhatsApp down, or not answering in time', async () => {
    const id = await channel({ name: 'Flaky' });
    w.wa.failNext({ kind: 'status', status: 503 }, { on: 'check' });
    expect(failed(await connect(id)).message).toBe('WhatsApp is busy or unavailable (HTTP 503). Try again in a few minutes.');
    w.wa.failNext({ kind: 'timeout' }, { on: 'check' });
    expect(failed(await connect(id)).message).toBe('WhatsApp did not answer within 1 s. Try again in a minute.');
    expect(ok(await connect(id)).detail).toMatch(/^Connected to WhatsApp: the access token works/);
  });

  it('the network unreachable from Kaon', async () => {
    // Nothing listens on a port just closed: the connection is refused at once.
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const row = providerChannels.inSpace(w.app.kaon.deps.db, w.spaceId, w.waChannelId)!;
    const check = whatsappAdapter.open(row, { whatsappApiBase: `http://127.0.0.1:${closed}`, telegramApiBase: '', providerTimeoutMs: 1000 }).connect('', new AbortController().signal);
    await expect(check).rejects.toMatchObject({ transient: true, reason: "Kaon's server could not reach WhatsApp: the network is unreachable from it. Check its internet access (or WHATSAPP_API_BASE)." });
  });
});

describe('enable, disable, delete, health', () => {
  it('a disabled channel acknowledges webhooks and drops them, and refuses replies until enabled again', async () => {
    const phone = newPhone();
    await w.wa.customer.sendText(phone, 'before');
    const contactId = contactIdOf(w.app, w.waChannelId, phone)!;
    ok(await w.owner.browser.mutate('providerChannels.setEnabled', { spaceId: w.spaceId, channelId: w.waChannelId, enabled: false }));
    try {
      const before = everything(w.app);
      expect((await w.wa.customer.sendText(phone, 'while disabled')).status).toBe(200);
      expect(everything(w.app)).toEqual(before);
      const refused = failed(await w.agent.browser.mutate('conversations.send', { spaceId: w.spaceId, contactId, body: 'hi', clientId: clientId() }));
      expect(refused.message).toBe('This WhatsApp channel is disabled. An owner or manager can enable it in Settings → Channels.');
      // The composer learns it before the agent types.
      expect(ok(await w.agent.browser.query('providerChannels.window', { spaceId: w.spaceId, contactId }))).toMatchObject({ sendBlockedReason: refused.message, templatesAvailable: false });
    } finally {
      ok(await w.owner.browser.mutate('providerChannels.setEnabled', { spaceId: w.spaceId, channelId: w.waChannelId, enabled: true }));
    }
    ok(await w.agent.browser.mutate('conversations.send', { spaceId: w.spaceId, contactId, body: 'hi again', clientId: clientId() }));
  });

  it('deleting keeps the history, fails replies still queued, hides the channel and closes its webhook', async () => {
    const doomed = ok(await w.owner.browser.mutate('providerChannels.createWhatsApp', { ...waInput(w.spaceId), name: 'Doomed' }));
    w.wa.configureWebhook(w.app.url + doomed.webhookPath);
    const phone = newPhone();
    try {
      await w.wa.customer.sendText(phone, 'hello doomed');
      const contactId = contactIdOf(w.app, doomed.id, phone)!;
      // Throttled for a minute: the reply stays queued while we delete the channel.
      w.wa.failNext({ kind: 'status', status: 429, retryAfterS: 60 }, { to: phone });
      const queued = ok(await w.agent.browser.mutate('conversations.send', { spaceId: w.spaceId, contactId, body: 'stuck', clientId: clientId() }));
      await eventually('the throttled attempt', () => (outboxOf(w.app, queued.messageId)?.attempts ?? 0) === 1);
      ok(await w.owner.browser.mutate('providerChannels.delete', { spaceId: w.spaceId, channelId: doomed.id }));
      expect(messageById(w.app, queued.messageId)).toMatchObject({ status: 'failed', error: 'Not sent: the channel was deleted.' });
      expect(ok(await w.owner.browser.query('providerChannels.list', { spaceId: w.spaceId })).map((c) => c.id)).not.toContain(doomed.id);
      expect(ok(await w.owner.browser.query('channels.list', { spaceId: w.spaceId })).map((c) => c.id)).not.toContain(doomed.id);
      expect((await w.wa.customer.sendText(phone, 'anyone?')).status).toBe(404);
      expect(ok(await w.agent.browser.query('conversations.history', { spaceId: w.spaceId, contactId }))).toHaveLength(1);
      expect(failed(await w.agent.browser.mutate('conversations.send', { spaceId: w.spaceId, contactId, body: 'x', clientId: clientId() })).message).toBe(
        'This WhatsApp channel was deleted, so this contact cannot be reached through it.',
      );
      expect(secretsOf(doomed.id)).toEqual({});
    } finally {
      w.wa.clearFailures();
      w.wa.configureWebhook(`${w.app.url}/webhooks/whatsapp/${w.waChannelId}`);
    }
  });

  it('health shows the last webhook and the last send', async () => {
    const phone = newPhone();
    await w.wa.customer.sendText(phone, 'health check');
    const sent = ok(await w.agent.browser.mutate('conversations.send', { spaceId: w.spaceId, contactId: contactIdOf(w.app, w.waChannelId, phone)!, body: 'ok', clientId: clientId() }));
    await eventually('the reply to be sent', () => messageById(w.app, sent.messageId).status === 'sent');
    const health = ok(await w.owner.browser.query('providerChannels.list', { spaceId: w.spaceId })).find((c) => c.id === w.waChannelId)!.health;
    expect(health).toMatchObject({ lastWebhookAt: w.app.clock.now(), lastSendAt: w.app.clock.now(), queued: 0 });
  });

  it('a burst of webhooks writes the last-webhook time once a second, not once a message', async () => {
    const health = async () => ok(await w.owner.browser.query('providerChannels.list', { spaceId: w.spaceId })).find((c) => c.id === w.waChannelId)!.health;
    w.app.clock.advance(5_000);
    const phone = newPhone();
    await w.wa.customer.sendText(phone, 'first of a burst');
    const first = w.app.clock.now();
    expect((await health()).lastWebhookAt).toBe(first);
    w.app.clock.advance(400);
    await w.wa.customer.sendText(phone, 'second of a burst');
    expect((await health()).lastWebhookAt).toBe(first);
    w.app.clock.advance(700);
    await w.wa.customer.sendText(phone, 'a second later');
    expect((await health()).lastWebhookAt).toBe(w.app.clock.now());
    // Every message of the burst was stored all the same.
    const stored = w.app.kaon.deps.db.prepare("SELECT count(*) AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.contact_id = ? AND m.direction = 'in'").get(contactIdOf(w.app, w.waChannelId, phone)) as { n: number };
    expect(stored.n).toBe(3);
  });

  it('the window of a website-chat contact is always open and offers no templates', async () => {
    const visitor = await arrive(w.app, await chatKeyOf(w.owner.browser, w.spaceId));
    const { contactId } = await visitor.say('Hello from the website');
    expect(ok(await w.agent.browser.query('providerChannels.window', { spaceId: w.spaceId, contactId }))).toMatchObject({
      channelKind: 'webchat',
      freeFormAllowed: true,
      closesAt: null,
      reason: null,
      templatesAvailable: false,
      sendBlockedReason: null,
    });
    // And a website-chat reply is still delivered by storing: 'sent' at once, no outbox row.
    const sent = ok(await w.agent.browser.mutate('conversations.send', { spaceId: w.spaceId, contactId, body: 'Hi!', clientId: clientId() }));
    expect(sent.status).toBe('sent');
    expect(w.app.kaon.deps.db.prepare('SELECT count(*) AS n FROM outbox WHERE message_id = ?').get(sent.messageId)).toEqual({ n: 0 });
  });
});
