import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
      whatsapp: { phoneNumberId: w.wa.phoneNumberId, apiVersion: 'v21.0', displayPhoneNumber: '15550783881', mediaByLink: false },
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
    { what: 'a bad API version', input: () => ({ ...waInput(w.spaceId), apiVersion: 'latest' }), message: 'apiVersion: A Graph API version such as v21.0' },
  ])('createWhatsApp refuses $what, naming the field', async ({ input, message }) => {
    expect(failed(await w.owner.browser.mutate('providerChannels.createWhatsApp', input()))).toMatchObject({ code: 'BAD_REQUEST', message });
  });

  it('createTelegram refuses a token that is not shaped like one', async () => {
    expect(failed(await w.owner.browser.mutate('providerChannels.createTelegram', { spaceId: w.spaceId, name: 'Bot', botToken: 'hello' })).message).toBe(
      'botToken: Paste the token BotFather gave you (digits, a colon, then letters)',
    );
  });

  it('connect reports the provider refusing the credentials in words', async () => {
    const bad = ok(await w.owner.browser.mutate('providerChannels.createWhatsApp', { ...waInput(w.spaceId), accessToken: 'wrong-token' }));
    const res = failed(await w.owner.browser.mutate('providerChannels.connect', { spaceId: w.spaceId, channelId: bad.id, publicUrl: w.app.url }));
    expect(res).toMatchObject({ code: 'BAD_REQUEST', message: 'WhatsApp refused the request: Invalid OAuth access token (error 190)' });
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
